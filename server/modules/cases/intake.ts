/**
 * Intake: every way a report arrives (staff, liaison, public page, import, accepted clue)
 * ends here. The report's MinHash bands are looked up in the index of open events of the unit's
 * subtree (case_event_bands, and on SQLite its recent rows not yet merged, case_event_bands_recent:
 * a few keys, not a scan of every open event); each candidate
 * report is then compared exactly (server/text/minhash.ts), and the report joins the event of
 * the best one that passes the grouping threshold, otherwise it starts a new event.
 */
import { randomInt } from 'node:crypto';
import { type Insertable, sql } from 'kysely';
import { type CaseSource, type CaseVia, DEFAULT_TRIAGE_CLOCK, type IntakeResult } from '../../../common/cases';
import type { Database } from '../../db';
import { hotStatement, inChunks, inSlices, insertInChunks, placeholders } from '../../db/batch';
import type { DB } from '../../db/schema';
import { dialectOf } from '../../db/dialect';
import { sealText } from '../../platform/personal-data';
import { type AuditEntry, writeAudits } from '../../platform/audit';
import type { Ctx } from '../../platform/context';
import { newId, nowIso } from '../../platform/ids';
import { subtreeUpperBound } from '../../platform/scope';
import { normaliseForSearch } from '../../text/normalise';
import { searchTerms } from '../../text/segment';
import { bandKeys, distanceOf, minhash, minScore, type Profile, profile, profileAndPrint, similarity } from '../../text/minhash';
import { emitEvents, type WorkEvent } from '../../platform/events';
import { WorkCalendar } from '../../platform/calendar';
import { clockDue, getCaseSettings } from './settings';
import { INTAKE_LOCK_KEY, unitKeysOf } from './unit-keys';
import { bandId, bandTables, idOfBand } from './band-ids';

export interface IntakeInput {
  unit: { id: string; path: string; name: string };
  source: CaseSource;
  via: CaseVia;
  receivedAt: string;
  title: string;
  content: string;
  channel?: string | null;
  url?: string | null;
  contact?: string | null;
  clueId?: string | null;
  /** Public submissions get a tracking code. */
  withTrackingCode?: boolean;
}

/** Search terms of a text, space-separated (jieba, search mode, on the normalised text). */
export function termsOf(text: string): string[] {
  return searchTerms(normaliseForSearch(text));
}

export function mergeTerms(existing: string, added: string[]): string {
  const set = new Set(existing.split(' ').filter(Boolean));
  for (const t of added) set.add(t);
  return [...set].join(' ');
}

// Crockford base32 without I, L, O, U: read aloud or copied from a phone without confusion.
const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** 12 characters = 60 random bits: guessing a valid code is hopeless at any rate the page allows. */
export function newTrackingCode(): string {
  let s = '';
  for (let i = 0; i < 12; i++) s += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return `${s.slice(0, 4)}-${s.slice(4, 8)}-${s.slice(8)}`;
}

/**
 * The search row's scope of a handling unit's path (migration 2026120940_case_search_scope): a
 * token per unit on the path, `u` + the unit id without its hyphens (one token for FTS5's
 * tokenizer), so that a subtree's search names one token. SCOPE_OF_PATH writes the same in SQL.
 */
export function scopeOfPath(path: string): string {
  return path.split('/').filter(Boolean).map((id) => `u${id.replace(/-/g, '')}`).join(' ');
}

/** scopeOfPath in SQL, over a path column (SQLite's search rows; PostgreSQL's index case_events_fts_scope, search.ts scopedMatch). */
export const scopeOfPathSql = (column: string) => sql.raw(`'u' || replace(replace(trim(${column}, '/'), '-', ''), '/', ' u')`);

/** A handling step moved the event to another unit: its search row's scope follows, in the step's transaction (SQLite). */
export async function rescopeFts(trx: Database, eventId: string, handlerPath: string) {
  if (dialectOf(trx) === 'postgres') return;
  await sql`update case_fts set scope = ${scopeOfPath(handlerPath)} where rowid = (select id from case_fts_rows where event_id = ${eventId})`.execute(trx);
}

/** A unit moved (Module.unitPathCopies): the search rows of the events handled in its subtree take their new handler paths (SQLite). */
export async function rescopeFtsUnder(trx: Database, path: string) {
  if (dialectOf(trx) === 'postgres') return;
  await sql`update case_fts set scope = (select ${scopeOfPathSql('e.handler_path')} from case_fts_rows r join case_events e on e.id = r.event_id where r.id = case_fts.rowid)
    where rowid in (select r.id from case_fts_rows r join case_events e on e.id = r.event_id where e.handler_path >= ${path} and e.handler_path < ${subtreeUpperBound(path)})`.execute(trx);
}

