/**
 * 信息发布: draft, submit (proofreading runs), the review chain's steps, acknowledgement of each
 * proofreading hit, publication per outlet, corrections. Every step is refused with the policy's
 * reason (policy.ts), versioned (a review of a post that changed since it was loaded is 409, and
 * of two clicks on approve one wins) and audited.
 */
import { sql } from 'kysely';
import type { z } from 'zod';
import { PUBLISHING_TYPES, type OutletType } from '../../../common/outlets';
import { permits } from '../../../common/platform';
import type {
  ChainStep, CorrectionSeverity, CorrectionSource, CorrectionView, HitView, PostStatus, PostTargetView, PostView, RuleCategory, RuleSeverity, StepView,
  correctionCreate, correctionFix, hitAck, postApprove, postCreate, postPublish, postQuery, postReject, postSubmit, postUpdate,
} from '../../../common/publishing';
import type { Role } from '../../../common/roles';
import type { Database } from '../../db';
import { entityHistory, writeAudit } from '../../platform/audit';
import { emitEvents } from '../../platform/events';
import type { Actor, ActorCtx } from '../../platform/context';
import { AppError, errors } from '../../platform/errors';
import { newId, nowIso } from '../../platform/ids';
import { shanghaiDay, shanghaiDayStartUtc } from '../../platform/period';
import { archiver, editable, inRegisterList, insertRecord, pageOf, updateVersioned, visibleRow } from '../../platform/records';
import { inSubtreeOf } from '../../platform/scope';
import { contains } from '../../platform/search';
import { inTx } from '../../platform/tx';
import { applyFix, Proofreader } from '../../text/proofread';
import { getActiveUnit } from '../units/service';
import { unitScope } from '../units/service';
import { chainFor } from './chain';
import {
  type PolicyPost, approveRefusal, correctStateRefusal, currentStep, editRefusal, editStateRefusal, publishRefusal, publishStateRefusal, refusals,
  stepRefusal, stepStateRefusal, stepWhoRefusal,
} from './policy';
import { getVisibleOutlet } from './registry';
import { asProofRules, rulesFor } from './rules';

export type PostRow = {
  id: string; unit_id: string; title: string; body: string; important: number; planned_at: string | null; status: string; revision: number;
  step_index: number | null; chain: string; author_account_id: string; author_name: string; last_reject_reason: string | null;
  submitted_at: string | null; approved_at: string | null; archived_at: string | null; version: number; created_at: string; updated_at: string;
  unit_name: string; unit_path: string;
};

const selectPosts = (db: Database) => db.selectFrom('posts as x').innerJoin('units as u', 'u.id', 'x.unit_id').selectAll('x').select(['u.name as unit_name', 'u.path as unit_path']);

export async function getVisiblePost(db: Database, actor: Actor, id: string): Promise<PostRow> {
  return visibleRow(await selectPosts(db).where('x.id', '=', id).executeTakeFirst(), actor, '信息') as PostRow;
}

const who = (a: Actor) => `${a.displayName}(${a.username})`;

/** Everything around a set of posts (steps, hits, targets, corrections), one query each. */
async function related(db: Database, ids: string[]) {
  if (!ids.length) return { steps: [], hits: [], targets: [], corrections: [] };
  const [steps, hits, targets, corrections] = await Promise.all([
    db.selectFrom('post_steps').selectAll().where('post_id', 'in', ids).orderBy('at').orderBy('step_index').execute(),
    db.selectFrom('post_hits').selectAll().where('post_id', 'in', ids).orderBy('start_pos').execute(),
    db.selectFrom('post_targets as t').innerJoin('outlets as o', 'o.id', 't.outlet_id').selectAll('t').select(['o.name as outlet_name', 'o.type as outlet_type']).where('t.post_id', 'in', ids).orderBy('o.name').execute(),
    db.selectFrom('post_corrections as c').innerJoin('posts as p', 'p.id', 'c.post_id').innerJoin('units as u', 'u.id', 'c.unit_id')
      .selectAll('c').select(['p.title as post_title', 'u.name as unit_name']).where('c.post_id', 'in', ids).where('c.archived_at', 'is', null).orderBy('c.found_on').execute(),
  ]);
  return { steps, hits, targets, corrections };
}
type Related = Awaited<ReturnType<typeof related>>;

