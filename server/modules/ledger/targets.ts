import { sql } from 'kysely';
import type { z } from 'zod';
import { ACTIVITY_TYPE_LABELS, ACTIVITY_TYPES, type ActivityType, type TargetProgress, type TargetRow, type TargetScope, type targetSet, type UnitTargetProgress } from '../../../common/ledger';
import type { Database } from '../../db';
import { dialectOf } from '../../db/dialect';
import { writeAudit } from '../../platform/audit';
import { shanghaiDay } from '../../platform/calendar';
import type { Actor, ActorCtx } from '../../platform/context';
import { errors } from '../../platform/errors';
import { newId, nowIso } from '../../platform/ids';
import { inSubtreeOf } from '../../platform/scope';
import { inTx } from '../../platform/tx';
import { getActiveUnit, getVisibleUnit } from '../units/service';

/** The targets set at one unit for a year: its own, and the defaults it gives its subordinates. */
export async function getTargets(db: Database, actor: Actor, unitId: string, year: number) {
  const unit = await getVisibleUnit(db, actor, unitId);
  const rows = await db.selectFrom('annual_targets').selectAll().where('unit_id', '=', unit.id).where('year', '=', year).execute();
  const pick = (scope: TargetScope): TargetRow[] =>
    rows.filter((r) => r.scope === scope).map((r) => ({ type: r.type as ActivityType, minTotal: r.min_total, minOnTopic: r.min_on_topic, minPerQuarter: r.min_per_quarter }));
  return { unitId: unit.id, unitName: unit.name, year, self: pick('self'), subordinates: pick('subordinates') };
}

/**
 * Replaces the unit's targets of one scope for a year. A type left out has no row of that scope
 * (the unit falls back to a superior's default); a row of zeros is kept as an explicit "no
 * requirement", so a township can exempt its villages from a county default such as 中心组学习.
 */
export async function setTargets(db: Database, ctx: ActorCtx, input: z.infer<typeof targetSet>) {
  return inTx(db, async (trx) => {
    const unit = await getActiveUnit(trx, ctx.actor, input.unitId, 'unitId');
    const types = new Set<string>();
    for (const i of input.items) {
      if (i.minOnTopic > i.minTotal && i.minTotal > 0) throw errors.validation(`${ACTIVITY_TYPE_LABELS[i.type]}：涉及本项工作的次数不能多于全年至少次数`, 'items');
      if (types.has(i.type)) throw errors.validation(`活动类型“${ACTIVITY_TYPE_LABELS[i.type]}”重复填写`, 'items');
      types.add(i.type);
    }
    const before = await getTargets(trx, ctx.actor, unit.id, input.year);
    await trx.deleteFrom('annual_targets').where('unit_id', '=', unit.id).where('year', '=', input.year).where('scope', '=', input.scope).execute();
    const now = nowIso();
    const items = input.items;
    if (items.length) {
      await trx.insertInto('annual_targets').values(items.map((i) => ({
        id: newId(), unit_id: unit.id, year: input.year, scope: input.scope, type: i.type, min_total: i.minTotal, min_on_topic: i.minOnTopic, min_per_quarter: i.minPerQuarter, updated_at: now,
      }))).execute();
    }
    const after = await getTargets(trx, ctx.actor, unit.id, input.year);
    await writeAudit(trx, ctx, { action: 'update', entity: 'annual_target', entityId: unit.id, unitPath: unit.path, before: { year: input.year, scope: input.scope, items: before[input.scope] }, after: { year: input.year, scope: input.scope, items: after[input.scope] } });
    return after;
  });
}

/** Fraction of `year` elapsed by `today` (0 before it starts, 1 after it ends). */
function elapsed(year: number, today: string): number {
  const start = Date.UTC(year, 0, 1);
  const end = Date.UTC(year + 1, 0, 1);
  const t = Date.parse(`${today}T00:00:00Z`) + 86_400_000; // today counts as elapsed
  return Math.min(1, Math.max(0, (t - start) / (end - start)));
}

const QUARTER_LAST_DAY = ['03-31', '06-30', '09-30', '12-31'];

