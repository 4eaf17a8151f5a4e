import ExcelJS from 'exceljs';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Permission } from '../../common/roles';
import type { Config } from '../config';
import type { Database } from '../db';
import { writeAudit } from './audit';
import type { Actor, ActorCtx } from './context';
import { AppError, errors } from './errors';
import { ALLOWED_TYPES, contentDisposition } from './files';
import { actorCtx, actorOf } from './http';
import { inTx } from './tx';
import { readUpload, uploadLimitLabel } from './upload';
import { cellText, loadWorkbook } from './xlsx-read';

/**
 * One-sheet .xlsx imports for any register (tasks, ledger entries, risk points …): a template
 * with notes and drop-downs, a preview that checks every row and writes nothing, and a commit
 * that writes every row or none. Modules describe their columns and how a row becomes a record.
 */

export const MAX_IMPORT_ROWS = 5000;
const GUIDE_SHEET = '填写说明';

export interface ImportColumn {
  header: string;
  /** Shown as the header cell's comment and in the guide sheet: what to write. */
  note: string;
  width?: number;
  required?: boolean;
  /** Allowed values: a drop-down in the template. The module still checks them in parseRow. */
  list?: readonly string[];
  /** Keep as text in Excel (codes, phone numbers). */
  text?: boolean;
}

export interface RowContext {
  db: Database;
  actor: Actor;
  /** Row number as Excel shows it (the header is row 1). */
  row: number;
  /** Computes something once per import (a unit lookup table) and hands it to every row. */
  once<V>(key: string, make: () => Promise<V>): Promise<V>;
  /** The unit a cell names, among the actor's subtree (`unitLookup`, loaded once per import). */
  unit(ref: string, column: string): Promise<{ unit: UnitRef } | { error: string }>;
}

export type RowResult<T> = { value: T } | { errors: string[] };

export interface SheetImportSpec<T> {
  /** Sheet name, also the thing imported: 任务, 活动台账, 风险点. */
  sheet: string;
  /** The template's file name; `<sheet>导入模板.xlsx` when not given. */
  templateName?: string;
  /** Entity name written to the audit log for the import as a whole, e.g. task. */
  entity: string;
  columns: readonly ImportColumn[];
  /** Extra lines for the guide sheet (after the generic ones). */
  guide?: readonly string[];
  /**
   * Turns one row (cell text by header, trimmed, '' when empty; required columns already
   * checked) into a value, or explains in Chinese what is wrong, naming the column.
   * Called with the transaction's database during a commit, so it sees what the commit sees.
   */
  parseRow(cells: Record<string, string>, ctx: RowContext): Promise<RowResult<T>>;
  /** Problems only visible across rows, e.g. the same record twice in the file. */
  checkAll?(rows: { row: number; value: T }[]): { row: number; error: string }[];
  /** Writes all rows inside the import's transaction, with an audit entry per record. */
  insert(trx: Database, ctx: ActorCtx, rows: T[]): Promise<void>;
}

export interface SheetPreviewRow {
  row: number;
  cells: Record<string, string>;
  errors: string[];
}

export interface SheetPreview {
  valid: boolean;
  /** Data rows read from the sheet (blank rows skipped). */
  total: number;
  columns: string[];
  rows: SheetPreviewRow[];
  fileErrors: string[];
  problemCount: number;
}

export interface SheetImportResult {
  imported: number;
}

export class SheetImportInvalid extends AppError {
  constructor(readonly preview: SheetPreview, sheet: string) {
    super(400, 'IMPORT_INVALID', `导入文件有 ${preview.problemCount} 处问题，未导入任何数据`, 'file');
    this.problems = [...preview.fileErrors, ...preview.rows.flatMap((r) => r.errors.map((e) => `“${sheet}”工作表第 ${r.row} 行：${e}`))];
  }
  readonly problems: string[];
  override toJSON() {
    return { ...super.toJSON(), problemCount: this.preview.problemCount, problems: this.problems.slice(0, 200) };
  }
}

interface RawRow {
  row: number;
  cells: Record<string, string>;
  cellErrors: string[];
}

