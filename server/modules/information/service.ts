/**
 * 信息报送与采用: a unit sends an item up to its superior; the receiving unit (and only it)
 * records the outcome; superiors set monthly quotas for the units below them and follow progress.
 */
import type { z } from 'zod';
import { ADOPTED_OUTCOMES, type InfoKind, type InfoOutcome, type infoCreate, type infoOutcome, type infoQuery, type infoUpdate, type InfoView, type progressQuery, type QuotaProgressRow, type quotaSet, type quotaUpdate } from '../../../common/information';
import type { Database } from '../../db';
import { entityHistory, writeAudit } from '../../platform/audit';
import type { Actor, ActorCtx } from '../../platform/context';
import { errors } from '../../platform/errors';
import { newId, nowIso } from '../../platform/ids';
import { addDays, shanghaiDay } from '../../platform/period';
import { archiver, editable, inRegisterList, insertRecord, pageOf, updateVersioned, visibleRow } from '../../platform/records';
import { assertInScope, inSubtreeOf } from '../../platform/scope';
import { contains } from '../../platform/search';
import { inTx } from '../../platform/tx';
import { getActiveUnit, getVisibleUnit, unitScope } from '../units/service';

export type InfoRow = {
  id: string; unit_id: string; to_unit_id: string; kind: string; title: string; content: string; sent_day: string; sent_at: string; sent_by: string;
  outcome: string | null; outcome_where: string | null; outcome_note: string | null; outcome_day: string | null; outcome_by: string | null;
  archived_at: string | null; version: number; unit_name: string; unit_path: string; to_unit_name: string; to_unit_path: string;
};

const who = (a: Actor) => `${a.displayName}(${a.username})`;

function selectItems(db: Database) {
  return db.selectFrom('info_items as i').innerJoin('units as u', 'u.id', 'i.unit_id').innerJoin('units as t', 't.id', 'i.to_unit_id')
    .select(['i.id', 'i.unit_id', 'i.to_unit_id', 'i.kind', 'i.title', 'i.content', 'i.sent_day', 'i.sent_at', 'i.sent_by', 'i.outcome', 'i.outcome_where', 'i.outcome_note',
      'i.outcome_day', 'i.outcome_by', 'i.archived_at', 'i.version', 'u.name as unit_name', 'u.path as unit_path', 't.name as to_unit_name', 't.path as to_unit_path']);
}

export function toView(r: InfoRow, actor: Actor | null): InfoView {
  return {
    id: r.id, unitId: r.unit_id, unitName: r.unit_name, toUnitId: r.to_unit_id, toUnitName: r.to_unit_name, kind: r.kind as InfoKind, title: r.title, content: r.content,
    sentDay: r.sent_day, sentAt: r.sent_at, sentBy: r.sent_by, outcome: r.outcome as InfoOutcome | null, outcomeWhere: r.outcome_where, outcomeNote: r.outcome_note,
    outcomeDay: r.outcome_day, outcomeBy: r.outcome_by, archived: r.archived_at !== null, version: r.version, receivedByMe: actor?.unitId === r.to_unit_id,
  };
}

const auditView = (r: InfoRow) => ({
  kind: r.kind, title: r.title, unitName: r.unit_name, toUnitName: r.to_unit_name, outcome: r.outcome, outcomeWhere: r.outcome_where, outcomeNote: r.outcome_note, archived: r.archived_at !== null,
});

/** Visible to the sending unit's subtree, which holds the receiving unit's view (it is the parent). */
export async function getVisibleItem(db: Database, actor: Actor, id: string): Promise<InfoRow> {
  return visibleRow((await selectItems(db).where('i.id', '=', id).executeTakeFirst()) as InfoRow | undefined, actor, '报送信息');
}

export async function getItem(db: Database, actor: Actor, id: string) {
  return toView(await getVisibleItem(db, actor, id), actor);
}

export async function listItems(db: Database, actor: Actor, query: z.infer<typeof infoQuery>) {
  const scope = await unitScope(db, actor, query);
  let q = query.direction === 'received'
    ? selectItems(db).where((eb) => inRegisterList(eb, { unitId: 'i.to_unit_id', path: 't.path', archivedAt: 'i.archived_at' }, scope, query.archived))
      // A received item is one of the actor's subtree's: the receiving unit is in it, so is its sender.
      .where((eb) => inSubtreeOf(eb, 'u.path', actor.unitPath))
    : selectItems(db).where((eb) => inRegisterList(eb, { unitId: 'i.unit_id', path: 'u.path', archivedAt: 'i.archived_at' }, scope, query.archived));
  if (query.kind) q = q.where('i.kind', '=', query.kind);
  if (query.outcome === 'pending') q = q.where('i.outcome', 'is', null);
  else if (query.outcome === 'adopted_any') q = q.where('i.outcome', 'in', [...ADOPTED_OUTCOMES]);
  else if (query.outcome) q = q.where('i.outcome', '=', query.outcome);
  if (query.from) q = q.where('i.sent_day', '>=', query.from);
  if (query.to) q = q.where('i.sent_day', '<=', query.to);
  if (query.q) {
    const words = query.q;
    q = q.where((eb) => eb.or([contains('i.title', words), contains('i.content', words)]));
  }
  return pageOf(q, query, (q) => q.orderBy('i.sent_at', 'desc').orderBy('i.id', 'desc'), (rows) => rows.map((r) => toView(r as InfoRow, actor)));
}

