/** Residual information: what a killed process left in temporary directories is removed at the next start. */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepResidue, tempDir } from '../../server/platform/temp-files';

describe('temporary files left by a killed process', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'netduty-residue-test-'));
  const saved = process.env.TMPDIR;
  beforeAll(() => {
    fs.mkdirSync(path.join(root, 'tmp'));
    process.env.TMPDIR = path.join(root, 'tmp'); // this test's own temporary directory
  });
  afterAll(() => {
    process.env.TMPDIR = saved;
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('removes the dead process’s PDF, backup and half-written attachment files, and keeps a live one’s', async () => {
    const dead = Number(execFileSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }));
    const tmp = os.tmpdir();
    for (const kind of ['pdf', 'backup', 'restore']) {
      fs.mkdirSync(path.join(tmp, `netduty-${kind}-${dead}-x1`));
      fs.writeFileSync(path.join(tmp, `netduty-${kind}-${dead}-x1`, 'document.docx'), 'citizen text');
    }
    const mine = tempDir('pdf');
    expect(path.basename(mine)).toMatch(new RegExp(`^netduty-pdf-${process.pid}-`));
    const dataDir = path.join(root, 'data');
    const blobDir = path.join(dataDir, 'files', 'ab', 'cd');
    fs.mkdirSync(blobDir, { recursive: true });
    fs.writeFileSync(path.join(blobDir, `abcd1234.${dead}.1700000000000.tmp`), 'half');
    fs.writeFileSync(path.join(blobDir, 'abcd1234'), 'whole');

    const r = await sweepResidue(dataDir);
    expect(r.removed).toHaveLength(4);
    expect(fs.readdirSync(tmp)).toEqual([path.basename(mine)]);
    expect(fs.readdirSync(blobDir)).toEqual(['abcd1234']);
  });
});