/** The search rows of events whose terms a batch set (SQLite; PostgreSQL's GIN index follows case_events.search_terms). */
export async function writeFtsMany(trx: Database, events: { eventId: string; terms: string; isNew: boolean }[]) {
  if (dialectOf(trx) === 'postgres' || !events.length) return;
  // case_fts_rows names the FTS row of each event: replacing the terms is a delete by rowid, not a scan.
  const rowIds = new Map<string, number>();
  const old = events.filter((e) => !e.isNew).map((e) => e.eventId);
  for (let i = 0; i < old.length; i += 500) {
    const found = await sql<{ id: number; event_id: string }>`select id, event_id from case_fts_rows where event_id in (${sql.join(old.slice(i, i + 500))})`.execute(trx);
    for (const r of found.rows) rowIds.set(r.event_id, r.id);
  }
  const replaced = [...rowIds.values()];
  for (let i = 0; i < replaced.length; i += 500) await sql`delete from case_fts where rowid in (${sql.join(replaced.slice(i, i + 500))})`.execute(trx);
  const fresh = events.filter((e) => !rowIds.has(e.eventId)).map((e) => e.eventId);
  for (let i = 0; i < fresh.length; i += 500) {
    const made = await sql<{ id: number; event_id: string }>`insert into case_fts_rows (event_id) values ${sql.join(fresh.slice(i, i + 500).map((id) => sql`(${id})`))} returning id, event_id`.execute(trx);
    for (const r of made.rows) rowIds.set(r.event_id, r.id);
  }
  for (let i = 0; i < events.length; i += 500) {
    // With the scope of its handling unit's path (scopeOfPath; the event rows are written by now).
    const values = events.slice(i, i + 500).map((e) => sql`(${rowIds.get(e.eventId)!}, ${e.terms}, ${e.eventId})`);
    await sql`insert into case_fts (rowid, terms, scope, event_id)
      select v.column1, v.column2, ${scopeOfPathSql('e.handler_path')}, v.column3 from (values ${sql.join(values)}) v join case_events e on e.id = v.column3`.execute(trx);
  }
}

/** Candidates compared exactly at most: those sharing the most bands (the likeliest) first. */
const MAX_CANDIDATES = 200;

type Near = { eventId: string; score: number; distance: number };

/**
 * What a batch has written so far but not yet sent to the database: its reports' band rows and
 * texts are looked up beside the stored ones, so a report joins an event an earlier report of
 * the same batch started exactly as if each had been written at once.
 */
class Pending {
  readonly bands = new Map<number, { caseId: string; unitKey: string }[]>();
  readonly texts = new Map<string, { eventId: string; profile: Profile }>();

  addReport(caseId: string, eventId: string, p: Profile, unitKey: string, bands: number[] | null) {
    this.texts.set(caseId, { eventId, profile: p });
    for (const band of bands ?? []) {
      const rows = this.bands.get(band);
      if (rows) rows.push({ caseId, unitKey });
      else this.bands.set(band, [{ caseId, unitKey }]);
    }
  }
}

/** A report's band keys as the band rows hold them: each 9-hex-digit key read as a number (band number × 2³² + its hash). */
export const bandNumbers = (keys: string[]) => keys.map((key) => Number.parseInt(key, 16));

/**
 * The stored band rows of a batch's lookups, one statement for up to BAND_CHUNK (band, subtree) ranges:
 * each range is read on the primary key (band, unit_key, …) exactly as one report's lookup read
 * it, open events only. Chunks of 1,024, 512, … 1 ranges: a few statement texts, each prepared once.
 */
const BAND_CHUNK = 1024;
const bandRanges = hotStatement<{ band: number | string; unit_key: string; event_id: string | Uint8Array; case_id: string | Uint8Array }>((n) => `
  with q (band, lo, hi) as (values ${Array(n).fill('(?, ?, ?)').join(', ')})
  select b.band, b.unit_key, b.event_id, b.case_id from q
    cross join case_event_bands b
   where b.band = q.band and b.unit_key >= q.lo and b.unit_key < q.hi
  union all
  select r.band, r.unit_key, r.event_id, r.case_id from q
    cross join case_event_bands_recent r
   where r.band = q.band and r.unit_key >= q.lo and r.unit_key < q.hi`);
/**
 * SQLite: which of the events the band rows named are open (not closed, not archived), n at a time. The rows' ids are bytes
 * (band-ids.ts): checked once per distinct event here, by its text id, instead of joining each row to its event through
 * the bytes' text form (about 3 µs a row, a third more lookup time at the issue's shape: bench/README.md, bandsql).
 */
const openEvents = hotStatement<{ id: string }>((n) => `select id from case_events where id in (${placeholders(n)}) and status <> 'closed' and archived_at is null`);
/**
 * PostgreSQL: the ranges as three arrays (band, lo, hi), one statement text whatever their number and one statement
 * for a list's lookups (~8,000 ranges for 500 reports) where the `values` form took one per 1,024 ranges. The band
 * rows alone (an index-only scan of case_event_bands_key); which of their events are open is asked next, once per
 * distinct event (openEventsPg), not once per row: ~10,000 rows name ~5,000 events, and the probe of case_events' key
 * for each row was half the lookup's time (bench/README.md, pgintake3).
 */
