/** The case page's actions: button and dialog words, and the order the action panel lists them in. */
import { type CaseAction, type EventView, isMajorOrAbove } from '../../../../../common/cases';

/** `ok`: the dialog's confirm button, where it says more than the action's name. */
export const ACTION: Record<CaseAction, { label: string; ok?: string; danger?: boolean }> = {
  triage: { label: '研判', ok: '保存研判' },
  assign: { label: '交办' },
  return: { label: '退回', danger: true },
  verify: { label: '核实', ok: '保存核实结果' },
  firstInfo: { label: '发布权威信息', ok: '保存' },
  respond: { label: '处置与回应', ok: '保存回应' },
  close: { label: '办结' },
  approve: { label: '批准办结' },
  reject: { label: '不同意办结', danger: true },
  followUp: { label: '回访', ok: '保存回访' },
  supervise: { label: '督办' },
  instruct: { label: '批示', ok: '发送批示' },
  pause: { label: '暂停计时' },
  resume: { label: '恢复计时' },
  urge: { label: '催办', ok: '发送催办' },
  approveReply: { label: '审核通过答复', ok: '通过并公开' },
  returnReply: { label: '退回答复', danger: true },
};

export const ORDER: CaseAction[] = ['triage', 'assign', 'verify', 'approveReply', 'returnReply', 'respond', 'close', 'approve', 'reject', 'firstInfo', 'return', 'supervise', 'urge', 'instruct', 'pause', 'resume', 'followUp'];

/** 较大 and above are not closed but put to a leader (申请办结). */
export const actionLabel = (a: CaseAction, e: Pick<EventView, 'level'>) => (a === 'close' && isMajorOrAbove(e.level) ? '申请办结' : ACTION[a].label);
export const actionOk = (a: CaseAction, e: Pick<EventView, 'level'>) => (a === 'close' && isMajorOrAbove(e.level) ? '提交领导审批' : (ACTION[a].ok ?? ACTION[a].label));
