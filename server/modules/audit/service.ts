import { CASE_STEP_LABELS, type CaseStep } from '../../../common/cases';
import { AUDIT_ACTION_LABELS, ENTITY_LABELS } from '../../../common/labels';
import type { AuditItem, Paged } from '../../../common/platform';
import type { Database } from '../../db';
import { type AuditCheckpoint, verifyAuditChain, writeAudit } from '../../platform/audit';
import type { Actor, ActorCtx } from '../../platform/context';
import { inTx } from '../../platform/tx';
import { allPages, ledgerWorkbook, periodText } from '../../platform/ledger-xlsx';
import { inSubtreeOf } from '../../platform/scope';
import { contains } from '../../platform/search';
import { shanghaiDayStartUtc } from '../../platform/ids';

/** The Chinese word for an audit action; a case step (`case.triage`) reads as the step's own name. */
function actionLabel(action: string): string {
  const step = action.startsWith('case.') ? CASE_STEP_LABELS[action.slice(5) as CaseStep] : undefined;
  return AUDIT_ACTION_LABELS[action] ?? step ?? action;
}

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
      actionLabel: actionLabel(r.action),
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

/** The audit log as .xlsx for the same filters as the list (the audit administrator's export); the export itself is audited. */
export async function auditLedger(db: Database, ctx: ActorCtx, query: Omit<AuditQuery, 'page' | 'pageSize'>): Promise<Buffer> {
  const items = await allPages((page) => listAudit(db, ctx.actor, { ...query, page, pageSize: 200 }));
  await inTx(db, (trx) => writeAudit(trx, ctx, { action: 'export', entity: 'audit_log', entityId: null, unitPath: ctx.actor.unitPath, after: { rows: items.length, ...query } }));
  type Item = (typeof items)[number];
  return ledgerWorkbook<Item>({
    title: '审计日志',
    unitName: ctx.actor.unitName,
    period: periodText(query.from, query.to),
    rows: items,
    columns: [
      { header: '编号', width: 8, value: (r) => r.seq },
      { header: '时间', width: 20, value: (r) => new Date(r.at).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }) },
      { header: '操作人', width: 20, value: (r) => r.actorName },
      { header: '操作', width: 14, value: (r) => r.actionLabel },
      { header: '对象', width: 12, value: (r) => r.entityLabel },
      { header: '对象编号', width: 24, value: (r) => r.entityId },
      { header: '单位', width: 16, value: (r) => r.unitName },
      { header: '修改前', width: 40, value: (r) => (r.before ? JSON.stringify(r.before) : '') },
      { header: '修改后', width: 40, value: (r) => (r.after ? JSON.stringify(r.after) : '') },
      { header: '地址', width: 16, value: (r) => r.ip },
      { header: '请求编号', width: 24, value: (r) => r.requestId },
    ],
  });
}
