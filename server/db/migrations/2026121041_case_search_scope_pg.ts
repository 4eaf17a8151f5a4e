import { type Kysely, sql } from 'kysely';
import { dialectOf } from '../dialect';

/**
 * A unit's search at a province's million events on PostgreSQL (issue 16). The GIN index over the
 * events' terms (`case_events_fts`) answers a county's search with the whole province's matches (a
 * common word: some 95,000 rows), of which the county's are then kept: 190–535 ms. As SQLite's
 * search rows do (migration 2026120940_case_search_scope), this index holds with each event's terms
 * a token per unit on its handling unit's path (`u` + the unit id without hyphens, cases/intake.ts
 * `scopeOfPath`), so a subtree's search asks for its root's token with the words and reads only its
 * own matches. Being an expression of `handler_path`, the tokens follow a handling step or a unit's
 * move with no writing of their own.
 *
 * The expression must stay the same text as search.ts `scopedVector` (PostgreSQL reads an expression
 * index only for the same expression; test/api/cases-scale.test.ts checks the plan). The whole tree's
 * search keeps `case_events_fts`. SQLite: nothing.
 * Built inside the migration's transaction (a plain CREATE INDEX, which holds off writes to
 * case_events while it builds); at a province's size build it beforehand with CONCURRENTLY
 * (docs/operations.md "Upgrade"), and the migration finds it.
 */
export async function up(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) !== 'postgres') return;
  await sql`create index if not exists case_events_fts_scope on case_events
    using gin (to_tsvector('simple', search_terms || ' ' || ('u' || replace(replace(trim(handler_path, '/'), '-', ''), '/', ' u'))))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) !== 'postgres') return;
  await sql`drop index if exists case_events_fts_scope`.execute(db);
}
