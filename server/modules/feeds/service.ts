import type { z } from 'zod';
import { type ClueState, type ClueView, type clueDismiss, type clueQuery, type feedCreate, type feedQuery, type feedUpdate, type FeedView } from '../../../common/feeds';
import type { Database } from '../../db';
import { writeAudit } from '../../platform/audit';
import type { Actor, ActorCtx } from '../../platform/context';
import { errors } from '../../platform/errors';
import { newId, nowIso } from '../../platform/ids';
import { inUnitScope } from '../../platform/scope';
import { contains } from '../../platform/search';
import { archiver, editable, inRegisterList, insertRecord, pageOf, recordReads, updateVersioned } from '../../platform/records';
import { inTx } from '../../platform/tx';
import { getActiveUnit, unitScope } from '../units/service';
import { FeedError, fetchFeed } from './fetch';
import { parseFeed } from './parse';
import { compileRule } from './rules';
import { intake } from '../cases/intake';

type FeedRow = {
  id: string; unit_id: string; name: string; url: string; rule_any: string; rule_all: string; rule_none: string;
  interval_minutes: number; enabled: number; etag: string | null; last_modified: string | null; last_polled_at: string | null;
  last_status: string | null; last_error: string | null; last_new_clues: number; fail_count: number; next_poll_at: string;
  archived_at: string | null; version: number; unit_name: string; unit_path: string; new_clues?: number | string | null;
};

const list = (json: string): string[] => {
  try {
    const v = JSON.parse(json);
    return Array.isArray(v) ? v.map(String) : [];
  } catch {
    return [];
  }
};

function toFeedView(r: FeedRow): FeedView {
  return {
    id: r.id, unitId: r.unit_id, unitName: r.unit_name, name: r.name, url: r.url,
    any: list(r.rule_any), all: list(r.rule_all), none: list(r.rule_none),
    intervalMinutes: r.interval_minutes, enabled: r.enabled === 1,
    lastPolledAt: r.last_polled_at, lastStatus: r.last_status, lastError: r.last_error, lastNewClues: r.last_new_clues,
    failCount: r.fail_count, nextPollAt: r.next_poll_at, newClues: Number(r.new_clues ?? 0),
    archived: r.archived_at !== null, version: r.version,
  };
}

function selectFeeds(db: Database) {
  return db
    .selectFrom('feeds as f')
    .innerJoin('units as u', 'u.id', 'f.unit_id')
    .selectAll('f')
    .select(['u.name as unit_name', 'u.path as unit_path'])
    .select((eb) =>
      eb.selectFrom('clues as c').select((e) => e.fn.countAll().as('n')).whereRef('c.feed_id', '=', 'f.id').where('c.state', '=', 'new').as('new_clues'),
    );
}

export const { getVisible: getVisibleFeed, get: getFeed } = recordReads('订阅源', (db, id) => selectFeeds(db).where('f.id', '=', id).executeTakeFirst() as Promise<FeedRow | undefined>, toFeedView);

export async function listFeeds(db: Database, actor: Actor, query: z.infer<typeof feedQuery>) {
  const scope = await unitScope(db, actor, query);
  let q = selectFeeds(db).where((eb) => inRegisterList(eb, { unitId: 'f.unit_id', path: 'u.path', archivedAt: 'f.archived_at' }, scope, query.archived));
  return pageOf(q, query, (q) => q.orderBy('u.path').orderBy('f.name').orderBy('f.id'), (rows) => rows.map((r) => toFeedView(r as FeedRow)));
}

const auditView = (v: FeedView) => ({ name: v.name, url: v.url, any: v.any, all: v.all, none: v.none, intervalMinutes: v.intervalMinutes, enabled: v.enabled, archived: v.archived });