export function correctionView(c: Related['corrections'][number]): CorrectionView {
  return {
    id: c.id, postId: c.post_id, postTitle: c.post_title, unitName: c.unit_name, wrong: c.wrong, severity: c.severity as CorrectionSeverity,
    foundBy: c.found_by as CorrectionSource, foundOn: c.found_on, fixedOn: c.fixed_on, note: c.note, createdByName: c.created_by_name,
  };
}

function policyOf(r: PostRow, rel: Related): PolicyPost {
  const chain = JSON.parse(r.chain) as ChainStep[];
  return {
    unit_id: r.unit_id, unit_path: r.unit_path, status: r.status, step_index: r.step_index, chain, author_account_id: r.author_account_id, archived_at: r.archived_at,
    approvals: rel.steps.filter((s) => s.post_id === r.id && s.decision === 'approve').map((s) => ({ account_id: s.account_id, step_key: s.step_key, kind: s.kind, label: s.label })),
    openHits: rel.hits.filter((h) => h.post_id === r.id && h.revision === r.revision && h.status === 'open').length,
    targetsLeft: rel.targets.filter((t) => t.post_id === r.id && !t.published_on).length,
  };
}

async function toViews(db: Database, actor: Actor, rows: PostRow[], full: boolean): Promise<PostView[]> {
  const rel = await related(db, rows.map((r) => r.id));
  const seen = full && rows.length === 1 ? await lastSeen(db, actor, rows[0]) : null;
  return rows.map((r) => {
    const p = policyOf(r, rel);
    return {
      id: r.id, unitId: r.unit_id, unitName: r.unit_name, title: r.title, body: r.body, important: r.important === 1, plannedAt: r.planned_at,
      status: r.status as PostStatus, revision: r.revision, authorName: r.author_name, authorAccountId: r.author_account_id, chain: p.chain,
      stepIndex: r.status === 'reviewing' ? r.step_index : null, currentStep: currentStep(p),
      steps: rel.steps.filter((s) => s.post_id === r.id).map((s): StepView => ({
        id: s.id, stepKey: s.step_key, label: s.label, kind: s.kind as StepView['kind'], decision: s.decision as StepView['decision'], actorName: s.actor_name,
        opinion: s.opinion, readThrough: s.read_through === 1, notSecret: s.not_secret === 1, revision: s.revision, at: s.at,
      })),
      hits: rel.hits.filter((h) => h.post_id === r.id && h.revision === r.revision).map((h): HitView => ({
        id: h.id, ruleId: h.rule_id, start: h.start_pos, end: h.end_pos, matched: h.matched, correct: h.correct, category: h.category as RuleCategory,
        severity: h.severity as RuleSeverity, note: h.note, status: h.status as HitView['status'], reason: h.reason, ackByName: h.ack_by_name, ackAt: h.ack_at,
      })),
      targets: rel.targets.filter((t) => t.post_id === r.id).map((t): PostTargetView => ({
        outletId: t.outlet_id, outletName: t.outlet_name, outletType: t.outlet_type as OutletType, publishedOn: t.published_on, url: t.url, publishedByName: t.published_by_name,
      })),
      corrections: rel.corrections.filter((c) => c.post_id === r.id).map(correctionView),
      lastRejectReason: r.status === 'rejected' || r.status === 'reviewing' ? r.last_reject_reason : null,
      changedSinceYouSaw: seen,
      submittedAt: r.submitted_at, archived: r.archived_at !== null, version: r.version,
      ...permits(refusals(p, actor)),
    };
  });
}

