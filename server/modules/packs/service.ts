/**
 * 迎检材料包: a request starts a build (one row in `packs`), a runner in this process builds it in
 * the background, the page polls its progress and downloads the finished file. Only users who
 * may see the pack's unit see or download it; every start is in the audit log.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { PACK_KEEP_DAYS, type packCreate, type packQuery, type PackStatus, type PackView } from '../../../common/packs';
import type { Database } from '../../db';
import { writeAudit } from '../../platform/audit';
import { cnDay } from '../../platform/ledger-xlsx';
import type { Actor, ActorCtx } from '../../platform/context';
import { AppError, errors, isUniqueViolation } from '../../platform/errors';
import type { JobDef } from '../../platform/jobs';
import { newId, nowIso } from '../../platform/ids';
import { assertInScope, inSubtreeOf } from '../../platform/scope';
import { inTx } from '../../platform/tx';
import { packOutlineProvider } from '../../platform/modules';
import { getVisibleUnit } from '../units/service';
import { PackAborted, PackStepError, writePack } from './build';
import { exportContext } from '../../platform/export-stamp';

/** Packs live here, under the data directory (not in backups: they can be built again). */
export const packDir = (dataDir: string) => path.join(dataDir, 'packs');

/** A build that has not reported for this long was interrupted (the server stopped or crashed). */
const STALE_MS = 15 * 60_000;

function selectPacks(db: Database) {
  return db
    .selectFrom('packs as k')
    .innerJoin('units as u', 'u.id', 'k.unit_id')
    .leftJoin('accounts as a', 'a.id', 'k.created_by')
    .selectAll('k')
    .select(['u.name as unit_name', 'u.path as unit_path', 'a.display_name as creator_name', 'a.username as creator_username']);
}
type PackRow = NonNullable<Awaited<ReturnType<ReturnType<typeof selectPacks>['executeTakeFirst']>>>;

function toView(r: PackRow): PackView {
  return {
    id: r.id, unitId: r.unit_id, unitName: r.unit_name, from: r.from_day, to: r.to_day, status: r.status as PackStatus,
    progressDone: Number(r.progress_done), progressTotal: Number(r.progress_total), error: r.error,
    size: r.size === null ? null : Number(r.size), fileCount: r.file_count === null ? null : Number(r.file_count),
    createdByName: r.creator_name ? `${r.creator_name}(${r.creator_username})` : '', createdAt: r.created_at,
    startedAt: r.started_at, finishedAt: r.finished_at, expiresAt: r.expires_at, frameworkId: r.outline_id,
  };
}

async function getVisiblePack(db: Database, actor: Actor, id: string): Promise<PackRow> {
  const row = await selectPacks(db).where('k.id', '=', id).executeTakeFirst();
  if (!row) throw errors.notFound('材料包');
  assertInScope(actor, row.unit_path);
  return row;
}

export async function getPack(db: Database, actor: Actor, id: string): Promise<PackView> {
  return toView(await getVisiblePack(db, actor, id));
}

export async function listPacks(db: Database, actor: Actor, query: z.infer<typeof packQuery>) {
  const unit = query.unitId ? await getVisibleUnit(db, actor, query.unitId) : null;
  let q = selectPacks(db);
  q = unit ? q.where('k.unit_id', '=', unit.id) : q.where((eb) => inSubtreeOf(eb, 'u.path', actor.unitPath));
  const total = await q.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await q.orderBy('k.created_at', 'desc').orderBy('k.id', 'desc').limit(query.pageSize).offset((query.page - 1) * query.pageSize).execute();
  return { items: rows.map(toView), total: Number(total.n), page: query.page, pageSize: query.pageSize };
}

async function findRunning(db: Database, unitId: string, from: string, to: string, outlineId: string | null) {
  return selectPacks(db).where('k.unit_id', '=', unitId).where('k.from_day', '=', from).where('k.to_day', '=', to).where('k.status', 'in', ['queued', 'building'])
    .where('k.outline_id', outlineId === null ? 'is' : '=', outlineId).executeTakeFirst();
}

/**
 * Starts a build for a unit of the actor's subtree and a period. While one is queued or building
 * for the same unit and period, that one is returned instead (`reused: true`): a double click or
 * a second user never starts a second build. A unique index makes this hold across servers too.
 */
