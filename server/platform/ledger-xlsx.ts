import { currentWatermark } from './export-stamp';
import ExcelJS from 'exceljs';
import { formatShanghaiDateTime } from './period';

export interface LedgerColumn<T> {
  header: string;
  /** Width in characters; CJK text needs about two per character. */
  width: number;
  /** A Date is written as a date cell (use dayCell/timeCell); `time` shows its hour and minute too. */
  value: (row: T) => string | number | Date | null | undefined;
  format?: 'time';
}

/** How a date cell reads: 2026年3月5日, sorted and filtered as a date in Excel and WPS. */
export const DAY_FORMAT = 'yyyy"年"m"月"d"日"';
export const TIME_FORMAT = 'yyyy"年"m"月"d"日" hh:mm';

/** A day (2026-03-05) as a date cell's value (ExcelJS writes a Date as its UTC calendar day). */
export function dayCell(d: string | null | undefined): Date | null {
  return d ? new Date(Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10)))) : null;
}

/** An instant as a date-and-time cell showing Beijing time (a cell has no zone: it holds the wall clock). */
export function timeCell(iso: string | null | undefined): Date | null {
  return iso ? new Date(Date.parse(iso) + 8 * 3600_000) : null;
}

/**
 * A person as printed: the display name only. Names written by earlier versions carry the login
 * name after them ("王建国(leader)"); that is for the audit log, not for paper.
 */
export function printedName(name: string | null | undefined): string {
  return name ? name.replace(/\s*\([A-Za-z0-9_.@-]+\)$/, '') : '';
}

/** 2026-03-05 → 2026年3月5日 (no leading zeros, as official documents write dates). */
export function cnDay(d: string | null | undefined): string {
  return d ? `${Number(d.slice(0, 4))}年${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日` : '';
}

/** The period line of a ledger: 2026年1月1日至2026年6月30日, from … / … to, or 全部. */
export function periodText(from?: string | null, to?: string | null): string {
  if (!from && !to) return '全部';
  return `${cnDay(from) || '—'}至${cnDay(to) || '今'}`;
}

/** What every register's ledger is built from: a unit (the user's own when absent) and a period. */
export interface LedgerScope {
  unitId?: string;
  from?: string | null;
  to?: string | null;
}

/** Fetches every page of a paged list (up to 20,000 rows, the most a ledger holds). */
export async function allPages<T>(fetch: (page: number) => Promise<{ items: T[]; total: number }>): Promise<T[]> {
  const items: T[] = [];
  for (let page = 1; ; page++) {
    const r = await fetch(page);
    items.push(...r.items);
    if (items.length >= r.total || r.items.length === 0 || items.length >= 20000) return items;
  }
}

/**
 * A register's ledger for its list's filters: every page the list answers (newest first, as the
 * page shows it; `oldestFirst` turns it round), titled with the unit and the filters' period.
 */
export async function listLedger<T>(
  list: (page: number, pageSize: number) => Promise<{ items: T[]; total: number }>,
  spec: Omit<LedgerSpec<T>, 'rows' | 'period'> & Omit<LedgerScope, 'unitId'> & { oldestFirst?: boolean },
): Promise<Buffer> {
  const items = await allPages((page) => list(page, 200));
  return ledgerWorkbook({ title: spec.title, unitName: spec.unitName, period: periodText(spec.from, spec.to), columns: spec.columns, rows: spec.oldestFirst ? items.reverse() : items });
}

export interface LedgerSpec<T> {
  /** Sheet and title, e.g. 任务台账. */
  title: string;
  unitName: string;
  /** e.g. 2026年1月1日至2026年6月30日, or 全部. */
  period: string;
  columns: LedgerColumn<T>[];
  rows: T[];
  /** Handling mark (内部资料, 注意保存): before the unit line and at the top left of every printed page. */
  mark?: string | null;
  /** Watermark (unit, user, time of the export): in the unit line and at the top of every printed page; by default the request's (export-stamp.ts). */
  watermark?: string | null;
}

