/**
 * Writes an inspection pack (.zip) for a unit's subtree and a period: the ledgers, the generated
 * documents and the period's attachments in topic folders, and an index (.xlsx) of every file.
 *
 * Streaming: the zip goes straight to a file; each attachment is read as a stream and the next
 * one is opened only when the previous one is in the zip, so memory stays flat however many
 * attachments there are. Only the list of entries (names, not contents) is held in memory.
 */
import fs from 'node:fs';
import type { Readable } from 'node:stream';
import archiver from 'archiver';
import type { Database } from '../../db';
import type { Actor } from '../../platform/context';
import { ALLOWED_TYPES, blobPath } from '../../platform/files';
import { shanghaiDay, shanghaiDayStartUtc, type UnitPeriod } from '../../platform/period';
import { cnDay, periodText, writeLedgerFile } from '../../platform/ledger-xlsx';
import { LEDGERS, packDocumentProviders } from './registry';
import { handlingMarkOf, packOutlineProvider, packSources } from '../../platform/modules';
import { AppError } from '../../platform/errors';
import { PACK_UNCLAIMED_FOLDER } from '../../../common/packs';
import { attachmentsOf } from './sources';

/** One line of the index: where a file is in the pack and what it comes from. */
export interface IndexRow {
  folder: string;
  name: string;
  source: string;
  day: string;
  unitName: string;
  note: string;
  /** The checklist item the file is filed under (packs arranged by checklist item). */
  item?: string;
}

/** The build was stopped from outside (the server is shutting down). */
export class PackAborted extends Error {
  constructor() {
    super('服务停止，生成中断，请重新生成');
  }
}

/** A step of the build failed; `step` names the file it was working on. */
export class PackStepError extends Error {
  constructor(readonly step: string, readonly cause: unknown) {
    super(`生成“${step}”时出错`);
  }
}

export interface WriteOptions {
  db: Database;
  dataDir: string;
  actor: Actor;
  scope: UnitPeriod;
  /** Arrange by this structure (a checklist framework, through the module that contributes packOutline) instead of the topic folders. */
  outlineId?: string | null;
  /** Where to write the zip (a temporary name; the caller renames it when done). */
  outFile: string;
  signal: { aborted: boolean };
  onProgress(done: number, total: number): void;
}

type Entry =
  | { kind: 'buffer'; dir: string; name: string; store: boolean; row: Omit<IndexRow, 'folder' | 'name'>; build: () => Promise<Buffer> }
  // 20,000 of these are held through the build: the blob's sha256 (its path is made when it is read), the upload time as
  // stored, and the record's key and index fields shared by its files, not copied per file.
  | { kind: 'file'; dir: string; name: string; store: boolean; row: Omit<IndexRow, 'folder' | 'name'>; sha256: string; createdAt: string; record: string };

/** Extensions whose content is already compressed: stored as they are, which saves CPU and gains nothing lost. */
const STORED = new Set(['jpg', 'jpeg', 'png', 'zip', 'docx', 'xlsx', 'pptx', 'ofd', 'pdf']);
const EXT_OF_MIME = new Map(Object.entries(ALLOWED_TYPES).map(([ext, mime]) => [mime as string, ext]));

function chars(s: string, max: number): string {
  const a = Array.from(s);
  return a.length > max ? a.slice(0, max).join('') : s;
}

