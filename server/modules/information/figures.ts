import { ADOPTED_OUTCOMES, INFO_KINDS, INFO_OUTCOMES, type InfoFigures, type InfoKind, type InfoOutcome } from '../../../common/information';
import type { Database } from '../../db';
import { sql } from 'kysely';
import { asOfDay, type DayRange, type Range } from '../../platform/period';
import { currentInSubtree } from '../../platform/records';
import { type BatchUnit, inAnySubtree, rollUp } from '../../platform/subtree-batch';
import { inSubtreeOf } from '../../platform/scope';
import { countsByUnit, monthOf } from './service';

/** The months a period touches, up to the month of its as-of day. */
function monthsOf(r: Range, asOf: string): string[] {
  const out: string[] = [];
  for (let m = monthOf(r.from); m <= monthOf(asOf); m = nextMonth(m)) out.push(m);
  return out;
}
const nextMonth = (m: string) => {
  const [y, mm] = m.split('-').map(Number);
  return mm === 12 ? `${y + 1}-01` : `${y}-${String(mm + 1).padStart(2, '0')}`;
};

/**
 * Items sent up by units of the subtree with their sent day in the period (live items), by kind
 * and by outcome as of the period's as-of day (an outcome recorded later counts as 待采用), the
 * adoption rate (采用 + 摘报采用 + 刊发 over sent), and monthly quotas of the subtree's units: the
 * unit-months of the period up to its as-of month, how many were met, and who is behind.
 */
export async function infoFigures(db: Database, r: Range, asOf = asOfDay(r)): Promise<InfoFigures> {
  const rows = await db.selectFrom('info_items as i').innerJoin('units as u', 'u.id', 'i.unit_id').select(['i.kind', 'i.outcome', 'i.outcome_day'])
    .where((eb) => currentInSubtree(eb, { path: 'u.path', archivedAt: 'i.archived_at' }, r.unitPath)).where('i.sent_day', '>=', r.from).where('i.sent_day', '<=', r.to).execute();
  const byKind = Object.fromEntries(INFO_KINDS.map((k) => [k, 0])) as Record<InfoKind, number>;
  const byOutcome = Object.fromEntries([...INFO_OUTCOMES, 'pending'].map((k) => [k, 0])) as Record<InfoOutcome | 'pending', number>;
  for (const i of rows) {
    byKind[i.kind as InfoKind]++;
    byOutcome[i.outcome && i.outcome_day && i.outcome_day <= asOf ? (i.outcome as InfoOutcome) : 'pending']++;
  }
  const adopted = ADOPTED_OUTCOMES.reduce((n, o) => n + byOutcome[o], 0);

  const quotas = await db.selectFrom('info_quotas as q').innerJoin('units as u', 'u.id', 'q.unit_id').select(['q.unit_id', 'q.min_per_month', 'u.name'])
    .where((eb) => inSubtreeOf(eb, 'u.path', r.unitPath)).where('u.archived_at', 'is', null).where('q.min_per_month', '>', 0).execute();
  let quotaUnitMonths = 0;
  let quotaMet = 0;
  const behind: InfoFigures['behind'] = [];
  for (const m of monthsOf(r, asOf)) {
    const counts = await countsByUnit(db, quotas.map((q) => q.unit_id), m);
    for (const q of quotas) {
      quotaUnitMonths++;
      const sent = counts.get(q.unit_id)?.sent ?? 0;
      if (sent >= q.min_per_month) quotaMet++;
      else behind.push({ unitId: q.unit_id, unitName: q.name, month: m, sent, minPerMonth: q.min_per_month });
    }
  }
  return { sent: rows.length, byKind, byOutcome, adopted, adoptionRate: rows.length ? adopted / rows.length : null, quotaUnitMonths, quotaMet, behind: behind.slice(0, 100) };
}

/**
 * infoFigures' adopted and adoption rate (items sent in the period; adopted when the outcome is
 * known by the as-of day) for many units at once: one grouped query, rolled up to each subtree.
 */
export async function adoptionMany(db: Database, units: BatchUnit[], r: DayRange, asOf = asOfDay(r)) {
  const adoptedOutcomes = sql.join(ADOPTED_OUTCOMES.map((o) => sql.lit(o)));
  const rows = await db.selectFrom('info_items as i').innerJoin('units as u', 'u.id', 'i.unit_id')
    .select(['u.path', (e) => e.fn.countAll().as('sent'),
      sql<number>`sum(case when i.outcome in (${adoptedOutcomes}) and i.outcome_day is not null and i.outcome_day <= ${asOf} then 1 else 0 end)`.as('adopted')])
    .where('i.archived_at', 'is', null).where('i.sent_day', '>=', r.from).where('i.sent_day', '<=', r.to)
    .where((eb) => inAnySubtree(eb, 'u.path', units)).groupBy('u.path').execute();
  const sent = rollUp(units, rows, (x) => Number(x.sent));
  const adopted = rollUp(units, rows, (x) => Number(x.adopted));
  return { adopted, adoptionRate: new Map(units.map((u) => [u.id, sent.get(u.id) ? adopted.get(u.id)! / sent.get(u.id)! : null])) };
}