/**
 * Printed on A4 landscape, fitted to the page width, as many pages long as the rows need, the header
 * row repeated on each page, narrow margins and page numbers at the foot.
 */
const PAGE_SETUP = {
  paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, horizontalCentered: true,
  margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.6, header: 0.3, footer: 0.3 }, printTitlesRow: '3:3',
} as const;
const HEADER_FOOTER = { oddFooter: '&C第 &P 页，共 &N 页' };
/**
 * The widest a ledger is laid out, in characters: A4 landscape holds about 150 at full size, so a
 * ledger fitted to the page prints at three quarters of its size or more (11 pt text at 8 pt or
 * larger) instead of the 6 pt a 15-column register came to. Long-text columns give up width and wrap.
 */
const PRINT_WIDTH = 200;
/** Columns wider than this hold long text and may narrow (to no less than LONG_MIN); others keep their width. */
const LONG = 16;
const LONG_MIN = 14;
/** Points per line of 11 pt text. */
const LINE_HEIGHT = 15;

/** Column widths that fit PRINT_WIDTH, narrowing the long-text columns alike. */
export function printWidths(widths: number[]): number[] {
  const total = widths.reduce((a, b) => a + b, 0);
  if (total <= PRINT_WIDTH) return widths;
  const fixed = widths.filter((w) => w <= LONG).reduce((a, b) => a + b, 0);
  const long = total - fixed;
  const factor = Math.max(0, PRINT_WIDTH - fixed) / long;
  const out = widths.map((w) => (w <= LONG ? w : Math.max(LONG_MIN, Math.floor(w * factor))));
  // A column held at LONG_MIN leaves the others more than their share: take it back from the widest.
  let over = out.reduce((a, b) => a + b, 0) - PRINT_WIDTH;
  while (over > 0) {
    const i = out.reduce((best, w, k) => (widths[k] > LONG && w > LONG_MIN && w > (out[best] ?? 0) ? k : best), -1);
    if (i < 0) break;
    out[i]--; over--;
  }
  return out;
}

/** Display width in column units: CJK and full-width characters count two. */
function textWidth(s: string): number {
  let n = 0;
  for (const ch of s) n += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return n;
}

/** Lines a wrapped cell takes in a column this wide (a little is left for the cell's padding). */
export function wrappedLines(text: string, width: number): number {
  const room = Math.max(1, width - 1);
  return text.split('\n').reduce((n, para) => n + Math.max(1, Math.ceil(textWidth(para) / room)), 0);
}
/** The header (rows 1–3: title, unit and period, column names) stays in view while scrolling. */
const VIEWS = [{ state: 'frozen' as const, ySplit: 3 }];

/**
 * Text a spreadsheet could take for a formula when the cell is edited or the sheet saved as CSV
 * (=, +, -, @, and tab or return before them) gets a leading apostrophe (OWASP CSV injection).
 */
export function inertText(v: string): string {
  return /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
}

/**
 * A register as inspectors expect it in Excel: a title row, the unit and period, a frozen
 * bold header, sensible widths, a 序号 column, thin borders, and wrapped long text.
 * `commit` is set when writing through the streaming writer: each row leaves memory once written.
 */