const bandRangesPg = hotStatement<{ band: number | string; unit_key: string; event_id: string; case_id: string }>(() => `
  select b.band, b.unit_key, b.event_id, b.case_id from unnest(?::bigint[], ?::text[], ?::text[]) as q (band, lo, hi)
    inner join case_event_bands b on b.band = q.band and b.unit_key >= q.lo and b.unit_key < q.hi`);
/** PostgreSQL: which of the events the band rows named are open (not closed, not archived): the rows the join to case_events kept. */
const openEventsPg = hotStatement<{ id: string }>(() => `select id from case_events where id = any(?::varchar[]) and status <> 'closed' and archived_at is null`);
/** Ranges per statement of bandRangesPg (a list of 500 reports has ~8,000). */
const BAND_CHUNK_PG = 20_000;
const reportTexts = hotStatement<{ id: string; event_id: string; content: string }>((n) => `select id, event_id, content from cases where id in (${placeholders(n)})`);
const reportTextsPg = hotStatement<{ id: string; event_id: string; content: string }>(() => 'select id, event_id, content from cases where id = any(?::varchar[])');

/** What the stored index holds for a batch's lookups: each lookup's candidates, their texts, and the owner key of their events. */
export interface Stored {
  /** Per lookup, in the order given: the reports of open events sharing the most bands, by count, equal counts by case id descending, at most MAX_CANDIDATES. */
  lists: { caseId: string; n: number }[][];
  texts: Map<string, { eventId: string; content: string }>;
  /** An event's owner's compact key, as its band rows hold it (they are rewritten with case_unit_keys on a move). */
  ownerKeys: Map<string, string>;
}

/** PostgreSQL: the band rows of a batch's lookups, open events or not (storedCandidates keeps the open ones). */
export type PgBandRow = { band: number | string; unit_key: string; event_id: string; case_id: string };
export async function bandRowsPg(trx: Database, lookups: { unitKey: string; bands: number[] }[]): Promise<PgBandRow[]> {
  const found: PgBandRow[] = [];
  await inSlices(bandRangesOf(lookups, lookups.map((l) => [...new Set(l.bands)])), BAND_CHUNK_PG, async (chunk) => {
    for (const r of await bandRangesPg(trx, [chunk.map((x) => x[0]), chunk.map((x) => x[1]), chunk.map((x) => x[2])])) found.push(r);
  });
  return found;
}

/** The (band, lo, hi) ranges a batch's lookups read: each band's subtrees merged, so that no row is read twice. */
function bandRangesOf(lookups: { unitKey: string; bands: number[] }[], distinct: number[][]): [number, string, string][] {
  const wanted = new Map<number, [string, string][]>();
  lookups.forEach((l, i) => {
    const upper = subtreeUpperBound(l.unitKey);
    for (const band of distinct[i]) {
      const ranges = wanted.get(band);
      if (ranges) ranges.push([l.unitKey, upper]);
      else wanted.set(band, [[l.unitKey, upper]]);
    }
  });
  const ranges: [number, string, string][] = [];
  for (const [band, rs] of wanted) {
    rs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    let [lo, hi] = rs[0];
    for (const [l, h] of rs.slice(1)) {
      if (l <= hi) { if (h > hi) hi = h; } else { ranges.push([band, lo, hi]); [lo, hi] = [l, h]; }
    }
    ranges.push([band, lo, hi]);
  }
  // In the index's order (band, then key): each statement's probes walk the band index from left to right.
  ranges.sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  return ranges;
}

/**
 * The stored side of every lookup of a batch, read before grouping: nothing the batch does
 * changes what is stored until it writes, after grouping (its own reports are `Pending`).
 * The rows of each band are read once for the union of the batch's subtrees that look it up
 * (ranges merged, so no row is read twice), then each lookup counts, in memory, the rows of its
 * own bands in its own subtree, as the per-report statement did with
 * `group by case_id order by count(*) desc limit 200`. Equal counts go by case id, descending: the
 * order SQLite returned them in (grouped by case id, then sorted by count with ties last-in first),
 * which decides which of two equally near events a report joins; PostgreSQL's order was unspecified.
 */
