import fs from 'node:fs';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type SQLite from 'better-sqlite3';

/**
 * SQLite's WAL checkpoints, copied by a worker thread instead of inside a commit.
 *
 * SQLite's default copies the WAL into the database file (and syncs it) inside the commit that
 * takes the WAL past 1,000 pages: at province scale every list of intake writes several thousand
 * pages of unit- and path-keyed indexes, so every list paid for a checkpoint (bench/README.md,
 * intake6, sqlintake4). Here, once the WAL first passes `startAt` bytes, a worker thread opens a
 * second connection to the same file and, every `everyMs`, looks at how many WAL frames are not yet
 * copied (the WAL index's header in the `-shm` file, read without a lock: a hint only). Past
 * `minPages` of them, or when the WAL has stopped growing, it runs `wal_checkpoint(PASSIVE)`: it
 * copies what is committed while the server goes on reading and writing (a passive checkpoint
 * takes no lock that a reader or writer waits on), and the server's next write starts the WAL over
 * from its beginning once everything in it is copied.
 *
 * The worker never runs RESTART or TRUNCATE: those take the write lock, and a server transaction
 * that had read before them and writes after them would fail with SQLITE_BUSY_SNAPSHOT. The bound
 * on the WAL's size is the server's own connection instead: `wal_autocheckpoint = maxPages`, so a
 * commit that finds more than `maxPages` frames in the WAL (writes that never pause long enough for
 * the worker's copy to catch up and the WAL to start over) copies the rest itself, as SQLite's
 * default does every 1,000 pages; `journal_size_limit` shrinks a WAL file grown past that bound
 * when it starts over. The worker's checkpoint and the server's are both PASSIVE: whichever comes
 * second while the other copies skips (SQLITE_BUSY, ignored), so past `maxPages` the worker stops and
 * leaves the rest to the server's next commit.
 *
 * If the worker cannot start or fails, the server's connection goes back to SQLite's own
 * checkpoints (`wal_autocheckpoint = 1000`). `stop()` closes the worker's connection first, so
 * that the server's connection is the last to close and, as before, folds the WAL into the file and
 * removes it. Crash safety is SQLite's WAL mode's, whatever the schedule of checkpoints: a commit is
 * in the WAL, and an open after a crash replays what the WAL holds.
 */
export interface CheckpointOptions {
  /** WAL file size at which the worker starts (it is not started for a database that stays small, e.g. a test's). */
  startAt?: number;
  /** How often the worker looks at the WAL. */
  everyMs?: number;
  /** Frames not yet copied past which the worker copies them. */
  minPages?: number;
  /** The server's connection checkpoints itself past this many WAL frames (the bound on the WAL's size). */
  maxPages?: number;
}

export const CHECKPOINT_DEFAULTS = { startAt: 4 * 1024 * 1024, everyMs: 100, minPages: 1000, maxPages: 65_536 };

const WORKER = `
const fs = require('node:fs');
const { parentPort, workerData } = require('node:worker_threads');
const SQLite = require(workerData.module);
const db = new SQLite(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 0');
const little = workerData.littleEndian;
let shm = null;
try { shm = fs.openSync(workerData.file + '-shm', 'r'); } catch { shm = null; }
const head = Buffer.alloc(104);
// Frames in the WAL and frames already copied, from the WAL index's header (sqlite.org/walformat.html:
// iVersion 3007000 at 0, mxFrame at 16, nBackfill at 96; native byte order). Null when unreadable.
const frames = () => {
  if (shm === null) return null;
  try {
    if (fs.readSync(shm, head, 0, 104, 0) < 104) return null;
    const u32 = (o) => (little ? head.readUInt32LE(o) : head.readUInt32BE(o));
    if (u32(0) !== 3007000) return null;
    return { max: u32(16), copied: u32(96) };
  } catch { return null; }
};
let stopped = false;
let runs = 0;
let next = null;
let lastMax = -1;
const tick = () => {
  if (stopped) return;
  try {
    const f = frames();
    // Frames left while the WAL has stopped growing (a quiet server), or past minPages not yet copied while the WAL is
    // under maxPages. Past maxPages the server's own next commit copies the rest (wal_autocheckpoint): the worker leaves
    // it the checkpointer's lock, which it would otherwise take again and again (the server's checkpoint skips when the
    // lock is held), the WAL never fully copied between two commits and so never starting over.
    const due = f === null || (f.max > f.copied && f.max === lastMax)
      || (f.max < workerData.maxPages && f.max - f.copied >= workerData.minPages);
    lastMax = f === null ? -1 : f.max;
    if (due) {
      const [r] = db.pragma('wal_checkpoint(PASSIVE)');
      if (r && r.busy === 0 && r.log > 0) parentPort.postMessage({ kind: 'ran', runs: ++runs });
    }
  } catch (err) {
    // SQLITE_BUSY and the like: tried again on the next tick.
    if (!/busy|locked/i.test(String(err && err.message))) { parentPort.postMessage({ kind: 'failed', message: String(err && err.message) }); stopped = true; db.close(); process.exit(1); }
  }
  next = setTimeout(tick, workerData.everyMs);
};
parentPort.on('message', (m) => {
  if (m === 'stop') { stopped = true; clearTimeout(next); if (shm !== null) fs.closeSync(shm); db.close(); parentPort.close(); }
});
tick();
`;

