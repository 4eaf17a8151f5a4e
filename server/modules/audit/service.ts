import { AUDIT_ACTION_LABELS, ENTITY_LABELS } from '../../../common/labels';
import type { Database } from '../../db';
import { type AuditCheckpoint, verifyAuditChain, writeAudit } from '../../platform/audit';
import type { Actor, ActorCtx } from '../../platform/context';
import { inTx } from '../../platform/tx';
import { subtreeFilter } from '../../platform/scope';
import { contains } from '../../platform/search';
import { shanghaiDayStartUtc } from '../../platform/ids';

export interface AuditQuery {
  entity?: string;
  entityId?: string;
  action?: string;
  actor?: string;
  from?: string;
  to?: string;
  page: number;
  pageSize: number;
}

/** The audit log of the actor's subtree, newest first. */
export async function listAudit(db: Database, actor: Actor, query: AuditQuery) {
  let q = db.selectFrom('audit_log').where(subtreeFilter<any, any>('unit_path', actor.unitPath));
  if (query.entity) q = q.where('entity', '=', query.entity);
  if (query.entityId) q = q.where('entity_id', '=', query.entityId);
  if (query.action) q = q.where('action', '=', query.action);
  if (query.actor) {
    const words = query.actor;
    q = q.where(() => contains('actor_name', words));
  }
  if (query.from) q = q.where('at', '>=', shanghaiDayStartUtc(query.from));
  if (query.to) q = q.where('at', '<', shanghaiDayStartUtc(query.to, 1));
  const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await q
    .selectAll()
    .orderBy('seq', 'desc')
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize)
    .execute();
  const unitIds = [...new Set(rows.map((r) => r.unit_path?.split('/').filter(Boolean).pop()).filter((x): x is string => !!x))];
  const names = unitIds.length ? await db.selectFrom('units').select(['id', 'name']).where('id', 'in', unitIds).execute() : [];
  const nameOf = new Map(names.map((n) => [n.id, n.name]));
  return {
    items: rows.map((r) => ({
      seq: r.seq,
      at: r.at,
      actorName: r.actor_name ?? '系统',
      action: r.action,
      actionLabel: AUDIT_ACTION_LABELS[r.action] ?? r.action,
      entity: r.entity,
      entityLabel: ENTITY_LABELS[r.entity] ?? r.entity,
      entityId: r.entity_id,
      unitName: nameOf.get(r.unit_path?.split('/').filter(Boolean).pop() ?? '') ?? null,
      before: r.before_json ? JSON.parse(r.before_json) : null,
      after: r.after_json ? JSON.parse(r.after_json) : null,
      ip: r.ip,
      requestId: r.request_id,
    })),
    total: Number(total.n),
    page: query.page,
    pageSize: query.pageSize,
  };
}

/** The audit administrator's check of the whole chain against the last checkpoint; the check itself is audited. */
export async function verifyAudit(db: Database, ctx: ActorCtx, checkpoint: AuditCheckpoint | null) {
  const r = await verifyAuditChain(db, checkpoint);
  const result = { ok: r.ok && checkpoint !== null, checked: r.checked, legacy: r.legacy, firstBroken: r.firstBroken ?? null, checkpoint: checkpoint ? { seq: checkpoint.seq, at: checkpoint.at } : null };
  await inTx(db, (trx) => writeAudit(trx, ctx, { action: 'audit_verify', entity: 'audit_log', entityId: null, unitPath: ctx.actor.unitPath, after: { ok: result.ok, checked: r.checked } }));
  return result;
}
