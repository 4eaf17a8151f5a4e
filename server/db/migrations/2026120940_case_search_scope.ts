import { type Kysely, sql } from 'kysely';
import { dialectOf } from '../dialect';

/**
 * Search under a unit at a province's million events (issue 16). SQLite's full-text index
 * (`case_fts`) knew nothing of units: a county's search read every match in the province (a
 * common word: some 100,000 rows) and tested each against the county's events. Each FTS row now
 * also holds, in a `scope` column, a token per unit on its event's handling unit's path (`u` +
 * the unit id without hyphens, cases/intake.ts `scopeOfPath`), so the MATCH itself keeps a
 * subtree: `terms : ("垃圾") AND scope : "u<county id>"`. The handler's path is what visibility
 * turns on (a subtree sees an event when its handling unit lies in it); the scope follows it in
 * the same transaction when a handling step changes the unit (cases/service.ts) and when a unit
 * moves (cases' unitPathCopies `rewritten`).
 *
 * FTS5 has no ALTER TABLE ADD COLUMN: the table is rebuilt from its own rows (rowids kept, so
 * case_fts_rows still names each event's row). At a million events this takes about a minute;
 * the migration prints its progress. PostgreSQL's search (a GIN index over the event's terms) is
 * unchanged.
 */
export async function up(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) !== 'sqlite') return;
  const started = Date.now();
  const n = Number((await sql<{ n: number }>`select count(*) as n from case_fts_rows`.execute(db)).rows[0].n);
  if (n > 10_000) console.log(`case_fts: rebuilding ${n} search rows with their handling unit…`);
  await sql`alter table case_fts rename to case_fts_unscoped`.execute(db);
  await sql`create virtual table case_fts using fts5(terms, scope, event_id unindexed, tokenize = 'unicode61')`.execute(db);
  // cases/intake.ts scopeOfPath, in SQL: '/a-b/c-d/' → 'uab ucd'.
  await sql`insert into case_fts (rowid, terms, scope, event_id)
    select f.rowid, f.terms, 'u' || replace(replace(trim(e.handler_path, '/'), '-', ''), '/', ' u'), f.event_id
      from case_fts_unscoped f join case_events e on e.id = f.event_id`.execute(db);
  await sql`drop table case_fts_unscoped`.execute(db);
  if (n > 10_000) console.log(`case_fts: rebuilt in ${Date.now() - started} ms`);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) !== 'sqlite') return;
  await sql`alter table case_fts rename to case_fts_scoped`.execute(db);
  await sql`create virtual table case_fts using fts5(terms, event_id unindexed, tokenize = 'unicode61')`.execute(db);
  await sql`insert into case_fts (rowid, terms, event_id) select rowid, terms, event_id from case_fts_scoped`.execute(db);
  await sql`drop table case_fts_scoped`.execute(db);
}