const sqliteModule = createRequire(import.meta.url).resolve('better-sqlite3');

export interface Checkpointer {
  /** Checkpoints run by the worker so far (tests). */
  readonly runs: number;
  readonly started: boolean;
  stop(): Promise<void>;
}

/** SQLite's own checkpoints (SQLITE_CHECKPOINTS=inline). */
export const inlineCheckpoints: Checkpointer = { runs: 0, started: false, stop: async () => {} };

export function checkpointOffThread(sqlite: SQLite.Database, file: string, opts: CheckpointOptions = {}): Checkpointer {
  const given = Object.fromEntries(Object.entries(opts).filter(([, v]) => v !== undefined)) as CheckpointOptions;
  const { startAt, everyMs, minPages, maxPages } = { ...CHECKPOINT_DEFAULTS, ...given };
  const pageSize = Number(sqlite.pragma('page_size', { simple: true }));
  let worker: Worker | null = null;
  let runs = 0;
  let stopping = false;
  let exited: Promise<void> = Promise.resolve();
  const fallBack = (why: string) => {
    worker = null;
    if (stopping || !sqlite.open) return;
    console.warn(`SQLite checkpoints back on the server's connection: ${why}`);
    sqlite.pragma('wal_autocheckpoint = 1000');
  };
  const start = () => {
    clearInterval(watch);
    try {
      const w = new Worker(WORKER, {
        eval: true,
        workerData: { module: sqliteModule, file, everyMs, minPages, maxPages, littleEndian: new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 },
      });
      worker = w;
      w.unref();
      w.on('message', (m: { kind: string; runs?: number; message?: string }) => {
        if (m.kind === 'ran') runs = m.runs!;
        else if (m.kind === 'failed') fallBack(m.message!);
      });
      w.on('error', (err) => fallBack(err.message));
      exited = new Promise((resolve) => w.once('exit', () => {
        if (worker === w) fallBack('the checkpoint worker stopped');
        resolve();
      }));
      // The server's connection checkpoints itself only past the bound; a WAL file grown past it is cut back when it starts over.
      sqlite.pragma(`wal_autocheckpoint = ${maxPages}`);
      sqlite.pragma(`journal_size_limit = ${maxPages * pageSize}`);
    } catch (err) {
      fallBack((err as Error).message);
    }
  };
  // Started once the WAL first passes startAt: a stat a second, nothing else, for a database that stays small.
  const watch = setInterval(() => {
    try {
      if (fs.statSync(`${file}-wal`).size >= startAt) start();
    } catch { /* no WAL yet */ }
  }, 1000);
  watch.unref();
  return {
    get runs() { return runs; },
    get started() { return worker !== null; },
    async stop() {
      stopping = true;
      clearInterval(watch);
      const w = worker;
      if (!w) return;
      worker = null;
      w.postMessage('stop');
      const timer = setTimeout(() => void w.terminate(), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
