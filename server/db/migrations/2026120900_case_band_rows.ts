import { type Kysely, sql } from 'kysely';
import { dialectOf } from '../dialect';

/**
 * Issue 16, intake: the band rows lose their copy of the owner's unit path. Intake now reads the
 * band rows of a whole batch at once and keeps each report's subtree in memory, taking the
 * owner's path from the event it joins anyway (`case_events.owner_path`, the same copy kept
 * current on unit moves), so the path (139 characters on average at province scale) was the
 * largest part of every row and of the index (band, unit_path, event_id, case_id) that every
 * report probes and writes at random places.
 *
 * SQLite: the table is rebuilt `WITHOUT ROWID`, keyed (band, case_id) (a report holds each band
 * once), so the rows are the index: no second copy. PostgreSQL: the column and its index go, an
 * index on (band, case_id, event_id) answers the lookup from the index alone.
 */
export async function up(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) === 'postgres') {
    await db.schema.dropIndex('case_event_bands_band_path').execute();
    await db.schema.alterTable('case_event_bands').dropColumn('unit_path').execute();
    await db.schema.createIndex('case_event_bands_band_case').on('case_event_bands').columns(['band', 'case_id', 'event_id']).execute();
    return;
  }
  await db.schema.createTable('case_event_bands_new')
    .addColumn('band', 'varchar(16)', (c) => c.notNull())
    .addColumn('case_id', 'varchar(40)', (c) => c.notNull().references('cases.id'))
    .addColumn('event_id', 'varchar(40)', (c) => c.notNull().references('case_events.id'))
    .addColumn('unit_id', 'varchar(40)', (c) => c.notNull().references('units.id'))
    .addPrimaryKeyConstraint('case_event_bands_pk', ['band', 'case_id'])
    .modifyEnd(sql`without rowid`)
    .execute();
  await sql`insert or ignore into case_event_bands_new (band, case_id, event_id, unit_id) select band, case_id, event_id, unit_id from case_event_bands order by band, case_id`.execute(db);
  await db.schema.dropTable('case_event_bands').execute();
  await db.schema.alterTable('case_event_bands_new').renameTo('case_event_bands').execute();
  await db.schema.createIndex('case_event_bands_event').on('case_event_bands').column('event_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) === 'postgres') {
    await db.schema.dropIndex('case_event_bands_band_case').execute();
    await db.schema.alterTable('case_event_bands').addColumn('unit_path', 'varchar(400)', (c) => c.notNull().defaultTo('')).execute();
  } else {
    // The table as migrations 2026120601 and 2026120850 left it (a rowid table, the path last).
    await db.schema.createTable('case_event_bands_old')
      .addColumn('event_id', 'varchar(40)', (c) => c.notNull().references('case_events.id'))
      .addColumn('unit_id', 'varchar(40)', (c) => c.notNull().references('units.id'))
      .addColumn('band', 'varchar(16)', (c) => c.notNull())
      .addColumn('case_id', 'varchar(40)', (c) => c.notNull().references('cases.id'))
      .addColumn('unit_path', 'varchar(400)', (c) => c.notNull().defaultTo(''))
      .execute();
    await sql`insert into case_event_bands_old (event_id, unit_id, band, case_id) select event_id, unit_id, band, case_id from case_event_bands`.execute(db);
    await db.schema.dropTable('case_event_bands').execute();
    await db.schema.alterTable('case_event_bands_old').renameTo('case_event_bands').execute();
    await db.schema.createIndex('case_event_bands_event').on('case_event_bands').column('event_id').execute();
  }
  await sql`update case_event_bands set unit_path = (select u.path from units u where u.id = case_event_bands.unit_id)`.execute(db);
  await db.schema.createIndex('case_event_bands_band_path').on('case_event_bands').columns(['band', 'unit_path', 'event_id', 'case_id']).execute();
}
