/** What waits for a user in 自查与考核: items to assess, a self-inspection due, findings to rectify. */
import { applies, type FrameworkContent, isShortfall, itemsOf } from '../../../common/checks';
import { can } from '../../../common/roles';
import type { Database } from '../../db';
import type { Actor } from '../../platform/context';
import type { Todo, TodoSource } from '../../platform/modules';
import { inSubtreeOf } from '../../platform/scope';
import { parseContent } from './frameworks';

/** Units in the actor's reach whose campaign assessment still has items not scored, for assessors. */
async function toAssess(db: Database, actor: Actor): Promise<Todo[]> {
  if (!can(actor.role, 'check.assess')) return [];
  const campaigns = await db.selectFrom('check_campaigns as c').innerJoin('units as u', 'u.id', 'c.unit_id').select(['c.id', 'c.content'])
    .where('c.status', '=', 'open').where('c.archived_at', 'is', null).where((eb) => inSubtreeOf(eb, 'u.path', actor.unitPath)).execute();
  let units = 0;
  let first: string | null = null;
  for (const c of campaigns) {
    // Bound items count with the records' result until scored: what waits is the items answered by hand.
    const items = itemsOf(parseContent(c.content)).filter((i) => !i.indicator);
    const keys = items.map((i) => i.key);
    if (keys.length === 0) continue;
    const rows = await db.selectFrom('check_assessments as a').innerJoin('units as u', 'u.id', 'a.unit_id')
      .select(['a.id', 'u.kind', (eb) => eb.selectFrom('check_answers as x').select((e) => e.fn.countAll().as('n')).whereRef('x.assessment_id', '=', 'a.id').where('x.item_key', 'in', keys).as('n')])
      .where('a.campaign_id', '=', c.id).where('a.archived_at', 'is', null).execute();
    const open = rows.filter((r) => Number(r.n ?? 0) < items.filter((i) => applies(i, r.kind)).length).length;
    if (open && !first) first = c.id;
    units += open;
  }
  return units ? [{ key: 'checks.assess', label: '待考核评分的单位', count: units, link: first && campaigns.length === 1 ? `/checks/campaigns/${first}` : '/checks?tab=campaigns' }] : [];
}

/** The actor's unit is in an open campaign and has not submitted its self-inspection on that framework. */
async function selfDue(db: Database, actor: Actor): Promise<Todo[]> {
  if (!can(actor.role, 'check.self')) return [];
  const due = await db.selectFrom('check_assessments as a').innerJoin('check_campaigns as c', 'c.id', 'a.campaign_id')
    .select(['c.framework_id', 'c.year', 'c.to_day']).where('a.unit_id', '=', actor.unitId).where('c.status', '=', 'open').where('c.archived_at', 'is', null).execute();
  let n = 0;
  for (const d of due) {
    const done = await db.selectFrom('check_assessments').select('id').where('kind', '=', 'self').where('unit_id', '=', actor.unitId)
      .where('framework_id', '=', d.framework_id).where('year', '=', d.year).where('status', '=', 'submitted').where('archived_at', 'is', null).executeTakeFirst();
    if (!done) n += 1;
  }
  return n ? [{ key: 'checks.self_due', label: '待完成的自查', count: n, link: '/checks?tab=self' }] : [];
}

/**
 * Failed or deducted items of closed assessments the actor's side raises rectifications for
 * (submitted self-inspections in the subtree, published campaigns of the subtree) that are not
 * a rectification yet.
 */
export async function openFindings(db: Database, actor: Actor) {
  const rows = await db.selectFrom('check_answers as x').innerJoin('check_assessments as a', 'a.id', 'x.assessment_id').innerJoin('units as u', 'u.id', 'a.unit_id')
    .leftJoin('check_campaigns as c', 'c.id', 'a.campaign_id').leftJoin('units as cu', 'cu.id', 'c.unit_id')
    .select(['x.item_key', 'x.passed', 'x.occurrences', 'x.grade', 'x.points', 'x.note', 'a.id as aid', 'a.kind', 'a.unit_id', 'a.campaign_id', 'a.year', 'u.name as unit_name', 'a.content', 'c.content as c_content', 'c.name as c_name', 'cu.path as c_path'])
    .where('x.rectification_id', 'is', null).where('a.archived_at', 'is', null)
    .where((eb) => eb.or([eb.and([eb('a.kind', '=', 'self'), eb('a.status', '=', 'submitted'), inSubtreeOf(eb, 'u.path', actor.unitPath)]), eb.and([eb('a.kind', '=', 'campaign'), eb('c.status', '=', 'published'), inSubtreeOf(eb, 'cu.path', actor.unitPath)])]))
    .orderBy('a.created_at', 'desc').execute();
  const contents = new Map<string, FrameworkContent>();
  const out = [];
  for (const r of rows) {
    if (!contents.has(r.aid)) contents.set(r.aid, parseContent((r.content ?? r.c_content)!));
    const it = itemsOf(contents.get(r.aid)!).find((i) => i.key === r.item_key);
    if (!it || !isShortfall(it, { passed: r.passed === null ? null : r.passed === 1, occurrences: r.occurrences, grade: r.grade })) continue;
    out.push({
      assessmentId: r.aid, kind: r.kind, unitId: r.unit_id, unitName: r.unit_name, campaignId: r.campaign_id, source: r.c_name ?? `${r.year}年度自查`,
      itemKey: r.item_key, itemText: it.text, points: Number(r.points), fullPoints: it.points, veto: it.kind === 'veto', note: r.note,
    });
  }
  return { items: out };
}

async function findings(db: Database, actor: Actor): Promise<Todo[]> {
  if (!can(actor.role, 'rectification.manage')) return [];
  const n = (await openFindings(db, actor)).items.length;
  return n ? [{ key: 'checks.findings', label: '待转整改的考核问题', count: n, link: '/checks?tab=findings' }] : [];
}

export const checkTodos: TodoSource[] = [
  { key: 'checks.assess', list: (db, actor) => toAssess(db, actor) },
  { key: 'checks.self_due', list: (db, actor) => selfDue(db, actor) },
  { key: 'checks.findings', list: (db, actor) => findings(db, actor) },
];

