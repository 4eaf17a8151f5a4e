/**
 * Who may do what with a rectification item: for each action, why the caller may not do it
 * now (in Chinese), or null. The service refuses with these reasons and the item's view sends
 * them to the page (`permits`), so the API and the disabled button always say the same.
 */
import type { RectAction } from '../../../common/rectification';
import type { Refusals } from '../../../common/platform';
import type { Actor } from '../../platform/context';
import { inSubtree } from '../../platform/scope';

/** What the rules read of an item: its state, who reported it and the units on both sides. */
export interface PolicyRect {
  unit_id: string; unit_name: string; unit_path: string;
  raised_by_unit_id: string; raised_name: string; raised_path: string;
  owner_person_id: string | null; reported_by: string | null; status: string; archived_at: string | null;
}

/** The caller as far as sign-off rules need: who they are and whom they stand for. */
export interface Signer {
  actor: Actor;
  personId: string | null;
}

/**
 * Who may sign off (销号) or send back an item: a leader or inspector of the raising unit or
 * of a unit above it — never the person who reported completion, never the owner in person,
 * and never the owner unit itself unless the owner unit raised the item (its own
 * self-inspection). Returns why not, or null when allowed.
 */
export function signOffRefusal(r: PolicyRect, s: Signer): string | null {
  if (s.actor.role !== 'leader' && s.actor.role !== 'inspector') return '只有领导或督查人员可以销号或退回';
  if (!r.raised_path.startsWith(s.actor.unitPath)) return `只有提出整改的${r.raised_name}或其上级单位可以销号或退回`;
  if (r.reported_by === s.actor.accountId) return '报告整改完成的人不能为同一事项销号';
  if (r.owner_person_id && r.owner_person_id === s.personId) return '整改责任人本人不能为自己销号';
  if (s.actor.unitId === r.unit_id && r.raised_by_unit_id !== r.unit_id) return `整改责任单位不能为上级提出的整改事项自行销号，请由${r.raised_name}销号`;
  return null;
}

/**
 * Edits and archiving belong to the raising side: the owner unit (or anyone below it) cannot
 * rewrite, re-date or archive an item a superior raised for it. Units between the raising unit
 * and the owner may (一级抓一级); self-raised items stay editable by their own unit.
 */
export function editRefusal(r: PolicyRect, actor: Actor): string | null {
  if (r.raised_by_unit_id !== r.unit_id && inSubtree(r.unit_path, actor.unitPath)) {
    return `该事项由${r.raised_name}提出，整改责任单位不能修改或归档，如需调整请联系${r.raised_name}`;
  }
  return null;
}

/** Completion is reported by the owner unit itself. */
export function reportRefusal(r: PolicyRect, actor: Actor): string | null {
  if (actor.role === 'inspector') return '督查人员不报告整改完成';
  if (actor.unitId !== r.unit_id) return `整改完成情况由整改责任单位(${r.unit_name})报告`;
  return null;
}

/** Every action at once, for the item's view: the state first, then who the caller is. */
export function refusals(r: PolicyRect, s: Signer): Refusals<RectAction> {
  const decide = r.status === 'reported' ? signOffRefusal(r, s) : r.status === 'closed' ? '该事项已销号' : '整改责任单位报告完成后才能销号';
  const edit = editRefusal(r, s.actor);
  return {
    report: r.archived_at ? '该整改事项已归档' : r.status === 'closed' ? '该事项已销号' : r.status === 'reported' ? '已报告完成，等待销号' : reportRefusal(r, s.actor),
    signOff: decide,
    return: decide,
    edit: r.archived_at ? '该整改事项已归档，请先恢复' : r.status === 'closed' ? '已销号的整改事项不能修改' : edit,
    archive: edit,
  };
}
