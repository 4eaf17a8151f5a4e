import type { z } from 'zod';
import { ACTIVITY_TYPE_LABELS, ACTIVITY_TYPES, type ActivityType, type TargetProgress, type TargetRow, type TargetScope, type targetSet, type UnitTargetProgress } from '../../../common/ledger';
import type { Database } from '../../db';
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

/**
 * Each unit of the subtree against its targets for the year. A unit's target for a type is its
 * own, else the nearest superior's default for subordinates; a row of zeros found that way means
 * no target (the type is left out). Behind means: fewer than the
 * pro-rata share of the year's minimum so far (rounded down, so early in the year nobody is
 * behind on a handful), or of the on-topic minimum, or an ended quarter below its minimum.
 * Only the unit's own activities count (a township's villages have targets of their own).
 */
export async function targetProgress(db: Database, rootPath: string, year: number, today = shanghaiDay()): Promise<UnitTargetProgress[]> {
  const units = await db.selectFrom('units').select(['id', 'name', 'path', 'depth']).where((eb) => inSubtreeOf(eb, 'path', rootPath)).where('archived_at', 'is', null).orderBy('path').execute();
  // Targets set in the subtree, or above it on the root's own chain (a province has thousands of
  // units: no IN list of every ancestor id, which would pass SQLite's limit on bound variables).
  const above = rootPath.split('/').filter(Boolean).slice(0, -1);
  const targets = await db
    .selectFrom('annual_targets as t')
    .innerJoin('units as tu', 'tu.id', 't.unit_id')
    .selectAll('t')
    .select('tu.name as unit_name')
    .where('t.year', '=', year)
    .where((eb) => (above.length ? eb.or([inSubtreeOf(eb, 'tu.path', rootPath), eb('t.unit_id', 'in', above)]) : inSubtreeOf(eb, 'tu.path', rootPath)))
    .execute();
  const unitNames = new Map(targets.map((t) => [t.unit_id, t.unit_name]));
  const counts = await db
    .selectFrom('ledger_entries as e')
    .innerJoin('units as u', 'u.id', 'e.unit_id')
    .select(['e.unit_id', 'e.type', 'e.day', 'e.on_topic'])
    .where((eb) => inSubtreeOf(eb, 'u.path', rootPath))
    .where('e.archived_at', 'is', null)
    .where('e.day', '>=', `${year}-01-01`)
    // Done by `today`: a report judged on a past day does not count what came after it.
    .where('e.day', '<=', today < `${year}-12-31` ? today : `${year}-12-31`)
    .execute();
  const tally = new Map<string, { done: number; onTopic: number; quarters: [number, number, number, number] }>();
  for (const c of counts) {
    const k = `${c.unit_id}|${c.type}`;
    const t = tally.get(k) ?? { done: 0, onTopic: 0, quarters: [0, 0, 0, 0] as [number, number, number, number] };
    t.done++;
    if (c.on_topic === 1) t.onTopic++;
    t.quarters[Math.floor((Number(c.day.slice(5, 7)) - 1) / 3)]++;
    tally.set(k, t);
  }
  // Looked up per unit and type: a map, so a province of thousands of units stays linear.
  const targetAt = new Map(targets.map((t) => [`${t.unit_id}|${t.scope}|${t.type}`, t]));
  const frac = elapsed(year, today);
  const ended = endedQuarters(year, today);
  return units.map((u) => {
    const chain = u.path.split('/').filter(Boolean); // root … u
    const items: TargetProgress[] = [];
    for (const type of ACTIVITY_TYPES) {
      let found: { unitId: string; scope: TargetScope; row: (typeof targets)[number] } | null = null;
      const own = targetAt.get(`${u.id}|self|${type}`);
      if (own) found = { unitId: u.id, scope: 'self', row: own };
      for (let i = chain.length - 2; !found && i >= 0; i--) {
        const d = targetAt.get(`${chain[i]}|subordinates|${type}`);
        if (d) found = { unitId: chain[i], scope: 'subordinates', row: d };
      }
      if (!found) continue;
      if (found.row.min_total === 0 && found.row.min_on_topic === 0 && found.row.min_per_quarter === 0) continue; // explicitly not required
      const target = { type, minTotal: found.row.min_total, minOnTopic: found.row.min_on_topic, minPerQuarter: found.row.min_per_quarter };
      const t = tally.get(`${u.id}|${type}`) ?? { done: 0, onTopic: 0, quarters: [0, 0, 0, 0] as [number, number, number, number] };
      const expectedByNow = Math.floor(target.minTotal * frac);
      const expectedOnTopicByNow = Math.floor(target.minOnTopic * frac);
      const reasons: string[] = [];
      const label = ACTIVITY_TYPE_LABELS[type];
      if (t.done < expectedByNow) reasons.push(`${label}已开展 ${t.done} 次，按进度应不少于 ${expectedByNow} 次(全年 ${target.minTotal} 次)`);
      if (t.onTopic < expectedOnTopicByNow) reasons.push(`涉及本项工作的${label} ${t.onTopic} 次，按进度应不少于 ${expectedOnTopicByNow} 次(全年 ${target.minOnTopic} 次)`);
      if (target.minPerQuarter > 0) {
        for (let q = 0; q < ended; q++) if (t.quarters[q] < target.minPerQuarter) reasons.push(`第${'一二三四'[q]}季度${label} ${t.quarters[q]} 次，少于每季度 ${target.minPerQuarter} 次`);
      }
      items.push({
        type, source: { unitId: found.unitId, unitName: unitNames.get(found.unitId) ?? '', scope: found.scope }, target, done: t.done, doneOnTopic: t.onTopic,
        quarters: t.quarters, expectedByNow, expectedOnTopicByNow, behind: reasons.length > 0, reasons,
      });
    }
    return { unitId: u.id, unitName: u.name, depth: u.depth, items, behind: items.some((i) => i.behind) };
  });
}
