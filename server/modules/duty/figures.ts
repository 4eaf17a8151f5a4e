import type { DutyFigures } from '../../../common/duty';
import type { Database } from '../../db';
import { sql } from 'kysely';
import type { DayRange, Range } from '../../platform/period';
import { type BatchUnit, inAnySubtree, rollUp } from '../../platform/subtree-batch';
import { currentInSubtree } from '../../platform/records';

/**
 * Duty-list entries of the subtree for the year the period ends in, and the 责任书 of that year
 * issued in the subtree: how many signatures are expected, how many are in, and who is missing.
 */
export async function dutyFigures(db: Database, r: Range): Promise<DutyFigures> {
  const year = Number(r.to.slice(0, 4));
  // Counted in the statement: a province's lists are tens of thousands of rows.
  const items = await db
    .selectFrom('duty_items as d')
    .innerJoin('units as u', 'u.id', 'd.unit_id')
    .select([sql<number>`count(*)`.as('n'), sql<number>`count(distinct d.unit_id)`.as('units')])
    .where((eb) => currentInSubtree(eb, { path: 'u.path', archivedAt: 'd.archived_at' }, r.unitPath))
    .where('d.year', '=', year)
    .executeTakeFirstOrThrow();
  const sigs = await db
    .selectFrom('agreement_signatories as s')
    .innerJoin('agreements as a', 'a.id', 's.agreement_id')
    .innerJoin('units as u', 'u.id', 'a.unit_id')
    .leftJoin('units as su', 'su.id', 's.unit_id')
    .leftJoin('people as p', 'p.id', 's.person_id')
    .select(['a.id', 'a.title', 's.signed_day', 'su.name as unit_name', 'p.name as person_name'])
    .where((eb) => currentInSubtree(eb, { path: 'u.path', archivedAt: 'a.archived_at' }, r.unitPath))
    .where('a.year', '=', year)
    .orderBy('a.issued_day')
    .orderBy('su.path')
    .orderBy('p.name')
    .execute();
  const agreements = await db
    .selectFrom('agreements as a')
    .innerJoin('units as u', 'u.id', 'a.unit_id')
    .select((eb) => eb.fn.countAll().as('n'))
    .where((eb) => currentInSubtree(eb, { path: 'u.path', archivedAt: 'a.archived_at' }, r.unitPath))
    .where('a.year', '=', year)
    .executeTakeFirstOrThrow();
  return {
    dutyItems: Number(items.n),
    unitsWithList: Number(items.units),
    agreements: Number(agreements.n),
    expectedSignatures: sigs.length,
    signed: sigs.filter((s) => s.signed_day).length,
    unsigned: sigs.filter((s) => !s.signed_day).map((s) => ({ agreement: s.title, signatory: s.unit_name ?? s.person_name ?? '' })),
  };
}

/** Duty-list entries of one unit (its own, not its subunits') for a year, for 工作方案's main tasks. */
export async function dutyItemsOf(db: Database, unitId: string, year: number) {
  return db
    .selectFrom('duty_items as d')
    .leftJoin('people as p', 'p.id', 'd.leader_person_id')
    .select(['d.id', 'd.content', 'd.category', 'd.departments_text', 'd.basis', 'p.name as leader_name'])
    .where('d.unit_id', '=', unitId)
    .where('d.year', '=', year)
    .where('d.archived_at', 'is', null)
    .orderBy('d.sort_order')
    .orderBy('d.created_at')
    .execute();
}

/**
 * 责任书签订率 of dutyFigures (signed / expected signatures of the year's 责任书 issued in the
 * subtree) for many units at once: one grouped query, rolled up to each unit's subtree.
 */
export async function signingRateMany(db: Database, units: BatchUnit[], r: DayRange): Promise<Map<string, number | null>> {
  const rows = await db.selectFrom('agreement_signatories as s').innerJoin('agreements as a', 'a.id', 's.agreement_id').innerJoin('units as u', 'u.id', 'a.unit_id')
    .select(['u.path', (eb) => eb.fn.countAll().as('n'), sql<number>`sum(case when s.signed_day is not null then 1 else 0 end)`.as('signed')])
    .where('a.archived_at', 'is', null).where((eb) => inAnySubtree(eb, 'u.path', units)).where('a.year', '=', Number(r.to.slice(0, 4)))
    .groupBy('u.path').execute();
  const expected = rollUp(units, rows, (x) => Number(x.n));
  const signed = rollUp(units, rows, (x) => Number(x.signed));
  return new Map(units.map((u) => [u.id, expected.get(u.id)! > 0 ? signed.get(u.id)! / expected.get(u.id)! : null]));
}

/** The expected signatures dutyFigures counts (the year's 责任书 of the subtree), for the pack by checklist item. */
export async function signatoryIds(db: Database, r: Range): Promise<string[]> {
  const rows = await db.selectFrom('agreement_signatories as s').innerJoin('agreements as a', 'a.id', 's.agreement_id').innerJoin('units as u', 'u.id', 'a.unit_id')
    .select('s.id').where((eb) => currentInSubtree(eb, { path: 'u.path', archivedAt: 'a.archived_at' }, r.unitPath)).where('a.year', '=', Number(r.to.slice(0, 4))).execute();
  return rows.map((x) => x.id);
}