export async function createFeed(db: Database, ctx: ActorCtx, input: z.infer<typeof feedCreate>) {
  return inTx(db, async (trx) => {
    const unit = await getActiveUnit(trx, ctx.actor, input.unitId, 'unitId');
    const now = nowIso();
    const row = await insertRecord(trx, 'feeds', {
      unit_id: unit.id, name: input.name, url: input.url,
      rule_any: JSON.stringify(input.any), rule_all: JSON.stringify(input.all), rule_none: JSON.stringify(input.none),
      interval_minutes: input.intervalMinutes, enabled: input.enabled ? 1 : 0, etag: null, last_modified: null,
      last_polled_at: null, last_status: null, last_error: null, last_new_clues: 0, fail_count: 0,
      next_poll_at: now,
    });
    const view = toFeedView({ ...row, unit_name: unit.name, unit_path: unit.path });
    await writeAudit(trx, ctx, { action: 'create', entity: 'feed', entityId: row.id, unitPath: unit.path, after: auditView(view) });
    return view;
  });
}

export async function updateFeed(db: Database, ctx: ActorCtx, id: string, input: z.infer<typeof feedUpdate>) {
  return inTx(db, async (trx) => {
    const before = editable(await getVisibleFeed(trx, ctx.actor, id), input.version, '该订阅源已归档，请先恢复');
    const urlChanged = input.url !== before.url;
    const set = await updateVersioned(trx, 'feeds', id, input.version, {
      name: input.name, url: input.url, rule_any: JSON.stringify(input.any), rule_all: JSON.stringify(input.all), rule_none: JSON.stringify(input.none),
      interval_minutes: input.intervalMinutes, enabled: input.enabled ? 1 : 0,
      // A new address starts afresh: no conditional request against the old one's validators.
      ...(urlChanged ? { etag: null, last_modified: null, fail_count: 0, next_poll_at: nowIso() } : {}),
    });
    const after = toFeedView({ ...before, ...set });
    await writeAudit(trx, ctx, { action: 'update', entity: 'feed', entityId: id, unitPath: before.unit_path, before: auditView(toFeedView(before)), after: auditView(after) });
    return after;
  });
}

export const setFeedArchived = archiver<FeedRow, FeedView>({
  table: 'feeds', entity: 'feed', noun: '订阅源', load: getVisibleFeed, view: (_trx, _actor, r) => toFeedView(r), audit: (r) => auditView(toFeedView(r)),
});

// ---------------------------------------------------------------------------------------
// Polling
// ---------------------------------------------------------------------------------------

export interface PollResult {
  status: 'ok' | 'not_modified' | 'error';
  items: number;
  newClues: number;
  error: string | null;
}

/** After failures the next poll waits longer (up to a day), so a dead feed costs little. */
function nextPollAt(from: Date, intervalMinutes: number, failCount: number): string {
  const backoff = failCount > 0 ? Math.min(2 ** (failCount - 1), 24 * 60 / intervalMinutes) : 1;
  return new Date(from.getTime() + intervalMinutes * backoff * 60_000).toISOString();
}

/**
 * Fetches one feed, queues each matching item as a clue once, and records the outcome on the
 * feed (its reason when it failed). Never throws for the feed's own failures: the caller goes
 * on with the next feed.
 */
export async function pollFeed(db: Database, feedId: string, opts: { allowPrivateHosts: boolean; timeoutMs?: number; now?: Date }): Promise<PollResult> {
  const feed = await db.selectFrom('feeds').selectAll().where('id', '=', feedId).executeTakeFirst();
  if (!feed) throw errors.notFound('订阅源');
  const started = opts.now ?? new Date();
  let result: PollResult;
  let validators = { etag: feed.etag, last_modified: feed.last_modified };
  try {
    const fetched = await fetchFeed(feed.url, { etag: feed.etag, lastModified: feed.last_modified, allowPrivateHosts: opts.allowPrivateHosts, timeoutMs: opts.timeoutMs });
    if (fetched.status === 'not_modified') {
      result = { status: 'not_modified', items: 0, newClues: 0, error: null };
    } else {
      const parsed = parseFeed(fetched.body, feed.url);
      validators = { etag: fetched.etag?.slice(0, 300) ?? null, last_modified: fetched.lastModified?.slice(0, 100) ?? null };
      const newClues = await queueMatches(db, feed, parsed.items);
      result = { status: 'ok', items: parsed.items.length, newClues, error: null };
    }
  } catch (err) {
    if (!(err instanceof FeedError)) throw err;
    result = { status: 'error', items: 0, newClues: 0, error: err.message.slice(0, 500) };
  }
  const failCount = result.status === 'error' ? feed.fail_count + 1 : 0;
  await db
    .updateTable('feeds')
    .set({
      ...validators,
      last_polled_at: started.toISOString(), last_status: result.status, last_error: result.error,
      last_new_clues: result.newClues, fail_count: failCount, next_poll_at: nextPollAt(started, feed.interval_minutes, failCount),
    })
    .where('id', '=', feedId)
    .execute();
  return result;
}