export async function storedCandidates(trx: Database, lookups: { unitKey: string; bands: number[] }[], readPg?: Promise<PgBandRow[]>[]): Promise<Stored> {
  const pg = dialectOf(trx) === 'postgres';
  const distinct = lookups.map((l) => [...new Set(l.bands)]);
  const rows = new Map<number, { unitKey: string; caseId: string }[]>();
  const ownerKeys = new Map<string, string>();
  const add = (r: { band: number | string; unit_key: string }, eventId: string, caseId: string) => {
    const band = Number(r.band);
    const list = rows.get(band);
    if (list) list.push({ unitKey: r.unit_key, caseId });
    else rows.set(band, [{ unitKey: r.unit_key, caseId }]);
    ownerKeys.set(eventId, r.unit_key);
  };
  if (pg) {
    // The rows as intakeMany read them, part by part while the list's text work went on (a row the ranges of two parts
    // both cover is read twice, and counted once), or all at once here.
    const found: PgBandRow[] = [];
    const seen = readPg && readPg.length > 1 ? new Set<string>() : null;
    for (const part of readPg ?? [bandRowsPg(trx, lookups)]) {
      for (const r of await part) {
        if (seen) {
          const key = `${r.band} ${r.unit_key} ${r.event_id} ${r.case_id}`;
          if (seen.has(key)) continue;
          seen.add(key);
        }
        found.push(r);
      }
    }
    const open = new Set<string>();
    await inSlices([...new Set(found.map((r) => r.event_id))], BAND_CHUNK_PG, async (chunk) => {
      for (const r of await openEventsPg(trx, [chunk])) open.add(r.id);
    });
    for (const r of found) if (open.has(r.event_id)) add(r, r.event_id, r.case_id);
  } else {
    const ranges = bandRangesOf(lookups, distinct);
    // SQLite: every row of the ranges (ids as stored: a uuid's 16 bytes, band-ids.ts, read back as text), then only the
    // rows of open events kept: the same rows the join to case_events kept.
    const found: { band: number | string; unit_key: string; eventId: string; caseId: string }[] = [];
    await inChunks(ranges, BAND_CHUNK, async (chunk) => {
      for (const r of await bandRanges(trx, chunk.flat(), chunk.length)) found.push({ band: r.band, unit_key: r.unit_key, eventId: idOfBand(r.event_id), caseId: idOfBand(r.case_id) });
    });
    const open = new Set<string>();
    await inChunks([...new Set(found.map((r) => r.eventId))], 512, async (chunk) => {
      for (const r of await openEvents(trx, chunk, chunk.length)) open.add(r.id);
    });
    for (const r of found) if (open.has(r.eventId)) add(r, r.eventId, r.caseId);
  }
  const lists = lookups.map((l, i) => {
    const upper = subtreeUpperBound(l.unitKey);
    const n = new Map<string, number>();
    for (const band of distinct[i]) {
      for (const r of rows.get(band) ?? []) if (r.unitKey >= l.unitKey && r.unitKey < upper) n.set(r.caseId, (n.get(r.caseId) ?? 0) + 1);
    }
    return [...n].map(([caseId, count]) => ({ caseId, n: count }))
      .sort((a, b) => b.n - a.n || (a.caseId > b.caseId ? -1 : a.caseId < b.caseId ? 1 : 0)).slice(0, MAX_CANDIDATES);
  });
  const texts = new Map<string, { eventId: string; content: string }>();
  const ids = [...new Set(lists.flatMap((list) => list.map((c) => c.caseId)))];
  const readTexts = async (chunk: string[]) => {
    for (const r of await (pg ? reportTextsPg(trx, [chunk]) : reportTexts(trx, chunk, chunk.length))) texts.set(r.id, { eventId: r.event_id, content: r.content });
  };
  if (pg) await inSlices(ids, BAND_CHUNK_PG, readTexts);
  else await inChunks(ids, 512, readTexts);
  return { lists, texts, ownerKeys };
}

/** The stored events a batch joined, read once after grouping (their owner's path, terms, count, start and version), n at a time. */
const eventsToJoin = hotStatement<{ id: string; path: string; search_terms: string; report_count: number; first_received_at: string; version: number }>((n) => `
  select e.id, u.path, e.search_terms, e.report_count, e.first_received_at, e.version
    from case_events e inner join units u on u.id = e.unit_id where e.id in (${placeholders(n)})`);
const eventsToJoinPg = hotStatement<{ id: string; path: string; search_terms: string; report_count: number; first_received_at: string; version: number }>(() => `
  select e.id, u.path, e.search_terms, e.report_count, e.first_received_at, e.version
    from case_events e inner join units u on u.id = e.unit_id where e.id = any(?::varchar[])`);
/** The events a batch joined, n at a time: one statement for all of them, not one per event (each was a round trip on PostgreSQL). */
const updateJoinedSqlite = hotStatement<never>((n) => `
  with v (id, report_count, search_terms, first_received_at, version) as (values ${Array(n).fill('(?, ?, ?, ?, ?)').join(', ')})
  update case_events set report_count = v.report_count, search_terms = v.search_terms, first_received_at = v.first_received_at, updated_at = ?, version = v.version
    from v where case_events.id = v.id`);
/** PostgreSQL: the list's joined events as five arrays, one statement. */
const updateJoinedPg = hotStatement<never>(() => `
  update case_events e set report_count = v.report_count, search_terms = v.search_terms, first_received_at = v.first_received_at, updated_at = ?, version = v.version
    from unnest(?::varchar[], ?::integer[], ?::text[], ?::varchar[], ?::integer[]) as v (id, report_count, search_terms, first_received_at, version) where e.id = v.id`);