/** The revision the caller last acted on, when the post has been resubmitted since (what changed since they saw it). */
async function lastSeen(db: Database, actor: Actor, r: PostRow) {
  const mine = await db.selectFrom('post_steps').select((e) => e.fn.max('revision').as('rev')).where('post_id', '=', r.id).where('account_id', '=', actor.accountId).executeTakeFirst();
  const rev = mine?.rev == null ? null : Number(mine.rev);
  if (rev === null || rev >= r.revision) return null;
  const old = await db.selectFrom('post_revisions').select(['revision', 'title', 'body']).where('post_id', '=', r.id).where('revision', '=', rev).executeTakeFirst();
  return old ? { revision: old.revision, title: old.title, body: old.body } : null;
}

export async function getPost(db: Database, actor: Actor, id: string): Promise<PostView> {
  return (await toViews(db, actor, [await getVisiblePost(db, actor, id)], true))[0];
}

/** Posts of the subtree; `waiting=me`: those whose current step the caller may act on now (their queue). */
export async function listPosts(db: Database, actor: Actor, query: z.infer<typeof postQuery>) {
  const scope = await unitScope(db, actor, query);
  let q = selectPosts(db).where((eb) => inRegisterList(eb, { unitId: 'x.unit_id', path: 'u.path', archivedAt: 'x.archived_at' }, scope, query.archived));
  if (query.status) q = q.where('x.status', '=', query.status);
  if (query.outletId) { const o = query.outletId; q = q.where('x.id', 'in', (eb) => eb.selectFrom('post_targets').select('post_id').where('outlet_id', '=', o)); }
  if (query.from) q = q.where('x.created_at', '>=', shanghaiDayStartUtc(query.from));
  if (query.to) q = q.where('x.created_at', '<', shanghaiDayStartUtc(query.to, 1));
  if (query.q) { const w = query.q; q = q.where((eb) => eb.or([contains('x.title', w), contains('x.body', w)])); }
  if (query.waiting === 'me') {
    const rows = (await q.where('x.status', '=', 'reviewing').orderBy('x.submitted_at').execute()) as PostRow[];
    const views = (await toViews(db, actor, rows, false)).filter((v) => v.can.approve || v.can.ack || v.can.reject);
    return { items: views.slice((query.page - 1) * query.pageSize, query.page * query.pageSize), total: views.length, page: query.page, pageSize: query.pageSize };
  }
  return pageOf(q, query, (q) => q.orderBy(sql`case x.status when 'reviewing' then 0 when 'rejected' then 1 when 'draft' then 2 when 'approved' then 3 else 4 end`).orderBy('x.updated_at', 'desc').orderBy('x.id', 'desc'),
    (rows) => toViews(db, actor, rows as PostRow[], false));
}

/** Target outlets: visible, publishing ones, not closed or archived. */
async function checkTargets(trx: Database, actor: Actor, ids: string[]) {
  if (!ids.length) throw errors.validation('请选择至少一个发布阵地', 'outletIds');
  if (new Set(ids).size !== ids.length) throw errors.validation('发布阵地不能重复', 'outletIds');
  const out: { id: string; type: OutletType }[] = [];
  for (const id of ids) {
    const o = await getVisibleOutlet(trx, actor, id, 'outletIds');
    if (o.archived_at || o.status === 'closed') throw errors.validation(`阵地“${o.name}”已关停或归档`, 'outletIds');
    if (!PUBLISHING_TYPES.includes(o.type as OutletType)) throw errors.validation(`“${o.name}”不是发布信息的阵地`, 'outletIds');
    out.push({ id: o.id, type: o.type as OutletType });
  }
  return out;
}

async function setTargets(trx: Database, postId: string, ids: string[]) {
  await trx.deleteFrom('post_targets').where('post_id', '=', postId).execute();
  for (const id of ids) await trx.insertInto('post_targets').values({ id: newId(), post_id: postId, outlet_id: id, published_on: null, url: null, published_by_name: null, published_at: null }).execute();
}

