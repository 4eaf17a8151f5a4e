/**
 * Intake: every way a report arrives (staff, liaison, public page, import, accepted clue)
 * ends here. The report's MinHash bands are looked up in the index of open events of the unit's
 * subtree (case_event_bands: a few keys, not a scan of every open event); each candidate
 * report is then compared exactly (server/text/minhash.ts), and the report joins the event of
 * the best one that passes the grouping threshold, otherwise it starts a new event.
 */
import { randomInt } from 'node:crypto';
import { type Insertable, sql } from 'kysely';
import { type CaseSource, type CaseVia, DEFAULT_TRIAGE_CLOCK, type IntakeResult } from '../../../common/cases';
import type { Database } from '../../db';
import { hotStatement, insertInChunks, placeholders } from '../../db/batch';
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

const INTAKE_LOCK_KEY = 727010;

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
    const values = events.slice(i, i + 500).map((e) => sql`(${rowIds.get(e.eventId)!}, ${e.terms}, ${e.eventId})`);
    await sql`insert into case_fts (rowid, terms, event_id) values ${sql.join(values)}`.execute(trx);
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
  readonly bands = new Map<string, { caseId: string; unitPath: string }[]>();
  readonly texts = new Map<string, { eventId: string; profile: Profile }>();

  addReport(caseId: string, eventId: string, p: Profile, unitPath: string, bands: string[] | null) {
    this.texts.set(caseId, { eventId, profile: p });
    for (const band of bands ?? []) {
      const rows = this.bands.get(band);
      if (rows) rows.push({ caseId, unitPath });
      else this.bands.set(band, [{ caseId, unitPath }]);
    }
  }
}

// The batch's statements, written as SQL (platform cost, not the database's, dominated them).
/**
 * The band rows of a chunk of the batch's bands, from the rows keyed (band, case_id) alone
 * (migration 2026120900); the events they name are read next, once each. Joined in one statement,
 * PostgreSQL planned a 1,024-band lookup as a scan of the events (160 ms at 20,000 open events).
 */
const bandRowsOf = hotStatement<{ band: string; case_id: string; event_id: string }>((n) => `
  select band, case_id, event_id from case_event_bands where band in (${placeholders(n)})`);
/** Which of the events named are open, and where their owner lies (the path copy kept current on unit moves). */
const openEventsOf = hotStatement<{ id: string; owner_path: string }>((n) => `
  select id, owner_path from case_events where id in (${placeholders(n)}) and status <> 'closed' and archived_at is null`);
/** The stored candidates' texts and events (owner and its current path), by report id. */
const candidateTexts = hotStatement<{ id: string; event_id: string; content: string; unit_id: string; path: string }>((n) => `
  select c.id, c.event_id, c.content, e.unit_id, u.path from cases c inner join case_events e on e.id = c.event_id inner join units u on u.id = e.unit_id
   where c.id in (${placeholders(n)})`);
/** The stored events a batch joined, read once after grouping (their counts and terms only change in the batch's writes). */
const joinedEvents = hotStatement<{ id: string; search_terms: string; report_count: number; first_received_at: string; version: number }>((n) => `
  select id, search_terms, report_count, first_received_at, version from case_events where id in (${placeholders(n)})`);

/** Values per `in` list at most; shorter lists are padded to a power of two (a repeated value changes no `in`), so few statement texts are prepared. */
const IN_CHUNK = 1024;
async function inChunks<R>(values: readonly string[], run: (chunk: string[], n: number) => Promise<R[]>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < values.length; i += IN_CHUNK) {
    const chunk = values.slice(i, i + IN_CHUNK);
    let n = 16;
    while (n < chunk.length) n <<= 1;
    while (chunk.length < n) chunk.push(chunk[chunk.length - 1]);
    out.push(...await run(chunk, n));
  }
  return out;
}