async function updateJoined(trx: Database, rows: [string, Touched][], now: string) {
  if (!rows.length) return;
  if (dialectOf(trx) === 'postgres') {
    await updateJoinedPg(trx, [now, rows.map(([id]) => id), rows.map(([, e]) => e.reportCount), rows.map(([, e]) => e.terms), rows.map(([, e]) => e.firstReceivedAt), rows.map(([, e]) => e.version)]);
    return;
  }
  await inChunks(rows, 128, async (chunk) => {
    const params: unknown[] = [];
    for (const [id, e] of chunk) params.push(id, e.reportCount, e.terms, e.firstReceivedAt, e.version);
    await updateJoinedSqlite(trx, [...params, now], chunk.length);
  });
}

/**
 * Profiles of report texts lately compared or written, by text (a profile depends on the text
 * alone, so a kept one is never stale): a second report's candidates are mostly reports that
 * came in shortly before, and profiling a text costs about as much as the lookup itself.
 */
const PROFILES_KEPT = 4096;
const profiles = new Map<string, Profile>();
function keptProfile(text: string, made?: Profile): Profile {
  let p = profiles.get(text);
  if (p) profiles.delete(text); // re-inserted below: most recently used last
  else {
    p = made ?? profile(text);
    if (profiles.size >= PROFILES_KEPT) profiles.delete(profiles.keys().next().value!);
  }
  profiles.set(text, p);
  return p;
}

/**
 * An event left the index (closed): its band rows go. They are found by the lookup's own key, not
 * by an index on event_id (on SQLite that index would carry the whole key again, as large as the
 * table): the bands of each of its reports' texts, under its owner's key (an event's owner never
 * changes; a move rewrites the key in the rows and in case_unit_keys alike).
 */
export async function removeEventBands(trx: Database, eventId: string): Promise<void> {
  const owner = await sql<{ path: string; unit_key: string | null }>`select u.path, k.unit_key from case_events e inner join units u on u.id = e.unit_id
    left join case_unit_keys k on k.unit_id = e.unit_id where e.id = ${eventId}`.execute(trx);
  if (!owner.rows.length) return;
  const pg = dialectOf(trx) === 'postgres';
  const unitKey = owner.rows[0].unit_key ?? (await unitKeysOf(trx, [owner.rows[0].path])).get(owner.rows[0].path)!;
  const reports = await trx.selectFrom('cases').select('content').where('event_id', '=', eventId).execute();
  const bands = [...new Set(reports.flatMap((r) => bandNumbers(bandKeys(minhash(keptProfile(r.content).sh)))))];
  // SQLite: from the recent rows too, whichever table its rows are in now.
  for (const table of bandTables(pg)) {
    for (let i = 0; i < bands.length; i += 500) {
      await sql`delete from ${sql.table(table)} where band in (${sql.join(bands.slice(i, i + 500))}) and unit_key = ${unitKey} and event_id = ${bandId(eventId, pg)}`.execute(trx);
    }
  }
}

/**
 * SQLite: band rows written by intake wait in `case_event_bands_recent` (migration 2026121130), a
 * small table whose pages stay few and in the cache, until it holds this many rows; then the list
 * that passes it merges them into `case_event_bands` in key order, in its own transaction
 * (mergeRecentBands). A list's ~6,000 rows written straight into the large table landed on ~6,000
 * random pages of it, each written to the WAL at every commit (bench/README.md, issue 16, bandsql);
 * merged, a page takes many rows at one write. Readers read both tables, so the threshold changes
 * no answer, only when the merge's cost is paid.
 */
export const BAND_MERGE_ROWS_DEFAULT = 100_000;
let bandMergeRows = Number(process.env.NETDUTY_BAND_MERGE_ROWS) || BAND_MERGE_ROWS_DEFAULT;
/** The recent band rows' merge threshold (tests; the bench's variants). Returns the one it replaces. */
export function setBandMergeRows(n: number): number {
  const old = bandMergeRows;
  bandMergeRows = n;
  return old;
}

/** SQLite: every recent band row into case_event_bands, in its key order, then gone from the recent table. Must run inside the caller's transaction. */
export async function mergeRecentBands(trx: Database): Promise<void> {
  if (dialectOf(trx) === 'postgres') return;
  // `or ignore`: a row already in the large table is the same row (the key is the whole row).
  await sql`insert or ignore into case_event_bands (band, unit_key, event_id, case_id)
    select band, unit_key, event_id, case_id from case_event_bands_recent order by band, unit_key, event_id, case_id`.execute(trx);
  await sql`delete from case_event_bands_recent`.execute(trx);
}

/**
 * Open events of the subtree whose root has the compact key `unitKey` (unit-keys.ts) with a report that joins `p` at threshold `k`, best first:
 * `list` is the lookup's stored candidates (storedCandidates), `pending` what the batch holds so far.
 */