export async function createPost(db: Database, ctx: ActorCtx, input: z.infer<typeof postCreate>) {
  return inTx(db, async (trx) => {
    const unit = await getActiveUnit(trx, ctx.actor, input.unitId, 'unitId');
    await checkTargets(trx, ctx.actor, input.outletIds);
    const row = await insertRecord(trx, 'posts', {
      unit_id: unit.id, title: input.title, body: input.body, important: input.important ? 1 : 0, planned_at: input.plannedAt, status: 'draft', revision: 0,
      step_index: null, chain: '[]', author_account_id: ctx.actor.accountId, author_name: who(ctx.actor), last_reject_reason: null, submitted_at: null, approved_at: null,
    });
    await setTargets(trx, row.id, input.outletIds);
    await writeAudit(trx, ctx, { action: 'create', entity: 'post', entityId: row.id, unitPath: unit.path, after: { title: input.title, important: input.important, outletIds: input.outletIds } });
    return getPost(trx, ctx.actor, row.id);
  });
}

async function loadPolicy(trx: Database, actor: Actor, id: string) {
  const row = await getVisiblePost(trx, actor, id);
  return { row, policy: policyOf(row, await related(trx, [id])) };
}

/** The post's state refuses with 409 (reload and see), the caller's part with 403 and the policy's reason. */
function refuse(why: string | null, code = 'REFUSED', state: string | null = null) {
  if (state) throw errors.conflict(`${code}_STATE`, state);
  if (why) throw new AppError(403, code, why);
}

export async function updatePost(db: Database, ctx: ActorCtx, id: string, input: z.infer<typeof postUpdate>) {
  return inTx(db, async (trx) => {
    const { row, policy } = await loadPolicy(trx, ctx.actor, id);
    editable(row, input.version, '该信息已归档');
    refuse(editRefusal(policy, ctx.actor), 'NOT_EDITABLE', editStateRefusal(policy));
    await checkTargets(trx, ctx.actor, input.outletIds);
    await updateVersioned(trx, 'posts', id, input.version, { title: input.title, body: input.body, important: input.important ? 1 : 0, planned_at: input.plannedAt });
    await setTargets(trx, id, input.outletIds);
    await writeAudit(trx, ctx, { action: 'update', entity: 'post', entityId: id, unitPath: row.unit_path, before: { title: row.title, body: row.body }, after: { title: input.title, body: input.body } });
    return getPost(trx, ctx.actor, id);
  });
}

/** Submission: a new revision, the chain copied from the unit's setting, proofreading run on the text. */
export async function submitPost(db: Database, ctx: ActorCtx, id: string, input: z.infer<typeof postSubmit>) {
  return inTx(db, async (trx) => {
    const { row, policy } = await loadPolicy(trx, ctx.actor, id);
    editable(row, input.version, '该信息已归档');
    refuse(editRefusal(policy, ctx.actor), 'NOT_EDITABLE', editStateRefusal(policy));
    const targets = await trx.selectFrom('post_targets as t').innerJoin('outlets as o', 'o.id', 't.outlet_id').select(['o.type']).where('t.post_id', '=', id).orderBy('o.name').execute();
    if (!targets.length) throw errors.validation('请选择至少一个发布阵地', 'outletIds');
    const chain = await chainFor(trx, row.unit_path, targets[0].type as OutletType);
    const revision = row.revision + 1;
    const now = nowIso();
    await updateVersioned(trx, 'posts', id, input.version, { status: 'reviewing', revision, step_index: 0, chain: JSON.stringify(chain.steps), submitted_at: now });
    await trx.insertInto('post_revisions').values({ id: newId(), post_id: id, revision, title: row.title, body: row.body, created_at: now }).execute();
    const rules = await rulesFor(trx, row.unit_path);
    const byId = new Map(rules.map((r) => [r.id, r]));
    const hits = new Proofreader(asProofRules(rules)).check(row.body);
    for (const h of hits) {
      const r = byId.get(h.ruleId)!;
      await trx.insertInto('post_hits').values({
        id: newId(), post_id: id, revision, rule_id: r.id, kind: r.kind, pattern: r.pattern, start_pos: h.start, end_pos: h.end, matched: h.matched.slice(0, 400),
        correct: r.correct, category: r.category, severity: r.severity, note: r.note, status: 'open', reason: null, ack_by_name: null, ack_at: null,
      }).execute();
    }
    await writeAudit(trx, ctx, { action: 'submit', entity: 'post', entityId: id, unitPath: row.unit_path, before: { status: row.status }, after: { status: 'reviewing', revision, hits: hits.length } });
    await announceWaiting(trx, ctx.actor, id, now);
    return getPost(trx, ctx.actor, id);
  });
}