function layoutSheet<T>(ws: ExcelJS.Worksheet, spec: LedgerSpec<T>, commit: boolean) {
  const cols = [{ header: '序号', width: 6, value: () => '' } as LedgerColumn<T>, ...spec.columns];
  const widths = printWidths(cols.map((c) => c.width));
  ws.columns = widths.map((width) => ({ width }));
  // In a header or footer & starts a code: a literal one is written twice.
  const hf = (v: string) => v.replace(/&/g, '&&');
  const top = [spec.mark ? `&L&"黑体,常规"&12${hf(spec.mark)}` : '', spec.watermark ? `&C&"仿宋_GB2312,常规"&9&K999999${hf(spec.watermark)}` : ''].join('');
  ws.headerFooter = { ...HEADER_FOOTER, ...(top ? { oddHeader: top } : {}) };
  const last = cols.length;
  ws.autoFilter = { from: { row: 3, column: 1 }, to: { row: 3, column: last } };
  const border = { style: 'thin' as const, color: { argb: 'FF999999' } };
  const borders = { top: border, left: border, bottom: border, right: border };
  // The data cells share three style objects (text, day, time) instead of one each: ExcelJS turns a cell's style into
  // XML to find its number in the file unless it has seen that very object before, and that was most of the
  // memory and time of a 20,000-row index. Shared, so never changed through a cell (cell.numFmt = … would).
  const bodyStyle = (numFmt?: string): Partial<ExcelJS.Style> => ({ ...(numFmt ? { numFmt } : {}), border: borders, alignment: { vertical: 'top', wrapText: true } });
  const body = bodyStyle();
  const dayBody = bodyStyle(DAY_FORMAT);
  const timeBody = bodyStyle(TIME_FORMAT);

  ws.mergeCells(1, 1, 1, last);
  const title = ws.getCell(1, 1);
  title.value = spec.title;
  title.font = { name: '方正小标宋简体', size: 18, bold: true };
  title.alignment = { horizontal: 'center', vertical: 'middle' };
  ws.getRow(1).height = 32;

  ws.mergeCells(2, 1, 2, last);
  const sub = ws.getCell(2, 1);
  sub.value = `${spec.mark ? `【${spec.mark}】　` : ''}单位：${spec.unitName}　　期间：${spec.period}　　导出时间：${formatShanghaiDateTime(new Date())}${spec.watermark ? `　　${spec.watermark}` : ''}`;
  sub.font = { name: '仿宋_GB2312', size: 11 };

  const header = ws.getRow(3);
  cols.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.value = c.header;
    cell.font = { name: '黑体', size: 11, bold: true };
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
    cell.border = borders;
  });
  header.height = 24;
  if (commit) {
    ws.getRow(1).commit();
    ws.getRow(2).commit();
    header.commit();
  }

  spec.rows.forEach((r, idx) => {
    const row = ws.getRow(4 + idx);
    row.getCell(1).value = idx + 1;
    let lines = 1;
    row.getCell(1).style = body;
    spec.columns.forEach((c, i) => {
      const v = c.value(r);
      const cell = row.getCell(i + 2);
      cell.value = v === undefined ? null : typeof v === 'string' ? inertText(v) : v;
      cell.style = v instanceof Date ? (c.format === 'time' ? timeBody : dayBody) : body;
      if (typeof v === 'string' && v) lines = Math.max(lines, wrappedLines(v, widths[i + 1]));
    });
    // Excel does not grow a row for wrapped text written by a program: the height is set, or long text is cut in print.
    if (lines > 1) row.height = Math.min(409, lines * LINE_HEIGHT + 3);
    if (commit) row.commit();
  });
}

export async function ledgerWorkbook<T>(input: LedgerSpec<T>): Promise<Buffer> {
  const spec = { ...input, watermark: input.watermark === undefined ? await currentWatermark() : input.watermark };
  const wb = new ExcelJS.Workbook();
  wb.creator = '网信工作台';
  const ws = wb.addWorksheet(spec.title.slice(0, 31), { pageSetup: { ...PAGE_SETUP, margins: { ...PAGE_SETUP.margins } }, views: VIEWS });
  layoutSheet(ws, spec, false);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/**
 * The same ledger written to a file through ExcelJS's streaming writer: rows are flushed as they
 * are written, so a ledger of tens of thousands of rows (a pack's index) needs little memory.
 */
export async function writeLedgerFile<T>(spec: LedgerSpec<T>, file: string): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: true, useSharedStrings: false });
  wb.creator = '网信工作台';
  // The streaming writer writes no print titles (ExcelJS keeps them only in the in-memory workbook).
  const { printTitlesRow: _titles, ...pageSetup } = PAGE_SETUP;
  const ws = wb.addWorksheet(spec.title.slice(0, 31), { pageSetup: { ...pageSetup, margins: { ...pageSetup.margins } }, views: VIEWS });
  layoutSheet(ws as unknown as ExcelJS.Worksheet, spec, true);
  ws.commit();
  await wb.commit();
}
