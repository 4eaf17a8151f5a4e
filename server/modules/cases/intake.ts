/**
 * Intake: every way a report arrives (staff, liaison, public page, import, accepted clue)
 * ends here. The report's MinHash bands are looked up in the index of open events of the unit's
 * subtree (case_event_bands: a few keys, not a scan of every open event); each candidate
 * report is then compared exactly (server/text/minhash.ts), and the report joins the event of
 * the best one that passes the grouping threshold, otherwise it starts a new event.
 */
import { randomInt } from 'node:crypto';
import { sql } from 'kysely';
import { type CaseSource, type CaseVia, DEFAULT_TRIAGE_CLOCK, type IntakeResult } from '../../../common/cases';
import type { Database } from '../../db';
import { dialectOf } from '../../db/dialect';
import { sealText } from '../../platform/personal-data';
import { writeAudit } from '../../platform/audit';
import type { Ctx } from '../../platform/context';
import { newId, nowIso } from '../../platform/ids';
import { inSubtreeOf } from '../../platform/scope';
import { normaliseForSearch } from '../../text/normalise';
import { searchTerms } from '../../text/segment';
import { bandKeys, distanceOf, minhash, minScore, type Profile, profile, similarity, textPrint } from '../../text/minhash';
import { emitEvents } from '../../platform/events';
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

export async function writeFts(trx: Database, eventId: string, terms: string, isNew: boolean) {
  if (dialectOf(trx) === 'postgres') return; // the GIN index follows case_events.search_terms
  // case_fts_rows names the FTS row of each event: replacing the terms is a delete by rowid, not a scan.
  let row = isNew ? undefined : (await sql<{ id: number }>`select id from case_fts_rows where event_id = ${eventId}`.execute(trx)).rows[0];
  if (row) await sql`delete from case_fts where rowid = ${row.id}`.execute(trx);
  else row = (await sql<{ id: number }>`insert into case_fts_rows (event_id) values (${eventId}) returning id`.execute(trx)).rows[0];
  await sql`insert into case_fts (rowid, terms, event_id) values (${row.id}, ${terms}, ${eventId})`.execute(trx);
}

/** Candidates compared exactly at most: those sharing the most bands (the likeliest) first. */
const MAX_CANDIDATES = 200;