/**
 * The accounts who may act on the step waiting now: named for it, or holding one of its roles in
 * the post's unit or a unit above; never the author nor someone who did another review step
 * (the policy decides, as for the buttons).
 */
export async function reviewersOf(db: Database, p: PolicyPost): Promise<{ id: string; unitId: string }[]> {
  const step = currentStep(p);
  if (!step) return [];
  const up = p.unit_path.split('/').filter(Boolean);
  const rows = await db.selectFrom('accounts as a').innerJoin('units as u', 'u.id', 'a.unit_id')
    .select(['a.id', 'a.role', 'a.username', 'a.display_name', 'a.unit_id', 'u.name as unit_name', 'u.path as unit_path'])
    .where('a.disabled', '=', 0)
    .where((eb) => eb.or([eb.and([eb('a.unit_id', 'in', up), eb('a.role', 'in', step.roles.length ? step.roles : ['-'])]), ...(step.accountIds.length ? [eb('a.id', 'in', step.accountIds)] : [])]))
    .execute();
  return rows.filter((a) => !stepWhoRefusal(p, { accountId: a.id, role: a.role as Role, username: a.username, displayName: a.display_name, unitId: a.unit_id, unitName: a.unit_name, unitPath: a.unit_path }))
    .map((a) => ({ id: a.id, unitId: a.unit_id }));
}

const shortTitle = (t: string) => (t.length > 24 ? `${t.slice(0, 24)}…` : t);

/**
 * 信息待审核 as an event, in the transaction that moved the post to its step: the people who may
 * take the step hear of it in the app, and the unit's subscribed groups (without the title: a post
 * not yet approved stays out of chat groups). The key is one per revision and step.
 */
async function announceWaiting(trx: Database, actor: Actor, id: string, at: string) {
  const { row, policy } = await loadPolicy(trx, actor, id);
  const step = currentStep(policy);
  if (!step) return;
  const to = await reviewersOf(trx, policy);
  await emitEvents(trx, {
    kind: 'post.review', unitId: row.unit_id, accountIds: to.map((a) => a.id), title: `信息“${shortTitle(row.title)}”待${step.label}`, subject: null,
    link: `/publishing/${id}`, key: `post:${id}:${row.revision}:${step.key}`,
  }, at);
}

/** Posts waiting at a step, counted per account who may take it (the reviewers' daily digest). */
export async function waitingByReviewer(db: Database): Promise<Map<string, { unitId: string; count: number }>> {
  const rows = (await selectPosts(db).where('x.status', '=', 'reviewing').where('x.archived_at', 'is', null).execute()) as PostRow[];
  const out = new Map<string, { unitId: string; count: number }>();
  if (!rows.length) return out;
  const rel = await related(db, rows.map((r) => r.id));
  for (const r of rows) {
    for (const a of await reviewersOf(db, policyOf(r, rel))) {
      const cur = out.get(a.id) ?? { unitId: a.unitId, count: 0 };
      cur.count += 1;
      out.set(a.id, cur);
    }
  }
  return out;
}

/** One decision at the step waiting, by the caller, on the current revision. */
async function recordStep(trx: Database, actor: Actor, row: PostRow, step: ChainStep, d: { decision: 'approve' | 'reject'; opinion: string | null; readThrough: boolean; notSecret: boolean; at: string }) {
  await trx.insertInto('post_steps').values({
    id: newId(), post_id: row.id, step_index: row.step_index!, step_key: step.key, label: step.label, kind: step.kind, decision: d.decision, account_id: actor.accountId,
    actor_name: who(actor), opinion: d.opinion, read_through: d.readThrough ? 1 : 0, not_secret: d.notSecret ? 1 : 0, revision: row.revision, at: d.at,
  }).execute();
}