export async function startPack(db: Database, ctx: ActorCtx, input: z.infer<typeof packCreate>, runner: PackRunner): Promise<{ view: PackView; started: boolean }> {
  const unit = await getVisibleUnit(db, ctx.actor, input.unitId, 'unitId');
  const outlineId = input.frameworkId ?? null;
  let outlineName: string | null = null;
  if (outlineId) {
    // The outline is read once here so a framework the actor may not see is refused before anything starts.
    const provider = packOutlineProvider();
    if (!provider) throw errors.validation('未安装自查与考核模块，不能按检查项目编排', 'frameworkId');
    outlineName = (await provider(db, ctx.actor, { unitId: unit.id, unitName: unit.name, unitPath: unit.path, from: input.from, to: input.to }, outlineId)).name;
  }
  const running = await findRunning(db, unit.id, input.from, input.to, outlineId);
  if (running) return { view: { ...toView(running), reused: true }, started: false };
  const id = newId();
  try {
    await inTx(db, async (trx) => {
      const now = nowIso();
      await trx.insertInto('packs').values({
        id, unit_id: unit.id, from_day: input.from, to_day: input.to, status: 'queued', progress_done: 0, progress_total: 0, error: null,
        file_path: null, size: null, file_count: null, created_by: ctx.actor.accountId, created_at: now, started_at: null, finished_at: null, expires_at: null, updated_at: now,
        outline_id: outlineId,
      }).execute();
      await writeAudit(trx, ctx, {
        action: 'build', entity: 'pack', entityId: id, unitPath: unit.path,
        after: { unitId: unit.id, unitName: unit.name, from: input.from, to: input.to, ...(outlineId ? { frameworkId: outlineId, arrangedBy: outlineName } : {}) },
      });
    });
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    const other = await findRunning(db, unit.id, input.from, input.to, outlineId);
    if (!other) throw err;
    return { view: { ...toView(other), reused: true }, started: false };
  }
  runner.enqueue(id, ctx.actor);
  return { view: await getPack(db, ctx.actor, id), started: true };
}

/** The finished file of a pack the actor may see. */
export async function openPack(db: Database, dataDir: string, actor: Actor, id: string) {
  const row = await getVisiblePack(db, actor, id);
  if (row.status === 'expired') throw new AppError(410, 'PACK_EXPIRED', `材料包已过期(保留 ${PACK_KEEP_DAYS} 天)，请重新生成`);
  if (row.status === 'failed') throw errors.conflict('PACK_FAILED', row.error ?? '材料包生成失败，请重新生成');
  if (row.status !== 'done' || !row.file_path) throw errors.conflict('PACK_NOT_READY', '材料包尚未生成完成，请稍候');
  const file = path.join(dataDir, row.file_path);
  const stat = await fs.promises.stat(file).catch(() => null);
  if (!stat) throw errors.notFound('材料包文件');
  return { stream: fs.createReadStream(file), size: stat.size, filename: `${row.unit_name}迎检材料(${cnDay(row.from_day)}至${cnDay(row.to_day)}).zip` };
}

/** Why a build failed, in words a clerk can act on. */
export function failureReason(err: unknown): string {
  if (err instanceof PackAborted) return err.message;
  const step = err instanceof PackStepError ? err.step : null;
  const cause = err instanceof PackStepError ? err.cause : err;
  const code = (cause as { code?: string } | null)?.code;
  let why: string;
  if (cause instanceof AppError) why = cause.message;
  else if (code === 'ENOSPC') why = '服务器磁盘空间不足';
  else if (code === 'EACCES' || code === 'EPERM') why = '服务器无权写入数据目录';
  else if (code === 'EMFILE' || code === 'ENFILE') why = '服务器同时打开的文件过多';
  else if (code === 'ENOENT') why = '文件已不存在';
  else if (code === 'EIO') why = '服务器读写文件出错(磁盘可能有故障)，请联系管理员';
  else if (cause instanceof Error && /[\u4e00-\u9fff]/.test(cause.message)) why = cause.message;
  else why = '服务器内部错误，请联系管理员查看服务器日志';
  return step ? `生成“${step}”时失败：${why}` : `生成失败：${why}`;
}

/**
 * Builds queued packs one at a time in this process (a pack is disk- and CPU-heavy; two cores
 * should not build two at once). Progress is written at most a few times a second.
 */
export class PackRunner {
  private queue: { id: string; actor: Actor }[] = [];
  private active: Promise<void> | null = null;
  private signal = { aborted: false };
  private closed = false;

  constructor(
    private db: Database,
    private dataDir: string,
    private log: (msg: string, err?: unknown) => void = () => {},
  ) {}

  enqueue(id: string, actor: Actor) {
    this.queue.push({ id, actor });
    this.pump();
  }

  /** Resolves when nothing is queued or building (tests and the benchmark wait on it). */
  async idle(): Promise<void> {
    while (this.active) await this.active;
  }

  private pump() {
    if (this.active || this.closed) return;
    const next = this.queue.shift();
    if (!next) return;
    // Built in the background, outside the request that queued it: no export watermark of whoever asked first.
    this.active = exportContext.exit(() => this.run(next.id, next.actor))
      .catch((err) => this.log('pack runner', err))
      .finally(() => {
        this.active = null;
        this.pump();
      });
  }

  /** Stops: the running build ends as failed (interrupted), queued ones too. */
  async close() {
    this.closed = true;
    this.signal.aborted = true;
    const waiting = this.queue.splice(0);
    await this.active;
    for (const w of waiting) await this.fail(w.id, new PackAborted());
  }

