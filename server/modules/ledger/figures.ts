import { ACTIVITY_TYPES, type ActivityType, type LedgerFigures, type UnitTargetProgress } from '../../../common/ledger';
import type { Database } from '../../db';
import { addDays, shanghaiDay } from '../../platform/calendar';
import type { Range } from '../../platform/period';
import { currentInSubtree } from '../../platform/records';
import { inSubtreeOf, subtreeUpperBound } from '../../platform/scope';
import { targetJudge, targetProgress, targetsFor, targetTally } from './targets';

/**
 * Activity counts for a subtree and a period (by type, and how many concern this work), target
 * attainment in the year the period ends in, plans in force and drills held; with each unit's
 * own counts (byUnit).
 */
export async function ledgerFigures(db: Database, r: Range): Promise<LedgerFigures> {
  const rows = await db
    .selectFrom('ledger_entries as e')
    .innerJoin('units as u', 'u.id', 'e.unit_id')
    .select(['e.unit_id', 'u.name', 'u.path', 'u.depth', 'e.type', 'e.on_topic', (x) => x.fn.countAll().as('n')])
    .where((eb) => currentInSubtree(eb, { path: 'u.path', archivedAt: 'e.archived_at' }, r.unitPath))
    .where('e.day', '>=', r.from)
    .where('e.day', '<=', r.to)
    .groupBy(['e.unit_id', 'u.name', 'u.path', 'u.depth', 'e.type', 'e.on_topic'])
    .execute();
  const units = new Map<string, LedgerFigures['byUnit'][number] & { path: string }>();
  for (const row of rows) {
    const n = Number(row.n);
    const type = row.type as ActivityType;
    const u = units.get(row.unit_id) ?? { unitId: row.unit_id, unitName: row.name, depth: row.depth, path: row.path, total: 0, onTopic: 0, byType: {} };
    u.total += n;
    if (row.on_topic === 1) u.onTopic += n;
    u.byType[type] = (u.byType[type] ?? 0) + n;
    units.set(row.unit_id, u);
  }
  const byUnit = [...units.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)).map(({ path: _path, ...u }) => u);
  return { ...(await ledgerTotals(db, r, rows)).figures, byUnit };
}

/**
 * The figures above but byUnit, and the standing against the targets that a summary states: the
 * unit's own in full, and for the units below how many have targets, how many are behind and the
 * first of those (in unit order). The period's activities are counted by type and flag alone, the
 * targets' tally reads only the types the targets name, and the units below are judged without
 * their words (a province's year is some hundred thousand activities and 16,000 units, whose
 * counts by unit and reasons one by one the document never states).
 */
export async function ledgerFiguresWithProgress(db: Database, r: Range): Promise<{ figures: Omit<LedgerFigures, 'byUnit'>; own: UnitTargetProgress | undefined; subs: TargetOverview }> {
  const { figures, overview } = await ledgerTotals(db, r, null);
  return { figures, ...overview! };
}

/**
 * The period's activities of the subtree counted by type and topic flag. Where the subtree holds
 * every unit (the root's), every activity's unit is in it (unit_id references units): no unit is
 * looked up, and the counts are one read of `ledger_entries_type_cover` in the order grouped (each
 * type and flag one range of the period's days), not some hundred thousand rows sorted first.
 */
async function activityCounts(db: Database, r: Range) {
  if (await holdsEveryUnit(db, r.unitPath)) {
    return db
      .selectFrom('ledger_entries as e')
      .select(['e.type', 'e.on_topic', (x) => x.fn.countAll().as('n')])
      .where('e.type', 'in', [...ACTIVITY_TYPES].sort())
      .where('e.on_topic', 'in', [0, 1])
      .where('e.day', '>=', r.from)
      .where('e.day', '<=', r.to)
      .where('e.archived_at', 'is', null)
      .groupBy(['e.type', 'e.on_topic'])
      .execute();
  }
  return db
    .selectFrom('ledger_entries as e')
    .innerJoin('units as u', 'u.id', 'e.unit_id')
    .select(['e.type', 'e.on_topic', (x) => x.fn.countAll().as('n')])
    .where((eb) => currentInSubtree(eb, { path: 'u.path', archivedAt: 'e.archived_at' }, r.unitPath))
    .where('e.day', '>=', r.from)
    .where('e.day', '<=', r.to)
    .groupBy(['e.type', 'e.on_topic'])
    .execute();
}

/** No unit lies outside the subtree at `path` (asked only of a top-level unit's: the others have one above them). */
async function holdsEveryUnit(db: Database, path: string): Promise<boolean> {
  if (path.split('/').filter(Boolean).length !== 1) return false;
  // The first and the last path, each one step down the path index (a condition "outside" read every unit).
  const { first, last } = await db.selectNoFrom((eb) => [
    eb.selectFrom('units').select((x) => x.fn.min('path').as('p')).as('first'),
    eb.selectFrom('units').select((x) => x.fn.max('path').as('p')).as('last'),
  ]).executeTakeFirstOrThrow();
  return first != null && last != null && first >= path && last < subtreeUpperBound(path);
}

export interface TargetOverview { withTarget: number; behind: number; firstBehind: string[] }