/** Open events of the subtree with a report that joins `text` at threshold `k`, best first. */
export async function nearEvents(trx: Database, unitPath: string, p: Profile, k: number) {
  // Units of the subtree first, then (unit, band) probes: the rows read are the subtree's only.
  const candidates = await trx
    .selectFrom('units as u')
    .innerJoin('case_event_bands as b', 'b.unit_id', 'u.id')
    .innerJoin('case_events as e', 'e.id', 'b.event_id')
    .select(['b.case_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where((eb) => inSubtreeOf(eb, 'u.path', unitPath))
    .where('b.band', 'in', bandKeys(minhash(p.sh)))
    .where('e.status', '!=', 'closed')
    .where('e.archived_at', 'is', null)
    .groupBy('b.case_id')
    .orderBy('n', 'desc')
    .limit(MAX_CANDIDATES)
    .execute();
  if (!candidates.length) return [];
  const reports = await trx.selectFrom('cases').select(['id', 'event_id', 'content']).where('id', 'in', candidates.map((c) => c.case_id)).execute();
  const min = minScore(k);
  const best = new Map<string, number>();
  for (const r of reports) {
    const score = similarity(p, profile(r.content)).score;
    if (score >= min && (best.get(r.event_id) ?? -1) < score) best.set(r.event_id, score);
  }
  return [...best].map(([eventId, score]) => ({ eventId, score, distance: distanceOf(score) })).sort((a, b) => b.score - a.score);
}

/** Must run inside the caller's transaction. */
export async function intake(trx: Database, ctx: Ctx, input: IntakeInput): Promise<IntakeResult> {
  if (dialectOf(trx) === 'postgres') await sql`select pg_advisory_xact_lock(${INTAKE_LOCK_KEY})`.execute(trx);
  const settings = await getCaseSettings(trx);
  const k = settings.groupingThreshold;
  // Compared on what the reporter wrote; titles are often a clerk's own summary and vary.
  const p = profile(input.content);
  const hex = textPrint(input.content);
  const terms = termsOf(`${input.title}\n${input.content}`);
  const now = nowIso();
  const actorName = ctx.actor ? ctx.actor.displayName : input.via === 'public' ? '公众' : '系统';
  const near = await nearEvents(trx, input.unit.path, p, k);
  const caseId = newId();
  const trackingCode = input.withTrackingCode ? newTrackingCode() : null;
  let eventId: string;
  let ownerUnitId = input.unit.id;
  let joined = false;
  if (near.length) {
    joined = true;
    eventId = near[0].eventId;
    const e = await trx.selectFrom('case_events').select(['unit_id', 'search_terms', 'report_count', 'first_received_at', 'version']).where('id', '=', eventId).executeTakeFirstOrThrow();
    ownerUnitId = e.unit_id;
    const merged = mergeTerms(e.search_terms, terms);
    await trx.updateTable('case_events').set({
      report_count: e.report_count + 1, search_terms: merged, updated_at: now, version: e.version + 1,
      // A report received earlier than the event's first one (an import of older mail) moves its start.
      ...(input.receivedAt < e.first_received_at ? { first_received_at: input.receivedAt } : {}),
    }).where('id', '=', eventId).execute();
    await writeFts(trx, eventId, merged, false);
  } else {
    eventId = newId();
    await trx.insertInto('case_events').values({
      id: eventId, unit_id: input.unit.id, handling_unit_id: input.unit.id, assigned_by_unit_id: null, owner_path: input.unit.path, handler_path: input.unit.path,
      title: input.title, summary: input.content.slice(0, 2000), level: null, category: null, status: 'registered',
      print: hex, report_count: 1, first_received_at: input.receivedAt, triaged_at: null, triage_note: null,
      paused_at: null, pause_reason: null, paused_ms: 0, due_report_at: null, due_first_info_at: null, due_response_at: null,
      due_close_at: null, due_triage_at: clockDue(await WorkCalendar.load(trx), input.receivedAt, { key: 'close', ...(settings.sla.triage ?? DEFAULT_TRIAGE_CLOCK) }), supervise_due_at: null, reported_up_at: null, first_info_at: null, responded_at: null, closed_at: null,
      verification_result: null, verification_note: null, measures: null, public_reply: null, close_requested_at: null,
      close_requested_by: null, close_note: null, approved_by_name: null, followup_result: null, followup_note: null,
      followup_at: null, search_terms: terms.join(' '), created_by_name: actorName, archived_at: null, version: 0,
      created_at: now, updated_at: now,
    }).execute();
    await writeFts(trx, eventId, terms.join(' '), true);
  }
  await trx.insertInto('cases').values({
    id: caseId, event_id: eventId, unit_id: input.unit.id, source: input.source, channel: input.channel ?? null, url: input.url ?? null,
    title: input.title, content: input.content, received_at: input.receivedAt, contact: sealText(input.contact), // SM4 at rest (platform/personal-data.ts)
    tracking_code: trackingCode, via: input.via, clue_id: input.clueId ?? null, print: hex, distance: joined ? near[0].distance : null,
    created_by_name: actorName, created_at: now,
  }).execute();
  // A report with the very text of one already indexed for the event would only add duplicate rows.
  if (!joined || near[0].distance > 0) {
    await trx.insertInto('case_event_bands').values([...new Set(bandKeys(minhash(p.sh)))].map((band) => ({ event_id: eventId, unit_id: ownerUnitId, band, case_id: caseId }))).execute();
  }
  await trx.insertInto('case_steps').values({
    id: newId(), event_id: eventId, step: joined ? 'join' : 'register', at: now, actor_name: actorName,
    actor_unit_id: ctx.actor?.unitId ?? input.unit.id, actor_unit_name: ctx.actor?.unitName ?? input.unit.name,
    comment: input.title, data: JSON.stringify({ caseId, source: input.source, via: input.via, distance: joined ? near[0].distance : null }),
  }).execute();
  await writeAudit(trx, ctx, {
    action: 'case.intake', entity: 'case', entityId: caseId, unitPath: input.unit.path,
    after: { eventId, joined, source: input.source, via: input.via, title: input.title, receivedAt: input.receivedAt },
  });
  // A citizen's new report: the receiving unit hears of it now, and its 研判 clock runs.
  if (!joined && input.via === 'public') {
    await emitEvents(trx, {
      kind: 'case.submitted', unitId: input.unit.id, roles: ['staff', 'leader'], title: `群众反映：“${input.title.slice(0, 30)}”，请研判`,
      subject: null, link: `/cases/${eventId}`, key: `case-new:${eventId}`, dueAt: now,
    }, now);
  }
  return { caseId, eventId, joined, distance: joined ? near[0].distance : null, trackingCode };
}
