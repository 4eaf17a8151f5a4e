import { type Kysely, sql } from 'kysely';
import { dialectOf } from '../dialect';

/**
 * Intake at a province's scale on PostgreSQL (issue 16): the band rows (`case_event_bands`, the
 * near-duplicate lookup's index, about 12 rows a report) lose their two foreign keys, to
 * `case_events` and `cases`. PostgreSQL checks a foreign key row by row with a query of its own
 * that also locks the referenced row (`for key share`, which writes the row's header): two such
 * queries for every band row, 24 a report, where the event and the report were written a moment
 * before by the same transaction. Inserting a list's ~6,000 band rows took 2–3 times as long
 * with the checks as without (bench/README.md, issue 16, pgintake).
 *
 * What the keys guarded, the code holds: band rows are written only by intake (cases/intake.ts),
 * in the transaction that writes their event and report; events and reports are never deleted;
 * closing an event deletes its band rows (removeEventBands). And a band row whose event were
 * missing would still change no answer: the lookup joins the rows to their open events.
 *
 * SQLite: nothing. There a key is checked by a probe of the parent's primary key in the same
 * process (pages just written, in its cache), and dropping one rebuilds the table, millions of rows
 * at a province.
 */
export async function up(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) !== 'postgres') return;
  const keys = await sql<{ name: string }>`select conname as name from pg_constraint where conrelid = 'case_event_bands'::regclass and contype = 'f'`.execute(db);
  for (const { name } of keys.rows) await sql`alter table case_event_bands drop constraint ${sql.id(name)}`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) !== 'postgres') return;
  // Checked against every row (a scan of the band table: seconds at a province).
  await sql`alter table case_event_bands add constraint case_event_bands_event_id_fkey1 foreign key (event_id) references case_events (id)`.execute(db);
  await sql`alter table case_event_bands add constraint case_event_bands_case_id_fkey1 foreign key (case_id) references cases (id)`.execute(db);
}
