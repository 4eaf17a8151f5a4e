import ExcelJS from 'exceljs';
import { formatShanghaiDateTime } from './period';

export interface LedgerColumn<T> {
  header: string;
  /** Width in characters; CJK text needs about two per character. */
  width: number;
  value: (row: T) => string | number | Date | null | undefined;
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
}

const PAGE_SETUP = { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } as const;
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
  ws.columns = cols.map((c) => ({ width: c.width }));
  const last = cols.length;
  ws.autoFilter = { from: { row: 3, column: 1 }, to: { row: 3, column: last } };
  const border = { style: 'thin' as const, color: { argb: 'FF999999' } };
  const borders = { top: border, left: border, bottom: border, right: border };

  ws.mergeCells(1, 1, 1, last);
  const title = ws.getCell(1, 1);
  title.value = spec.title;
  title.font = { name: '方正小标宋简体', size: 18, bold: true };
  title.alignment = { horizontal: 'center', vertical: 'middle' };
  ws.getRow(1).height = 32;

  ws.mergeCells(2, 1, 2, last);
  const sub = ws.getCell(2, 1);
  sub.value = `单位：${spec.unitName}　　期间：${spec.period}　　导出时间：${formatShanghaiDateTime(new Date())}`;
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
    spec.columns.forEach((c, i) => {
      const v = c.value(r);
      row.getCell(i + 2).value = v === undefined ? null : typeof v === 'string' ? inertText(v) : v;
    });
    for (let c = 1; c <= last; c++) {
      const cell = row.getCell(c);
      cell.border = borders;
      cell.alignment = { vertical: 'top', wrapText: true };
    }
    if (commit) row.commit();
  });
}

export async function ledgerWorkbook<T>(spec: LedgerSpec<T>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '网信工作台';
  const ws = wb.addWorksheet(spec.title.slice(0, 31), { pageSetup: { ...PAGE_SETUP }, views: VIEWS });
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
  const ws = wb.addWorksheet(spec.title.slice(0, 31), { pageSetup: { ...PAGE_SETUP }, views: VIEWS });
  layoutSheet(ws as unknown as ExcelJS.Worksheet, spec, true);
  ws.commit();
  await wb.commit();
}