export async function approvePost(db: Database, ctx: ActorCtx, id: string, input: z.infer<typeof postApprove>) {
  return inTx(db, async (trx) => {
    const { row, policy } = await loadPolicy(trx, ctx.actor, id);
    editable(row, input.version, '该信息已归档');
    refuse(stepRefusal(policy, ctx.actor), 'STEP_REFUSED', stepStateRefusal(policy));
    const why = approveRefusal(policy, ctx.actor);
    if (why) throw errors.conflict('HITS_OPEN', why);
    const step = currentStep(policy)!;
    if (row.important === 1 && step.kind === 'review' && !input.readThrough) throw errors.validation('重要信息须通读全文后确认“已通读”', 'readThrough');
    if (step.final && !input.notSecret) throw errors.validation('终审前须确认信息不涉密', 'notSecret');
    const next = row.step_index! + 1;
    const done = next >= policy.chain.length;
    const now = nowIso();
    await updateVersioned(trx, 'posts', id, input.version, done ? { status: 'approved', step_index: null, approved_at: now } : { step_index: next });
    await recordStep(trx, ctx.actor, row, step, { decision: 'approve', opinion: input.opinion, readThrough: input.readThrough, notSecret: input.notSecret, at: now });
    await writeAudit(trx, ctx, { action: 'approve', entity: 'post', entityId: id, unitPath: row.unit_path, before: { step: step.label }, after: { step: step.label, opinion: input.opinion, status: done ? 'approved' : 'reviewing', readThrough: input.readThrough, notSecret: input.notSecret } });
    if (!done) await announceWaiting(trx, ctx.actor, id, now);
    return getPost(trx, ctx.actor, id);
  });
}

export async function rejectPost(db: Database, ctx: ActorCtx, id: string, input: z.infer<typeof postReject>) {
  return inTx(db, async (trx) => {
    const { row, policy } = await loadPolicy(trx, ctx.actor, id);
    editable(row, input.version, '该信息已归档');
    refuse(stepRefusal(policy, ctx.actor), 'STEP_REFUSED', stepStateRefusal(policy));
    const step = currentStep(policy)!;
    const now = nowIso();
    await updateVersioned(trx, 'posts', id, input.version, { status: 'rejected', step_index: null, last_reject_reason: input.reason });
    await recordStep(trx, ctx.actor, row, step, { decision: 'reject', opinion: input.reason, readThrough: false, notSecret: false, at: now });
    await writeAudit(trx, ctx, { action: 'reject', entity: 'post', entityId: id, unitPath: row.unit_path, before: { status: 'reviewing', step: step.label }, after: { status: 'rejected', reason: input.reason } });
    return getPost(trx, ctx.actor, id);
  });
}

/**
 * A reviewer acknowledges one proofreading hit: `fixed` writes the correct form into the text
 * (later hits shift with it; hits overlapping the span go with it), `kept` keeps the original with a reason.
 */
export async function ackHit(db: Database, ctx: ActorCtx, id: string, hitId: string, input: z.infer<typeof hitAck>) {
  return inTx(db, async (trx) => {
    const { row, policy } = await loadPolicy(trx, ctx.actor, id);
    editable(row, input.version, '该信息已归档');
    refuse(stepRefusal(policy, ctx.actor), 'STEP_REFUSED', stepStateRefusal(policy));
    const hit = await trx.selectFrom('post_hits').selectAll().where('id', '=', hitId).where('post_id', '=', id).executeTakeFirst();
    if (!hit || hit.revision !== row.revision) throw errors.notFound('校对提示');
    if (hit.status !== 'open') throw errors.conflict('HIT_DONE', '该校对提示已确认');
    const now = nowIso();
    const ack = { ack_by_name: who(ctx.actor), ack_at: now };
    if (input.action === 'fixed') {
      const body = applyFix(row.body, { start: hit.start_pos, end: hit.end_pos }, { kind: hit.kind as 'literal' | 'regex', pattern: hit.pattern, correct: hit.correct });
      const delta = body.length - row.body.length;
      await updateVersioned(trx, 'posts', id, input.version, { body });
      const open = await trx.selectFrom('post_hits').selectAll().where('post_id', '=', id).where('revision', '=', row.revision).where('id', '!=', hitId).execute();
      for (const o of open) {
        if (o.start_pos >= hit.end_pos) await trx.updateTable('post_hits').set({ start_pos: o.start_pos + delta, end_pos: o.end_pos + delta }).where('id', '=', o.id).execute();
        else if (o.end_pos > hit.start_pos && o.status === 'open') await trx.updateTable('post_hits').set({ status: 'fixed', reason: '随同上一处一并改正', ...ack }).where('id', '=', o.id).execute();
      }
      await trx.updateTable('post_hits').set({ status: 'fixed', end_pos: hit.end_pos + delta, ...ack }).where('id', '=', hitId).execute();
    } else {
      await updateVersioned(trx, 'posts', id, input.version, {});
      await trx.updateTable('post_hits').set({ status: 'kept', reason: input.reason, ...ack }).where('id', '=', hitId).execute();
    }
    await writeAudit(trx, ctx, { action: 'ack', entity: 'post', entityId: id, unitPath: row.unit_path, before: { hit: hit.matched, status: 'open' }, after: { hit: hit.matched, status: input.action, correct: hit.correct, reason: input.reason } });
    return getPost(trx, ctx.actor, id);
  });
}