export async function createItem(db: Database, ctx: ActorCtx, input: z.infer<typeof infoCreate>) {
  return inTx(db, async (trx) => {
    const unit = await getActiveUnit(trx, ctx.actor, input.unitId, 'unitId');
    if (!unit.parent_id) throw errors.validation(`${unit.name}没有上级单位，无处报送`, 'unitId');
    const now = nowIso();
    const row = await insertRecord(trx, 'info_items', {
      unit_id: unit.id, to_unit_id: unit.parent_id, kind: input.kind, title: input.title, content: input.content, sent_day: shanghaiDay(), sent_at: now,
      sent_by: who(ctx.actor), outcome: null, outcome_where: null, outcome_note: null, outcome_day: null, outcome_by: null,
    });
    const full = await getVisibleItem(trx, ctx.actor, row.id);
    await writeAudit(trx, ctx, { action: 'create', entity: 'info_item', entityId: row.id, unitPath: unit.path, after: auditView(full) });
    return toView(full, ctx.actor);
  });
}

export async function updateItem(db: Database, ctx: ActorCtx, id: string, input: z.infer<typeof infoUpdate>) {
  return inTx(db, async (trx) => {
    const before = editable(await getVisibleItem(trx, ctx.actor, id), input.version, '该信息已撤回');
    if (before.outcome) throw errors.conflict('DECIDED', '接收单位已登记采用情况，不能再修改');
    await updateVersioned(trx, 'info_items', id, input.version, { kind: input.kind, title: input.title, content: input.content });
    const after = await getVisibleItem(trx, ctx.actor, id);
    await writeAudit(trx, ctx, { action: 'update', entity: 'info_item', entityId: id, unitPath: before.unit_path, before: auditView(before), after: auditView(after) });
    return toView(after, ctx.actor);
  });
}

/** The receiving unit records (or corrects) the outcome; nobody else, not even a unit above it. */
export async function recordOutcome(db: Database, ctx: ActorCtx, id: string, input: z.infer<typeof infoOutcome>) {
  return inTx(db, async (trx) => {
    const before = editable(await getVisibleItem(trx, ctx.actor, id), input.version, '该信息已撤回');
    if (ctx.actor.unitId !== before.to_unit_id) throw errors.forbidden(`只有接收单位(${before.to_unit_name})可以登记采用情况`);
    await updateVersioned(trx, 'info_items', id, input.version, {
      outcome: input.outcome, outcome_where: input.outcome === 'published' ? input.where : null, outcome_note: input.note, outcome_day: shanghaiDay(), outcome_by: who(ctx.actor),
    });
    const after = await getVisibleItem(trx, ctx.actor, id);
    await writeAudit(trx, ctx, { action: 'outcome', entity: 'info_item', entityId: id, unitPath: before.unit_path, before: auditView(before), after: auditView(after) });
    return toView(after, ctx.actor);
  });
}

export const setItemArchived = archiver<InfoRow, InfoView>({
  table: 'info_items', entity: 'info_item', noun: '信息', alreadyArchived: '该信息已撤回', load: getVisibleItem, view: (_t, actor, r) => toView(r, actor), audit: auditView,
  guard: (_trx, _ctx, r, archived) => {
    if (archived && r.outcome) throw errors.conflict('DECIDED', '接收单位已登记采用情况，不能撤回');
  },
});

export async function itemHistory(db: Database, actor: Actor, id: string) {
  await getVisibleItem(db, actor, id);
  return { items: await entityHistory(db, ['info_item'], [id]) };
}

// --- quotas ---------------------------------------------------------------------------------

/** A unit strictly below the actor's own: only a superior sets a unit's quota. */
async function unitBelow(db: Database, actor: Actor, unitId: string, field: string) {
  const u = await getActiveUnit(db, actor, unitId, field);
  if (u.id === actor.unitId) throw errors.validation('报送任务由上级单位设置，不能为本单位设置', field);
  return u;
}

