/** PDF conversion is bounded: at most two LibreOffice processes, a short queue, one conversion per draft version. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docxToPdf, PdfBusyError } from '../../server/documents/pdf';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netduty-fake-soffice-'));
const log = path.join(dir, 'log');
const gate = path.join(dir, 'open');

describe('PDF conversion queue', () => {
  const saved = { ...process.env };
  beforeAll(() => {
    // A stand-in for soffice: logs start and end, waits until the test opens the gate, writes a PDF.
    const fake = path.join(dir, 'soffice');
    fs.writeFileSync(fake, `#!/bin/sh
for a; do prev="$cur"; cur="$a"; [ "$prev" = "--outdir" ] && out="$a"; done
echo "start $$" >> ${log}
while [ ! -e ${gate} ]; do sleep 0.02; done
printf '%%PDF-1.4 fake' > "$out/document.pdf"
echo "end $$" >> ${log}
`);
    fs.chmodSync(fake, 0o755);
    process.env.NETDUTY_SOFFICE = fake;
    process.env.NETDUTY_PDF_CONCURRENCY = '2';
    process.env.NETDUTY_PDF_QUEUE = '4';
    fs.mkdirSync(path.join(dir, 'tmp'));
    process.env.TMPDIR = path.join(dir, 'tmp'); // this test's own, so other runs on the machine do not show
  });
  afterAll(() => {
    process.env = saved;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const lines = () => (fs.existsSync(log) ? fs.readFileSync(log, 'utf8').trim().split('\n').filter(Boolean) : []);
  const maxRunning = () => {
    let n = 0;
    let max = 0;
    for (const l of lines()) {
      n += l.startsWith('start') ? 1 : -1;
      max = Math.max(max, n);
    }
    return max;
  };

  it('runs at most two conversions at a time, queues four, refuses the rest at once', async () => {
    const results = Array.from({ length: 8 }, (_, i) => docxToPdf(Buffer.from(`docx ${i}`)).then(() => 'ok', (e) => e));
    const refused = await Promise.all(results.slice(6));
    expect(refused.every((e) => e instanceof PdfBusyError)).toBe(true);
    await expect.poll(() => lines().length).toBe(2);
    fs.writeFileSync(gate, '');
    expect(await Promise.all(results.slice(0, 6))).toEqual(Array(6).fill('ok'));
    expect(lines().filter((l) => l.startsWith('start')).length).toBe(6);
    expect(maxRunning()).toBe(2);
    // Every temporary directory of the conversions is gone.
    expect(os.tmpdir()).toBe(path.join(dir, 'tmp'));
    expect(fs.readdirSync(os.tmpdir())).toEqual([]);
  });

  it('converts one draft version once, however many ask for it at the same time', async () => {
    fs.rmSync(log, { force: true });
    const same = await Promise.all(Array.from({ length: 8 }, () => docxToPdf(Buffer.from('v3'), { cacheKey: 'draft-1@3' })));
    expect(same.every((b) => b.toString() === '%PDF-1.4 fake')).toBe(true);
    await docxToPdf(Buffer.from('v3'), { cacheKey: 'draft-1@3' });
    expect(lines().filter((l) => l.startsWith('start')).length).toBe(1);
    await docxToPdf(Buffer.from('v4'), { cacheKey: 'draft-1@4' });
    expect(lines().filter((l) => l.startsWith('start')).length).toBe(2);
  });
});
