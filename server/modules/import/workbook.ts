import ExcelJS from 'exceljs';
import { UNIT_KIND_LABELS, UNIT_KINDS } from '../../../common/labels';
import { AppError, errors } from '../../platform/errors';
import { type CellText, cellText, loadWorkbook } from '../../platform/xlsx-read';

/** The two sheets an import reads, their columns in order, and the row limit per sheet. */
export const UNIT_SHEET = '单位';
export const PEOPLE_SHEET = '人员';
export const GUIDE_SHEET = '填写说明';
export const EXISTING_SHEET = '现有单位';
export const UNIT_COLUMNS = ['单位名称', '上级单位', '单位类型', '单位编码', '排序'] as const;
export const PEOPLE_COLUMNS = ['姓名', '所属单位', '职务', '电话'] as const;
export const MAX_ROWS = 5000;
export { type CellText, cellText, checkZipSize, loadWorkbook, MAX_UNZIPPED_BYTES, MAX_UNZIPPED_XML_BYTES, NOT_XLSX } from '../../platform/xlsx-read';
export const TEMPLATE_FILENAME = '单位人员导入模板.xlsx';

export interface SheetRow {
  /** Row number as Excel shows it (the header is row 1). */
  row: number;
  cells: CellText[];
}

export interface ParsedWorkbook {
  units: SheetRow[];
  people: SheetRow[];
}

function findSheet(wb: ExcelJS.Workbook, name: string): ExcelJS.Worksheet | undefined {
  return wb.worksheets.find((ws) => ws.name.trim() === name);
}

function quoteList(items: readonly string[]) {
  return items.map((c) => `“${c}”`).join('');
}

function readSheet(wb: ExcelJS.Workbook, name: string, columns: readonly string[]): SheetRow[] {
  const ws = findSheet(wb, name);
  if (!ws) {
    throw errors.badFile(`文件中缺少“${name}”工作表：导入文件应有${quoteList([UNIT_SHEET, PEOPLE_SHEET])}两个工作表，请下载导入模板填写`);
  }
  const header = ws.getRow(1);
  const width = Math.max(columns.length, header.cellCount);
  const found: string[] = [];
  for (let c = 1; c <= width; c++) found.push(cellText(header.getCell(c).value).text);
  while (found.length > columns.length && found[found.length - 1] === '') found.pop();
  const ok = found.length === columns.length && columns.every((c, i) => found[i] === c);
  if (!ok) {
    throw errors.badFile(`“${name}”工作表的表头应依次为：${columns.join('、')}(第 1 行)，请下载导入模板填写`);
  }
  const rows: SheetRow[] = [];
  let tooMany = false;
  ws.eachRow({ includeEmpty: false }, (r, rowNumber) => {
    if (rowNumber === 1 || tooMany) return;
    const cells = columns.map((_, i) => cellText(r.getCell(i + 1).value));
    if (cells.every((c) => c.text === '' && !c.error)) return; // blank rows are skipped
    if (rows.length >= MAX_ROWS) {
      tooMany = true;
      return;
    }
    rows.push({ row: rowNumber, cells });
  });
  if (tooMany) {
    throw new AppError(400, 'TOO_MANY_ROWS', `“${name}”工作表超过 ${MAX_ROWS} 行，超出单次导入的上限，请分批导入`, 'file');
  }
  return rows;
}

/** Both sheets, header checked, blank rows dropped. Structural problems are refusals (400 BAD_FILE). */
export async function parseImportFile(buf: Buffer): Promise<ParsedWorkbook> {
  const wb = await loadWorkbook(buf);
  return { units: readSheet(wb, UNIT_SHEET, UNIT_COLUMNS), people: readSheet(wb, PEOPLE_SHEET, PEOPLE_COLUMNS) };
}

export const KIND_LABEL_LIST = UNIT_KINDS.map((k) => UNIT_KIND_LABELS[k]);

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF7' } };
const THIN: ExcelJS.Border = { style: 'thin', color: { argb: 'FFB0B7C3' } };

/** exceljs has range data validations (C2:C5001) but its typings do not declare them. */
function validations(ws: ExcelJS.Worksheet) {
  return (ws as unknown as { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } }).dataValidations;
}

function dataSheet(wb: ExcelJS.Workbook, name: string, columns: { header: string; width: number; note: string; text?: boolean }[]) {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map((c) => ({ header: c.header, width: c.width, ...(c.text ? { style: { numFmt: '@' } } : {}) }));
  const header = ws.getRow(1);
  header.height = 22;
  columns.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.font = { bold: true };
    cell.fill = HEADER_FILL;
    cell.alignment = { vertical: 'middle', horizontal: 'center' };
    cell.border = { top: THIN, bottom: THIN, left: THIN, right: THIN };
    cell.note = c.note;
  });
  return ws;
}

/**
 * The import template: the two data sheets (header only — an example row would be
 * imported), the instructions, and the actor's existing units written the way the
 * importer accepts them as 上级单位 / 所属单位.
 */
