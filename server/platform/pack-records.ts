/**
 * Helpers for a module's inspection-pack sources (module.ts `packSources`): the live records of
 * one of its tables whose day lies in the pack's period, and a title clipped for the index.
 */
import type { Database } from '../db';
import type { UnitPeriod } from './period';
import { inSubtreeOf } from './scope';

type Dated = 'tasks' | 'rectifications' | 'risk_assessments' | 'ledger_entries';

/** Live records of `table` in the subtree whose `day` column lies in the period, oldest first, with a title column and their unit's name. */
export function recordsInPeriod(db: Database, table: Dated, day: string, title: string, s: UnitPeriod) {
  return db
    .selectFrom(`${table} as x` as 'tasks as x')
    .innerJoin('units as u', 'u.id', 'x.unit_id')
    .select((eb) => ['x.id', eb.ref(`x.${day}` as 'x.start_day').as('day'), eb.ref(`x.${title}` as 'x.title').as('title'), 'u.name'])
    .where((eb) => inSubtreeOf(eb, 'u.path', s.unitPath))
    .where('x.archived_at', 'is', null)
    .where(`x.${day}` as 'x.start_day', '>=', s.from)
    .where(`x.${day}` as 'x.start_day', '<=', s.to)
    .orderBy(`x.${day}` as 'x.start_day');
}

/** A record's text as the pack's index names it: at most `n` characters. */
export const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n)}…` : s);
