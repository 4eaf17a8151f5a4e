import { inflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { errors } from './errors';
import { sniffType } from './files';

/**
 * Reading uploaded .xlsx files safely: recognise them by content, refuse zip bombs before
 * exceljs inflates them, and turn any cell exceljs produces into text. Shared by every import.
 */
/**
 * What a workbook may inflate to: far above any real import (5,000 rows of the template
 * are about 1 MB of XML), far below what would hurt the server. exceljs holds the parsed
 * XML in memory many times over, so XML gets the tighter ceiling; pictures the looser one.
 */
export const MAX_UNZIPPED_BYTES = 100 * 1024 * 1024;
export const MAX_UNZIPPED_XML_BYTES = 20 * 1024 * 1024;

export const NOT_XLSX = '文件不是有效的 Excel(.xlsx)文件';

/** One cell as the importer sees it: its text, or the Excel error it holds (#N/A, #REF! …). */
export interface CellText {
  text: string;
  error?: string;
}

function two(n: number) {
  return String(n).padStart(2, '0');
}

/** Text of any cell value exceljs can produce: shared strings, rich text, links, formulas (their result), dates. */
export function cellText(value: unknown): CellText {
  if (value === null || value === undefined) return { text: '' };
  if (typeof value === 'string') return { text: value.trim() };
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return { text: '' };
    // 13800138000 stays 13800138000, never 1.38e10.
    return { text: Number.isInteger(value) && Math.abs(value) < 1e21 ? value.toFixed(0) : String(value) };
  }
  if (typeof value === 'boolean') return { text: value ? '是' : '否' };
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return { text: '' };
    return { text: `${value.getUTCFullYear()}-${two(value.getUTCMonth() + 1)}-${two(value.getUTCDate())}` };
  }
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (typeof v.error === 'string') return { text: '', error: v.error };
    if (Array.isArray(v.richText)) {
      return { text: v.richText.map((r) => (r && typeof r.text === 'string' ? r.text : '')).join('').trim() };
    }
    if ('formula' in v || 'sharedFormula' in v) return cellText(v.result);
    if ('text' in v) return cellText(v.text);
  }
  return { text: String(value).trim() };
}

/**
 * Reads the zip directory and inflates every entry with a ceiling, so a small upload
 * that would expand to gigabytes (a zip bomb) is refused before exceljs holds it in memory.
 * Sizes are measured, not taken from the headers, which a crafted file can falsify.
 */
export function checkZipSize(buf: Buffer, limit = MAX_UNZIPPED_BYTES, xmlLimit = MAX_UNZIPPED_XML_BYTES): void {
  const bad = () => errors.badFile(NOT_XLSX);
  const tooBig = () => errors.badFile('文件解压后过大，超出导入的处理上限，请删除与导入无关的内容(如图片、其他工作表)后再试');
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw bad();
  const entries = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  if (entries === 0xffff || p === 0xffffffff) throw bad(); // ZIP64: not written by Excel or WPS for files this small
  let total = 0;
  let xml = 0;
  for (let n = 0; n < entries; n++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50) throw bad();
    const method = buf.readUInt16LE(p + 10);
    const compressed = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const isXml = /\.(xml|rels|vml)$/i.test(buf.toString('utf8', p + 46, p + 46 + nameLen));
    p += 46 + nameLen + extraLen + commentLen;
    if (local + 30 > buf.length || buf.readUInt32LE(local) !== 0x04034b50) throw bad();
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    if (start + compressed > buf.length) throw bad();
    const data = buf.subarray(start, start + compressed);
    const room = Math.min(limit - total, isXml ? xmlLimit - xml : Infinity);
    let size: number;
    if (method === 0) {
      size = compressed;
    } else if (method === 8) {
      try {
        size = inflateRawSync(data, { maxOutputLength: Math.max(1, room + 1) }).length;
      } catch (err) {
        if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) throw tooBig();
        throw bad();
      }
    } else {
      throw bad();
    }
    if (size > room) throw tooBig();
    total += size;
    if (isXml) xml += size;
  }
}

/** Recognises the file by its content and loads it, or refuses with a message a clerk can act on. */
export async function loadWorkbook(buf: Buffer): Promise<ExcelJS.Workbook> {
  const sniffed = sniffType(buf);
  if (sniffed.type !== 'xlsx') {
    if (sniffed.type === 'xls') throw errors.badFile(`${NOT_XLSX}：这是旧版 .xls 格式，请在 Excel 中“另存为” .xlsx 后再导入`);
    if (buf.length > 8 && buf.readUInt32BE(0) === 0xd0cf11e0 && buf.includes(Buffer.from('EncryptedPackage', 'utf16le'))) {
      throw errors.badFile(`${NOT_XLSX}：文件设置了打开密码，请取消密码后再导入`);
    }
    throw errors.badFile(NOT_XLSX);
  }
  checkZipSize(buf);
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buf as never);
  } catch {
    throw errors.badFile(NOT_XLSX);
  }
  return wb;
}