export async function buildTemplate(actorUnitName: string, existing: { ref: string; path: string; kind: string }[], existingTotal: number): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '网信工作台';
  wb.created = new Date();

  const last = MAX_ROWS + 1;
  const units = dataSheet(wb, UNIT_SHEET, [
    { header: '单位名称', width: 28, note: '必填，不超过 60 个字' },
    { header: '上级单位', width: 36, note: '必填。填写上级单位名称；名称有重复时写完整路径，如：示例县/城关镇' },
    { header: '单位类型', width: 16, note: `必填，从下拉列表选择：${KIND_LABEL_LIST.join('、')}` },
    { header: '单位编码', width: 18, note: '选填，不超过 40 个字', text: true },
    { header: '排序', width: 10, note: '选填，0 到 100000 的整数，数字小的排在前面' },
  ]);
  validations(units).add(`C2:C${last}`, {
    type: 'list',
    allowBlank: true,
    formulae: [`"${KIND_LABEL_LIST.join(',')}"`],
    showErrorMessage: true,
    errorStyle: 'stop',
    errorTitle: '单位类型无效',
    error: `请从下拉列表中选择：${KIND_LABEL_LIST.join('、')}`,
    showInputMessage: true,
    promptTitle: '单位类型',
    prompt: '请从下拉列表中选择',
  });
  validations(units).add(`E2:E${last}`, {
    type: 'whole',
    operator: 'between',
    allowBlank: true,
    formulae: [0, 100000],
    showErrorMessage: true,
    errorStyle: 'stop',
    errorTitle: '排序无效',
    error: '排序应为 0 到 100000 的整数',
  });

  dataSheet(wb, PEOPLE_SHEET, [
    { header: '姓名', width: 14, note: '必填，不超过 30 个字' },
    { header: '所属单位', width: 36, note: '必填。填写单位名称(可以是“单位”工作表中新增的单位)；名称有重复时写完整路径' },
    { header: '职务', width: 24, note: '选填，不超过 60 个字' },
    { header: '电话', width: 20, note: '选填，只能包含数字、空格和 +-()', text: true },
  ]);

  const guide = wb.addWorksheet(GUIDE_SHEET);
  guide.getColumn(1).width = 110;
  const lines: [string, 'title' | 'head' | 'text'][] = [
    ['单位人员导入说明', 'title'],
    ['一、填写范围', 'head'],
    ['1. 在“单位”工作表填写要新增的单位，在“人员”工作表填写要新增的人员；不需要的工作表留空即可，但不要删除或改名。', 'text'],
    ['2. 第 1 行是表头，请勿修改；从第 2 行起每行一条，空行会被跳过。每个工作表最多 5000 行，超出请分批导入。', 'text'],
    ['3. 导入只新增记录，不修改已有的单位和人员。已经存在的单位(同一上级下同名)和人员(同一单位中同名)会被指出，请从文件中删去后再导入。', 'text'],
    ['二、上级单位和所属单位的写法', 'head'],
    [`1. 写单位名称即可，例如：城关镇。本单位的直接下级，上级单位填写本单位名称“${actorUnitName}”。`, 'text'],
    ['2. 名称有重复时(例如多个乡镇都有“党政办”)，写从上往下的路径，用“/”分隔，例如：城关镇/党政办 或 示例县/城关镇/党政办。', 'text'],
    ['3. 上级单位可以是本单位及下级单位中已有的单位，也可以是“单位”工作表中写在本行之前的新单位；所属单位可以是已有单位或“单位”工作表中的任一新单位。', 'text'],
    ['4. 只能引用本单位及下级单位；上级单位、同级单位视为不存在。已归档的单位不能作为上级单位或所属单位。', 'text'],
    ['5. 单位名称中不能含有“/”。', 'text'],
    [`6. 本单位及下级单位的现有单位及可直接填写的写法，见“${EXISTING_SHEET}”工作表。`, 'text'],
    ['三、单位类型', 'head'],
    [`可选：${KIND_LABEL_LIST.join('、')}。请从下拉列表中选择。`, 'text'],
    ['四、导入步骤', 'head'],
    ['1. 在系统中上传文件，先预览：系统逐行检查并列出问题(第几行、哪一列、什么问题)，此时不会写入任何数据。', 'text'],
    ['2. 预览没有问题后确认导入：所有单位和人员一次性写入；只要有一处问题，就不导入任何数据。', 'text'],
  ];
  for (const [text, style] of lines) {
    const row = guide.addRow([text]);
    const cell = row.getCell(1);
    cell.alignment = { wrapText: true, vertical: 'top' };
    if (style === 'title') {
      cell.font = { bold: true, size: 14 };
      row.height = 24;
    } else if (style === 'head') {
      cell.font = { bold: true };
    }
  }

  const ex = wb.addWorksheet(EXISTING_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  ex.columns = [
    { header: '可直接填写的写法', width: 36 },
    { header: '完整路径', width: 60 },
    { header: '单位类型', width: 14 },
  ];
  ex.getRow(1).eachCell((cell) => {
    cell.font = { bold: true };
    cell.fill = HEADER_FILL;
  });
  for (const u of existing) ex.addRow([u.ref, u.path, u.kind]);
  if (existingTotal > existing.length) {
    ex.addRow([`(共 ${existingTotal} 个单位，此处只列出前 ${existing.length} 个)`]);
  }

  return Buffer.from(await wb.xlsx.writeBuffer());
}