type BandRow = { unitPath: string; caseId: string };
/** The stored band rows of open events for all the bands a batch's reports hold, by band: rows, then their events, each a statement per 1,024. */
export async function storedBandRows(trx: Database, bands: Iterable<string>): Promise<Map<string, BandRow[]>> {
  const byBand = new Map<string, BandRow[]>();
  const rows = await inChunks([...new Set(bands)], (chunk, n) => bandRowsOf(trx, chunk, n));
  if (!rows.length) return byBand;
  const open = new Map<string, string>();
  for (const e of await inChunks([...new Set(rows.map((r) => r.event_id))], (chunk, n) => openEventsOf(trx, chunk, n))) open.set(e.id, e.owner_path);
  for (const r of rows) {
    const unitPath = open.get(r.event_id);
    if (unitPath === undefined) continue;
    const list = byBand.get(r.band);
    if (list) list.push({ unitPath, caseId: r.case_id });
    else byBand.set(r.band, [{ unitPath, caseId: r.case_id }]);
  }
  return byBand;
}

/**
 * Reports sharing the most of `bands` among `rows` (stored or the batch's own) in the subtree
 * of `unitPath`, with how many they share: what the per-report lookup's
 * `where band in (…) and unit_path in subtree group by case_id order by count desc` gave.
 */
function sharing(rows: Map<string, BandRow[]>, bands: readonly string[], unitPath: string): Map<string, number> {
  const upper = subtreeUpperBound(unitPath);
  const n = new Map<string, number>();
  if (!rows.size) return n;
  for (const band of new Set(bands)) {
    for (const r of rows.get(band) ?? []) if (r.unitPath >= unitPath && r.unitPath < upper) n.set(r.caseId, (n.get(r.caseId) ?? 0) + 1);
  }
  return n;
}
/** For each report, the stored reports of open events in its subtree sharing any of its bands, with how many (test/api/cases-intake-batch.test.ts compares it with the per-report query). */
export async function storedSharing(trx: Database, reports: { unitPath: string; bands: string[] }[]): Promise<Map<string, number>[]> {
  const bands = await storedBandRows(trx, reports.flatMap((r) => r.bands));
  return reports.map((r) => sharing(bands, r.bands, r.unitPath));
}
/**
 * Most shared bands first; among equals the earlier report (ids are time-ordered), so that which
 * candidates are kept and compared first does not depend on the order the database returned rows.
 */
const byShared = (a: { case_id: string; n: number }, b: { case_id: string; n: number }) => b.n - a.n || (a.case_id < b.case_id ? -1 : a.case_id > b.case_id ? 1 : 0);
const likeliest = (n: Map<string, number>) => [...n].map(([case_id, k]) => ({ case_id, n: k })).sort(byShared).slice(0, MAX_CANDIDATES);

/** The events a batch joined, n at a time: one statement for all of them, not one per event (each was a round trip on PostgreSQL). */
const joinedRows = (n: number, pg: boolean) => Array(n).fill(pg ? '(?, ?::integer, ?, ?, ?::integer)' : '(?, ?, ?, ?, ?)').join(', ');
const updateJoinedSqlite = hotStatement<never>((n) => `
  with v (id, report_count, search_terms, first_received_at, version) as (values ${joinedRows(n, false)})
  update case_events set report_count = v.report_count, search_terms = v.search_terms, first_received_at = v.first_received_at, updated_at = ?, version = v.version
    from v where case_events.id = v.id`);
const updateJoinedPg = hotStatement<never>((n) => `
  update case_events e set report_count = v.report_count, search_terms = v.search_terms, first_received_at = v.first_received_at, updated_at = ?, version = v.version
    from (values ${joinedRows(n, true)}) as v (id, report_count, search_terms, first_received_at, version) where e.id = v.id`);