async function ledgerTotals(db: Database, r: Range, byUnitRows: { type: string; on_topic: number; n: number | string | bigint }[] | null) {
  const rows = byUnitRows ?? await activityCounts(db, r);
  const byType = Object.fromEntries(ACTIVITY_TYPES.map((t) => [t, { total: 0, onTopic: 0 }])) as LedgerFigures['byType'];
  for (const row of rows) {
    const n = Number(row.n);
    const b = byType[row.type as ActivityType];
    b.total += n;
    if (row.on_topic === 1) b.onTopic += n;
  }
  const targets = Object.fromEntries(ACTIVITY_TYPES.map((t) => [t, { withTarget: 0, meeting: 0, behind: 0 }])) as LedgerFigures['targets'];
  const count = (type: ActivityType, behind: boolean) => {
    targets[type].withTarget++;
    if (behind) targets[type].behind++;
    else targets[type].meeting++;
  };
  let overview: { own: UnitTargetProgress | undefined; subs: TargetOverview } | null = null;
  if (byUnitRows) {
    for (const u of await targetFigures(db, r)) for (const i of u.items) count(i.type, i.behind);
  } else {
    // targetFigures, judged unit by unit without the words of each reason.
    const year = Number(r.to.slice(0, 4));
    const today = shanghaiDay();
    const judgedOn = r.to < today ? r.to : today;
    const units = await db.selectFrom('units').select(['id', 'name', 'path', 'depth']).where((eb) => inSubtreeOf(eb, 'path', r.unitPath)).where('archived_at', 'is', null).orderBy('path').execute();
    const set = await targetsFor(db, r.unitPath, year);
    const judge = targetJudge(set, await targetTally(db, r.unitPath, year, judgedOn, set), year, judgedOn);
    const subs: TargetOverview = { withTarget: 0, behind: 0, firstBehind: [] };
    let own: UnitTargetProgress | undefined;
    for (const u of units) {
      if (u.path === r.unitPath) {
        own = judge.progress(u);
        for (const i of own.items) count(i.type, i.behind);
        continue;
      }
      let any = false;
      let behind = false;
      judge.forEach(u, (x) => {
        any = true;
        if (x.behind) behind = true;
        count(x.type, x.behind);
      });
      if (!any) continue;
      subs.withTarget++;
      if (behind && ++subs.behind <= 3) subs.firstBehind.push(u.name);
    }
    overview = { own, subs };
  }
  const plans = await db
    .selectFrom('emergency_plans as p')
    .innerJoin('units as u', 'u.id', 'p.unit_id')
    .select((x) => x.fn.countAll().as('n'))
    .where((eb) => currentInSubtree(eb, { path: 'u.path', archivedAt: 'p.archived_at' }, r.unitPath))
    .where('p.status', '=', 'current')
    .where('p.effective_day', '<=', r.to)
    .executeTakeFirstOrThrow();
  const figures: Omit<LedgerFigures, 'byUnit'> = {
    byType,
    total: Object.values(byType).reduce((a, b) => a + b.total, 0),
    onTopic: Object.values(byType).reduce((a, b) => a + b.onTopic, 0),
    targets,
    plansInForce: Number(plans.n),
    drills: byType.drill.total,
  };
  return { figures, overview };
}

/**
 * Each unit of the subtree against its targets for the year the period ends in, judged on the
 * period's last day (or today while the period runs): what `targets` above counts, unit by unit.
 */
export async function targetFigures(db: Database, r: Range): Promise<UnitTargetProgress[]> {
  const year = Number(r.to.slice(0, 4));
  const today = shanghaiDay();
  return targetProgress(db, r.unitPath, year, r.to < today ? r.to : today);
}

export interface ActivityTopic {
  id: string;
  day: string;
  type: ActivityType;
  topic: string;
  unitName: string;
}

/** Activities of the subtree in the period that concern this work (on_topic), latest first (ties by id): the topics a summary names. */
export async function activityTopics(db: Database, r: Range, limit = 8): Promise<ActivityTopic[]> {
  const latest = (from: string) => db
    .selectFrom('ledger_entries as e')
    .innerJoin('units as u', 'u.id', 'e.unit_id')
    .select(['e.id', 'e.day', 'e.type', 'e.topic', 'u.name as unit_name'])
    .where((eb) => currentInSubtree(eb, { path: 'u.path', archivedAt: 'e.archived_at' }, r.unitPath))
    .where('e.on_topic', '=', 1)
    .where('e.day', '>=', from)
    .where('e.day', '<=', r.to)
    .orderBy('e.day', 'desc')
    .orderBy('e.created_at', 'desc')
    .orderBy('e.id', 'desc') // ties (entries of one day saved together) in a stated order
    .limit(limit)
    .execute();
  // The period's last month first: a large subtree has `limit` of them there, and every later
  // activity than the last of those is among them (the whole period is read only when it has
  // not). At a province's root that sorts a month's topics, not a year's (35,000 read and sorted).
  const lastMonth = addDays(r.to, -TOPICS_WINDOW_DAYS);
  let rows = lastMonth > r.from ? await latest(lastMonth) : [];
  if (rows.length < limit) rows = await latest(r.from);
  return rows.map((e) => ({ id: e.id, day: e.day, type: e.type as ActivityType, topic: e.topic, unitName: e.unit_name }));
}

/** How far back from a period's end `activityTopics` looks first. */
const TOPICS_WINDOW_DAYS = 30;