  private async fail(id: string, err: unknown) {
    const now = nowIso();
    await this.db.updateTable('packs').set({ status: 'failed', error: failureReason(err), finished_at: now, updated_at: now }).where('id', '=', id).where('status', 'in', ['queued', 'building']).execute();
  }

  private async run(id: string, actor: Actor) {
    const now = nowIso();
    const claim = await this.db.updateTable('packs').set({ status: 'building', started_at: now, updated_at: now }).where('id', '=', id).where('status', '=', 'queued').executeTakeFirst();
    if (Number(claim.numUpdatedRows) !== 1) return;
    const dir = packDir(this.dataDir);
    const tmp = path.join(dir, `${id}.zip.tmp`);
    // Progress goes to the row at most every 300 ms, one write at a time; a heartbeat marks the build alive.
    let last = 0;
    let writing: Promise<unknown> = Promise.resolve();
    let pending: { done: number; total: number } | null = null;
    const flush = () => {
      if (!pending) return;
      const p = pending;
      pending = null;
      last = Date.now();
      writing = writing.then(() => this.db.updateTable('packs').set({ progress_done: p.done, progress_total: p.total, updated_at: nowIso() }).where('id', '=', id).execute()).catch(() => {});
    };
    const heartbeat = setInterval(() => {
      writing = writing.then(() => this.db.updateTable('packs').set({ updated_at: nowIso() }).where('id', '=', id).execute()).catch(() => {});
    }, 60_000);
    heartbeat.unref();
    try {
      const row = await this.db.selectFrom('packs as k').innerJoin('units as u', 'u.id', 'k.unit_id').select(['u.id', 'u.name', 'u.path', 'k.from_day', 'k.to_day', 'k.outline_id']).where('k.id', '=', id).executeTakeFirstOrThrow();
      await fs.promises.mkdir(dir, { recursive: true });
      const result = await writePack({
        db: this.db, dataDir: this.dataDir, actor, outFile: tmp, signal: this.signal,
        scope: { unitId: row.id, unitName: row.name, unitPath: row.path, from: row.from_day, to: row.to_day }, outlineId: row.outline_id,
        onProgress: (done, total) => {
          pending = { done, total };
          if (done === 0 || Date.now() - last >= 300) flush();
        },
      });
      flush();
      await writing;
      const rel = path.join('packs', `${id}.zip`);
      await fs.promises.rename(tmp, path.join(this.dataDir, rel));
      const end = new Date();
      await this.db.updateTable('packs').set({
        status: 'done', file_path: rel, size: result.size, file_count: result.fileCount, progress_done: result.fileCount, progress_total: result.fileCount,
        finished_at: end.toISOString(), expires_at: new Date(end.getTime() + PACK_KEEP_DAYS * 86_400_000).toISOString(), updated_at: end.toISOString(),
      }).where('id', '=', id).execute();
    } catch (err) {
      if (!(err instanceof PackAborted)) this.log(`pack ${id} failed`, err instanceof PackStepError ? err.cause : err);
      await writing;
      await fs.promises.rm(tmp, { force: true }).catch(() => {});
      await this.fail(id, err);
    } finally {
      clearInterval(heartbeat);
    }
  }
}

/**
 * Housekeeping for packs: finished packs are deleted after PACK_KEEP_DAYS (the row stays, as
 * 已过期); builds that stopped reporting (the server stopped mid-build) are marked failed; stray
 * partial files are removed.
 */
export function packsJob(dataDir: string): JobDef {
  return {
    name: 'packs-housekeeping',
    intervalMs: 30 * 60_000,
    async run(db: Database) {
      await expirePacks(db, dataDir);
    },
  };
}

export async function expirePacks(db: Database, dataDir: string, now = new Date()): Promise<{ expired: number; interrupted: number }> {
  const at = now.toISOString();
  const old = await db.selectFrom('packs').select(['id', 'file_path']).where('status', '=', 'done').where('expires_at', '<', at).execute();
  for (const p of old) {
    if (p.file_path) await fs.promises.rm(path.join(dataDir, p.file_path), { force: true });
    await db.updateTable('packs').set({ status: 'expired', file_path: null, updated_at: at }).where('id', '=', p.id).where('status', '=', 'done').execute();
  }
  const stale = await db.updateTable('packs')
    .set({ status: 'failed', error: '生成中断：服务重启或异常退出，请重新生成', finished_at: at, updated_at: at })
    .where('status', 'in', ['queued', 'building']).where('updated_at', '<', new Date(now.getTime() - STALE_MS).toISOString())
    .executeTakeFirst();
  const dir = packDir(dataDir);
  const entries = await fs.promises.readdir(dir).catch(() => [] as string[]);
  for (const name of entries) {
    if (!name.endsWith('.tmp')) continue;
    const st = await fs.promises.stat(path.join(dir, name)).catch(() => null);
    if (st && now.getTime() - st.mtimeMs > 24 * 3600_000) await fs.promises.rm(path.join(dir, name), { force: true });
  }
  return { expired: old.length, interrupted: Number(stale.numUpdatedRows) };
}
