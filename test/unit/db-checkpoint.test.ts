import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config';
import { openDb, processesHoldingOpen } from '../../server/db';

/** SQLite's WAL checkpoints in a worker thread (server/db/checkpoint.ts). */
describe('SQLite checkpoints in a worker thread', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netduty-checkpoint-test-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const until = async (what: () => boolean, ms = 20_000) => {
    const end = Date.now() + ms;
    while (!what()) {
      if (Date.now() > end) throw new Error('timed out');
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  /** A number of the WAL index's header (`-shm`, as the worker reads it; sqlite.org/walformat.html), at its byte offset. */
  const walHeader = (file: string, offset: number) => {
    const b = Buffer.alloc(offset + 4);
    const fd = fs.openSync(`${file}-shm`, 'r');
    try {
      fs.readSync(fd, b, 0, offset + 4, 0);
    } finally {
      fs.closeSync(fd);
    }
    return b.readUInt32LE(offset);
  };
  /** Frames in the WAL now (mxFrame) and frames already copied into the file (nBackfill). */
  const walFrames = (file: string) => walHeader(file, 16);
  const walCopied = (file: string) => walHeader(file, 96);

  it('copies the WAL into the file off the commit, keeps the WAL under its bound, and every row survives a close and a reopen', async () => {
    const file = path.join(dir, 'netduty.db');
    const maxPages = 3000;
    const handle = openDb({ dataDir: dir, checkpoints: { startAt: 256 * 1024, everyMs: 10, minPages: 200, maxPages } });
    const raw = handle.sqlite!;
    expect(raw.pragma('wal_autocheckpoint', { simple: true })).toBe(1000); // SQLite's own until the worker starts
    expect(handle.checkpoints!.started).toBe(false);
    await sql`create table t (id integer primary key, body text not null)`.execute(handle.db);
    const body = 'x'.repeat(1000);
    let n = 0;
    const write = () => handle.db.transaction().execute(async (trx) => {
      for (let i = 0; i < 500; i++) await sql`insert into t (body) values (${`${body}${n++}`})`.execute(trx);
    });
    // The worker starts once the WAL has passed startAt (looked at once a second).
    while (!handle.checkpoints!.started) {
      await write();
      await new Promise((r) => setTimeout(r, 50));
    }
    // Then about 24 MB in 48 transactions of ~130 pages, hardly a pause: the worker alone would not catch up.
    let most = 0;
    for (let tx = 0; tx < 48; tx++) {
      await write();
      // The server's connection checkpoints itself only past the bound; the WAL never holds much more than it.
      expect(raw.pragma('wal_autocheckpoint', { simple: true })).toBe(maxPages);
      most = Math.max(most, walFrames(file));
      if (tx % 8 === 7) await new Promise((r) => setTimeout(r, 60));
    }
    await until(() => handle.checkpoints!.runs > 0);
    expect(most).toBeGreaterThan(0);
    expect(most).toBeLessThan(maxPages + 1000);
    // The rows reached the database file itself (the worker's checkpoints and, past the bound, the server's).
    await until(() => fs.statSync(file).size > 20 * 1024 * 1024);
    // Once writes stop, the worker copies what is left.
    await until(() => walFrames(file) === walCopied(file));
    const count = await sql<{ n: number }>`select count(*) as n from t`.execute(handle.db);
    expect(Number(count.rows[0].n)).toBe(n);
    await handle.close();
    // The server's connection closed last: the WAL folded into the file and removed.
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
    expect(processesHoldingOpen(file)).toEqual([]);
    const again = openDb({ dataDir: dir });
    try {
      expect(again.sqlite!.pragma('integrity_check', { simple: true })).toBe('ok');
      const rows = await sql<{ n: number; last: string }>`select count(*) as n, max(body) as last from t`.execute(again.db);
      expect(Number(rows.rows[0].n)).toBe(n);
    } finally {
      await again.close();
    }
  });

  it('a process killed between checkpoints loses no acknowledged write', async () => {
    const killed = path.join(dir, 'killed');
    fs.mkdirSync(killed);
    const child = spawn('npx', ['tsx', 'test/helpers/checkpoint-writer.ts'], { env: { ...process.env, DATA_DIR: killed }, stdio: ['ignore', 'pipe', 'inherit'], detached: true });
    let acknowledged = 0;
    let runs = 0;
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const lines = out.split('\n');
      out = lines.pop()!;
      for (const line of lines) [acknowledged, runs] = line.split(' ').map(Number);
    });
    const exited = new Promise((r) => child.once('exit', r));
    try {
      // Killed once the worker has copied a few times and a few thousand rows are acknowledged.
      await until(() => runs >= 3 && acknowledged >= 3000, 60_000);
    } finally {
      process.kill(-child.pid!, 'SIGKILL');
    }
    await exited;
    const file = path.join(killed, 'netduty.db');
    expect(fs.existsSync(`${file}-wal`)).toBe(true); // left as a crash leaves it
    const db = new SQLite(file);
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const { n, top } = db.prepare('select count(*) as n, max(id) as top from t').get() as { n: number; top: number };
      expect(n).toBe(top);
      expect(n).toBeGreaterThanOrEqual(acknowledged);
    } finally {
      db.close();
    }
  }, 90_000);

  it('starts no worker for a database whose WAL stays small, and closes as before', async () => {
    const handle = openDb({ dataDir: dir, sqliteFile: path.join(dir, 'small.db') });
    await sql`create table s (id integer primary key)`.execute(handle.db);
    await sql`insert into s (id) values (1)`.execute(handle.db);
    await new Promise((r) => setTimeout(r, 1200));
    expect(handle.checkpoints!.started).toBe(false);
    expect(handle.sqlite!.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    await handle.close();
    expect(fs.existsSync(path.join(dir, 'small.db-wal'))).toBe(false);
  });

  it('SQLITE_CHECKPOINTS=inline keeps SQLite\'s own checkpoints; bad settings stop the start', async () => {
    const config = loadConfig({ DATA_DIR: dir, SQLITE_CHECKPOINTS: 'inline' });
    const handle = openDb({ ...config, sqliteFile: path.join(dir, 'inline.db') });
    expect(handle.sqlite!.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    expect(handle.checkpoints!.started).toBe(false);
    await handle.close();
    expect(() => loadConfig({ SQLITE_CHECKPOINTS: 'sometimes' })).toThrow(/SQLITE_CHECKPOINTS/);
    expect(() => loadConfig({ SQLITE_WAL_MAX_MB: 'lots' })).toThrow(/SQLITE_WAL_MAX_MB/);
  });
});