async function queueMatches(db: Database, feed: { id: string; unit_id: string; rule_any: string; rule_all: string; rule_none: string }, items: ReturnType<typeof parseFeed>['items']): Promise<number> {
  const match = compileRule({ any: list(feed.rule_any), all: list(feed.rule_all), none: list(feed.rule_none) });
  let created = 0;
  for (const item of items) {
    const m = match(`${item.title}\n${item.summary}`);
    if (!m.matched) continue;
    const itemKey = (item.link ?? item.key).slice(0, 500);
    const row = {
      id: newId(), unit_id: feed.unit_id, feed_id: feed.id, item_key: itemKey, title: item.title.slice(0, 500) || '(无标题)', link: item.link,
      summary: item.summary, published_at: item.publishedAt, hits: JSON.stringify(m.hits), state: 'new', handled_by: null,
      handled_at: null, note: null, case_id: null, version: 0, created_at: nowIso(),
    };
    // The unique (unit, item) index is what guarantees "never twice", also across feeds and servers.
    const r = await db.insertInto('clues').values(row).onConflict((oc) => oc.columns(['unit_id', 'item_key']).doNothing()).executeTakeFirst();
    created += Number(r.numInsertedOrUpdatedRows ?? 0);
  }
  return created;
}

/** The scheduled job: every enabled feed whose time has come, one after another. */
export async function pollDueFeeds(db: Database, opts: { allowPrivateHosts: boolean; now?: Date; limit?: number }): Promise<{ polled: number; failed: number }> {
  const now = opts.now ?? new Date();
  const due = await db
    .selectFrom('feeds')
    .select('id')
    .where('enabled', '=', 1)
    .where('archived_at', 'is', null)
    .where('next_poll_at', '<=', now.toISOString())
    .orderBy('next_poll_at')
    .limit(opts.limit ?? 50)
    .execute();
  let failed = 0;
  for (const f of due) {
    const r = await pollFeed(db, f.id, { allowPrivateHosts: opts.allowPrivateHosts, now });
    if (r.status === 'error') failed++;
  }
  return { polled: due.length, failed };
}

export async function pollNow(db: Database, ctx: ActorCtx, id: string, allowPrivateHosts: boolean) {
  const feed = await getVisibleFeed(db, ctx.actor, id);
  if (feed.archived_at) throw errors.conflict('ARCHIVED', '该订阅源已归档，请先恢复');
  const result = await pollFeed(db, id, { allowPrivateHosts });
  return { result, feed: await getFeed(db, ctx.actor, id) };
}

// ---------------------------------------------------------------------------------------
// Clues
// ---------------------------------------------------------------------------------------

type ClueRow = {
  id: string; unit_id: string; feed_id: string; title: string; link: string | null; summary: string; published_at: string | null;
  hits: string; state: string; handled_by: string | null; handled_at: string | null; note: string | null; case_id: string | null;
  created_at: string; version: number; unit_name: string; unit_path: string; feed_name: string;
};

function toClueView(r: ClueRow): ClueView {
  return {
    id: r.id, unitId: r.unit_id, unitName: r.unit_name, feedId: r.feed_id, feedName: r.feed_name, title: r.title, link: r.link,
    summary: r.summary, publishedAt: r.published_at, hits: list(r.hits), state: r.state as ClueState, handledBy: r.handled_by,
    handledAt: r.handled_at, note: r.note, caseId: r.case_id, createdAt: r.created_at, version: r.version,
  };
}

function selectClues(db: Database) {
  return db
    .selectFrom('clues as c')
    .innerJoin('units as u', 'u.id', 'c.unit_id')
    .innerJoin('feeds as f', 'f.id', 'c.feed_id')
    .select(['c.id', 'c.unit_id', 'c.feed_id', 'c.title', 'c.link', 'c.summary', 'c.published_at', 'c.hits', 'c.state', 'c.handled_by', 'c.handled_at', 'c.note', 'c.case_id', 'c.created_at', 'c.version'])
    .select(['u.name as unit_name', 'u.path as unit_path', 'f.name as feed_name']);
}