export async function publishPost(db: Database, ctx: ActorCtx, id: string, input: z.infer<typeof postPublish>) {
  return inTx(db, async (trx) => {
    const { row, policy } = await loadPolicy(trx, ctx.actor, id);
    editable(row, input.version, '该信息已归档');
    refuse(publishRefusal(policy, ctx.actor), 'PUBLISH_REFUSED', publishStateRefusal(policy));
    const target = await trx.selectFrom('post_targets').selectAll().where('post_id', '=', id).where('outlet_id', '=', input.outletId).executeTakeFirst();
    if (!target) throw errors.validation('该阵地不是本信息的发布阵地', 'outletId');
    if (target.published_on) throw errors.conflict('ALREADY_PUBLISHED', '该阵地已登记发布', 'outletId');
    if (input.publishedOn > shanghaiDay()) throw errors.validation('发布日期不能晚于今天', 'publishedOn');
    if (row.approved_at && input.publishedOn < shanghaiDay(row.approved_at)) throw errors.validation('发布日期不能早于终审日期', 'publishedOn');
    const now = nowIso();
    await trx.updateTable('post_targets').set({ published_on: input.publishedOn, url: input.url, published_by_name: who(ctx.actor), published_at: now }).where('id', '=', target.id).execute();
    const left = policy.targetsLeft - 1;
    await updateVersioned(trx, 'posts', id, input.version, { status: 'published' });
    await writeAudit(trx, ctx, { action: 'publish', entity: 'post', entityId: id, unitPath: row.unit_path, before: { status: row.status }, after: { outletId: input.outletId, publishedOn: input.publishedOn, url: input.url, left } });
    return getPost(trx, ctx.actor, id);
  });
}

export async function correctPost(db: Database, ctx: ActorCtx, id: string, input: z.infer<typeof correctionCreate>) {
  return inTx(db, async (trx) => {
    const { row, policy } = await loadPolicy(trx, ctx.actor, id);
    editable(row, input.version, '该信息已归档');
    refuse(null, 'CORRECT_REFUSED', correctStateRefusal(policy));
    const first = await trx.selectFrom('post_targets').select((e) => e.fn.min('published_on').as('d')).where('post_id', '=', id).executeTakeFirst();
    if (first?.d && input.foundOn < (first.d as string)) throw errors.validation('发现日期不能早于发布日期', 'foundOn');
    if (input.foundOn > shanghaiDay()) throw errors.validation('发现日期不能晚于今天', 'foundOn');
    if (input.fixedOn && input.fixedOn > shanghaiDay()) throw errors.validation('更正日期不能晚于今天', 'fixedOn');
    await updateVersioned(trx, 'posts', id, input.version, {});
    const c = await insertRecord(trx, 'post_corrections', {
      unit_id: row.unit_id, post_id: id, wrong: input.wrong, severity: input.severity, found_by: input.foundBy, found_on: input.foundOn, fixed_on: input.fixedOn,
      note: input.note, created_by_name: who(ctx.actor),
    });
    await writeAudit(trx, ctx, { action: 'correct', entity: 'post', entityId: id, unitPath: row.unit_path, after: { correctionId: c.id, wrong: input.wrong, severity: input.severity, foundBy: input.foundBy, foundOn: input.foundOn, fixedOn: input.fixedOn } });
    return getPost(trx, ctx.actor, id);
  });
}

