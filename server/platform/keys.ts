import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * A secret key from configuration: the value given (environment), else the key file; with
 * `create`, a missing file is generated (mode 0600, in a 0700 directory) — what a first start
 * or the demo does. Keys are never stored in the database.
 */
export function configuredKey(value: string | undefined, file: string, o: { bytes: number; create?: boolean; missing: string }): string {
  if (value) return value.toLowerCase();
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim().toLowerCase();
  if (!o.create) throw new Error(o.missing);
  const key = randomBytes(o.bytes).toString('hex');
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  fs.writeFileSync(file, `${key}\n`, { mode: 0o600, flag: 'wx' });
  return key;
}
