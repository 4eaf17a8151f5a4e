import { createHash, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import type { Config } from '../config';
import type { Database } from '../db';
import { dialectOf } from '../db/dialect';
import { insertInChunks } from '../db/batch';
import type { AuditLogTable } from '../db/schema';
import type { Ctx } from './context';
import type { JobDef } from './jobs';
import { nowIso } from './ids';
import type { HistoryEntry } from '../../common/platform';
import { configuredKey } from './keys';
import { hmacSm3Hex } from './sm-native';

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
  /** When the change happened, if not now (the demo writes the history of records dated in the past); else `ctx.at`, else now. */
  at?: string;
}

type HashedFields = Omit<AuditLogTable, 'hash' | 'alg'>;

/** Keyed rows: HMAC-SM3 (GB/T 39786) over the row and the previous row's MAC. */
export const AUDIT_ALG = 'hmac-sm3';

function auditContent(row: HashedFields): string {
  return JSON.stringify([
    row.seq, row.at, row.actor_id, row.actor_name, row.action, row.entity, row.entity_id,
    row.unit_path, row.before_json, row.after_json, row.request_id, row.ip, row.prev_hash,
  ]);
}

/** The unkeyed SHA-256 of rows written before the keyed chain (alg null): anyone can recompute it. */
export function auditHash(row: HashedFields): string {
  return createHash('sha256').update(auditContent(row)).digest('hex');
}

export function auditMac(row: HashedFields, key: string = currentKey()): string {
  return hmacSm3Hex(auditContent(row), key);
}

let auditKey: string | null = null;

function currentKey(): string {
  if (!auditKey) throw new Error('审计密钥未配置(AUDIT_KEY 或 AUDIT_KEY_FILE)');
  return auditKey;
}

/**
 * The audit key comes from configuration, never from the database: AUDIT_KEY (hex), or the file
 * AUDIT_KEY_FILE (default <data>/secrets/audit.key). With `create`, a missing file is generated
 * (mode 0600) — what a first start or the demo does; `audit verify` never creates one.
 */
export function initAuditKey(config: Pick<Config, 'auditKey' | 'auditKeyFile'>, opts: { create?: boolean } = {}): string {
  const key = configuredKey(config.auditKey, config.auditKeyFile, {
    bytes: 32, create: opts.create, missing: `审计密钥文件不存在: ${config.auditKeyFile}(请设置 AUDIT_KEY 或 AUDIT_KEY_FILE)`,
  });
  if (!/^[0-9a-f]{32,}$/.test(key) || key.length % 2) throw new Error('审计密钥应为至少 32 位的十六进制字符串');
  auditKey = key;
  return auditKey;
}

/**
 * Appends one row to the hash-chained audit log. Must run inside the transaction that
 * makes the change, so the log and the data commit or roll back together.
 */
export async function writeAudit(trx: Database, ctx: Ctx, entry: AuditEntry): Promise<void> {
  await writeAudits(trx, ctx, [entry]);
}

/** Several rows of one request or batch, chained in order: one lock, one read of the head, set-based inserts. */
export async function writeAudits(trx: Database, ctx: Ctx, entries: AuditEntry[]): Promise<void> {
  if (!entries.length) return;
  if (dialectOf(trx) === 'postgres') {
    // Serialise writers so each row links to the one before it.
    await sql`select pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`.execute(trx);
  }
  const last = await trx.selectFrom('audit_log').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  let seq = last?.seq ?? 0;
  let prev = last?.hash ?? GENESIS_HASH;
  const at = ctx.at ?? nowIso();
  const actorName = ctx.actor ? `${ctx.actor.displayName}(${ctx.actor.username})` : '系统';
  const rows = entries.map((entry) => {
    const row: HashedFields = {
      seq: ++seq,
      at: entry.at ?? at,
      actor_id: ctx.actor?.accountId ?? null,
      actor_name: actorName,
      action: entry.action,
      entity: entry.entity,
      entity_id: entry.entityId,
      unit_path: entry.unitPath,
      before_json: entry.before === undefined || entry.before === null ? null : JSON.stringify(entry.before),
      after_json: entry.after === undefined || entry.after === null ? null : JSON.stringify(entry.after),
      request_id: ctx.requestId,
      ip: ctx.ip,
      prev_hash: prev,
    };
    prev = auditMac(row);
    return { ...row, alg: AUDIT_ALG, hash: prev };
  });
  await insertInChunks(trx, 'audit_log', rows);
}

/**
 * The head of the chain recorded outside the database (a checkpoint file, a backup's manifest),
 * signed with the audit key. `legacyUpTo` is the last row of the unkeyed chain written before
 * the keyed MAC was introduced (0 on a database that never had one).
 */
export interface AuditCheckpoint {
  seq: number;
  mac: string;
  legacyUpTo: number;
  at: string;
  sig: string;
}

function checkpointSig(c: Omit<AuditCheckpoint, 'sig'>, key: string): string {
  return hmacSm3Hex(JSON.stringify(['netduty-audit-checkpoint', c.seq, c.mac, c.legacyUpTo, c.at]), key);
}

