/**
 * Who may do what with an event: for each action, why the caller may not do it now (in
 * Chinese), or null. The step functions refuse with these reasons and the event's view sends
 * them to the page (`permits`), so the API and the disabled button always say the same.
 */
import type { CaseAction } from '../../../common/cases';
import type { Refusals } from '../../../common/platform';
import type { CaseEventTable } from '../../db/schema';
import type { Actor } from '../../platform/context';
import { inSubtree } from '../../platform/scope';

/** What the rules read of an event: its state and the units on both sides. */
export type PolicyEvent = Pick<
  CaseEventTable,
  'status' | 'archived_at' | 'paused_at' | 'handling_unit_id' | 'assigned_by_unit_id' | 'verification_result' | 'close_requested_by' | 'reply_draft' | 'reply_draft_by'
> & { unit_name: string; unit_path: string; handling_name: string; handling_path: string };

const HANDLING_ROLES = new Set(['admin', 'leader', 'staff', 'liaison']);

export const isOpen = (e: PolicyEvent) => e.status !== 'closed' && !e.archived_at;
/** The owner unit or a unit above it: the side that registered the event and answers for it. */
export const onOwnerSide = (actor: Actor, e: PolicyEvent) => inSubtree(actor.unitPath, e.unit_path);
/** The handling unit itself, or a unit between the owner and it. */
export const onHandlingChain = (actor: Actor, e: PolicyEvent) => inSubtree(actor.unitPath, e.handling_path) && inSubtree(e.unit_path, actor.unitPath);
/** Someone who handles cases, on the handling chain or the owner side. */
const mayHandle = (actor: Actor, e: PolicyEvent) => HANDLING_ROLES.has(actor.role) && (onHandlingChain(actor, e) || onOwnerSide(actor, e));

/** `directReportUnit`: the event was reported up (直报) to the caller's unit. */
export function refusals(actor: Actor, e: PolicyEvent, directReportUnit: boolean): Refusals<CaseAction> {
  const handler = HANDLING_ROLES.has(actor.role);
  const closed = e.status === 'closed' ? '该事件已办结' : e.archived_at ? '该事件已归档' : null;
  const triaged = e.status === 'registered' ? '请先研判' : null;
  const answered = ['responded', 'pending_close'].includes(e.status);
  const approve = closed ?? (e.status !== 'pending_close' ? '没有待审批的办结申请' : actor.role !== 'leader' ? '办结由领导审批' : !onOwnerSide(actor, e) ? `办结由受理单位${e.unit_name}或其上级的领导审批` : e.close_requested_by === actor.accountId ? '申请办结的人不能审批自己的申请' : null);
  // A public reply waiting for approval: anyone else who handles the event on its chain or owner side may approve or return it.
  const reviewReply = closed ?? (!e.reply_draft ? '没有待审核的公开答复' : !handler ? '督查人员不审核答复' : !onHandlingChain(actor, e) && !onOwnerSide(actor, e) ? `答复由责任单位${e.handling_name}或受理单位审核` : e.reply_draft_by === actor.accountId ? '起草答复的人不能审核自己的答复，请由另一人审核' : null);
  return {
    approveReply: reviewReply,
    returnReply: reviewReply,
    triage: closed ?? (actor.role === 'liaison' || !handler ? '研判由管理员、领导或工作人员进行' : !onOwnerSide(actor, e) ? `研判由受理单位${e.unit_name}或其上级进行` : answered ? '已回应的事件不再研判' : null),
    assign: closed ?? triaged ?? (!handler ? '督查人员不交办' : !onHandlingChain(actor, e) ? `交办由当前责任单位${e.handling_name}进行` : answered ? '已回应的事件不再交办' : null),
    return: closed ?? (!handler ? '督查人员不退回' : actor.unitId !== e.handling_unit_id ? `退回由当前责任单位${e.handling_name}进行` : !e.assigned_by_unit_id ? '该事件不是交办来的，无处退回' : answered ? '已回应的事件不能退回' : null),
    verify: closed ?? triaged ?? (!handler ? '督查人员不核实' : !onHandlingChain(actor, e) ? `核实由责任单位${e.handling_name}进行` : answered ? '已回应的事件不再核实' : null),
    firstInfo: isOpen(e) && e.status !== 'registered' && mayHandle(actor, e) ? null : '研判后由责任单位或受理单位发布权威信息',
    respond: closed ?? triaged ?? (!handler ? '督查人员不回应' : !onHandlingChain(actor, e) ? `处置与回应由责任单位${e.handling_name}进行` : e.status === 'pending_close' ? '办结审批中' : !e.verification_result ? '请先核实' : null),
    close: closed ?? (!handler ? '督查人员不办结' : !onHandlingChain(actor, e) && !onOwnerSide(actor, e) ? `办结由责任单位${e.handling_name}或受理单位进行` : e.status === 'pending_close' ? '已申请办结，等待领导审批' : e.status !== 'responded' ? '处置与回应后才能办结' : null),
    approve,
    reject: approve,
    followUp: e.status === 'closed' && mayHandle(actor, e) ? null : '办结后由责任单位或受理单位回访',
    supervise: closed ?? (!['leader', 'inspector', 'staff'].includes(actor.role) ? '督办由领导、督查人员或工作人员进行' : actor.unitId === e.handling_unit_id || !inSubtree(actor.unitPath, e.handling_path) ? `督办由${e.handling_name}的上级单位进行` : null),
    instruct: actor.role !== 'leader' ? '批示由领导作出' : !directReportUnit ? '该事件未直报本单位' : null,
    pause: isOpen(e) && !e.paused_at && e.status !== 'registered' && mayHandle(actor, e) ? null : e.paused_at ? '计时已暂停' : '研判后由责任单位或受理单位暂停计时',
    resume: isOpen(e) && !!e.paused_at && mayHandle(actor, e) ? null : '计时未暂停',
    urge: closed ?? (!['leader', 'inspector', 'staff'].includes(actor.role) ? '催办由领导、督查人员或工作人员进行' : actor.unitId === e.handling_unit_id || !inSubtree(actor.unitPath, e.handling_path) ? `催办由${e.handling_name}的上级单位进行` : null),
  };
}