/**
 * Quarters of `year` that have ended by `today`, a quarter counting as ended on its own last day
 * (as `elapsed` counts today as elapsed): a half-year report as of 06-30 judges Q2.
 */
export function endedQuarters(year: number, today: string): number {
  if (today < `${year}-01-01`) return 0;
  return QUARTER_LAST_DAY.filter((d) => today >= `${year}-${d}`).length;
}

/** One unit's activities of one type in the year, counted for its targets. */
export interface TargetTally { done: number; onTopic: number; quarters: [number, number, number, number] }

/** The units a judgement covers (the subtree's current units, by path) and the targets that reach them. */
export async function targetsFor(db: Database, rootPath: string, year: number) {
  // Targets set in the subtree, or above it on the root's own chain (a province has thousands of
  // units: no IN list of every ancestor id, which would pass SQLite's limit on bound variables).
  const above = rootPath.split('/').filter(Boolean).slice(0, -1);
  return db
    .selectFrom('annual_targets as t')
    .innerJoin('units as tu', 'tu.id', 't.unit_id')
    .selectAll('t')
    .select('tu.name as unit_name')
    .where('t.year', '=', year)
    .where((eb) => (above.length ? eb.or([inSubtreeOf(eb, 'tu.path', rootPath), eb('t.unit_id', 'in', above)]) : inSubtreeOf(eb, 'tu.path', rootPath)))
    .execute();
}

/** The last day whose activities count for the year's targets judged on `today`. */
export const tallyUntil = (year: number, today: string) => (today < `${year}-12-31` ? today : `${year}-12-31`);

/**
 * Per quarter, in SQL: the current activities of one type of the year up to `until` that a
 * target counts (`until` before the year: none), and how many of them concern this work, named
 * `t<k>q1`…`t<k>q4` and `t<k>on`. What `targetTally` sums per unit and `targetProgress` judges.
 */
function typeSums(year: number, until: string, type: string, k: number) {
  const starts = ['01-01', '04-01', '07-01', '10-01'].map((d) => `${year}-${d}`);
  const ends = [...starts.slice(1), `${year + 1}-01-01`];
  const quarter = (q: number) => sql<number | string>`sum(case when e.type = ${type} and e.day >= ${starts[q]} and e.day < ${ends[q]} and e.day <= ${until} then 1 else 0 end)`.as(`t${k}q${q + 1}`);
  return [quarter(0), quarter(1), quarter(2), quarter(3), sql<number | string>`sum(case when e.type = ${type} and e.on_topic = 1 then 1 else 0 end)`.as(`t${k}on`)];
}

/**
 * Each unit of the subtree against its targets for the year. A unit's target for a type is its
 * own, else the nearest superior's default for subordinates; a row of zeros found that way means
 * no target (the type is left out). Behind means: fewer than the
 * pro-rata share of the year's minimum so far (rounded down, so early in the year nobody is
 * behind on a handful), or of the on-topic minimum, or an ended quarter below its minimum.
 * Only the unit's own activities count (a township's villages have targets of their own).
 * Counted in SQL by unit, type, flag and quarter (a province's year is some hundred thousand
 * activities: no row of them travels to the process).
 */
export async function targetProgress(db: Database, rootPath: string, year: number, today = shanghaiDay()): Promise<UnitTargetProgress[]> {
  const units = await db.selectFrom('units').select(['id', 'name', 'path', 'depth']).where((eb) => inSubtreeOf(eb, 'path', rootPath)).where('archived_at', 'is', null).orderBy('path').execute();
  const targets = await targetsFor(db, rootPath, year);
  return judgeTargets(units, targets, await targetTally(db, rootPath, year, today, targets), year, today);
}

/**
 * The subtree's current activities of the year up to `today` (done by then: a report judged on a
 * past day does not count what came after it), per unit and type, of the types the targets
 * name: grouped in SQL by unit, type and flag, each group's four quarters summed. The activities
 * of other types are not read into the process at all.
 */