/** The current head, signed. */
export async function auditHead(db: Database): Promise<AuditCheckpoint> {
  const last = await db.selectFrom('audit_log').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  const legacy = await db.selectFrom('audit_log').select('seq').where('alg', 'is', null).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  const c = { seq: last?.seq ?? 0, mac: last?.hash ?? GENESIS_HASH, legacyUpTo: legacy?.seq ?? 0, at: nowIso() };
  return { ...c, sig: checkpointSig(c, currentKey()) };
}

export function checkpointFile(config: Pick<Config, 'auditCheckpointFile'>): string {
  return config.auditCheckpointFile;
}

/** Writes the head to the checkpoint file (atomically: a crash leaves the previous one). */
export async function writeAuditCheckpoint(db: Database, file: string): Promise<AuditCheckpoint> {
  const head = await auditHead(db);
  const previous = readAuditCheckpoint(file);
  // A checkpoint never moves backwards: a head behind the recorded one means rows were removed.
  if (previous && previous.seq > head.seq) return previous;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(head, null, 2));
  fs.renameSync(tmp, file);
  return head;
}

export function readAuditCheckpoint(file: string): AuditCheckpoint | null {
  if (!fs.existsSync(file)) return null;
  return JSON.parse(fs.readFileSync(file, 'utf8')) as AuditCheckpoint;
}

/** Every few minutes the head goes to the checkpoint file, so a later truncation or rewrite shows. */
export function auditCheckpointJob(file: string): JobDef {
  return { name: 'audit-checkpoint', intervalMs: 5 * 60_000, run: async (db) => void (await writeAuditCheckpoint(db, file)) };
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  /** Rows of the unkeyed chain from before the keyed MAC (verified with SHA-256). */
  legacy: number;
  firstBroken?: { seq: number; reason: string };
  /** How the chain compares with the checkpoint given (none: no checkpoint to compare with). */
  checkpoint: 'none' | 'ok' | 'broken';
}

function sameHex(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

/**
 * Walks the chain in order and reports the first row whose link or MAC does not hold. With a
 * checkpoint (signed with the same key), also finds rows removed from the end (the chain is
 * shorter than the checkpoint) and a chain rewritten from some row on (the checkpoint's row
 * carries a different MAC) — which a hash anyone can recompute cannot show.
 */
export async function verifyAuditChain(db: Database, checkpoint: AuditCheckpoint | null = null): Promise<VerifyResult> {
  const key = currentKey();
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let checked = 0;
  let legacy = 0;
  const batch = 1000;
  const fail = (seq: number, reason: string): VerifyResult => ({ ok: false, checked, legacy, firstBroken: { seq, reason }, checkpoint: checkpoint ? 'broken' : 'none' });
  if (checkpoint) {
    const { sig, ...rest } = checkpoint;
    if (typeof sig !== 'string' || !sameHex(checkpointSig(rest, key), sig)) return fail(0, '检查点文件的签名不符(被改动过，或密钥不同)');
  }
  let keyedSeen = false;
  for (;;) {
    const rows = await db.selectFrom('audit_log').selectAll().where('seq', '>=', expectedSeq).orderBy('seq').limit(batch).execute();
    for (const r of rows) {
      if (r.seq !== expectedSeq) return fail(expectedSeq, `缺少第 ${expectedSeq} 条记录`);
      if (r.prev_hash !== prevHash) return fail(r.seq, '与上一条记录的链接不符');
      const { hash, alg, ...rest } = r;
      if (alg === null) {
        // Unkeyed rows only before the keyed chain, and (with a checkpoint) only up to where it says.
        if (keyedSeen || (checkpoint && r.seq > checkpoint.legacyUpTo)) return fail(r.seq, '出现未以密钥保护的记录(链可能被整体重写)');
        if (auditHash(rest) !== hash) return fail(r.seq, '记录内容与哈希不符(被修改过)');
        legacy++;
      } else {
        if (alg !== AUDIT_ALG) return fail(r.seq, `未知的校验算法 ${alg}`);
        if (checkpoint && r.seq <= checkpoint.legacyUpTo) return fail(r.seq, '记录与检查点不符(链被重写过)');
        keyedSeen = true;
        if (!sameHex(auditMac(rest, key), hash)) return fail(r.seq, '记录内容与校验码不符(被修改过，或密钥不同)');
      }
      if (checkpoint && r.seq === checkpoint.seq && !sameHex(hash, checkpoint.mac)) return fail(r.seq, '与检查点记录的校验码不符(链被重写过)');
      prevHash = hash;
      expectedSeq++;
      checked++;
    }
    if (rows.length < batch) break;
  }
  if (checkpoint && checked < checkpoint.seq) {
    return fail(checked + 1, `日志在第 ${checked} 条后被截断(检查点记录到第 ${checkpoint.seq} 条)`);
  }
  return { ok: true, checked, legacy, checkpoint: checkpoint ? 'ok' : 'none' };
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