export async function listClues(db: Database, actor: Actor, query: z.infer<typeof clueQuery>) {
  const scope = await unitScope(db, actor, query);
  let q = selectClues(db).where((eb) => inUnitScope(eb, { unitId: 'c.unit_id', path: 'u.path' }, scope));
  if (query.state) q = q.where('c.state', '=', query.state);
  if (query.feedId) q = q.where('c.feed_id', '=', query.feedId);
  if (query.q) {
    const words = query.q;
    q = q.where((eb) => eb.or([contains('c.title', words), contains('c.summary', words)]));
  }
  return pageOf(q, query, (q) => q.orderBy('c.created_at', 'desc').orderBy('c.id', 'desc'), (rows) => rows.map((r) => toClueView(r as ClueRow)));
}

export const { getVisible: getVisibleClue, get: getClue } = recordReads('线索', (db, id) => selectClues(db).where('c.id', '=', id).executeTakeFirst() as Promise<ClueRow | undefined>, toClueView);

/** Dismiss (with an optional reason) or put back in the queue. */
export async function setClueDismissed(db: Database, ctx: ActorCtx, id: string, input: z.infer<typeof clueDismiss>, dismissed: boolean) {
  return inTx(db, async (trx) => {
    const before = await getVisibleClue(trx, ctx.actor, id);
    if (before.version !== input.version) throw errors.stale();
    if (dismissed && before.state !== 'new') throw errors.conflict('CLUE_HANDLED', before.state === 'accepted' ? '该线索已转为舆情诉求' : '该线索已忽略');
    if (!dismissed && before.state !== 'dismissed') throw errors.conflict('CLUE_NOT_DISMISSED', '只有已忽略的线索可以恢复');
    const set = await updateVersioned(trx, 'clues', id, input.version, dismissed
      ? { state: 'dismissed', handled_by: `${ctx.actor.displayName}(${ctx.actor.username})`, handled_at: nowIso(), note: input.note }
      : { state: 'new', handled_by: null, handled_at: null, note: null });
    const after = toClueView({ ...before, ...set });
    await writeAudit(trx, ctx, { action: dismissed ? 'dismiss' : 'restore', entity: 'clue', entityId: id, unitPath: before.unit_path, before: { state: before.state }, after: { state: after.state, note: after.note } });
    return after;
  });
}

/**
 * Accept a clue as a case (source 监测发现): it goes through intake like any report, so a clue
 * about an open event joins that event. The clue keeps the case it became.
 */
export async function acceptClue(db: Database, ctx: ActorCtx, id: string, input: z.infer<typeof clueDismiss>) {
  return inTx(db, async (trx) => {
    const before = await getVisibleClue(trx, ctx.actor, id);
    if (before.version !== input.version) throw errors.stale();
    if (before.state !== 'new') throw errors.conflict('CLUE_HANDLED', before.state === 'accepted' ? '该线索已转为舆情诉求' : '该线索已忽略，请先恢复');
    const unit = await trx.selectFrom('units').select(['id', 'name', 'path']).where('id', '=', before.unit_id).executeTakeFirstOrThrow();
    const result = await intake(trx, ctx, {
      unit, source: 'monitoring', via: 'clue', receivedAt: before.created_at, title: before.title.slice(0, 200),
      content: (before.summary || before.title).slice(0, 20000), url: before.link, channel: '订阅源监测', clueId: id,
    });
    const set = await updateVersioned(trx, 'clues', id, input.version, { state: 'accepted', handled_by: `${ctx.actor.displayName}(${ctx.actor.username})`, handled_at: nowIso(), note: input.note, case_id: result.eventId });
    await writeAudit(trx, ctx, { action: 'accept', entity: 'clue', entityId: id, unitPath: before.unit_path, before: { state: before.state }, after: { state: 'accepted', eventId: result.eventId, joined: result.joined } });
    return { clue: toClueView({ ...before, ...set }), ...result };
  });
}