function nearEvents(stored: Stored, list: Stored['lists'][number], unitKey: string, p: Profile, k: number, pending: Pending, bands: number[]): Near[] {
  const upper = subtreeUpperBound(unitKey);
  // The batch's own reports: their events are new, hence open; counted the way the stored rows are.
  const mine = new Map<string, number>();
  if (pending.bands.size) {
    for (const band of new Set(bands)) {
      for (const r of pending.bands.get(band) ?? []) if (r.unitKey >= unitKey && r.unitKey < upper) mine.set(r.caseId, (mine.get(r.caseId) ?? 0) + 1);
    }
  }
  const candidates = [...list, ...[...mine].map(([caseId, n]) => ({ caseId, n }))].sort((a, b) => b.n - a.n).slice(0, MAX_CANDIDATES);
  if (!candidates.length) return [];
  const reports: { event_id: string; profile: Profile }[] = [];
  for (const c of candidates) {
    const t = pending.texts.get(c.caseId);
    if (t) reports.push({ event_id: t.eventId, profile: t.profile });
    else {
      const r = stored.texts.get(c.caseId)!;
      reports.push({ event_id: r.eventId, profile: keptProfile(r.content) });
    }
  }
  const min = minScore(k);
  const best = new Map<string, number>();
  for (const r of reports) {
    const score = similarity(p, r.profile).score;
    if (score >= min && (best.get(r.event_id) ?? -1) < score) best.set(r.event_id, score);
  }
  return [...best].map(([eventId, score]) => ({ eventId, score, distance: distanceOf(score) })).sort((a, b) => b.score - a.score);
}

type BandRow = Insertable<DB['case_event_bands']>;
/** Two band ids as SQLite orders them: text before blob, text bytewise (ASCII), blobs by memcmp. */
const byBandId = (a: string | Uint8Array, b: string | Uint8Array) => (typeof a === 'string'
  ? (typeof b === 'string' ? (a < b ? -1 : a > b ? 1 : 0) : -1)
  : (typeof b === 'string' ? 1 : Buffer.compare(a, b)));
/** The order of case_event_bands' key: band (an integer), then the key as SQLite compares text (bytewise; it is ASCII), then the ids. */
const byBandKey = (a: BandRow, b: BandRow) => (a.band as number) - (b.band as number)
  || (a.unit_key < b.unit_key ? -1 : a.unit_key > b.unit_key ? 1 : 0)
  || byBandId(a.event_id, b.event_id)
  || byBandId(a.case_id, b.case_id);

/** PostgreSQL: a list's band rows are read in this many parts, each while the next part's text work is done (intakeMany). */
const LOOKUP_PARTS_PG = 4;
/** Reports whose search terms are made between two looks at the event loop (intakeMany). */
const TERMS_SLICE = 32;
const yieldToIo = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Must run inside the caller's transaction. */
export async function intake(trx: Database, ctx: Ctx, input: IntakeInput): Promise<IntakeResult> {
  return (await intakeMany(trx, ctx, [input]))[0];
}

type EventRow = Insertable<DB['case_events']>;
interface Touched {
  ownerKey: string; ownerPath: string; terms: string; reportCount: number; firstReceivedAt: string; version: number; row: EventRow | null;
  /** A stored event: the batch's joins, applied in order once it is read after grouping (its owner's path and fields are not known before). */
  joins?: { terms: string[]; receivedAt: string; caseRow: Insertable<DB['cases']> }[];
}

/** A report joins an event: its terms, its count, its start and its version. */
function addReport(e: Touched, terms: string[], receivedAt: string) {
  e.terms = mergeTerms(e.terms, terms);
  e.reportCount++;
  // A report received earlier than the event's first one (an import of older mail) moves its start.
  if (receivedAt < e.firstReceivedAt) e.firstReceivedAt = receivedAt;
  e.version++;
}

/**
 * Reports in the order given, each grouped as `intake` would one at a time (a report may join an
 * event an earlier one of the same list started), written with a few set-based statements per
 * list instead of a dozen per report. Must run inside the caller's transaction.
 */
