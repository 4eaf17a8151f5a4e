import { AUDIT_ACTION_LABELS, ENTITY_LABELS } from '../../../common/labels';
import type { AuditItem, Paged } from '../../../common/platform';
import type { Database } from '../../db';
import type { Actor } from '../../platform/context';
import { inSubtreeOf } from '../../platform/scope';
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
export async function listAudit(db: Database, actor: Actor, query: AuditQuery): Promise<Paged<AuditItem>> {
  let q = db.selectFrom('audit_log').where((eb) => inSubtreeOf(eb, 'unit_path', actor.unitPath));
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
