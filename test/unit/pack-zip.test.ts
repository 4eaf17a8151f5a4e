import archiver from 'archiver';
import JSZip from 'jszip';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { oneWritePerCentralHeader } from '../../server/modules/packs/build';

// The pack reaches into archiver's zip engine to write each central header in one piece (its memory at 20,000
// files). This fails when an archiver upgrade moves that engine, so the upgrade is noticed rather than silently
// costing the memory back, and checks that the zip written through the hook still reads back whole.
describe('the pack zip central headers', () => {
  it('hooks the installed archiver and writes a zip that reads back', async () => {
    const archive = archiver('zip', { zlib: { level: 6 } });
    expect(oneWritePerCentralHeader(archive)).toBe(true);
    const sink = new PassThrough();
    const chunks: Buffer[] = [];
    sink.on('data', (c: Buffer) => chunks.push(c));
    const ended = new Promise((resolve) => sink.on('end', resolve));
    archive.pipe(sink);
    const names = ['台账/索引.xlsx', '一、组织领导/2026年 会议纪要/纪要.docx', 'a.txt'];
    names.forEach((name, i) => archive.append(Buffer.from(`内容 ${i} `.repeat(100 * (i + 1))), { name, store: i === 0 }));
    await archive.finalize();
    await ended;
    const zip = await JSZip.loadAsync(Buffer.concat(chunks));
    expect(Object.keys(zip.files).filter((n) => !zip.files[n].dir).sort()).toEqual([...names].sort());
    for (const [i, name] of names.entries()) expect(await zip.file(name)!.async('string')).toBe(`内容 ${i} `.repeat(100 * (i + 1)));
  });
});