export async function targetTally(db: Database, rootPath: string, year: number, today: string, targets: readonly { type: string }[]): Promise<Map<string, TargetTally>> {
  const until = tallyUntil(year, today);
  const tally = new Map<string, TargetTally>();
  const types = [...new Set(targets.map((t) => t.type))];
  if (!types.length || until < `${year}-01-01`) return tally;
  // SQLite: `+e.type` keeps the read on the subtree's units and their (unit_id, day) index; a
  // filter it could index would have it read the province's activities of the type for a county.
  const type = dialectOf(db) === 'sqlite' ? sql`+e.type` : sql`e.type`;
  // One row per unit, each named type's quarters in columns of its own: grouped by the units'
  // path, the order SQLite reads them in, the statement needs no sort of the activities (a
  // province's year: some 40,000 of one type were sorted by unit, type and flag).
  const rows = (await db
    .selectFrom('ledger_entries as e')
    .innerJoin('units as u', 'u.id', 'e.unit_id')
    .select(['u.id as unit_id', ...types.flatMap((t, k) => typeSums(year, until, t, k))])
    .where((eb) => inSubtreeOf(eb, 'u.path', rootPath))
    .where('e.archived_at', 'is', null)
    .where('e.day', '>=', `${year}-01-01`)
    .where('e.day', '<=', until)
    .where(sql<boolean>`${type} in (${sql.join(types)})`)
    .groupBy(['u.path', 'u.id'])
    .execute()) as unknown as ({ unit_id: string } & Record<string, number | string | null>)[];
  for (const row of rows) {
    types.forEach((t, k) => {
      const quarters = [1, 2, 3, 4].map((q) => Number(row[`t${k}q${q}`] ?? 0)) as TargetTally['quarters'];
      const done = quarters[0] + quarters[1] + quarters[2] + quarters[3];
      if (done) tally.set(`${row.unit_id}|${t}`, { done, onTopic: Number(row[`t${k}on`] ?? 0), quarters });
    });
  }
  return tally;
}

type TargetAt = Awaited<ReturnType<typeof targetsFor>>[number];

/**
 * The judgement of `targetProgress` from the tally. A unit's defaults from above are its parent's
 * (the parent's own defaults for subordinates over what reached the parent), worked out once per
 * parent: a province of 16,000 units does not walk every chain for every type.
 */
export function judgeTargets(units: readonly { id: string; name: string; path: string; depth: number }[], targets: readonly TargetAt[], tally: ReadonlyMap<string, TargetTally>, year: number, today: string): UnitTargetProgress[] {
  const judge = targetJudge(targets, tally, year, today);
  return units.map((u) => judge.progress(u));
}

