/**
 * The event list's query planner: which events a unit's subtree sees, filters, full-text search
 * (FTS5 on SQLite, a GIN index on PostgreSQL) and the page, written so that each is an index
 * lookup at a province's million events (see bench/cases.ts).
 */
import { sql } from 'kysely';
import type { z } from 'zod';
import { EVENT_STATUSES, type eventQuery } from '../../../common/cases';
import type { Database } from '../../db';
import { dialectOf } from '../../db/dialect';
import { endOfShanghaiDay } from '../../platform/calendar';
import type { Actor } from '../../platform/context';
import { nowIso, shanghaiDayStartUtc } from '../../platform/ids';
import { subtreeUpperBound } from '../../platform/scope';
import { COUNT_ONLY, shapedQuery } from '../../platform/records';
import { getVisibleUnit } from '../units/service';
import { scopeOfPath, scopeOfPathSql, termsOf } from './intake';
import { eventsByIds } from './rows';
import { views } from './service';

/**
 * Full-text condition: every search term of the words must be among the event's terms. Under a
 * unit (SQLite), the MATCH itself keeps the subtree: each search row's scope holds a token per
 * unit on its handling unit's path (migration 2026120940_case_search_scope), and the subtree's
 * events are those whose scope names its root. PostgreSQL does the same with an index over the
 * terms and the scope tokens (`scopedMatch`).
 */