/** A path part every unzip tool accepts: no separators, reserved or control characters, no leading or trailing dots. */
export function cleanPart(s: string, max = 60): string {
  let t = s.replace(/[\\/:*?"<>|\u0000-\u001f\u007f]/g, ' ').replace(/\s+/g, ' ').trim();
  t = chars(t, max).trim().replace(/^\.+/, '').replace(/[. ]+$/, '');
  // Names Windows reserves for devices cannot be files or folders there.
  if (/^(con|prn|aux|nul|com\d|lpt\d)$/i.test(t)) t = `_${t}`;
  return t || '未命名';
}

function splitExt(name: string): { base: string; ext: string } {
  const m = /^(.*?)(\.[A-Za-z0-9]{1,8})$/.exec(name);
  return m && m[1] ? { base: m[1], ext: m[2] } : { base: name, ext: '' };
}

/** A file name for the zip: cleaned, at most 80 characters, with an extension (from the content type when it had none). */
export function cleanFileName(name: string, mime?: string): string {
  const { base, ext } = splitExt(name.trim());
  const extension = ext || (mime && EXT_OF_MIME.has(mime) ? `.${EXT_OF_MIME.get(mime)}` : '');
  return `${cleanPart(base, 80 - extension.length)}${extension.toLowerCase()}`;
}

/** Names in the zip are unique (ignoring case, as Windows does): a second 照片.jpg becomes 照片(2).jpg. */
export class UniqueNames {
  private used = new Set<string>();
  take(dir: string, name: string, isDir = false): string {
    const { base, ext } = isDir ? { base: name, ext: '' } : splitExt(name);
    for (let n = 1; ; n++) {
      const candidate = n === 1 ? name : `${base}(${n})${ext}`;
      const key = `${dir}/${candidate}`.toLowerCase();
      if (!this.used.has(key)) {
        this.used.add(key);
        return candidate;
      }
    }
  }
}

const dayText = (d: string) => (d.length === 10 ? cnDay(d) : d.length === 4 ? `${d}年` : '');

/** Everything the pack will hold, in order, with unique names: ledgers, documents, attachments. */
async function plan(o: WriteOptions): Promise<{ entries: Entry[]; empty: IndexRow[]; items: string[] }> {
  const { db, actor, scope } = o;
  const names = new UniqueNames();
  const entries: Entry[] = [];
  const period = periodText(scope.from, scope.to);
  for (const l of LEDGERS) {
    entries.push({
      kind: 'buffer', dir: l.folder, name: names.take(l.folder, cleanFileName(`${l.name}.xlsx`)), store: true,
      row: { source: `${l.name}(系统生成)`, day: period, unitName: scope.unitName, note: '' },
      build: () => l.build(db, actor, { unitId: scope.unitId, from: scope.from, to: scope.to }),
    });
  }
  for (const provider of packDocumentProviders()) {
    for (const d of await provider(db, actor, scope)) {
      const dir = d.folder.split('/').map((p) => cleanPart(p)).join('/');
      const name = names.take(dir, cleanFileName(d.name));
      entries.push({ kind: 'buffer', dir, name, store: STORED.has(splitExt(name).ext.slice(1).toLowerCase()), row: { source: d.source ?? '根据系统记录生成', day: period, unitName: scope.unitName, note: '' }, build: d.build });
    }
  }
  const periodEnd = shanghaiDayStartUtc(scope.to, 1);
  for (const src of packSources()) {
    const records = await src.records(db, scope);
    if (records.length === 0) continue;
    const byId = new Map(records.map((r) => [r.id, r]));
    const files = await attachmentsOf(db, src.entity, records.map((r) => r.id), src.uploadedByPeriodEnd ? periodEnd : undefined);
    // Files in record order (by date), each record's files in upload order.
    const order = new Map(records.map((r, i) => [r.id, i]));
    files.sort((a, b) => order.get(a.entityId)! - order.get(b.entityId)!);
    const recordDirs = new Map<string, { dir: string; key: string; row: Entry['row'] }>();
    const labelDir = `${src.folder}/${cleanPart(src.label)}`;
    for (const f of files) {
      const rec = byId.get(f.entityId)!;
      let r = recordDirs.get(rec.id);
      if (!r) {
        const prefix = rec.day.length === 4 ? `${rec.day}年` : rec.day;
        const dir = `${labelDir}/${names.take(labelDir, cleanPart(prefix ? `${prefix} ${rec.title}` : rec.title, 50), true)}`;
        r = { dir, key: `${src.entity}:${rec.id}`, row: { source: `【${src.recordType}】${rec.title}`, day: dayText(rec.day), unitName: rec.unitName, note: '' } };
        recordDirs.set(rec.id, r);
      }
      const name = names.take(r.dir, cleanFileName(f.filename, f.mime));
      entries.push({
        kind: 'file', dir: r.dir, name, store: STORED.has(splitExt(name).ext.slice(1).toLowerCase()), sha256: f.sha256, createdAt: f.createdAt, record: r.key,
        // The index row is copied where it is written; a record without a day dates each file by its upload.
        row: r.row.day ? r.row : { ...r.row, day: cnDay(shanghaiDay(f.createdAt)) },
      });
    }
  }
  return o.outlineId ? arrange(o, entries) : { entries, empty: [], items: [] };
}

/** Splits an item's expected evidence (成立或调整领导小组的文件、会议记录、纪要) into the phrases it cites. */
export function citedPhrases(evidence: string[]): string[] {
  return evidence.flatMap((e) => e.split(/[、，,；;。\s]+/)).map((p) => p.trim()).filter((p) => Array.from(p).length >= 2);
}

/**
 * The same files arranged by checklist item: one folder per item holding the attachments of the
 * records it claims and the generated files it cites by name; a file claimed by two items is in
 * both. Whatever no item claims keeps its topic folder under PACK_UNCLAIMED_FOLDER.
 */
async function arrange(o: WriteOptions, entries: Entry[]): Promise<{ entries: Entry[]; empty: IndexRow[]; items: string[] }> {
  const provider = packOutlineProvider();
  if (!provider) throw new AppError(400, 'VALIDATION', '未安装自查与考核模块，不能按检查项目编排');
  const outline = await provider(o.db, o.actor, o.scope, o.outlineId!);
  const names = new UniqueNames();
  const out: Entry[] = [];
  const claimed = new Set<Entry>();
  const subDirs = new Map<string, string>();
  const empty: IndexRow[] = [];
  // A generated file claimed twice is built once.
  const once = new Map<Entry, Promise<Buffer>>();
  const built = (e: Entry & { kind: 'buffer' }) => () => {
    if (!once.has(e)) once.set(e, e.build());
    return once.get(e)!;
  };
  for (const f of outline.folders) {
    const dir = f.path.split('/').map((p) => cleanPart(p)).join('/');
    const records = new Set(f.records.flatMap((r) => r.ids.map((id) => `${r.entity}:${id}`)));
    const cites = citedPhrases(f.cites);
    const before = out.length;
    for (const e of entries) {
      const base = splitExt(e.name).base;
      const mine = e.kind === 'file' ? records.has(e.record) : cites.some((p) => base.includes(p));
      if (!mine) continue;
      claimed.add(e);
      // Attachments keep their record's sub-folder (the last part of the topic path), one per record and item.
      let sub = dir;
      if (e.kind === 'file') {
        const key = `${dir}|${e.dir}`;
        if (!subDirs.has(key)) subDirs.set(key, `${dir}/${names.take(dir, e.dir.split('/').pop()!, true)}`);
        sub = subDirs.get(key)!;
      }
      const copy = { ...e, dir: sub, name: names.take(sub, e.name), row: { ...e.row, item: f.label } };
      out.push(copy.kind === 'buffer' ? { ...copy, build: built(e as Entry & { kind: 'buffer' }) } : copy);
    }
    if (out.length === before) empty.push({ item: f.label, folder: '', name: '', source: '', day: '', unitName: '', note: '系统中暂无对应材料' });
  }
  for (const e of entries) {
    if (claimed.has(e)) continue;
    const dir = `${PACK_UNCLAIMED_FOLDER}/${e.dir}`;
    out.push({ ...e, dir, name: names.take(dir, e.name), row: { ...e.row, item: '' } } as Entry);
  }
  return { entries: out, empty, items: outline.folders.map((f) => f.label) };
}

/**
 * At the end archiver writes the zip's central directory: about seventeen small writes per entry, all at once, each
 * a Buffer queued in the stream until the file takes it: at 20,000 entries the largest thing the build held (the
 * peak of its heap). Collected into one write per entry, the same bytes cost a fraction of that. (archiver's zip
 * engine is internal: if a later version renames it, this is skipped and only costs memory.)
 */
export function oneWritePerCentralHeader(archive: ReturnType<typeof archiver>): boolean {
  type Engine = { write(chunk: Buffer | string): boolean; _writeCentralFileHeader?(ae: unknown): void };
  const engine = (archive as unknown as { _module?: { engine?: Engine } })._module?.engine;
  const writeHeader = engine?._writeCentralFileHeader;
  if (!engine || typeof writeHeader !== 'function') return false;
  engine._writeCentralFileHeader = function (this: Engine, ae: unknown) {
    const parts: Buffer[] = [];
    const write = this.write;
    // A plain ASCII name or comment is written as a string (the stream's utf8), the rest as Buffers.
    this.write = (chunk: Buffer | string) => {
      parts.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
      return true;
    };
    try {
      writeHeader.call(this, ae);
    } finally {
      this.write = write;
    }
    this.write(Buffer.concat(parts));
  };
  return true;
}

async function exists(file: string): Promise<boolean> {
  try {
    return (await fs.promises.stat(file)).isFile();
  } catch {
    return false;
  }
}

/** Builds the pack into `outFile`; returns its size and the number of files in it. Removes the partial file on failure. */
export async function writePack(o: WriteOptions): Promise<{ size: number; fileCount: number }> {
  const { scope } = o;
  const root = cleanPart(`${scope.unitName}迎检材料(${cnDay(scope.from)}至${cnDay(scope.to)})`, 80);
  const { entries, empty, items } = await plan(o);
  const total = entries.length + 1;
  o.onProgress(0, total);

  const archive = archiver('zip', { zlib: { level: 6 } });
  oneWritePerCentralHeader(archive);
  const out = fs.createWriteStream(o.outFile);
  let failure: Error | null = null;
  archive.on('error', (e) => (failure ??= e));
  archive.on('warning', (e) => (failure ??= e));
  const closed = new Promise<void>((resolve, reject) => {
    out.on('close', resolve);
    out.on('error', (e) => {
      failure ??= e;
      reject(e);
    });
  });
  closed.catch(() => {});
  archive.pipe(out);

  /** Appends one entry and resolves once it is in the zip, so at most one source is open at a time. */
  const append = (source: Readable | Buffer, data: { name: string; date?: Date; store?: boolean }) =>
    new Promise<void>((resolve, reject) => {
      if (failure) return reject(failure);
      const onEntry = () => {
        cleanup();
        resolve();
      };
      const onError = (e: Error) => {
        cleanup();
        reject(e);
      };
      const cleanup = () => {
        archive.off('entry', onEntry);
        archive.off('error', onError);
        out.off('error', onError);
      };
      archive.on('entry', onEntry);
      archive.on('error', onError);
      out.on('error', onError);
      // A read error (EIO from a failing disk) is the stream's own event: unheard, it ended the whole server.
      if (!Buffer.isBuffer(source)) {
        source.on('error', (e) => {
          failure ??= e;
          onError(e);
        });
      }
      archive.append(source, data);
    });

  const index: IndexRow[] = [];
  const indexFile = `${o.outFile}.index.xlsx`;
  let done = 0;
  let fileCount = 0;
  try {
    for (const e of entries) {
      if (o.signal.aborted) throw new PackAborted();
      const row: IndexRow = { folder: e.dir, name: e.name, ...e.row };
      try {
        if (e.kind === 'buffer') {
          await append(await e.build(), { name: `${root}/${e.dir}/${e.name}`, store: e.store });
          fileCount++;
        } else if (await exists(blobPath(o.dataDir, e.sha256))) {
          await append(fs.createReadStream(blobPath(o.dataDir, e.sha256)), { name: `${root}/${e.dir}/${e.name}`, date: new Date(e.createdAt), store: e.store });
          fileCount++;
        } else {
          row.note = '原文件缺失，未收入';
        }
      } catch (err) {
        if (err instanceof PackAborted) throw err;
        throw new PackStepError(`${e.dir}/${e.name}`, err);
      }
      index.push(row);
      o.onProgress(++done, total);
    }
    if (o.signal.aborted) throw new PackAborted();
    // Items no file answers are listed too, so the index shows every item of the framework.
    if (items.length) {
      const order = new Map(items.map((label, i) => [label, i]));
      index.push(...empty);
      const rank = (r: IndexRow) => order.get(r.item ?? '') ?? items.length;
      index.sort((a, b) => rank(a) - rank(b));
    }
    // The index goes through the streaming writer to a file beside the zip: thousands of rows, little memory.
    await writeLedgerFile<IndexRow>({
      title: '迎检材料目录', unitName: scope.unitName, period: periodText(scope.from, scope.to), rows: index, mark: await handlingMarkOf(o.db, scope.unitId),
      columns: [
        ...(o.outlineId ? [{ header: '检查项目', width: 40, value: (r: IndexRow) => r.item ?? '' }] : []),
        { header: '目录', width: 36, value: (r) => r.folder },
        { header: '文件名', width: 36, value: (r) => r.name },
        { header: '来源记录', width: 40, value: (r) => r.source },
        { header: '日期', width: 24, value: (r) => r.day },
        { header: '单位', width: 14, value: (r) => r.unitName },
        { header: '备注', width: 16, value: (r) => r.note },
      ],
    }, indexFile);
    await append(fs.createReadStream(indexFile), { name: `${root}/00 材料目录.xlsx`, store: true });
    fileCount++;
    await archive.finalize();
    await closed;
    if (failure) throw failure;
    o.onProgress(total, total);
    return { size: (await fs.promises.stat(o.outFile)).size, fileCount };
  } catch (err) {
    archive.abort();
    out.destroy();
    await fs.promises.rm(o.outFile, { force: true });
    throw err;
  } finally {
    await fs.promises.rm(indexFile, { force: true });
  }
}