async function updateJoined(trx: Database, rows: [string, Touched][], now: string) {
  const update = dialectOf(trx) === 'postgres' ? updateJoinedPg : updateJoinedSqlite;
  for (let i = 0; i < rows.length; ) {
    // Chunks of 128, 64, … 1 rows: a few statement texts, each prepared once.
    let n = 128;
    while (n > rows.length - i) n >>= 1;
    const params: unknown[] = [];
    for (const [id, e] of rows.slice(i, i + n)) params.push(id, e.reportCount, e.terms, e.firstReceivedAt, e.version);
    await update(trx, dialectOf(trx) === 'postgres' ? [now, ...params] : [...params, now], n);
    i += n;
  }
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

type StoredText = { event_id: string; content: string; unit_id: string; path: string };
/** What a batch read before grouping: the stored band rows of its bands and the texts of the stored reports its reports may join. */
interface Stored { bands: Map<string, BandRow[]>; texts: Map<string, StoredText>; owners: Map<string, StoredText> }

/** The stored side of a batch's lookups: two statements (a few, chunked) for the whole batch, not one per report. */
async function readStored(trx: Database, reports: { unitPath: string; bands: string[] }[]): Promise<{ stored: Stored; candidates: { case_id: string; n: number }[][] }> {
  const bands = await storedBandRows(trx, reports.flatMap((r) => r.bands));
  const candidates = reports.map((r) => likeliest(sharing(bands, r.bands, r.unitPath)));
  const ids = [...new Set(candidates.flatMap((c) => c.map((x) => x.case_id)))];
  const texts = new Map<string, StoredText>();
  const owners = new Map<string, StoredText>();
  for (const t of await inChunks(ids, (chunk, n) => candidateTexts(trx, chunk, n))) {
    texts.set(t.id, t);
    owners.set(t.event_id, t);
  }
  return { stored: { bands, texts, owners }, candidates };
}

/** Open events of the subtree with a report that joins `p` at threshold `k`, best first; `stored` are the stored reports sharing the most bands (likeliest first). */
function nearEvents(unitPath: string, p: Profile, k: number, bands: string[], stored: { case_id: string; n: number }[], storedTexts: Map<string, StoredText>, pending: Pending): Near[] {
  // The batch's own reports: their events are new, hence open; counted the way the stored ones are.
  const mine = [...sharing(pending.bands, bands, unitPath)].map(([case_id, n]) => ({ case_id, n }));
  const candidates = [...stored, ...mine].sort(byShared).slice(0, MAX_CANDIDATES);
  if (!candidates.length) return [];
  const reports: { event_id: string; profile: Profile }[] = [];
  for (const c of candidates) {
    const t = pending.texts.get(c.case_id);
    if (t) reports.push({ event_id: t.eventId, profile: t.profile });
    else {
      const r = storedTexts.get(c.case_id)!;
      reports.push({ event_id: r.event_id, profile: keptProfile(r.content) });
    }
  }
  const min = minScore(k);
  const best = new Map<string, number>();
  for (const r of reports) {
    const score = similarity(p, r.profile).score;
    if (score >= min && (best.get(r.event_id) ?? -1) < score) best.set(r.event_id, score);
  }
  // Two events equally near (copies of one text in two of the subtree's units): the older one (ids are time-ordered), whatever order the rows came in.
  return [...best].map(([eventId, score]) => ({ eventId, score, distance: distanceOf(score) }))
    .sort((a, b) => b.score - a.score || (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0));
}

/** Must run inside the caller's transaction. */
export async function intake(trx: Database, ctx: Ctx, input: IntakeInput): Promise<IntakeResult> {
  return (await intakeMany(trx, ctx, [input]))[0];
}

type EventRow = Insertable<DB['case_events']>;
/**
 * An event a batch started (`row`) or joined. A stored event's counts and terms are read once
 * after grouping: until then `reportCount` and `version` count the batch's joins, `merges` keeps
 * each join's terms in order and `firstReceivedAt` the earliest of their times.
 */
interface Touched { ownerId: string; ownerPath: string; terms: string; merges: string[][]; reportCount: number; firstReceivedAt: string; version: number; row: EventRow | null }

/**
 * Reports in the order given, each grouped as `intake` would one at a time (a report may join an
 * event an earlier one of the same list started), written with a few set-based statements per
 * list instead of a dozen per report. Must run inside the caller's transaction.
 */
export async function intakeMany(trx: Database, ctx: Ctx, inputs: IntakeInput[]): Promise<IntakeResult[]> {
  if (!inputs.length) return [];
  if (dialectOf(trx) === 'postgres') await sql`select pg_advisory_xact_lock(${INTAKE_LOCK_KEY})`.execute(trx);
  const settings = await getCaseSettings(trx);
  const k = settings.groupingThreshold;
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

  // Compared on what the reporter wrote; titles are often a clerk's own summary and vary.
  const texts = inputs.map((input) => {
    const { profile: p, print: hex } = profileAndPrint(input.content);
    keptProfile(input.content, p);
    return { p, hex, bands: bandKeys(minhash(p.sh)), unitPath: input.unit.path };
  });
  // Stored events do not change while the batch groups (it only adds reports), so their side of every report's lookup is read at once.
  const { stored, candidates } = await readStored(trx, texts);

  for (const [i, input] of inputs.entries()) {
    const { p, hex, bands: allBands } = texts[i];
    const terms = termsOf(`${input.title}\n${input.content}`);
    const actorName = ctx.actor ? ctx.actor.displayName : input.via === 'public' ? '公众' : '系统';
    const near = nearEvents(input.unit.path, p, k, allBands, candidates[i], stored.texts, pending);
    const caseId = newId();
    const trackingCode = input.withTrackingCode ? newTrackingCode() : null;
    const joined = near.length > 0;
    let eventId: string;
    let event: Touched;
    if (joined) {
      eventId = near[0].eventId;
      let e = touched.get(eventId);
      if (!e) {
        // Not started by this batch, so one of the stored candidates': its owner came with the texts.
        const owner = stored.owners.get(eventId)!;
        e = { ownerId: owner.unit_id, ownerPath: owner.path, terms: '', merges: [], reportCount: 0, firstReceivedAt: input.receivedAt, version: 0, row: null };
        touched.set(eventId, e);
      }
      if (e.row) e.terms = mergeTerms(e.terms, terms);
      else e.merges.push(terms);
      e.reportCount++;
      // A report received earlier than the event's first one (an import of older mail) moves its start.
      if (input.receivedAt < e.firstReceivedAt) e.firstReceivedAt = input.receivedAt;
      e.version++;
      event = e;
    } else {
      eventId = newId();
      calendar ??= await WorkCalendar.load(trx);
      event = {
        ownerId: input.unit.id, ownerPath: input.unit.path, terms: terms.join(' '), merges: [], reportCount: 1, firstReceivedAt: input.receivedAt, version: 0,
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
    caseRows.push({
      id: caseId, event_id: eventId, unit_id: input.unit.id, source: input.source, channel: input.channel ?? null, url: input.url ?? null,
      title: input.title, content: input.content, received_at: input.receivedAt, contact: sealText(input.contact), // SM4 at rest (platform/personal-data.ts)
      tracking_code: trackingCode, via: input.via, clue_id: input.clueId ?? null, print: hex, distance,
      created_by_name: actorName, created_at: now,
    });
    // A report with the very text of one already indexed for the event would only add duplicate rows.
    const bands = !joined || near[0].distance > 0 ? [...new Set(allBands)] : null;
    for (const band of bands ?? []) bandRows.push({ band, case_id: caseId, event_id: eventId, unit_id: event.ownerId });
    pending.addReport(caseId, eventId, p, event.ownerPath, bands);
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

  // The stored events joined: their counts, first time and terms as they are, then the batch's joins in order.
  const joinedIds = [...touched].filter(([, e]) => !e.row).map(([id]) => id);
  for (const row of await inChunks(joinedIds, (chunk, n) => joinedEvents(trx, chunk, n))) {
    const e = touched.get(row.id)!;
    if (e.row || e.merges.length === 0) continue; // a padded chunk returns each event once, but be sure
    e.terms = e.merges.reduce((t, added) => mergeTerms(t, added), row.search_terms);
    e.merges = [];
    e.reportCount += row.report_count;
    if (row.first_received_at < e.firstReceivedAt) e.firstReceivedAt = row.first_received_at;
    e.version += row.version;
  }

  // Events first (reports and bands refer to them), then what refers to them.
  const created = [...touched].filter(([, e]) => e.row);
  await insertInChunks(trx, 'case_events', created.map(([, e]) => ({ ...e.row!, report_count: e.reportCount, first_received_at: e.firstReceivedAt, search_terms: e.terms, version: e.version })));
  await updateJoined(trx, [...touched].filter(([, e]) => !e.row), now);
  await insertInChunks(trx, 'cases', caseRows);
  await insertInChunks(trx, 'case_event_bands', bandRows);
  await insertInChunks(trx, 'case_steps', stepRows);
  await writeFtsMany(trx, [...touched].map(([id, e]) => ({ eventId: id, terms: e.terms, isNew: e.row !== null })));
  await writeAudits(trx, ctx, audits);
  if (announce.length) await emitEvents(trx, announce, now);
  return results;
}