export async function setQuotas(db: Database, ctx: ActorCtx, input: z.infer<typeof quotaSet>) {
  return inTx(db, async (trx) => {
    const now = nowIso();
    let changed = 0;
    for (const unitId of [...new Set(input.unitIds)]) {
      const u = await unitBelow(trx, ctx.actor, unitId, 'unitIds');
      const old = await trx.selectFrom('info_quotas').selectAll().where('unit_id', '=', u.id).executeTakeFirst();
      if (old) {
        if (old.min_per_month === input.minPerMonth) continue;
        await updateVersioned(trx, 'info_quotas', old.id, old.version, { min_per_month: input.minPerMonth, set_by_unit_id: ctx.actor.unitId });
      } else {
        await trx.insertInto('info_quotas').values({ id: newId(), unit_id: u.id, set_by_unit_id: ctx.actor.unitId, min_per_month: input.minPerMonth, version: 0, created_at: now, updated_at: now }).execute();
      }
      changed++;
      await writeAudit(trx, ctx, { action: 'set_quota', entity: 'info_quota', entityId: old?.id ?? u.id, unitPath: u.path, before: old ? { minPerMonth: old.min_per_month } : undefined, after: { unitName: u.name, minPerMonth: input.minPerMonth } });
    }
    return { changed };
  });
}

export async function updateQuota(db: Database, ctx: ActorCtx, id: string, input: z.infer<typeof quotaUpdate>) {
  return inTx(db, async (trx) => {
    const q = await trx.selectFrom('info_quotas as q').innerJoin('units as u', 'u.id', 'q.unit_id').select(['q.id', 'q.unit_id', 'q.version', 'q.min_per_month', 'u.path', 'u.name']).where('q.id', '=', id).executeTakeFirst();
    if (!q) throw errors.notFound('报送任务');
    assertInScope(ctx.actor, q.path);
    if (q.unit_id === ctx.actor.unitId) throw errors.forbidden('报送任务由上级单位设置，不能修改本单位的');
    if (q.version !== input.version) throw errors.stale();
    await updateVersioned(trx, 'info_quotas', id, input.version, { min_per_month: input.minPerMonth, set_by_unit_id: ctx.actor.unitId });
    await writeAudit(trx, ctx, { action: 'set_quota', entity: 'info_quota', entityId: id, unitPath: q.path, before: { minPerMonth: q.min_per_month }, after: { unitName: q.name, minPerMonth: input.minPerMonth } });
    return { id, unitId: q.unit_id, minPerMonth: input.minPerMonth, version: input.version + 1 };
  });
}

export const monthOf = (day: string) => day.slice(0, 7);
export function monthRange(month: string): { from: string; to: string } {
  const [y, m] = month.split('-').map(Number);
  return { from: `${month}-01`, to: addDays(m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`, -1) };
}

/** Sent and adopted items per unit of `unitIds` in the month (live items). */
export async function countsByUnit(db: Database, unitIds: string[], month: string) {
  if (!unitIds.length) return new Map<string, { sent: number; adopted: number }>();
  const { from, to } = monthRange(month);
  const rows = await db.selectFrom('info_items').select(['unit_id', 'outcome']).where('unit_id', 'in', unitIds).where('archived_at', 'is', null)
    .where('sent_day', '>=', from).where('sent_day', '<=', to).execute();
  const m = new Map<string, { sent: number; adopted: number }>();
  for (const r of rows) {
    const c = m.get(r.unit_id) ?? { sent: 0, adopted: 0 };
    c.sent++;
    if (r.outcome && ADOPTED_OUTCOMES.includes(r.outcome as InfoOutcome)) c.adopted++;
    m.set(r.unit_id, c);
  }
  return m;
}

/** A unit's month: itself (when a superior gave it a quota) and each unit directly below it, with quota, sent and adopted. */
export async function quotaProgress(db: Database, actor: Actor, query: z.infer<typeof progressQuery>): Promise<{ month: string; items: QuotaProgressRow[] }> {
  const unit = query.unitId ? await getVisibleUnit(db, actor, query.unitId) : await getVisibleUnit(db, actor, actor.unitId);
  const month = query.month ?? monthOf(shanghaiDay());
  const units = await db.selectFrom('units as u').leftJoin('info_quotas as q', 'q.unit_id', 'u.id')
    .select(['u.id', 'u.name', 'u.parent_id', 'q.id as quota_id', 'q.min_per_month', 'q.version'])
    .where((eb) => eb.or([eb('u.id', '=', unit.id), eb('u.parent_id', '=', unit.id)])).where('u.archived_at', 'is', null)
    .orderBy('u.depth').orderBy('u.sort_order').orderBy('u.name').execute();
  const rows = units.filter((u) => u.id !== unit.id || u.quota_id);
  const counts = await countsByUnit(db, rows.map((u) => u.id), month);
  return {
    month,
    items: rows.map((u) => {
      const c = counts.get(u.id) ?? { sent: 0, adopted: 0 };
      const min = u.min_per_month ?? null;
      return { unitId: u.id, unitName: u.name, quotaId: u.quota_id ?? null, minPerMonth: min, version: u.version ?? 0, sent: c.sent, adopted: c.adopted, met: min === null || min === 0 ? null : c.sent >= min };
    }),
  };
}