/** Per unit, the targets in force and the unit's standing against them: in full (`progress`), or only whether it is behind on each (`forEach`). */
export function targetJudge(targets: readonly TargetAt[], tally: ReadonlyMap<string, TargetTally>, year: number, today: string) {
  const unitNames = new Map(targets.map((t) => [t.unit_id, t.unit_name]));
  const typeIndex = new Map<string, number>(ACTIVITY_TYPES.map((t, i) => [t, i]));
  type Found = { unitId: string; row: TargetAt };
  const own = new Map<string, (TargetAt | undefined)[]>();
  const forSubs = new Map<string, (TargetAt | undefined)[]>();
  const named = new Set<number>();
  for (const t of targets) {
    const k = typeIndex.get(t.type);
    if (k === undefined) continue;
    const at = t.scope === 'self' ? own : t.scope === 'subordinates' ? forSubs : null;
    if (!at) continue;
    const rows = at.get(t.unit_id) ?? [];
    rows[k] = t;
    at.set(t.unit_id, rows);
    named.add(k);
  }
  const kinds = [...named].sort((x, y) => x - y); // the types any target names, in ACTIVITY_TYPES order
  const none: (Found | undefined)[] = [];
  const defaults = new Map<string, (Found | undefined)[]>();
  /** The defaults for subordinates in force at chain[i] (its own over its superiors'). */
  const defaultsAt = (chain: string[], i: number): (Found | undefined)[] => {
    if (i < 0) return none;
    const id = chain[i];
    let d = defaults.get(id);
    if (!d) {
      const up = defaultsAt(chain, i - 1);
      const mine = forSubs.get(id);
      if (mine) {
        d = [];
        for (const k of kinds) d[k] = mine[k] ? { unitId: id, row: mine[k] } : up[k];
      } else d = up;
      defaults.set(id, d);
    }
    return d;
  };
  /** The parent's id from a path (/a/b/c/ → b), without splitting it. */
  const parentOf = (path: string) => {
    const end = path.length - 1; // the closing '/'
    const self = path.lastIndexOf('/', end - 1);
    if (self <= 0) return null;
    return path.slice(path.lastIndexOf('/', self - 1) + 1, self);
  };
  const frac = elapsed(year, today);
  const ended = endedQuarters(year, today);
  const noTally: TargetTally = { done: 0, onTopic: 0, quarters: [0, 0, 0, 0] };
  type Standing = { type: ActivityType; found: Found; scope: TargetScope; t: TargetTally; expectedByNow: number; expectedOnTopicByNow: number; behind: boolean };
  /** Calls `fn` for each target in force at `u` (explicit exemptions left out), in ACTIVITY_TYPES order. */
  const forEach = (u: { id: string; path: string }, fn: (s: Standing) => void) => {
    if (!kinds.length) return;
    const parent = parentOf(u.path);
    let inherited = parent === null ? none : defaults.get(parent);
    if (!inherited) {
      const chain = u.path.split('/').filter(Boolean); // root … u
      inherited = defaultsAt(chain, chain.length - 2);
    }
    const mine = own.get(u.id);
    for (const k of kinds) {
      const type = ACTIVITY_TYPES[k];
      const selfRow = mine?.[k];
      const found: Found | undefined = selfRow ? { unitId: u.id, row: selfRow } : inherited[k];
      if (!found) continue;
      const row = found.row;
      if (row.min_total === 0 && row.min_on_topic === 0 && row.min_per_quarter === 0) continue; // explicitly not required
      const t = tally.get(`${u.id}|${type}`) ?? noTally;
      const expectedByNow = Math.floor(row.min_total * frac);
      const expectedOnTopicByNow = Math.floor(row.min_on_topic * frac);
      let behind = t.done < expectedByNow || t.onTopic < expectedOnTopicByNow;
      if (!behind && row.min_per_quarter > 0) for (let q = 0; q < ended; q++) if (t.quarters[q] < row.min_per_quarter) behind = true;
      fn({ type, found, scope: selfRow ? 'self' : 'subordinates', t, expectedByNow, expectedOnTopicByNow, behind });
    }
  };
  const progress = (u: { id: string; name: string; path: string; depth: number }): UnitTargetProgress => {
    const items: TargetProgress[] = [];
    forEach(u, ({ type, found, scope, t, expectedByNow, expectedOnTopicByNow }) => {
      const target = { type, minTotal: found.row.min_total, minOnTopic: found.row.min_on_topic, minPerQuarter: found.row.min_per_quarter };
      const reasons: string[] = [];
      const label = ACTIVITY_TYPE_LABELS[type];
      if (t.done < expectedByNow) reasons.push(`${label}已开展 ${t.done} 次，按进度应不少于 ${expectedByNow} 次(全年 ${target.minTotal} 次)`);
      if (t.onTopic < expectedOnTopicByNow) reasons.push(`涉及本项工作的${label} ${t.onTopic} 次，按进度应不少于 ${expectedOnTopicByNow} 次(全年 ${target.minOnTopic} 次)`);
      if (target.minPerQuarter > 0) {
        for (let q = 0; q < ended; q++) if (t.quarters[q] < target.minPerQuarter) reasons.push(`第${'一二三四'[q]}季度${label} ${t.quarters[q]} 次，少于每季度 ${target.minPerQuarter} 次`);
      }
      items.push({
        type, source: { unitId: found.unitId, unitName: unitNames.get(found.unitId) ?? '', scope }, target, done: t.done, doneOnTopic: t.onTopic,
        quarters: [...t.quarters], expectedByNow, expectedOnTopicByNow, behind: reasons.length > 0, reasons,
      });
    });
    return { unitId: u.id, unitName: u.name, depth: u.depth, items, behind: items.some((i) => i.behind) };
  };
  return { progress, forEach };
}
