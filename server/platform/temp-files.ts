import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isRunning } from '../db';

/**
 * Residual information: every temporary directory netduty makes (PDF conversion, backup and
 * restore work) is named `netduty-<kind>-<pid>-…` and removed when the work ends or fails; what a
 * killed process left behind is removed at the next start, once its process is gone. Half-written
 * attachment files (`<sha>.<pid>.<time>.tmp`) are treated the same way.
 */
export type TempKind = 'pdf' | 'backup' | 'restore';

export function tempDir(kind: TempKind): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `netduty-${kind}-${process.pid}-`));
}

const DIR = /^netduty-(?:pdf|backup|restore)-(\d+)-/;
const BLOB_TMP = /\.(\d+)\.\d+\.tmp$/;

export async function sweepResidue(dataDir: string): Promise<{ removed: string[] }> {
  const removed: string[] = [];
  const gone = (pid: string) => Number(pid) !== process.pid && !isRunning(Number(pid));
  for (const name of await fs.promises.readdir(os.tmpdir()).catch(() => [] as string[])) {
    const m = DIR.exec(name);
    if (m && gone(m[1])) {
      await fs.promises.rm(path.join(os.tmpdir(), name), { recursive: true, force: true });
      removed.push(path.join(os.tmpdir(), name));
    }
  }
  const files = path.join(dataDir, 'files');
  for (const a of await fs.promises.readdir(files).catch(() => [] as string[])) {
    for (const b of await fs.promises.readdir(path.join(files, a)).catch(() => [] as string[])) {
      const dir = path.join(files, a, b);
      for (const name of await fs.promises.readdir(dir).catch(() => [] as string[])) {
        const m = BLOB_TMP.exec(name);
        if (m && gone(m[1])) {
          await fs.promises.rm(path.join(dir, name), { force: true });
          removed.push(path.join(dir, name));
        }
      }
    }
  }
  return { removed };
}
