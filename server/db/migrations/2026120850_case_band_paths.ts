import { type Kysely, sql } from 'kysely';

/**
 * Issue 16: each band row keeps its event owner's unit path, so intake's lookup of a report's
 * bands in a subtree is one index range per band, (band, unit_path), instead of one probe per
 * unit and band (a county's subtree is hundreds of units: thousands of probes per report).
 * Kept current when a unit moves through the cases module's `unitPathCopies`.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('case_event_bands').addColumn('unit_path', 'varchar(400)', (c) => c.notNull().defaultTo('')).execute();
  await sql`update case_event_bands set unit_path = (select u.path from units u where u.id = case_event_bands.unit_id)`.execute(db);
  await db.schema.dropIndex('case_event_bands_band').execute();
  await db.schema.createIndex('case_event_bands_band_path').on('case_event_bands').columns(['band', 'unit_path', 'event_id', 'case_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('case_event_bands_band_path').execute();
  await db.schema.createIndex('case_event_bands_band').on('case_event_bands').columns(['unit_id', 'band', 'event_id', 'case_id']).execute();
  await db.schema.alterTable('case_event_bands').dropColumn('unit_path').execute();
}
