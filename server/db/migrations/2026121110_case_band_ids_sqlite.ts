import { type Kysely, sql } from 'kysely';
import { dialectOf } from '../dialect';

/**
 * SQLite intake at a province's scale (issue 16): the band rows (`case_event_bands`, about 12 a
 * report, 1.6 million at a province) hold their event and case ids as the uuid's 16 bytes (a blob)
 * instead of its 36 characters. A row is about 65 bytes instead of about 110, the band index about
 * 40% smaller; a list of intake writes its ~6,000 band rows on fewer pages, and its commit copies
 * fewer (bench/README.md, issue 16, bandsql: the band rows' insert and commit about a fifth less).
 * Ids that are not a lower-case uuid stay text (cases/band-ids.ts reads and writes both).
 *
 * The rebuilt table has no foreign keys, as on PostgreSQL since 2026121090 (read why there): a
 * blob id cannot reference a text id, and what the keys guarded the code holds (band rows are
 * written only by intake, in the transaction that writes their event and report; events and
 * reports are never deleted; closing an event deletes its band rows).
 *
 * PostgreSQL: nothing. Its band rows are a heap and a separate index (the rows' layout there is
 * other work of the same issue, and 2026121090 already took its keys off).
 *
 * The copy goes band number by band number (16 slices, each in the key's order); at a province it
 * takes tens of seconds and prints its progress.
 */
const HEX = '[0-9a-f]';
/** The ids stored as bytes: a uuid in its usual lower-case form, as cases/band-ids.ts `bandId` decides. */
const UUID_GLOB = [8, 4, 4, 4, 12].map((n) => HEX.repeat(n)).join('-');
const asBytes = (col: string) => `(case when ${col} glob '${UUID_GLOB}' then unhex(replace(${col}, '-', '')) else ${col} end)`;
/** Back to text (down): a blob's 16 bytes in the uuid's usual form; a text id as it is. Written here, not imported: a migration stays as it ran. */
const asText = (col: string) => {
  const h = `lower(hex(${col}))`;
  return `(case when typeof(${col}) = 'blob' then substr(${h}, 1, 8) || '-' || substr(${h}, 9, 4) || '-' || substr(${h}, 13, 4) || '-' || substr(${h}, 17, 4) || '-' || substr(${h}, 21) else ${col} end)`;
};
const SLICES = 16;

async function copy(db: Kysely<any>, from: string, select: string) {
  const n = Number((await sql<{ n: number }>`select count(*) as n from ${sql.table(from)}`.execute(db)).rows[0].n);
  const loud = n > 100_000;
  const started = Date.now();
  if (loud) console.log(`case_event_bands: rewriting ${n} band rows' ids…`);
  for (let i = 0; i < SLICES; i++) {
    // The band's top bits are its number (0–15): each slice one run of the key; the last takes anything above.
    const lo = i * 2 ** 32;
    const hi = i === SLICES - 1 ? Number.MAX_SAFE_INTEGER : (i + 1) * 2 ** 32;
    await sql.raw(`insert into case_event_bands (band, unit_key, event_id, case_id)
      select ${select} from ${from} b where b.band >= ${i === 0 ? -Number.MAX_SAFE_INTEGER : lo} and b.band < ${hi} order by b.band, b.unit_key, b.event_id, b.case_id`).execute(db);
    if (loud) console.log(`case_event_bands: ${i + 1}/${SLICES} of the bands, ${Math.round((Date.now() - started) / 1000)} s`);
  }
}

export async function up(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) === 'postgres') return;
  await sql`alter table case_event_bands rename to case_event_bands_text`.execute(db);
  await sql`create table case_event_bands (band integer not null, unit_key varchar(200) not null, event_id blob not null, case_id blob not null,
    constraint case_event_bands_key primary key (band, unit_key, event_id, case_id)) without rowid`.execute(db);
  await copy(db, 'case_event_bands_text', `b.band, b.unit_key, ${asBytes('b.event_id')}, ${asBytes('b.case_id')}`);
  await sql`drop table case_event_bands_text`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) === 'postgres') return;
  await sql`alter table case_event_bands rename to case_event_bands_bytes`.execute(db);
  // As 2026120950 made it: text ids, each a foreign key.
  await db.schema.createTable('case_event_bands')
    .addColumn('band', 'bigint', (c) => c.notNull())
    .addColumn('unit_key', 'varchar(200)', (c) => c.notNull())
    .addColumn('event_id', 'varchar(40)', (c) => c.notNull().references('case_events.id'))
    .addColumn('case_id', 'varchar(40)', (c) => c.notNull().references('cases.id'))
    .addPrimaryKeyConstraint('case_event_bands_key', ['band', 'unit_key', 'event_id', 'case_id'])
    .modifyEnd(sql`without rowid`)
    .execute();
  await copy(db, 'case_event_bands_bytes', `b.band, b.unit_key, ${asText('b.event_id')}, ${asText('b.case_id')}`);
  await sql`drop table case_event_bands_bytes`.execute(db);
}
