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
  [['仿宋_GB2312', '仿宋', 'FangSong', '楷体_GB2312', '楷体', 'KaiTi', '宋体', 'SimSun', '方正小标宋简体', '方正小标宋_GBK'], ['Noto Serif CJK SC', 'Source Han Serif SC', 'Noto Sans CJK SC', 'Source Han Sans SC']],
  [['黑体', 'SimHei'], ['Noto Sans CJK SC', 'Source Han Sans SC']],
];

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

/** Converts a .docx to PDF; throws PdfUnavailableError without LibreOffice. */
export async function docxToPdf(docx: Buffer, { timeoutMs = 60_000 } = {}): Promise<Buffer> {
  const soffice = sofficePath();
  if (!soffice) throw new PdfUnavailableError();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'netduty-pdf-'));
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