export function searchCondition(db: Database, words: string, root: string, wholeTree: boolean) {
  const terms = termsOf(words);
  if (!terms.length) return null;
  // A short word jieba splits into single characters (占道 → 占 道) has no terms in the index,
  // which keeps only words of two or more characters: look for the words in the text itself.
  if (terms.every((t) => [...t].length === 1)) {
    const like = `%${words.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    return sql<boolean>`(e.title like ${like} escape '\\' or e.summary like ${like} escape '\\')`;
  }
  if (dialectOf(db) === 'postgres') {
    const query = sql`plainto_tsquery('simple', ${terms.join(' ')})`;
    if (wholeTree) return sql<boolean>`to_tsvector('simple', e.search_terms) @@ ${query}`;
    return scopedMatch(query, scopeOfPath(root).split(' ').pop()!, terms.some((t) => /u/i.test(t)));
  }
  // The matches drive the query: over the whole tree all of them, under a unit those of its subtree
  // (a county's common word: its own ~1,000 matches, not the province's 100,000 tested one by one).
  return sql<boolean>`e.id in (select event_id from case_fts where case_fts match ${ftsMatch(terms, root, !wholeTree)})`;
}

/** SQLite's FTS5 query for the search terms, and with `scoped` for the subtree's search rows only (their scope names its root). */
function ftsMatch(terms: string[], root: string, scoped: boolean) {
  const match = `terms : (${terms.map((t) => `"${t.replace(/"/g, '""')}"`).join(' ')})`;
  return scoped ? `${match} AND scope : "${scopeOfPath(root).split(' ').pop()}"` : match;
}

/**
 * Whether a search from the top of the tree (SQLite, no other filter) matches more current events
 * than the cap, told by the search rows alone: the subtree's rows (their scope names the root,
 * about 10 ms for a province's first 10,001 of a common word's 27,000) less at most every archived
 * event of the subtree (few; case_events_status). Counting the events themselves read each match's
 * event (about 100 ms). Where it cannot tell, the count below counts.
 */
async function matchesPastCap(db: Database, f: EventFilter, cap: number) {
  const [archived] = (await sql<{ n: number }>`select count(*) as n from case_events
    where status in (${sql.join([...EVENT_STATUSES])}) and archived_at is not null and +handler_path >= ${f.root} and +handler_path < ${f.upper}`.execute(db)).rows;
  const past = cap + Number(archived.n);
  const [matches] = (await sql<{ n: number }>`select count(*) as n from (select 1 from case_fts where case_fts match ${ftsMatch(termsOf(f.q!), f.root, true)} limit ${past + 1})`.execute(db)).rows;
  return Number(matches.n) > past;
}

/** Only the search words filter the list (and it is not the archive). */
const searchOnly = (f: EventFilter) => !f.archived && !f.ownUnitId && !f.status && !f.open && !f.level && !f.category && !f.handlingUnitId
  && !f.reportedUp && !f.source && !f.fromUtc && !f.toUtc && !f.now;

/**
 * The event's terms with its handling unit's scope tokens (PostgreSQL): the expression of
 * `case_events_fts_scope` (migration 2026121041_case_search_scope_pg), written the same way, since
 * PostgreSQL reads an expression index only for the same expression.
 */
const scopedVector = sql`to_tsvector('simple', e.search_terms || ' ' || (${scopeOfPathSql('e.handler_path')}))`;

/**
 * Under a unit (PostgreSQL): the words and the root's scope token are one match of
 * `case_events_fts_scope`, which reads the subtree's matches only (a county's common word: its
 * ~1,000, not the province's ~95,000). `mayBeScope`: a search term holds a `u`, so that a word of
 * it might be a unit's scope token (`u` + hex), which would match that unit's events: the words are
 * then matched against the terms alone as well, as before (13 ms more for a county's 1,043 matches,
 * so not for the words without one: every Chinese word). That test is not written as
 * case_events_fts's expression (coalesce of a NOT NULL column: the same value), so it filters the
 * index's rows rather than bring the province's matches.
 */
export function scopedMatch(query: ReturnType<typeof sql>, rootToken: string, mayBeScope: boolean) {
  const scoped = sql<boolean>`${scopedVector} @@ (${query} && to_tsquery('simple', ${rootToken}))`;
  return mayBeScope ? sql<boolean>`(${scoped} and to_tsvector('simple', coalesce(e.search_terms, '')) @@ ${query})` : scoped;
}

/** Whether the search's full-text matches drive the list (SQLite's FTS5 MATCH, not the text itself for single characters). */
function matchesDrive(db: Database, words: string | undefined) {
  const terms = words ? termsOf(words) : [];
  return dialectOf(db) === 'sqlite' && terms.some((t) => [...t].length > 1);
}

/**
 * How far the list counts: a province user sees "10,000+" and narrows the list rather than wait
 * for the database to count a million rows. Documents and figures always count exactly
 * (figures.ts); `countCap: null` (the ledger, the to-dos) counts exactly too.
 */
export const EVENT_COUNT_CAP = 10_000;

/**
 * Visible to a subtree: the owner unit or the handling unit in it. A handling unit always lies in
 * its owner's subtree (triage, assignment and return keep it there), so every subtree that holds
 * the owner holds the handler: the condition is one range on the handler's path copy
 * (`handler_path`, cases' unitPathCopies), which `case_events_list` holds with the list's sort
 * keys and filters. `ordered`: read the subtree in the list's order from `case_events_order`
 * instead (the range's index would sort all of it; SQLite's unary + keeps the range off it).
 */
function visibleUnder(db: Database, root: string, ordered: boolean, upper = subtreeUpperBound(root)) {
  const column = ordered && dialectOf(db) === 'sqlite' ? sql`+e.handler_path` : sql`e.handler_path`;
  return sql<boolean>`(${column} >= ${root} and ${column} < ${upper})`;
}

/** The list's order: open events first, newest first (the id breaks ties); `case_events_order` is this order. */
const CLOSED_LAST = sql`case when e.status = 'closed' then 1 else 0 end`;

export async function listEvents(db: Database, actor: Actor, query: z.infer<typeof eventQuery>, opts: { countCap?: number | null; unshaped?: boolean } = {}) {
  const { ids, total, totalCapped } = await listEventIds(db, actor, query, opts);
  const byId = new Map(ids.length ? (await eventsByIds(db, ids, ids.length)).map((r) => [r.id, r]) : []);
  const rows = ids.map((id) => byId.get(id)!);
  return { items: await views(db, actor, rows), total, ...(totalCapped !== undefined ? { totalCapped } : {}), page: query.page, pageSize: query.pageSize };
}

/** The list's page as ids, and its count (up to `countCap`; null: exact). */
/**
 * What the list's statements filter on: the request's values (those shapedQuery binds) and the
 * switches that make its shape. `q`, a search, is only ever built with its values (its terms and
 * patterns are derived from the words).
 */
type EventFilter = {
  root: string; upper: string; wholeTree: boolean; ordered: boolean; byMatches: boolean; archived: boolean;
  ownUnitId?: string; status?: string; open?: 'true' | 'false'; level?: string; category?: string; handlingUnitId?: string;
  reportedUp: boolean; source?: string; fromUtc?: string; toUtc?: string; now?: string; q?: string;
  /** One part of the list's order (PostgreSQL, `openFirst`): its open events, or its closed ones. */
  part?: 'open' | 'closed';
};
const FILTER_VALUES = ['root', 'upper', 'ownUnitId', 'status', 'level', 'category', 'handlingUnitId', 'source', 'fromUtc', 'toUtc', 'now'] as const;

function filtered(db: Database, f: EventFilter) {
  const { root, wholeTree, ordered, byMatches } = f;
  // Filters, count and page order read case_events alone; the page's rows are joined to their units afterwards.
  // A search's matches drive the query (SQLite's unary + keeps the subtree's range from doing so).
  // Where the matches drive, each is one probe of case_events_search, which holds what the count,
  // the filters and the page's order read (migration 2026120961): no event row is read. Named,
  // since SQLite without statistics would take the primary key and read each match's row.
  const events = byMatches ? (sql`case_events as e indexed by case_events_search` as unknown as 'case_events as e') : 'case_events as e';
  let q = db.selectFrom(events).where(visibleUnder(db, root, ordered || byMatches, f.upper) as never);
  q = q.where('e.archived_at', f.archived ? 'is not' : 'is', null);
  if (f.ownUnitId) q = q.where('e.unit_id', '=', f.ownUnitId);
  // Read in list order (a large subtree), SQLite's unary + keeps a status off case_events_list, whose
  // status entries it would otherwise read and sort in full (an open status at the province's top:
  // 200 ms), where the list-order index finds its first page among the first open events.
  if (f.status) q = ordered && dialectOf(db) === 'sqlite' ? q.where(sql<boolean>`+e.status = ${f.status}` as never) : q.where('e.status', '=', f.status);
  if (f.open === 'true') q = q.where('e.status', '!=', 'closed');
  if (f.open === 'false') q = q.where('e.status', '=', 'closed');
  if (f.level) q = q.where('e.level', '=', f.level);
  if (f.category) q = q.where('e.category', '=', f.category);
  if (f.handlingUnitId) q = q.where('e.handling_unit_id', '=', f.handlingUnitId);
  if (f.reportedUp) q = q.where('e.reported_up_at', 'is not', null);
  if (f.source) {
    const source = f.source;
    q = q.where((eb) => eb.exists(eb.selectFrom('cases as c').select('c.id').whereRef('c.event_id', '=', 'e.id').where('c.source', '=', source)));
  }
  // Under a unit the subtree's range reads the dates from its index: SQLite's unary + keeps it
  // from reading the whole province's period from case_events_received instead.
  const received = !ordered && !wholeTree && dialectOf(db) === 'sqlite' ? sql`+e.first_received_at` : sql`e.first_received_at`;
  if (f.fromUtc) q = q.where(sql<boolean>`${received} >= ${f.fromUtc}` as never);
  if (f.toUtc) q = q.where(sql<boolean>`${received} <= ${f.toUtc}` as never);
  if (f.now) {
    const now = f.now;
    q = q.where('e.status', '!=', 'closed').where('e.paused_at', 'is', null).where((eb) => eb.or([
      eb.and([eb('e.due_report_at', '<', now), eb('e.reported_up_at', 'is', null)]),
      eb.and([eb('e.due_first_info_at', '<', now), eb('e.first_info_at', 'is', null)]),
      eb.and([eb('e.due_response_at', '<', now), eb('e.responded_at', 'is', null)]),
      eb('e.due_close_at', '<', now),
      eb('e.supervise_due_at', '<', now),
    ]));
  }
  if (f.q) {
    const cond = searchCondition(db, f.q, root, wholeTree);
    if (cond) q = q.where(cond as never);
  }
  // Written as text, not bound: case_events_open's predicate (migration 2026121070) is then implied
  // by the statement itself, whatever plan PostgreSQL keeps for it.
  if (f.part === 'open') q = q.where(sql<boolean>`e.status <> 'closed'` as never);
  if (f.part === 'closed') q = q.where(sql<boolean>`e.status = 'closed'` as never);
  return q;
}

/**
 * The count (exact, or up to a cap) and the page of ids, compiled once per shape (shapedQuery)
 * when there are no search words: the scope, the filters' values and the page are bound; the cap
 * is part of the shape. A search is built anew with its values (`unshaped`).
 */
const exactCount = shapedQuery<EventFilter, { n: number | string }>(FILTER_VALUES, (db, f) => filtered(db, f).select((eb) => eb.fn.countAll<number>().as('n')));
const cappedCount = shapedQuery<EventFilter & { cap: number }, { n: number | string }>(FILTER_VALUES, (db, f) =>
  db.selectFrom(filtered(db, f).select(sql`1`.as('one')).limit(f.cap + 1).as('capped')).select((eb) => eb.fn.countAll<number>().as('n')));
const pageIds = shapedQuery<EventFilter & { limit: number; offset: number }, { id: string }>([...FILTER_VALUES, 'limit', 'offset'], (db, f) => filtered(db, f)
  .select('e.id')
  .orderBy(CLOSED_LAST)
  .orderBy('e.first_received_at', 'desc')
  .orderBy('e.id', 'desc')
  .limit(f.limit)
  .offset(f.offset));

/**
 * The list's page as ids, and its count (up to `countCap`; null: exact). `unshaped`: every statement
 * built anew with the request's values, as before shapedQuery (the tests compare the two).
 * `largeSubtree`, `openSorted`: LARGE_SUBTREE and OPEN_SORTED, lowered by the tests to reach a large
 * subtree's reads on a small province.
 */
export async function listEventIds(db: Database, actor: Actor, query: z.infer<typeof eventQuery>,
  opts: { countCap?: number | null; unshaped?: boolean; largeSubtree?: number; openSorted?: number } = {}) {
  const openSorted = opts.openSorted ?? OPEN_SORTED;
  const cap = opts.countCap === undefined ? null : opts.countCap;
  const unit = query.unitId ? await getVisibleUnit(db, actor, query.unitId) : null;
  const root = unit?.path ?? actor.unitPath;
  const wholeTree = root.split('/').filter(Boolean).length === 1;
  const byMatches = matchesDrive(db, query.q);
  const base: EventFilter = {
    root, upper: subtreeUpperBound(root), wholeTree, ordered: false, byMatches, archived: query.archived === 'true',
    ownUnitId: unit && query.includeSubunits === 'false' ? unit.id : undefined,
    status: query.status || undefined, open: query.open, level: query.level || undefined, category: query.category || undefined,
    handlingUnitId: query.handlingUnitId || undefined, reportedUp: query.reportedUp === 'true', source: query.source || undefined,
    fromUtc: query.from ? shanghaiDayStartUtc(query.from) : undefined, toUtc: query.to ? endOfShanghaiDay(query.to) : undefined,
    now: query.overdue === 'true' ? nowIso() : undefined, q: query.q || undefined,
  };
  // A search's terms and patterns are derived from its words: built anew each time, as before.
  const shaped = !opts.unshaped && base.q === undefined;
  // A search under a unit (SQLite): its matches are read once, with the page's sort keys, then
  // counted and ordered here, rather than matched twice (count, then page). Past the cap the
  // statements below count and order them.
  if (byMatches && !wholeTree && cap !== null) {
    const rows = await filtered(db, base).select(['e.id', 'e.status', 'e.first_received_at']).limit(cap + 1).execute();
    if (rows.length <= cap) {
      const closedLast = (status: string) => (status === 'closed' ? 1 : 0);
      const desc = (a: string, b: string) => (a < b ? 1 : a > b ? -1 : 0);
      // The list's order (CLOSED_LAST, newest first, the id breaking ties); ids and times are ASCII, compared as SQLite does.
      rows.sort((a, b) => closedLast(a.status) - closedLast(b.status) || desc(a.first_received_at, b.first_received_at) || desc(a.id, b.id));
      const start = (query.page - 1) * query.pageSize;
      const ids = query.pageSize === COUNT_ONLY ? [] : rows.slice(start, start + query.pageSize).map((r) => r.id);
      return { ids, total: rows.length, totalCapped: false };
    }
  }
  // Counted up to the cap: a subtree of a million events stops at cap + 1 index entries.
  const pastCap = cap !== null && byMatches && wholeTree && searchOnly(base) && await matchesPastCap(db, base, cap);
  const [countRow] = pastCap ? [{ n: cap + 1 }]
    : cap === null ? await (shaped ? exactCount : exactCount.unshaped)(db, base)
    : await (shaped ? cappedCount : cappedCount.unshaped)(db, { ...base, cap });
  const counted = Number(countRow.n);
  const capped = cap !== null && counted > cap;
  // The page's ids (listEvents reads their rows after). A large subtree (the top of the tree, a city) reads
  // its pages as the first rows of the list-order index, skipping what lies outside; a smaller
  // one sorts its own range of the subtree index, which holds the sort keys (no event row read).
  const large = counted >= (opts.largeSubtree ?? LARGE_SUBTREE);
  const page = { ...base, ordered: large, limit: query.pageSize, offset: (query.page - 1) * query.pageSize };
  const pageOf = (f: typeof page) => (shaped ? pageIds : pageIds.unshaped)(db, f).then((rows) => rows.map((r) => r.id));
  if (query.pageSize === COUNT_ONLY) return { ids: [], total: capped ? cap : counted, totalCapped: cap !== null ? capped : undefined };
  // PostgreSQL, a large subtree under the top (a county at a province's million events): its open
  // events, which the list shows first, are counted up to OPEN_SORTED from case_events_open
  // (migration 2026121070). When they are fewer, the page is read in two parts: the open events
  // sorted (a county's few hundred, not its ~10,000 entries of case_events_list), then the closed
  // ones only for a page that reaches past them. More open events than that (a city): as before,
  // PostgreSQL reads the page from the list-order index.
  if (dialectOf(db) === 'postgres' && large && !wholeTree && !base.archived && !base.status && !base.open && !base.q) {
    const [openRow] = await (shaped ? cappedCount : cappedCount.unshaped)(db, { ...base, part: 'open', cap: openSorted });
    const open = Number(openRow.n);
    if (open <= openSorted) {
      const { limit, offset } = page;
      const first = offset < open ? await pageOf({ ...page, part: 'open' }) : [];
      const rest = first.length < limit ? await pageOf({ ...page, part: 'closed', limit: limit - first.length, offset: Math.max(0, offset - open) }) : [];
      return { ids: [...first, ...rest], total: capped ? cap : counted, totalCapped: cap !== null ? capped : undefined };
    }
  }
  const ids = await pageOf(page);
  return { ids, total: capped ? cap : counted, totalCapped: cap !== null ? capped : undefined };
}

/** From this many matching events on, the list-order index finds a page sooner than sorting the range. */
const LARGE_SUBTREE = 5_000;

/**
 * Up to this many open events (PostgreSQL), a large subtree's page sorts its open events (about a
 * millisecond for a county's 886) rather than all its events; a city's ~6,000 read case_events_order.
 */
const OPEN_SORTED = 2_000;
