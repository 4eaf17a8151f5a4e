/**
 * The review chain's rules (三审三校): for each action on a post, why the caller may not do it
 * now (in Chinese), or null. The service refuses with these reasons and the post's view sends
 * them to the page (`permits`), so the API and the disabled button always say the same.
 *
 * Separation of duties: the author never reviews or proofreads the post; no one does two of
 * its review steps (初审, 复审, 终审), in any revision; reviewers belong to the post's unit or a
 * unit above it and hold the role or are named for the step.
 */
import type { ChainStep, PostAction } from '../../../common/publishing';
import type { Refusals } from '../../../common/platform';
import { can, ROLE_LABELS } from '../../../common/roles';
import type { Actor } from '../../platform/context';
import { inSubtree } from '../../platform/scope';

/** What the rules read of a post. */
export interface PolicyPost {
  unit_id: string;
  unit_path: string;
  status: string;
  step_index: number | null;
  chain: ChainStep[];
  author_account_id: string;
  archived_at: string | null;
  /** Approvals so far (any revision): which account did which step. */
  approvals: { account_id: string; step_key: string; kind: string; label: string }[];
  openHits: number;
  targetsLeft: number;
}

export function currentStep(p: Pick<PolicyPost, 'status' | 'step_index' | 'chain'>): ChainStep | null {
  return p.status === 'reviewing' && p.step_index !== null ? p.chain[p.step_index] ?? null : null;
}

/** Who may act on the step waiting now (approve, reject, acknowledge hits): the separation of duties. */
export function stepRefusal(p: PolicyPost, actor: Actor): string | null {
  return stepStateRefusal(p) ?? stepWhoRefusal(p, actor);
}

/** The post's state: is a step waiting at all? (409 when refused.) */
export function stepStateRefusal(p: PolicyPost): string | null {
  if (p.archived_at) return '该信息已归档';
  if (!currentStep(p)) return p.status === 'approved' || p.status === 'published' ? '该信息已审核完毕' : p.status === 'rejected' ? '该信息已退回作者修改' : '该信息尚未提交审核';
  return null;
}

/** The caller: may they act on the step waiting? (403 when refused.) */
export function stepWhoRefusal(p: PolicyPost, actor: Actor): string | null {
  const step = currentStep(p)!;
  if (!can(actor.role, 'post.review')) return `${ROLE_LABELS[actor.role]}不参与信息审核`;
  if (actor.accountId === p.author_account_id) return `作者本人不能${step.kind === 'review' ? '审核' : '校对'}自己撰写的信息`;
  if (!inSubtree(actor.unitPath, p.unit_path)) return '只有信息所属单位或其上级单位的人员可以审核';
  if (step.kind === 'review') {
    const other = p.approvals.find((a) => a.account_id === actor.accountId && a.kind === 'review' && a.step_key !== step.key);
    if (other) return `您已完成本信息的“${other.label}”，同一人不能承担两个审核环节`;
  }
  const named = step.accountIds.includes(actor.accountId);
  if (!named && !step.roles.includes(actor.role)) {
    const who = step.roles.map((r) => ROLE_LABELS[r]).join('、');
    return `“${step.label}”由${who || '指定人员'}${step.accountIds.length ? (who ? '或指定人员' : '') : ''}负责`;
  }
  return null;
}

/** Approving additionally needs, at 终审, every proofreading hit acknowledged. */
export function approveRefusal(p: PolicyPost, actor: Actor): string | null {
  const why = stepRefusal(p, actor);
  if (why) return why;
  const step = currentStep(p)!;
  if (step.final && p.openHits > 0) return `还有 ${p.openHits} 处校对提示未确认，全部确认(已改正或说明保留原因)后才能终审`;
  return null;
}

export function editRefusal(p: PolicyPost, actor: Actor): string | null {
  return editStateRefusal(p) ?? (actor.accountId !== p.author_account_id ? '只有作者本人可以修改和提交' : null);
}

export function editStateRefusal(p: PolicyPost): string | null {
  if (p.archived_at) return '该信息已归档';
  if (p.status === 'reviewing') return '审核中的信息不能修改，如需修改请由审核人退回';
  if (p.status === 'approved' || p.status === 'published') return '已审定的信息不能修改，发布后的错误请登记更正';
  return null;
}

export function publishStateRefusal(p: PolicyPost): string | null {
  if (p.archived_at) return '该信息已归档';
  if (p.status !== 'approved' && p.status !== 'published') return '终审通过后才能登记发布';
  if (p.targetsLeft === 0) return '所有发布阵地均已登记发布';
  return null;
}

export function publishRefusal(p: PolicyPost, actor: Actor): string | null {
  if (!can(actor.role, 'post.write')) return `${ROLE_LABELS[actor.role]}不登记发布`;
  return publishStateRefusal(p) ?? (inSubtree(actor.unitPath, p.unit_path) ? null : '只有信息所属单位或其上级单位可以登记发布');
}

export function correctStateRefusal(p: PolicyPost): string | null {
  if (p.archived_at) return '该信息已归档';
  if (p.status !== 'published') return '信息发布后才能登记更正';
  return null;
}

export function correctRefusal(p: PolicyPost, actor: Actor): string | null {
  if (!can(actor.role, 'post.correct')) return `${ROLE_LABELS[actor.role]}不登记更正`;
  return correctStateRefusal(p);
}

export function refusals(p: PolicyPost, actor: Actor): Refusals<PostAction> {
  const edit = editRefusal(p, actor);
  const step = stepRefusal(p, actor);
  return {
    edit,
    submit: edit,
    approve: approveRefusal(p, actor),
    reject: step,
    ack: step ?? (p.openHits === 0 ? '没有待确认的校对提示' : null),
    publish: publishRefusal(p, actor),
    correct: correctRefusal(p, actor),
    archive: p.status === 'reviewing' ? '审核中的信息不能归档' : p.status === 'published' || p.status === 'approved' ? '已审定的信息作为发布记录保留，不能归档' : edit && !p.archived_at ? edit : null,
  };
}
