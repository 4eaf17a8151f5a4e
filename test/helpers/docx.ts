/** Reading generated .docx files in tests: a small zip reader, parts, styles, and the tools that render them. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inflateRawSync } from 'node:zlib';

// ---------------------------------------------------------------------------------------------
// A zip reader just big enough for .docx files (stored or deflated entries, no zip64).

export function unzip(buf: Buffer): Map<string, Buffer> {
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error('not a zip file');
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  const files = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(at) !== 0x02014b50) throw new Error('bad central directory');
    const method = buf.readUInt16LE(at + 10);
    const size = buf.readUInt32LE(at + 20);
    const nameLen = buf.readUInt16LE(at + 28);
    const extraLen = buf.readUInt16LE(at + 30);
    const commentLen = buf.readUInt16LE(at + 32);
    const local = buf.readUInt32LE(at + 42);
    const name = buf.toString('utf8', at + 46, at + 46 + nameLen);
    const dataAt = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(dataAt, dataAt + size);
    files.set(name, method === 0 ? Buffer.from(data) : inflateRawSync(data));
    at += 46 + nameLen + extraLen + commentLen;
  }
  return files;
}

export function xmlOf(files: Map<string, Buffer>, name: string): string {
  const f = files.get(name);
  if (!f) throw new Error(`${name} missing from the .docx`);
  return f.toString('utf8');
}

/** The <w:style> element of a style id. */
export function styleXml(styles: string, id: string): string {
  const m = new RegExp(`<w:style [^>]*w:styleId="${id}"[^>]*>[\\s\\S]*?</w:style>`).exec(styles);
  if (!m) throw new Error(`style ${id} missing`);
  return m[0];
}

/** A command-line tool the render checks need (LibreOffice, poppler-utils); missing means fail, not skip. */
export function requireTool(name: string): string {
  const found = (process.env.PATH ?? '').split(path.delimiter).map((d) => path.join(d, name)).find((p) => {
    try {
      return statSync(p).isFile();
    } catch {
      return false;
    }
  });
  if (!found) throw new Error(`${name} is required for the document render tests (CI installs libreoffice-writer-nogui and poppler-utils)`);
  return found;
}

/** The visible text of a .docx body (document.xml), paragraphs on their own lines. */
export function docxBodyText(buf: Buffer): string {
  const xml = xmlOf(unzip(buf), 'word/document.xml');
  return xml
    .replace(/<\/w:p>/g, '\n')
    .replace(/<w:tab\/>/g, '\t')
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&')
    .replace(/\u2060/g, ''); // the layout's word joiners keep a number with its unit; they are not text
}

/**
 * A .docx rendered to PDF by LibreOffice (a private profile, so parallel runs do not share one)
 * and read back with pdftotext: the page's text with all white space removed.
 */
export function docxPdfText(buf: Buffer, name = 'document'): string {
  const soffice = requireTool('soffice');
  const pdftotext = requireTool('pdftotext');
  const dir = mkdtempSync(path.join(os.tmpdir(), `${name}-`));
  writeFileSync(path.join(dir, `${name}.docx`), buf);
  execFileSync(soffice, [`-env:UserInstallation=file://${dir}/lo`, '--headless', '--convert-to', 'pdf', '--outdir', dir, path.join(dir, `${name}.docx`)], { timeout: 120_000 });
  return execFileSync(pdftotext, ['-layout', path.join(dir, `${name}.pdf`), '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
}