export async function intakeMany(trx: Database, ctx: Ctx, inputs: IntakeInput[]): Promise<IntakeResult[]> {
  if (!inputs.length) return [];
  const pg = dialectOf(trx) === 'postgres';
  if (pg) await sql`select pg_advisory_xact_lock(${INTAKE_LOCK_KEY})`.execute(trx);
  const settings = await getCaseSettings(trx);
  const k = settings.groupingThreshold;
  // The receiving units' compact keys (unit-keys.ts), one statement for the list.
  const keys = await unitKeysOf(trx, inputs.map((input) => input.unit.path));
  let calendar: WorkCalendar | null = null;
  const now = nowIso();
  const pending = new Pending();
  const touched = new Map<string, Touched>();
  const caseRows: Insertable<DB['cases']>[] = [];
  const bandRows: Insertable<DB['case_event_bands']>[] = [];
  const stepRows: Insertable<DB['case_steps']>[] = [];
  const audits: AuditEntry[] = [];
  const announce: WorkEvent[] = [];
  const results: IntakeResult[] = [];

  // Text work first, then the stored side of every report's lookup in a few statements (storedCandidates).
  const prepare = (input: IntakeInput) => {
    // Compared on what the reporter wrote; titles are often a clerk's own summary and vary.
    const { profile: p, print: hex } = profileAndPrint(input.content);
    keptProfile(input.content, p);
    return { p, hex, allBands: bandNumbers(bandKeys(minhash(p.sh))), unitKey: keys.get(input.unit.path)! };
  };
  const toLookup = (x: ReturnType<typeof prepare>) => ({ unitKey: x.unitKey, bands: x.allBands });
  // PostgreSQL: the list's text work in LOOKUP_PARTS_PG parts, each part's band rows read by the server while the next
  // part's text work is done (a turn of the event loop between parts takes the reply and sends the next statement).
  const prepared: ReturnType<typeof prepare>[] = [];
  const readPg: Promise<PgBandRow[]>[] = [];
  const part = pg ? Math.ceil(inputs.length / LOOKUP_PARTS_PG) : inputs.length;
  for (let i = 0; i < inputs.length; i += part) {
    if (i) await yieldToIo();
    const done = inputs.slice(i, i + part).map(prepare);
    prepared.push(...done);
    if (pg) {
      const read = bandRowsPg(trx, done.map(toLookup));
      read.catch(() => undefined); // its failure is thrown where storedCandidates awaits it
      readPg.push(read);
    }
  }
  // The search terms (jieba, a third of the text work) while the database reads the stored side: on PostgreSQL the
  // lookup runs in the server's process meanwhile. In slices, so that the statements' replies are taken in between.
  const lookup = storedCandidates(trx, prepared.map(toLookup), pg ? readPg : undefined);
  lookup.catch(() => undefined); // its failure is thrown by the await below, not reported meanwhile as unhandled
  const allTerms: string[][] = [];
  for (let i = 0; i < inputs.length; i += TERMS_SLICE) {
    await yieldToIo();
    for (const input of inputs.slice(i, i + TERMS_SLICE)) allTerms.push(termsOf(`${input.title}\n${input.content}`));
  }
  const stored = await lookup;

  for (let i = 0; i < inputs.length; i++) {
    const input = inputs[i];
    const { p, hex, allBands, unitKey } = prepared[i];
    const terms = allTerms[i];
    const actorName = ctx.actor ? ctx.actor.displayName : input.via === 'public' ? '公众' : '系统';
    const near = nearEvents(stored, stored.lists[i], unitKey, p, k, pending, allBands);
    const caseId = newId();
    const trackingCode = input.withTrackingCode ? newTrackingCode() : null;
    const joined = near.length > 0;
    let eventId: string;
    let event: Touched;
    if (joined) {
      eventId = near[0].eventId;
      let e = touched.get(eventId);
      if (!e) {
        // A stored event: its owner's key is its band rows'; the rest is read after grouping.
        e = { ownerKey: stored.ownerKeys.get(eventId)!, ownerPath: '', terms: '', reportCount: 0, firstReceivedAt: '', version: 0, row: null, joins: [] };
        touched.set(eventId, e);
      }
      // A stored event's joins wait for its row (read after grouping, below); the batch's own take effect now.
      if (!e.joins) addReport(e, terms, input.receivedAt);
      event = e;
    } else {
      eventId = newId();
      calendar ??= await WorkCalendar.load(trx);
      event = {
        ownerKey: unitKey, ownerPath: input.unit.path, terms: terms.join(' '), reportCount: 1, firstReceivedAt: input.receivedAt, version: 0,
        row: {
          id: eventId, unit_id: input.unit.id, handling_unit_id: input.unit.id, assigned_by_unit_id: null, owner_path: input.unit.path, handler_path: input.unit.path,
          title: input.title, summary: input.content.slice(0, 2000), level: null, category: null, status: 'registered',
          print: hex, report_count: 1, first_received_at: input.receivedAt, triaged_at: null, triage_note: null,
          paused_at: null, pause_reason: null, paused_ms: 0, due_report_at: null, due_first_info_at: null, due_response_at: null,
          due_close_at: null, due_triage_at: clockDue(calendar, input.receivedAt, { key: 'close', ...(settings.sla.triage ?? DEFAULT_TRIAGE_CLOCK) }), supervise_due_at: null, reported_up_at: null, first_info_at: null, responded_at: null, closed_at: null,
          verification_result: null, verification_note: null, measures: null, public_reply: null, close_requested_at: null,
          close_requested_by: null, close_note: null, approved_by_name: null, followup_result: null, followup_note: null,
          followup_at: null, search_terms: '', created_by_name: actorName, archived_at: null, version: 0,
          created_at: now, updated_at: now,
        },
      };
      touched.set(eventId, event);
    }
    const distance = joined ? near[0].distance : null;
    const caseRow: Insertable<DB['cases']> = {
      id: caseId, event_id: eventId, unit_id: input.unit.id, source: input.source, channel: input.channel ?? null, url: input.url ?? null,
      title: input.title, content: input.content, received_at: input.receivedAt, contact: sealText(input.contact), // SM4 at rest (platform/personal-data.ts)
      tracking_code: trackingCode, via: input.via, clue_id: input.clueId ?? null, print: hex, distance,
      created_by_name: actorName, created_at: now,
      // The event's owner path while it is current (figures count a subtree's reports by it): an event a report joins is open and not archived.
      current_owner_path: event.ownerPath,
    };
    caseRows.push(caseRow);
    event.joins?.push({ terms, receivedAt: input.receivedAt, caseRow });
    // A report with the very text of one already indexed for the event would only add duplicate rows.
    const bands = !joined || near[0].distance > 0 ? [...new Set(allBands)] : null;
    if (bands?.length) {
      // On SQLite the ids' 16 bytes (cases/band-ids.ts), made once for the report's rows.
      const [bandEvent, bandCase] = [bandId(eventId, pg), bandId(caseId, pg)];
      for (const band of bands) bandRows.push({ band, unit_key: event.ownerKey, event_id: bandEvent, case_id: bandCase });
    }
    pending.addReport(caseId, eventId, p, event.ownerKey, bands);
    stepRows.push({
      id: newId(), event_id: eventId, step: joined ? 'join' : 'register', at: now, actor_name: actorName,
      actor_unit_id: ctx.actor?.unitId ?? input.unit.id, actor_unit_name: ctx.actor?.unitName ?? input.unit.name,
      comment: input.title, data: JSON.stringify({ caseId, source: input.source, via: input.via, distance }),
    });
    audits.push({
      action: 'case.intake', entity: 'case', entityId: caseId, unitPath: input.unit.path,
      after: { eventId, joined, source: input.source, via: input.via, title: input.title, receivedAt: input.receivedAt },
    });
    // A citizen's new report: the receiving unit hears of it now, and its 研判 clock runs.
    if (!joined && input.via === 'public') {
      announce.push({
        kind: 'case.submitted', unitId: input.unit.id, roles: ['staff', 'leader'], title: `群众反映：“${input.title.slice(0, 30)}”，请研判`,
        subject: null, link: `/cases/${eventId}`, key: `case-new:${eventId}`, dueAt: now,
      });
    }
    results.push({ caseId, eventId, joined, distance, trackingCode });
  }

  // The stored events joined, read once: their joins applied in order, as one report at a time would have.
  const joinedStored = [...touched].filter(([, e]) => e.joins);
  await (pg ? inSlices : inChunks)(joinedStored, pg ? BAND_CHUNK_PG : 256, async (chunk) => {
    const ids = chunk.map(([id]) => id);
    const rows = new Map((await (pg ? eventsToJoinPg(trx, [ids]) : eventsToJoin(trx, ids, chunk.length))).map((r) => [r.id, r]));
    for (const [id, e] of chunk) {
      const row = rows.get(id)!;
      Object.assign(e, { ownerPath: row.path, terms: row.search_terms, reportCount: row.report_count, firstReceivedAt: row.first_received_at, version: row.version });
      for (const j of e.joins!) {
        addReport(e, j.terms, j.receivedAt);
        j.caseRow.current_owner_path = row.path;
      }
    }
  });

  // Events first (reports and bands refer to them), then what refers to them.
  const created = [...touched].filter(([, e]) => e.row);
  await insertInChunks(trx, 'case_events', created.map(([, e]) => ({ ...e.row!, report_count: e.reportCount, first_received_at: e.firstReceivedAt, search_terms: e.terms, version: e.version })));
  await updateJoined(trx, [...touched].filter(([, e]) => !e.row), now);
  await insertInChunks(trx, 'cases', caseRows);
  // SQLite: in the table's key order (band, unit_key, event_id, case_id), not the list's: a report's rows land on random
  // pages of the band index, and in key order each statement walks the tree once from left to right, so a page the list
  // writes twice is written while it is still in the page cache. PostgreSQL's heap takes rows in any order and its
  // buffer pool keeps the index pages: the sort cost it 4% of intake there (bench/README.md, issue 16, 7 December).
  // SQLite: into the small table of recent band rows, merged into case_event_bands once it is large (mergeRecentBands).
  if (!pg) bandRows.sort(byBandKey);
  await insertInChunks(trx, pg ? 'case_event_bands' : 'case_event_bands_recent', bandRows);
  if (!pg && bandRows.length) {
    const n = Number((await sql<{ n: number }>`select count(*) as n from case_event_bands_recent`.execute(trx)).rows[0].n);
    if (n >= bandMergeRows) await mergeRecentBands(trx);
  }
  await insertInChunks(trx, 'case_steps', stepRows);
  await writeFtsMany(trx, [...touched].map(([id, e]) => ({ eventId: id, terms: e.terms, isNew: e.row !== null })));
  await writeAudits(trx, ctx, audits);
  if (announce.length) await emitEvents(trx, announce, now);
  return results;
}
