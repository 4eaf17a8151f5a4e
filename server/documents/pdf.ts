/**
 * .docx → PDF through LibreOffice, where it is installed on the server (`soffice` on PATH, or
 * NETDUTY_SOFFICE naming the binary). Each conversion uses its own profile directory, so
 * conversions may run side by side without fighting over LibreOffice's profile lock.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The LibreOffice binary, or null when none is installed. */
export function sofficePath(): string | null {
  const configured = process.env.NETDUTY_SOFFICE;
  if (configured) return existsSync(configured) ? configured : null;
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    for (const name of ['soffice', 'libreoffice']) {
      const candidate = path.join(dir, name);
      if (dir && existsSync(candidate)) return candidate;
    }
  }
  return null;
}

/**
 * The GB/T fonts are rarely installed on a server. Without help, fontconfig hands LibreOffice the
 * first CJK face it knows — often Noto Sans CJK JP, which draws some Simplified characters in their
 * Japanese forms (舆 as 輿). This fontconfig file, layered over the system one, sends the named
 * fonts to Simplified Chinese faces: serif for 仿宋/楷体/宋体/小标宋, sans for 黑体.
 */
const FONT_ALIASES: [string[], string[]][] = [
  [['仿宋_GB2312', '仿宋', 'FangSong', '宋体', 'SimSun', '方正小标宋简体', '方正小标宋_GBK'], ['Noto Serif CJK SC', 'Source Han Serif SC', 'Noto Sans CJK SC', 'Source Han Sans SC']],
  // A brush (Kai) face where Debian's fonts-arphic-ukai is installed, else the serif.
  [['楷体_GB2312', '楷体', 'KaiTi'], ['AR PL UKai CN', 'AR PL KaitiM GB', 'Noto Serif CJK SC', 'Source Han Serif SC']],
  [['黑体', 'SimHei'], ['Noto Sans CJK SC', 'Source Han Sans SC']],
];

/**
 * The fonts a PDF embeds, by family, read from its
 * font dictionaries (NotoSerifCJKjp-Regular-VKana → Noto Serif CJK): the preview says which faces
 * stood in for the GB fonts.
 */
export function pdfFontNames(pdf: Buffer): string[] {
  const names = new Set<string>();
  for (const m of pdf.toString('latin1').matchAll(/\/BaseFont\s*\/(?:[A-Z]{6}\+)?([A-Za-z0-9#_.-]+)/g)) {
    // A face of the Noto CJK collections is embedded under the collection's first name (NotoSerifCJKjp-Regular-VKana).
    const cjk = /^Noto(Serif|Sans)CJK/i.exec(m[1]);
    names.add(cjk ? `Noto ${cjk[1][0].toUpperCase()}${cjk[1].slice(1).toLowerCase()} CJK` : m[1].replace(/#20/g, ' ').replace(/[-,](Regular|Bold|Italic|Medium|Light|Book)$/i, ''));
  }
  return [...names].sort();
}

function fontconfigFile(): string {
  const esc = (v: string) => v.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const system = existsSync('/etc/fonts/fonts.conf') ? '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>' : '';
  const aliases = FONT_ALIASES.flatMap(([names, prefer]) =>
    names.map((n) => `<alias binding="same"><family>${esc(n)}</family><prefer>${prefer.map((p) => `<family>${esc(p)}</family>`).join('')}</prefer></alias>`),
  );
  return `<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>${system}${aliases.join('')}</fontconfig>`;
}

export class PdfUnavailableError extends Error {
  constructor() {
    super('LibreOffice (soffice) is not installed on this server: PDF output is not available');
  }
}

/** Every conversion slot and queue place is taken: the caller answers 503 and the user retries. */
export class PdfBusyError extends Error {
  constructor() {
    super('PDF conversion queue is full');
  }
}

/**
 * One LibreOffice process takes ~150 MB and a core for a second or more, so a server converts at
 * most NETDUTY_PDF_CONCURRENCY documents at a time (default 2) and lets at most NETDUTY_PDF_QUEUE
 * more wait (default 4); beyond that a request is refused at once rather than piling up.
 */
const limits = () => ({
  running: Math.max(1, Number(process.env.NETDUTY_PDF_CONCURRENCY) || 2),
  waiting: Math.max(0, Number(process.env.NETDUTY_PDF_QUEUE ?? 4)),
});
let running = 0;
const waiting: (() => void)[] = [];

async function slot<T>(fn: () => Promise<T>): Promise<T> {
  const max = limits();
  if (running >= max.running) {
    if (waiting.length >= max.waiting) throw new PdfBusyError();
    await new Promise<void>((resolve) => waiting.push(resolve));
  } else running++;
  try {
    return await fn();
  } finally {
    // Hand the slot straight to the next waiter, or free it.
    const next = waiting.shift();
    if (next) next();
    else running--;
  }
}

/**
 * PDFs by draft version: a version never changes, so its PDF is made once. Concurrent requests
 * for the same version share one conversion. Bounded by count and bytes (least recently used out).
 */
const CACHE_ENTRIES = 32;
const CACHE_BYTES = 64 * 1024 * 1024;
const cache = new Map<string, Promise<Buffer>>();
const cacheSizes = new Map<string, number>();

function cached(key: string, make: () => Promise<Buffer>): Promise<Buffer> {
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const p = make();
  cache.set(key, p);
  p.then(
    (buf) => {
      cacheSizes.set(key, buf.length);
      let total = [...cacheSizes.values()].reduce((a, b) => a + b, 0);
      for (const k of cache.keys()) {
        if (cache.size <= CACHE_ENTRIES && total <= CACHE_BYTES) break;
        if (k === key) continue;
        total -= cacheSizes.get(k) ?? 0;
        cache.delete(k);
        cacheSizes.delete(k);
      }
    },
    () => cache.delete(key), // a failed or refused conversion is tried again next time
  );
  return p;
}

/**
 * Converts a .docx to PDF; throws PdfUnavailableError without LibreOffice and PdfBusyError when
 * the queue is full. `cacheKey` (draft id and version) reuses an earlier PDF of the same version.
 */
export function docxToPdf(docx: Buffer, opts: { timeoutMs?: number; cacheKey?: string } = {}): Promise<Buffer> {
  if (!sofficePath()) return Promise.reject(new PdfUnavailableError());
  const convert = () => slot(() => convertOnce(docx, opts.timeoutMs ?? 60_000));
  return opts.cacheKey ? cached(opts.cacheKey, convert) : convert();
}

async function convertOnce(docx: Buffer, timeoutMs: number): Promise<Buffer> {
  const soffice = sofficePath();
  if (!soffice) throw new PdfUnavailableError();
  const dir = await mkdtemp(path.join(os.tmpdir(), `netduty-pdf-${process.pid}-`)); // swept at start if left (platform/temp-files.ts)
  try {
    const input = path.join(dir, 'document.docx');
    await writeFile(input, docx);
    const profile = `file://${path.join(dir, 'profile')}`;
    const fonts = path.join(dir, 'fonts.conf');
    await writeFile(fonts, fontconfigFile());
    await run(
      soffice,
      ['--headless', '--norestore', '--nolockcheck', `-env:UserInstallation=${profile}`, '--convert-to', 'pdf', '--outdir', dir, input],
      { timeout: timeoutMs, env: { ...process.env, HOME: dir, FONTCONFIG_FILE: fonts } },
    );
    return await readFile(path.join(dir, 'document.pdf'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
