import { sql, type RawBuilder } from 'kysely';

/**
 * How `case_event_bands` holds its event and case ids (issue 16, SQLite intake; migration
 * 2026121110_case_band_ids_sqlite): on SQLite an id that is a uuid in its usual form (36
 * characters, lower-case hex) is stored as its 16 bytes, a blob; any other id (none is made so
 * today: ids are uuid v7, platform/ids.ts) as its text. A band row is then about 60 bytes instead
 * of about 100, the band index about 40% smaller. PostgreSQL keeps the text (its band table is not
 * rebuilt: there the rows are in a heap with a separate index, other work).
 *
 * Every reader and writer of the band rows' ids goes through these: `bandId` to bind an id,
 * `idOfBand` to read one back in JavaScript, `bandIdText` to compare one with a text id in SQL.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The value stored for an id on this dialect: its 16 bytes on SQLite when it is a lower-case uuid, else the text. */
export function bandId(id: string, pg: boolean): string | Buffer {
  if (pg || id.length !== 36 || !UUID.test(id)) return id;
  return Buffer.from(id.slice(0, 8) + id.slice(9, 13) + id.slice(14, 18) + id.slice(19, 23) + id.slice(24), 'hex');
}

/** An id as read from a band row (a blob of 16 bytes, or text) back in its text form. */
export function idOfBand(v: string | Uint8Array): string {
  if (typeof v === 'string') return v;
  const h = Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** SQLite: the text form of a band row's id column (`col` a trusted column reference such as `b.event_id`), to join it to the id it names. */
function bandIdTextSql(col: string): string {
  const h = `lower(hex(${col}))`;
  return `(case when typeof(${col}) = 'blob' then substr(${h}, 1, 8) || '-' || substr(${h}, 9, 4) || '-' || substr(${h}, 13, 4) || '-' || substr(${h}, 17, 4) || '-' || substr(${h}, 21) else ${col} end)`;
}
export const bandIdText = (col: string): RawBuilder<string> => sql.raw(bandIdTextSql(col));

/**
 * The tables that hold band rows on this dialect: on SQLite also the recent rows not yet merged
 * (migration 2026121130, intake.ts mergeRecentBands). A writer that deletes or rewrites band rows
 * goes through every one of them.
 */
export function bandTables(pg: boolean): readonly ('case_event_bands' | 'case_event_bands_recent')[] {
  return pg ? ['case_event_bands'] : ['case_event_bands', 'case_event_bands_recent'];
}
