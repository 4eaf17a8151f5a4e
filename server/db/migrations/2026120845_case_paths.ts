import { type Kysely, sql } from 'kysely';
import { dialectOf } from '../dialect';

/**
 * The case list in index order (issue 16). Each event keeps a copy of its owner unit's path
 * (`owner_path`) and of its handling unit's path (`handler_path`), declared in the cases module's
 * `unitPathCopies` so that moving a unit rewrites them. A unit's subtree is then one range on an
 * index that also holds the list's sort keys and filters, instead of one lookup per unit and a
 * read of every event row:
 * - `case_events_list` (handler_path, status, archived_at, first_received_at, id, level, category):
 *   a subtree's list, its count and its filters read from the index alone (a handling unit lies in its
 *   owner's subtree, so the handler's path is in every subtree that sees the event);
 * - `case_events_order` on the list order itself (open first, newest first): the top of the tree
 *   reads its first page as the first rows of this index;
 * - `case_events_owner` (owner_path, first_received_at): a subtree's events of a period, for figures.
 *
 * On PostgreSQL a million-event table takes tens of seconds per index, inside the migration's
 * transaction: docs/operations.md ("Upgrade") has the statements to run with CONCURRENTLY
 * beforehand, which this migration then finds in place (`if not exists`).
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = dialectOf(db) === 'postgres';
  const collate = pg ? sql`collate "C"` : sql``;
  // A column added by hand beforehand (docs/operations.md, "Upgrade") is kept.
  const present = pg
    ? (await sql<{ name: string }>`select column_name as name from information_schema.columns where table_name = 'case_events' and table_schema = current_schema()`.execute(db)).rows
    : (await sql<{ name: string }>`select name from pragma_table_info('case_events')`.execute(db)).rows;
  for (const column of ['owner_path', 'handler_path']) {
    if (present.some((c) => c.name === column)) continue;
    await db.schema.alterTable('case_events').addColumn(column, 'varchar(1000)', (c) => c.notNull().defaultTo('').modifyEnd(collate)).execute();
  }
  const started = Date.now();
  await sql`update case_events set
      owner_path = (select path from units where units.id = case_events.unit_id),
      handler_path = (select path from units where units.id = case_events.handling_unit_id)`.execute(db);
  const n = (await sql<{ n: number | string }>`select count(*) as n from case_events`.execute(db)).rows[0].n;
  if (Number(n) > 10_000) console.log(`case_events: ${n} unit paths copied in ${Date.now() - started} ms; building indexes…`);
  await sql`create index if not exists case_events_list on case_events (handler_path, status, archived_at, first_received_at, id, level, category)`.execute(db);
  await sql`create index if not exists case_events_order on case_events ((case when status = 'closed' then 1 else 0 end), first_received_at desc, id desc, archived_at, handler_path)`.execute(db);
  await sql`create index if not exists case_events_owner on case_events (owner_path, first_received_at)`.execute(db);
  if (Number(n) > 10_000) console.log(`case_events: indexes built in ${Date.now() - started} ms`);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const index of ['case_events_owner', 'case_events_order', 'case_events_list']) await db.schema.dropIndex(index).execute();
  await db.schema.alterTable('case_events').dropColumn('handler_path').execute();
  await db.schema.alterTable('case_events').dropColumn('owner_path').execute();
}

