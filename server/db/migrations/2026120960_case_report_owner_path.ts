import { type Kysely, sql } from 'kysely';
import { dialectOf } from '../dialect';

/**
 * A county's year figures at a province's million events (issue 16): the reports received in the
 * period by source were counted through the subtree's events, probing `cases_event_source` once
 * for every event the subtree ever had (a county: some 10,000 probes for 5,000 reports of a year).
 * Each report now keeps a copy of its event's owner unit's path while that event is current
 * (`current_owner_path`; null while the event is archived), declared in the cases module's
 * `unitPathCopies` so that a unit move rewrites it. `cases_current_owner` (current_owner_path,
 * received_at, source) then makes the count one range of an index, read from the index alone.
 * Kept by intake (the event's owner path; an event a report joins is never archived) and by
 * archive/restore (cases/service.ts `setArchived`), each in its write's transaction; no other
 * write moves a report to another event or an event to another owner.
 *
 * SQLite fills the column in slices and prints its progress at a million reports. On PostgreSQL
 * docs/operations.md ("Upgrade") has the statements to run beforehand (the column, its values in
 * slices, the index CONCURRENTLY); this migration then keeps what it finds and fills the rest.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = dialectOf(db) === 'postgres';
  const present = pg
    ? (await sql<{ name: string }>`select column_name as name from information_schema.columns where table_name = 'cases' and table_schema = current_schema()`.execute(db)).rows
    : (await sql<{ name: string }>`select name from pragma_table_info('cases')`.execute(db)).rows;
  if (!present.some((c) => c.name === 'current_owner_path')) {
    await db.schema.alterTable('cases').addColumn('current_owner_path', 'varchar(1000)', (c) => c.modifyEnd(pg ? sql`collate "C"` : sql``)).execute();
  }
  const started = Date.now();
  const fill = sql`current_owner_path = (select e.owner_path from case_events e where e.id = cases.event_id and e.archived_at is null)`;
  if (pg) {
    await sql`update cases set ${fill} where current_owner_path is distinct from (select e.owner_path from case_events e where e.id = cases.event_id and e.archived_at is null)`.execute(db);
  } else {
    const max = Number((await sql<{ n: number | null }>`select max(rowid) as n from cases`.execute(db)).rows[0].n ?? 0);
    const SLICE = 100_000;
    for (let from = 0; from <= max; from += SLICE) {
      await sql`update cases set ${fill} where rowid > ${from} and rowid <= ${from + SLICE}`.execute(db);
      if (max > SLICE) console.log(`cases: owner paths copied up to row ${Math.min(from + SLICE, max)} of ${max} in ${Date.now() - started} ms`);
    }
  }
  await sql`create index if not exists cases_current_owner on cases (current_owner_path, received_at, source)`.execute(db);
  const ms = Date.now() - started;
  if (ms > 2_000) console.log(`cases: cases_current_owner built in ${ms} ms`);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('cases_current_owner').execute();
  await db.schema.alterTable('cases').dropColumn('current_owner_path').execute();
}
