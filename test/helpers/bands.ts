import { sql } from 'kysely';
import { dialectName } from './app';

/**
 * Every band row, wherever intake keeps it: on SQLite `case_event_bands` and the recent rows not
 * yet merged into it (`case_event_bands_recent`, migration 2026121130, cases/intake.ts
 * mergeRecentBands); on PostgreSQL the one table. For a test's own reading of the index.
 */
export const allBandRows = () => (dialectName === 'postgres'
  ? sql.raw('case_event_bands')
  : sql.raw('(select band, unit_key, event_id, case_id from case_event_bands union all select band, unit_key, event_id, case_id from case_event_bands_recent)'));
