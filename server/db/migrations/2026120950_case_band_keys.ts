import { type Kysely, sql } from 'kysely';
import { dialectOf } from '../dialect';

/**
 * Province-scale intake (issue 16): smaller band rows, the same per-report subtree lookup.
 * - `case_unit_keys`: each unit's small integer code (given once, never changed) and its compact
 *   key, its ancestors' codes and its own in base 36, each followed by "/" (cases/unit-keys.ts).
 *   A subtree is one range of keys as it was one range of paths. Every unit gets one here, in
 *   path order (parents first).
 * - `case_event_bands` rebuilt: the band as an integer (the 9-hex-digit key read as a number:
 *   band number × 2³² + the band's 32-bit hash), the owner's key instead of its 139-character
 *   path, no `unit_id` (nothing reads it). On SQLite the table is `WITHOUT ROWID` keyed by the
 *   lookup's index (band, unit_key, event_id, case_id): the rows are stored once, not in a table
 *   and again in an index. No index on event_id (on SQLite it would carry the whole key again, as
 *   large as the table): closing an event deletes its rows by the key (cases/intake.ts
 *   removeEventBands, its reports' bands under its owner's key).
 * At a province's 1.6 million band rows the copy takes a while; the migration prints its progress.
 */
const HEX = '0123456789abcdef';

export async function up(db: Kysely<any>): Promise<void> {
  const pg = dialectOf(db) === 'postgres';
  const started = Date.now();
  await db.schema.createTable('case_unit_keys')
    .addColumn('unit_id', 'varchar(40)', (c) => c.primaryKey())
    .addColumn('code', 'integer', (c) => c.notNull().unique())
    .addColumn('unit_key', 'varchar(200)', (c) => c.notNull())
    .execute();
  const units = await db.selectFrom('units').select(['id', 'path']).orderBy('path').execute();
  const keyOf = new Map<string, string>();
  const rows: { unit_id: string; code: number; unit_key: string }[] = [];
  for (const u of units) {
    const ids = (u.path as string).split('/').filter(Boolean);
    const parent = ids.length > 1 ? keyOf.get(ids[ids.length - 2]) ?? '/' : '/';
    const code = rows.length + 1;
    const key = `${parent}${code.toString(36)}/`;
    keyOf.set(u.id, key);
    rows.push({ unit_id: u.id, code, unit_key: key });
  }
  for (let i = 0; i < rows.length; i += 1000) await db.insertInto('case_unit_keys').values(rows.slice(i, i + 1000)).execute();

  const n = Number((await sql<{ n: number }>`select count(*) as n from case_event_bands`.execute(db)).rows[0].n);
  if (n > 100_000) console.log(`case_event_bands: rebuilding ${n} band rows with integer bands and compact unit keys…`);
  await sql`alter table case_event_bands rename to case_event_bands_old`.execute(db);
  await db.schema.createTable('case_event_bands')
    .addColumn('band', 'bigint', (c) => c.notNull())
    .addColumn('unit_key', 'varchar(200)', (c) => c.notNull())
    .addColumn('event_id', 'varchar(40)', (c) => c.notNull().references('case_events.id'))
    .addColumn('case_id', 'varchar(40)', (c) => c.notNull().references('cases.id'))
    .addPrimaryKeyConstraint('case_event_bands_key', ['band', 'unit_key', 'event_id', 'case_id'])
    .$call((t) => (pg ? t : t.modifyEnd(sql`without rowid`)))
    .execute();
  // The hex key as a number: PostgreSQL reads it as a bit string; SQLite adds its digits' values.
  const band = pg
    ? sql`('x' || lpad(b.band, 16, '0'))::bit(64)::bigint`
    : sql.raw(Array.from({ length: 9 }, (_, i) => `((instr('${HEX}', substr(b.band, ${i + 1}, 1)) - 1) << ${4 * (8 - i)})`).join(' + '));
  await sql`insert into case_event_bands (band, unit_key, event_id, case_id)
    select ${band}, k.unit_key, b.event_id, b.case_id from case_event_bands_old b join case_unit_keys k on k.unit_id = b.unit_id`.execute(db);
  await db.schema.dropTable('case_event_bands_old').execute();
  if (n > 100_000) console.log(`case_event_bands: rebuilt in ${Date.now() - started} ms`);
}

export async function down(db: Kysely<any>): Promise<void> {
  const pg = dialectOf(db) === 'postgres';
  await sql`alter table case_event_bands rename to case_event_bands_new`.execute(db);
  await db.schema.createTable('case_event_bands')
    .addColumn('event_id', 'varchar(40)', (c) => c.notNull().references('case_events.id'))
    .addColumn('unit_id', 'varchar(40)', (c) => c.notNull().references('units.id'))
    .addColumn('band', 'varchar(16)', (c) => c.notNull())
    .addColumn('case_id', 'varchar(40)', (c) => c.notNull().references('cases.id'))
    .addColumn('unit_path', 'varchar(400)', (c) => c.notNull().defaultTo(''))
    .execute();
  const band = pg ? sql`lpad(to_hex(b.band), 9, '0')` : sql`printf('%09x', b.band)`;
  await sql`insert into case_event_bands (event_id, unit_id, band, case_id, unit_path)
    select b.event_id, e.unit_id, ${band}, b.case_id, u.path from case_event_bands_new b join case_events e on e.id = b.event_id join units u on u.id = e.unit_id`.execute(db);
  await db.schema.dropTable('case_event_bands_new').execute();
  await db.schema.createIndex('case_event_bands_event').on('case_event_bands').column('event_id').execute();
  await db.schema.createIndex('case_event_bands_band_path').on('case_event_bands').columns(['band', 'unit_path', 'event_id', 'case_id']).execute();
  await db.schema.dropTable('case_unit_keys').execute();
}
