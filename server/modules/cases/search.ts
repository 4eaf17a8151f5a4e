/**
 * The event list's query planner: which events a unit's subtree sees, filters, full-text search
 * (FTS5 on SQLite, a GIN index on PostgreSQL) and the page, written so that each is an index
 * lookup at a province's million events (see bench/cases.ts).
 */
import { sql } from 'kysely';
import type { z } from 'zod';
import type { eventQuery } from '../../../common/cases';
import type { Database } from '../../db';
import { dialectOf } from '../../db/dialect';
import { endOfShanghaiDay } from '../../platform/calendar';
import type { Actor } from '../../platform/context';
import { nowIso, shanghaiDayStartUtc } from '../../platform/ids';
import { subtreeUpperBound } from '../../platform/scope';
import { COUNT_ONLY } from '../../platform/records';
import { getVisibleUnit } from '../units/service';
import { termsOf } from './intake';
import { type EventRow, selectEvents } from './rows';
import { views } from './service';

/** Full-text condition: every search term of the words must be among the event's terms. */
function searchCondition(db: Database, words: string, wholeTree: boolean) {
  const terms = termsOf(words);
  if (!terms.length) return null;
  // A short word jieba splits into single characters (占道 → 占 道) has no terms in the index,
  // which keeps only words of two or more characters: look for the words in the text itself.
  if (terms.every((t) => [...t].length === 1)) {
    const like = `%${words.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    return sql<boolean>`(e.title like ${like} escape '\\' or e.summary like ${like} escape '\\')`;
  }
  if (dialectOf(db) === 'postgres') {
    return sql<boolean>`to_tsvector('simple', e.search_terms) @@ plainto_tsquery('simple', ${terms.join(' ')})`;
  }
  const match = terms.map((t) => `"${t.replace(/"/g, '""')}"`).join(' ');
  // Over the whole tree the matches drive the query. Under a unit, its events do, each tested
  // against the matching rowids (read from the index alone): driving from the matches read every
  // match in the province with its event_id, seconds for a common word at a million events.
  if (wholeTree) return sql<boolean>`e.id in (select event_id from case_fts where case_fts match ${match})`;
  return sql<boolean>`(select r.id from case_fts_rows r where r.event_id = e.id) in (select rowid from case_fts where case_fts match ${match})`;
}

/**
 * Owner unit or handling unit in the subtree at `root`, as conditions on the event's own unit
 * columns: each side is then an index lookup (case_events_unit, case_events_handling) for the
 * subtree's units. The same OR over the two joined units' paths read every event of the province.
 */
function visibleUnder(db: Database, root: string, wholeTree: boolean) {
  const upper = subtreeUpperBound(root);
  // Under a top-level unit the handling side adds nothing: a handling unit always lies in its
  // owner's subtree (triage, assignment and return all keep it there), so under a root both are.
  // Nearly every event matches there: one pass over the table beats an index lookup per unit
  // (SQLite's unary + keeps it off the index; PostgreSQL chooses by itself).
  if (wholeTree) {
    const column = dialectOf(db) === 'postgres' ? sql`e.unit_id` : sql`+e.unit_id`;
    return sql<boolean>`${column} in (select id from units where path >= ${root} and path < ${upper})`;
  }
  if (dialectOf(db) === 'postgres') {
    return sql<boolean>`(e.unit_id = any(array(select id from units where path >= ${root} and path < ${upper}))
      or e.handling_unit_id = any(array(select id from units where path >= ${root} and path < ${upper})))`;
  }
  return sql<boolean>`(e.unit_id in (select id from units where path >= ${root} and path < ${upper})
    or e.handling_unit_id in (select id from units where path >= ${root} and path < ${upper}))`;
}

export async function listEvents(db: Database, actor: Actor, query: z.infer<typeof eventQuery>) {
  const unit = query.unitId ? await getVisibleUnit(db, actor, query.unitId) : null;
  const root = unit?.path ?? actor.unitPath;
  const wholeTree = root.split('/').filter(Boolean).length === 1;
  // Filters, count and page order read case_events alone; the page's rows are joined to their units afterwards.
  let q = db.selectFrom('case_events as e').where(visibleUnder(db, root, wholeTree) as never);
  q = q.where('e.archived_at', query.archived === 'true' ? 'is not' : 'is', null);
  if (unit && query.includeSubunits === 'false') q = q.where('e.unit_id', '=', unit.id);
  if (query.status) q = q.where('e.status', '=', query.status);
  if (query.open === 'true') q = q.where('e.status', '!=', 'closed');
  if (query.open === 'false') q = q.where('e.status', '=', 'closed');
  if (query.level) q = q.where('e.level', '=', query.level);
  if (query.category) q = q.where('e.category', '=', query.category);
  if (query.handlingUnitId) q = q.where('e.handling_unit_id', '=', query.handlingUnitId);
  if (query.source) q = q.where((eb) => eb.exists(eb.selectFrom('cases as c').select('c.id').whereRef('c.event_id', '=', 'e.id').where('c.source', '=', query.source!)));
  if (query.from) q = q.where('e.first_received_at', '>=', shanghaiDayStartUtc(query.from));
  if (query.to) q = q.where('e.first_received_at', '<=', endOfShanghaiDay(query.to));
  if (query.overdue === 'true') {
    const now = nowIso();
    q = q.where('e.status', '!=', 'closed').where('e.paused_at', 'is', null).where((eb) => eb.or([
      eb.and([eb('e.due_report_at', '<', now), eb('e.reported_up_at', 'is', null)]),
      eb.and([eb('e.due_first_info_at', '<', now), eb('e.first_info_at', 'is', null)]),
      eb.and([eb('e.due_response_at', '<', now), eb('e.responded_at', 'is', null)]),
      eb('e.due_close_at', '<', now),
      eb('e.supervise_due_at', '<', now),
    ]));
  }
  if (query.q) {
    const cond = searchCondition(db, query.q, wholeTree);
    if (cond) q = q.where(cond as never);
  }
  const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  // The page's ids first, then their rows: sorting only ids and sort keys, not whole events, is
  // what keeps a large subtree's first page fast (whole rows spilled the sort to disk).
  const ids = query.pageSize === COUNT_ONLY ? [] : (await q
    .select('e.id')
    .orderBy(sql`case when e.status = 'closed' then 1 else 0 end`)
    .orderBy('e.first_received_at', 'desc')
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize)
    .execute()).map((r) => r.id);
  const byId = new Map(ids.length ? ((await selectEvents(db).where('e.id', 'in', ids).execute()) as EventRow[]).map((r) => [r.id, r]) : []);
  const rows = ids.map((id) => byId.get(id)!);
  return { items: await views(db, actor, rows), total: Number(total.n), page: query.page, pageSize: query.pageSize };
}
