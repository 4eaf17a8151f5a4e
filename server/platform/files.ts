import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** What may be uploaded, recognised by content, never by the name the user gave the file. */
export const ALLOWED_TYPES = {
  pdf: 'application/pdf',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  jpg: 'image/jpeg',
  png: 'image/png',
  ofd: 'application/ofd',
  zip: 'application/zip',
} as const;
export type AllowedType = keyof typeof ALLOWED_TYPES;
export const ALLOWED_LIST = 'pdf、doc、docx、xls、xlsx、jpg、png、ofd、zip';

const startsWith = (buf: Buffer, bytes: number[]) => bytes.every((b, i) => buf[i] === b);

export type Sniffed = { type: AllowedType; mime: string } | { type: null; reason: string };

export function sniffType(buf: Buffer): Sniffed {
  if (buf.length === 0) return { type: null, reason: '文件是空的' };
  if (startsWith(buf, [0x4d, 0x5a]) || startsWith(buf, [0x7f, 0x45, 0x4c, 0x46]) || startsWith(buf, [0xcf, 0xfa, 0xed, 0xfe]) || buf.subarray(0, 2).toString() === '#!') {
    return { type: null, reason: '不允许上传可执行文件或脚本' };
  }
  const ok = (type: AllowedType): Sniffed => ({ type, mime: ALLOWED_TYPES[type] });
  if (buf.subarray(0, 5).toString('latin1') === '%PDF-') return ok('pdf');
  if (startsWith(buf, [0xff, 0xd8, 0xff])) return ok('jpg');
  if (startsWith(buf, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return ok('png');
  if (startsWith(buf, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    // Compound file: the directory names its streams in UTF-16LE.
    if (buf.includes(Buffer.from('WordDocument', 'utf16le'))) return ok('doc');
    if (buf.includes(Buffer.from('Workbook', 'utf16le')) || buf.includes(Buffer.from('Book', 'utf16le'))) return ok('xls');
    return { type: null, reason: '无法识别的 Office 旧格式文件' };
  }
  if (startsWith(buf, [0x50, 0x4b, 0x03, 0x04]) || startsWith(buf, [0x50, 0x4b, 0x05, 0x06])) {
    // Zip family: the entry names tell a Word, Excel or OFD package from a plain archive.
    if (buf.includes('word/document.xml')) return ok('docx');
    if (buf.includes('xl/workbook.xml')) return ok('xlsx');
    if (buf.includes('OFD.xml')) return ok('ofd');
    return ok('zip');
  }
  return { type: null, reason: `文件类型不在允许范围内(允许 ${ALLOWED_LIST})` };
}

/** Keeps the name a user gave, minus anything that could act as a path or control sequence. */
export function safeFilename(name: string): string {
  const base = name.replace(/[\\/]/g, '_').replace(/[\u0000-\u001f\u007f"<>|:*?]/g, '').trim();
  return (base || '未命名文件').slice(0, 200);
}

export function blobPath(dataDir: string, sha256: string): string {
  return path.join(dataDir, 'files', sha256.slice(0, 2), sha256.slice(2, 4), sha256);
}

/** Stores content once by its SHA-256; a second upload of the same bytes reuses the file. */
export function storeBlob(dataDir: string, buf: Buffer): { sha256: string; path: string } {
  const sha256 = createHash('sha256').update(buf).digest('hex');
  const dest = blobPath(dataDir, sha256);
  if (!fs.existsSync(dest)) {
    fs.mkdirSync(path.dirname(dest), { recursive: true });
    const tmp = `${dest}.${process.pid}.${Date.now()}.tmp`;
    try {
      fs.writeFileSync(tmp, buf);
      fs.renameSync(tmp, dest);
    } catch (err) {
      fs.rmSync(tmp, { force: true }); // a full disk leaves no half file behind
      throw err;
    }
  }
  return { sha256, path: dest };
}

export function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}