function readRows(wb: ExcelJS.Workbook, spec: SheetImportSpec<unknown>): RawRow[] {
  const headers = spec.columns.map((c) => c.header);
  const ws = wb.worksheets.find((w) => w.name.trim() === spec.sheet);
  if (!ws) throw errors.badFile(`文件中缺少“${spec.sheet}”工作表，请下载导入模板填写`);
  const found: string[] = [];
  const width = Math.max(headers.length, ws.getRow(1).cellCount);
  for (let c = 1; c <= width; c++) found.push(cellText(ws.getRow(1).getCell(c).value).text);
  while (found.length > headers.length && found[found.length - 1] === '') found.pop();
  if (found.length !== headers.length || headers.some((h, i) => found[i] !== h)) {
    throw errors.badFile(`“${spec.sheet}”工作表的表头应依次为：${headers.join('、')}(第 1 行)，请下载导入模板填写`);
  }
  const rows: RawRow[] = [];
  let tooMany = false;
  ws.eachRow({ includeEmpty: false }, (r, rowNumber) => {
    if (rowNumber === 1 || tooMany) return;
    const texts = headers.map((_, i) => cellText(r.getCell(i + 1).value));
    if (texts.every((t) => t.text === '' && !t.error)) return;
    if (rows.length >= MAX_IMPORT_ROWS) {
      tooMany = true;
      return;
    }
    const cells: Record<string, string> = {};
    const cellErrors: string[] = [];
    headers.forEach((h, i) => {
      cells[h] = texts[i].text;
      if (texts[i].error) cellErrors.push(`“${h}”是 Excel 错误值 ${texts[i].error}，请改为实际内容`);
    });
    rows.push({ row: rowNumber, cells, cellErrors });
  });
  if (tooMany) throw new AppError(400, 'TOO_MANY_ROWS', `“${spec.sheet}”工作表超过 ${MAX_IMPORT_ROWS} 行，超出单次导入的上限，请分批导入`, 'file');
  return rows;
}

/** Checks every row; returns the preview and the parsed values (only meaningful when valid). */
async function check<T>(db: Database, actor: Actor, spec: SheetImportSpec<T>, buf: Buffer): Promise<{ preview: SheetPreview; values: T[] }> {
  const wb = await loadWorkbook(buf);
  const raw = readRows(wb, spec as SheetImportSpec<unknown>);
  const fileErrors = raw.length === 0 ? [`“${spec.sheet}”工作表没有数据行(第 2 行起填写)`] : [];
  const rows: SheetPreviewRow[] = [];
  const parsed: { row: number; value: T }[] = [];
  const cache = new Map<string, Promise<unknown>>();
  const once = <V,>(key: string, make: () => Promise<V>): Promise<V> => {
    if (!cache.has(key)) cache.set(key, make());
    return cache.get(key) as Promise<V>;
  };
  const unit = async (ref: string, column: string) => (await once('units', () => unitLookup(db, actor)))(ref, column);
  for (const r of raw) {
    const errs = [...r.cellErrors];
    for (const c of spec.columns) if (c.required && r.cells[c.header] === '' ) errs.push(`“${c.header}”不能为空`);
    if (errs.length === 0) {
      const res = await spec.parseRow(r.cells, { db, actor, row: r.row, once, unit });
      if ('errors' in res) errs.push(...res.errors);
      else parsed.push({ row: r.row, value: res.value });
    }
    rows.push({ row: r.row, cells: r.cells, errors: errs });
  }
  if (spec.checkAll) {
    const byRow = new Map(rows.map((r) => [r.row, r]));
    for (const p of spec.checkAll(parsed)) byRow.get(p.row)?.errors.push(p.error);
  }
  const problemCount = fileErrors.length + rows.reduce((n, r) => n + r.errors.length, 0);
  return {
    preview: { valid: problemCount === 0, total: raw.length, columns: spec.columns.map((c) => c.header), rows, fileErrors, problemCount },
    values: parsed.map((p) => p.value),
  };
}

export async function previewSheet<T>(db: Database, actor: Actor, spec: SheetImportSpec<T>, buf: Buffer): Promise<SheetPreview> {
  return (await check(db, actor, spec, buf)).preview;
}

/** All rows or none: any problem refuses the whole file (400 IMPORT_INVALID with the problems). */
export async function commitSheet<T>(db: Database, ctx: ActorCtx, spec: SheetImportSpec<T>, buf: Buffer, filename: string): Promise<SheetImportResult> {
  return inTx(db, async (trx) => {
    const { preview, values } = await check(trx, ctx.actor, spec, buf);
    if (!preview.valid) throw new SheetImportInvalid(preview, spec.sheet);
    await spec.insert(trx, ctx, values);
    await writeAudit(trx, ctx, {
      action: 'import', entity: spec.entity, entityId: null, unitPath: ctx.actor.unitPath,
      after: { file: filename.slice(0, 200), sheet: spec.sheet, rows: values.length },
    });
    return { imported: values.length };
  });
}

