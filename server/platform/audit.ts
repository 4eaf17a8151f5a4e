import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Database } from '../db';
import { dialectOf } from '../db/dialect';
import type { AuditLogTable } from '../db/schema';
import type { Ctx } from './context';
import { nowIso } from './ids';
import type { HistoryEntry } from '../../common/platform';

export const GENESIS_HASH = '0'.repeat(64);
const AUDIT_LOCK_KEY = 727001;

export interface AuditEntry {
  action: string;
  entity: string;
  entityId: string | null;
  /** Path of the unit the record belongs to, so superiors can read their subtree's log. */
  unitPath: string | null;
  before?: unknown;
  after?: unknown;
}

type HashedFields = Omit<AuditLogTable, 'hash'>;

export function auditHash(row: HashedFields): string {
  const content = JSON.stringify([
    row.seq, row.at, row.actor_id, row.actor_name, row.action, row.entity, row.entity_id,
    row.unit_path, row.before_json, row.after_json, row.request_id, row.ip, row.prev_hash,
  ]);
  return createHash('sha256').update(content).digest('hex');
}

/**
 * Appends one row to the hash-chained audit log. Must run inside the transaction that
 * makes the change, so the log and the data commit or roll back together.
 */
export async function writeAudit(trx: Database, ctx: Ctx, entry: AuditEntry): Promise<void> {
  if (dialectOf(trx) === 'postgres') {
    // Serialise writers so each row links to the one before it.
    await sql`select pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`.execute(trx);
  }
  const last = await trx.selectFrom('audit_log').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  const row: HashedFields = {
    seq: (last?.seq ?? 0) + 1,
    at: nowIso(),
    actor_id: ctx.actor?.accountId ?? null,
    actor_name: ctx.actor ? `${ctx.actor.displayName}(${ctx.actor.username})` : '系统',
    action: entry.action,
    entity: entry.entity,
    entity_id: entry.entityId,
    unit_path: entry.unitPath,
    before_json: entry.before === undefined || entry.before === null ? null : JSON.stringify(entry.before),
    after_json: entry.after === undefined || entry.after === null ? null : JSON.stringify(entry.after),
    request_id: ctx.requestId,
    ip: ctx.ip,
    prev_hash: last?.hash ?? GENESIS_HASH,
  };
  await trx.insertInto('audit_log').values({ ...row, hash: auditHash(row) }).execute();
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  firstBroken?: { seq: number; reason: string };
}

/** Walks the chain in order and reports the first row whose link or content does not hold. */
export async function verifyAuditChain(db: Database): Promise<VerifyResult> {
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let checked = 0;
  const batch = 1000;
  for (;;) {
    const rows = await db.selectFrom('audit_log').selectAll().where('seq', '>=', expectedSeq).orderBy('seq').limit(batch).execute();
    for (const r of rows) {
      if (r.seq !== expectedSeq) return { ok: false, checked, firstBroken: { seq: expectedSeq, reason: `缺少第 ${expectedSeq} 条记录` } };
      if (r.prev_hash !== prevHash) return { ok: false, checked, firstBroken: { seq: r.seq, reason: '与上一条记录的链接不符' } };
      const { hash, ...rest } = r;
      if (auditHash(rest) !== hash) return { ok: false, checked, firstBroken: { seq: r.seq, reason: '记录内容与哈希不符(被修改过)' } };
      prevHash = hash;
      expectedSeq++;
      checked++;
    }
    if (rows.length < batch) return { ok: true, checked };
  }
}

/**
 * The history of one record, oldest first, from the audit log — what detail pages show.
 * `entities` lets a record include steps logged on its parts (e.g. ['task', 'task_progress']
 * with the progress rows' `taskId`); pass the ids to include. The caller has already checked
 * that the actor may see the record.
 */
export async function entityHistory(db: Database, entity: string | string[], entityIds: string | string[]): Promise<HistoryEntry[]> {
  const ents = Array.isArray(entity) ? entity : [entity];
  const ids = Array.isArray(entityIds) ? entityIds : [entityIds];
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('audit_log')
    .select(['seq', 'at', 'actor_name', 'action', 'entity', 'before_json', 'after_json'])
    .where('entity', 'in', ents)
    .where('entity_id', 'in', ids)
    .orderBy('seq')
    .limit(1000)
    .execute();
  return rows.map((r) => {
    const before = r.before_json ? (JSON.parse(r.before_json) as Record<string, unknown>) : null;
    const after = r.after_json ? (JSON.parse(r.after_json) as Record<string, unknown>) : null;
    const changes: HistoryEntry['changes'] = [];
    if (before && after) {
      for (const field of new Set([...Object.keys(before), ...Object.keys(after)])) {
        if (field === 'version' || field === 'updatedAt') continue;
        if (JSON.stringify(before[field]) !== JSON.stringify(after[field])) changes.push({ field, before: before[field] ?? null, after: after[field] ?? null });
      }
    }
    return { seq: r.seq, at: r.at, actorName: r.actor_name ?? '系统', action: r.entity === ents[0] ? r.action : `${r.entity}.${r.action}`, changes, after };
  });
}
