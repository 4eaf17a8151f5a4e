/**
 * The case list's and figures' queries as they were before issue 16 (search.ts and figures.ts at
 * dd4330e): a subtree was the units' paths joined to the events, each side of the visibility rule
 * a lookup per unit. Kept as the reference the random-query test (test/api/cases-scale.test.ts)
 * compares the new queries with, and as the "before" column of bench/cases.ts. The page order has
 * the id added, so that ties compare.
 */
import { sql } from 'kysely';
import type { z } from 'zod';
import type { eventQuery } from '../../common/cases';
import type { Database } from '../../server/db';
import { dialectOf } from '../../server/db/dialect';
import { termsOf } from '../../server/modules/cases/intake';
import { endOfShanghaiDay } from '../../server/platform/calendar';
import { shanghaiDayStartUtc } from '../../server/platform/ids';
import { currentInSubtree } from '../../server/platform/records';
import { subtreeUpperBound } from '../../server/platform/scope';

type Q = z.infer<typeof eventQuery>;

function referenceSearch(db: Database, words: string, wholeTree: boolean) {
  const terms = termsOf(words);
  if (!terms.length) return null;
  if (terms.every((t) => [...t].length === 1)) {
    const like = `%${words.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    return sql<boolean>`(e.title like ${like} escape '\\' or e.summary like ${like} escape '\\')`;
  }
  if (dialectOf(db) === 'postgres') return sql<boolean>`to_tsvector('simple', e.search_terms) @@ plainto_tsquery('simple', ${terms.join(' ')})`;
  // The terms column, the only one the search table indexed then: since migration 2026120940 it also
  // holds each event's scope tokens, which a search word (a unit's token) must not match.
  const match = `terms : (${terms.map((t) => `"${t.replace(/"/g, '""')}"`).join(' ')})`;
  if (wholeTree) return sql<boolean>`e.id in (select event_id from case_fts where case_fts match ${match})`;
  return sql<boolean>`(select r.id from case_fts_rows r where r.event_id = e.id) in (select rowid from case_fts where case_fts match ${match})`;
}

function referenceVisible(db: Database, root: string, wholeTree: boolean) {
  const upper = subtreeUpperBound(root);
  if (wholeTree) return sql<boolean>`e.unit_id in (select id from units where path >= ${root} and path < ${upper})`;
  return sql<boolean>`(e.unit_id in (select id from units where path >= ${root} and path < ${upper})
    or e.handling_unit_id in (select id from units where path >= ${root} and path < ${upper}))`;
}

export async function referenceList(db: Database, root: string, unitId: string | null, query: Q, now: string) {
  const wholeTree = root.split('/').filter(Boolean).length === 1;
  let q = db.selectFrom('case_events as e').where(referenceVisible(db, root, wholeTree) as never);
  q = q.where('e.archived_at', query.archived === 'true' ? 'is not' : 'is', null);
  if (unitId && query.includeSubunits === 'false') q = q.where('e.unit_id', '=', unitId);
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
    q = q.where('e.status', '!=', 'closed').where('e.paused_at', 'is', null).where((eb) => eb.or([
      eb.and([eb('e.due_report_at', '<', now), eb('e.reported_up_at', 'is', null)]),
      eb.and([eb('e.due_first_info_at', '<', now), eb('e.first_info_at', 'is', null)]),
      eb.and([eb('e.due_response_at', '<', now), eb('e.responded_at', 'is', null)]),
      eb('e.due_close_at', '<', now),
      eb('e.supervise_due_at', '<', now),
    ]));
  }
  if (query.q) {
    const cond = referenceSearch(db, query.q, wholeTree);
    if (cond) q = q.where(cond as never);
  }
  const total = Number((await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const ids = (await q.select('e.id')
    .orderBy(sql`case when e.status = 'closed' then 1 else 0 end`).orderBy('e.first_received_at', 'desc').orderBy('e.id', 'desc')
    .limit(query.pageSize).offset((query.page - 1) * query.pageSize).execute()).map((r) => r.id);
  return { total, ids };
}

export async function referenceFigureRows(db: Database, r: { unitPath: string; from: string; to: string }) {
  const from = shanghaiDayStartUtc(r.from);
  const to = endOfShanghaiDay(r.to);
  const events = await db.selectFrom('case_events as e').innerJoin('units as u', 'u.id', 'e.unit_id')
    .select(['e.id', 'u.name as unit_name'])
    .where((eb) => currentInSubtree(eb, { path: 'u.path', archivedAt: 'e.archived_at' }, r.unitPath))
    .where('e.first_received_at', '>=', from).where('e.first_received_at', '<=', to).execute();
  const received = await db.selectFrom('cases as c').innerJoin('case_events as e', 'e.id', 'c.event_id').innerJoin('units as u', 'u.id', 'e.unit_id')
    .select(['c.source', (eb) => eb.fn.countAll().as('n')])
    .where((eb) => currentInSubtree(eb, { path: 'u.path', archivedAt: 'e.archived_at' }, r.unitPath))
    .where('c.received_at', '>=', from).where('c.received_at', '<=', to).groupBy('c.source').execute();
  return { events, received };
}