/** The day a correction was made public, with its note. */
export async function fixCorrection(db: Database, ctx: ActorCtx, postId: string, id: string, input: z.infer<typeof correctionFix>) {
  return inTx(db, async (trx) => {
    const { policy } = await loadPolicy(trx, ctx.actor, postId);
    refuse(null, 'CORRECT_REFUSED', policy.archived_at ? '该信息已归档' : null);
    const c = visibleRow(await trx.selectFrom('post_corrections as c').innerJoin('units as u', 'u.id', 'c.unit_id').selectAll('c').select('u.path as unit_path').where('c.id', '=', id).where('c.post_id', '=', postId).executeTakeFirst(), ctx.actor, '更正记录');
    editable(c, input.version, '该更正记录已归档');
    if (c.fixed_on) throw errors.conflict('ALREADY_FIXED', '该更正已登记完成');
    if (input.fixedOn < c.found_on) throw errors.validation('更正日期不能早于发现日期', 'fixedOn');
    if (input.fixedOn > shanghaiDay()) throw errors.validation('更正日期不能晚于今天', 'fixedOn');
    await updateVersioned(trx, 'post_corrections', id, input.version, { fixed_on: input.fixedOn, note: input.note ?? c.note });
    await writeAudit(trx, ctx, { action: 'fix', entity: 'post', entityId: postId, unitPath: c.unit_path, before: { fixedOn: null }, after: { correctionId: id, fixedOn: input.fixedOn, note: input.note } });
    return getPost(trx, ctx.actor, postId);
  });
}

export async function listCorrections(db: Database, actor: Actor, query: { unitId?: string; from?: string | null; to?: string | null; page: number; pageSize: number }) {
  const scope = await unitScope(db, actor, query);
  let q = db.selectFrom('post_corrections as c').innerJoin('posts as p', 'p.id', 'c.post_id').innerJoin('units as u', 'u.id', 'c.unit_id')
    .selectAll('c').select(['p.title as post_title', 'u.name as unit_name'])
    .where((eb) => inRegisterList(eb, { unitId: 'c.unit_id', path: 'u.path', archivedAt: 'c.archived_at' }, scope, 'false'));
  if (query.from) q = q.where('c.found_on', '>=', query.from);
  if (query.to) q = q.where('c.found_on', '<=', query.to);
  return pageOf(q, query, (q) => q.orderBy('c.found_on', 'desc').orderBy('c.id', 'desc'), (rows) => rows.map((r) => correctionView(r)));
}

export const setPostArchived = archiver<PostRow, PostView>({
  table: 'posts', entity: 'post', noun: '信息', load: getVisiblePost, view: (trx, actor, r) => getPost(trx, actor, r.id),
  guard: async (trx, ctx, r, archived) => {
    if (!archived) return;
    const p = policyOf(r, await related(trx, [r.id]));
    refuse(refusals(p, ctx.actor).archive, 'NOT_ARCHIVABLE');
  },
});

export async function postHistory(db: Database, actor: Actor, id: string) {
  await getVisiblePost(db, actor, id);
  return { items: await entityHistory(db, 'post', id) };
}

/** Posts waiting for the actor now (the queue), counted for home. */
export async function waitingCount(db: Database, actor: Actor): Promise<number> {
  const rows = (await selectPosts(db).where((eb) => inSubtreeOf(eb, 'u.path', actor.unitPath)).where('x.status', '=', 'reviewing').where('x.archived_at', 'is', null).execute()) as PostRow[];
  if (!rows.length) return 0;
  const rel = await related(db, rows.map((r) => r.id));
  return rows.filter((r) => !stepRefusal(policyOf(r, rel), actor)).length;
}