/** exceljs supports range validations (C2:C5001) but does not declare them. */
function validations(ws: ExcelJS.Worksheet) {
  return (ws as unknown as { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } }).dataValidations;
}

function columnLetter(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

/** The template: the data sheet (header only, so no example row gets imported) and the guide. */
export async function sheetTemplate(spec: SheetImportSpec<unknown>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '网信工作台';
  const ws = wb.addWorksheet(spec.sheet, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = spec.columns.map((c) => ({ header: c.header, width: c.width ?? Math.max(12, c.header.length * 2 + 4), ...(c.text ? { style: { numFmt: '@' } } : {}) }));
  const thin: ExcelJS.Border = { style: 'thin', color: { argb: 'FFB0B7C3' } };
  spec.columns.forEach((c, i) => {
    const cell = ws.getRow(1).getCell(i + 1);
    cell.font = { bold: true, color: c.required ? { argb: 'FFC00000' } : undefined };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF7' } };
    cell.alignment = { vertical: 'middle', horizontal: 'center' };
    cell.border = { top: thin, bottom: thin, left: thin, right: thin };
    cell.note = `${c.required ? '必填。' : '选填。'}${c.note}`;
    if (c.list?.length) {
      const col = columnLetter(i + 1);
      validations(ws).add(`${col}2:${col}${MAX_IMPORT_ROWS + 1}`, {
        type: 'list', allowBlank: true, formulae: [`"${c.list.join(',')}"`],
        showErrorMessage: true, errorTitle: c.header, error: `请从下拉列表选择：${c.list.join('、')}`,
      });
    }
  });
  ws.getRow(1).height = 22;

  const guide = wb.addWorksheet(GUIDE_SHEET);
  guide.getColumn(1).width = 110;
  const lines: [string, boolean][] = [
    [`${spec.sheet}导入说明`, true],
    [`1. 在“${spec.sheet}”工作表填写，第 1 行是表头，请勿修改；从第 2 行起每行一条，空行会被跳过；最多 ${MAX_IMPORT_ROWS} 行。`, false],
    ['2. 红色表头为必填列。日期写成 2026-03-15 或 2026/3/15，也可以是 Excel 日期。', false],
    ['3. 上传后先预览：系统逐行检查并列出问题，不写入任何数据；全部无误后确认导入，所有行一次写入；有任何问题，一条也不会写入。', false],
    ['各列的写法：', true],
    ...spec.columns.map((c): [string, boolean] => [`${c.header}：${c.required ? '必填。' : '选填。'}${c.note}${c.list?.length ? `(可选：${c.list.join('、')})` : ''}`, false]),
    ...(spec.guide ?? []).map((g): [string, boolean] => [g, false]),
  ];
  for (const [text, bold] of lines) {
    const cell = guide.addRow([text]).getCell(1);
    cell.alignment = { wrapText: true, vertical: 'top' };
    if (bold) cell.font = { bold: true };
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const importQuery = z.object({
  commit: z.enum(['true', 'false'], { error: 'commit 应为 true 或 false' }).default('false'),
});

/**
 * `GET <path>/template` and `POST <path>?commit=false|true` (multipart, field `file`) for one
 * register. Register it inside the module's routes plugin: `registerSheetImport(app, …)`.
 */
export function sheetImportRoutes<T>(db: Database, config: Config, o: { path: string; permission: Permission; tag: string; spec: SheetImportSpec<T> }): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(`${o.path}/template`, {
      config: { permission: o.permission },
      schema: { tags: [o.tag], summary: `下载${o.spec.sheet}导入模板(.xlsx)` },
    }, async (_req, reply) => {
      const buf = await sheetTemplate(o.spec as SheetImportSpec<unknown>);
      reply.header('content-disposition', contentDisposition(templateName(o.spec)));
      reply.header('cache-control', 'no-store');
      return reply.type(ALLOWED_TYPES.xlsx).send(buf);
    });

    app.post(o.path, {
      config: { permission: o.permission },
      schema: {
        tags: [o.tag],
        summary: `导入${o.spec.sheet}(multipart，文件字段 file；commit=false 只预览，commit=true 全部写入或全不写入；最多 ${MAX_IMPORT_ROWS} 行，文件上限 ${uploadLimitLabel(config)})`,
        querystring: importQuery,
      },
    }, async (req) => {
      const { content, filename } = await readUpload(req, config, '请选择要导入的 Excel(.xlsx)文件');
      if (req.query.commit === 'true') return commitSheet(db, actorCtx(req), o.spec, content, filename);
      return previewSheet(db, actorOf(req), o.spec, content);
    });
  };
}

// ---------------------------------------------------------------------------------------
// Cell parsing helpers shared by the modules' parseRow
// ---------------------------------------------------------------------------------------

/** 2026-03-15, 2026/3/15, 2026.3.15, 2026年3月15日 → 2026-03-15; null when not a real date. */
export function parseDay(text: string): string | null {
  const m = text.trim().match(/^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const dt = new Date(Date.UTC(y, mo - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== mo - 1 || dt.getUTCDate() !== d) return null;
  return `${m[1]}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** 是/否 (also Y/N, √, 1/0, true/false); null when it is neither. */
export function parseYesNo(text: string): boolean | null {
  const t = text.trim().toLowerCase();
  if (['是', 'y', 'yes', '√', '1', 'true'].includes(t)) return true;
  if (['否', 'n', 'no', '×', '0', 'false', ''].includes(t)) return false;
  return null;
}

export const templateName = (spec: Pick<SheetImportSpec<unknown>, 'sheet' | 'templateName'>) => spec.templateName ?? `${spec.sheet}导入模板.xlsx`;

/** A required column naming a unit of the importer's subtree (resolved with `RowContext.unit`). */
export const unitColumn = (header: string, width: number): ImportColumn =>
  ({ header, note: '本单位或下级单位的名称；重名时写路径，如 城关镇/党政办', required: true, width });

/** "“列”不能超过 N 个字" for each column whose text is longer than its limit, in the order given. */
export function tooLong(cells: Record<string, string>, limits: Record<string, number>): string[] {
  return Object.entries(limits).filter(([h, max]) => cells[h].length > max).map(([h, max]) => `“${h}”不能超过 ${max} 个字`);
}

/** The value whose Chinese label is `text`, e.g. 上级部署 → superior. */
export function fromLabel<K extends string>(labels: Record<K, string>, text: string): K | null {
  const t = text.trim();
  for (const [k, v] of Object.entries(labels) as [K, string][]) if (v === t) return k;
  return null;
}

export interface UnitRef {
  id: string;
  name: string;
  path: string;
}

/**
 * Resolves a unit written in a cell — a name, or a path from any level such as 城关镇/党政办 —
 * among the active units of the actor's subtree. Loaded once per import.
 */
export async function unitLookup(db: Database, actor: Actor): Promise<(ref: string, column: string) => { unit: UnitRef } | { error: string }> {
  const units = await db
    .selectFrom('units')
    .select(['id', 'name', 'path', 'parent_id'])
    .where('path', 'like', `${actor.unitPath}%`)
    .where('archived_at', 'is', null)
    .execute();
  const byId = new Map(units.map((u) => [u.id, u]));
  /** Names from the actor's unit down to u. */
  const chain = (u: (typeof units)[number]): string[] => {
    const names: string[] = [];
    for (let x: (typeof units)[number] | undefined = u; x; x = x.parent_id ? byId.get(x.parent_id) : undefined) {
      names.unshift(x.name);
      if (x.path === actor.unitPath) break;
    }
    return names;
  };
  const chains = units.map((u) => ({ u, names: chain(u) }));
  return (ref, column) => {
    const parts = ref.split('/').map((p) => p.trim()).filter(Boolean);
    if (parts.length === 0) return { error: `“${column}”不能为空` };
    const hits = chains.filter((c) => c.names.length >= parts.length && parts.every((p, i) => c.names[c.names.length - parts.length + i] === p));
    if (hits.length === 0) return { error: `“${column}”中的单位“${ref}”不存在，或不在本单位及下级单位中` };
    if (hits.length > 1) return { error: `“${column}”中的单位“${ref}”有 ${hits.length} 个同名单位，请写路径，如 ${hits[0].names.slice(-2).join('/')}` };
    const u = hits[0].u;
    return { unit: { id: u.id, name: u.name, path: u.path } };
  };
}

/** A person of `unitId` by name (active people only). */
export async function personByName(db: Database, unitId: string, name: string, column: string): Promise<{ id: string } | { error: string }> {
  const found = await db.selectFrom('people').select('id').where('unit_id', '=', unitId).where('name', '=', name.trim()).where('archived_at', 'is', null).execute();
  if (found.length === 0) return { error: `“${column}”中的“${name}”不是该单位的在册人员，请先在人员名单中添加` };
  if (found.length > 1) return { error: `“${column}”中的“${name}”在该单位有重名，请在系统中逐条录入` };
  return { id: found[0].id };
}
