import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { DB } from './schema';
import type { Dialect } from './dialect';
import { type CheckpointOptions, type Checkpointer, checkpointOffThread, inlineCheckpoints } from './checkpoint';

export type Database = Kysely<DB>;

// COUNT(*) and bigint come back from pg as strings; every count here fits a JS number.
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));

export interface DbHandle {
  db: Database;
  dialect: Dialect;
  /** Only for SQLite: the raw handle, for online backup. */
  sqlite?: SQLite.Database;
  /** Only for SQLite: the WAL checkpoints run by a worker thread (checkpoint.ts). */
  checkpoints?: Checkpointer;
  close(): Promise<void>;
}

export function sqlitePath(dataDir: string): string {
  return path.join(dataDir, 'netduty.db');
}

export interface OpenOptions {
  databaseUrl?: string;
  dataDir: string;
  sqliteFile?: string;
  /** SQLite's WAL checkpoints (config.ts SQLITE_CHECKPOINTS; docs/operations.md): by default a worker thread's. */
  sqliteCheckpoints?: 'worker' | 'inline';
  /** With the worker: the WAL size past which a commit copies the WAL itself (config.ts SQLITE_WAL_MAX_MB). */
  sqliteWalMaxMb?: number;
  /** The worker's schedule (tests). */
  checkpoints?: CheckpointOptions;
}

export function openDb(opts: OpenOptions): DbHandle {
  if (opts.databaseUrl) {
    const pool = withNamedStatements(new pg.Pool({ connectionString: opts.databaseUrl, max: 10 }));
    // An idle connection the server drops (restart, failover, terminated by an admin) is
    // replaced on next use; without a listener the pool's 'error' event would end the process.
    pool.on('error', (err) => {
      if ((err as { code?: string }).code !== '57P01') console.warn(`PostgreSQL connection lost: ${err.message}`);
    });
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    return { db, dialect: 'postgres', close: () => db.destroy() };
  }
  const file = opts.sqliteFile ?? sqlitePath(opts.dataDir);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const release = holdOpenMark(file);
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('synchronous = NORMAL');
  // 32 MB of page cache instead of SQLite's 2 MB: intake's band lookups and inserts land on random
  // pages of an index of hundreds of MB at province scale (bench/cases.ts, intake: about twice the
  // reports a second with 20,000 open events). Filled only as pages are read.
  sqlite.pragma('cache_size = -32768');
  // The WAL is copied into the file by a worker thread, not inside the commit that passes 1,000 pages (checkpoint.ts).
  const pageSize = Number(sqlite.pragma('page_size', { simple: true }));
  const checkpoints = opts.sqliteCheckpoints === 'inline' ? inlineCheckpoints : checkpointOffThread(sqlite, file, {
    ...(opts.sqliteWalMaxMb === undefined ? {} : { maxPages: Math.floor((opts.sqliteWalMaxMb * 1024 * 1024) / pageSize) }),
    ...opts.checkpoints,
  });
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  return {
    db, dialect: 'sqlite', sqlite, checkpoints,
    close: async () => {
      // The worker's connection first: the server's, closed last, folds the WAL into the file and removes it.
      await checkpoints.stop();
      await db.destroy();
      release();
    },
  };
}

/**
 * Kysely's SQLite driver prepares every statement anew on each call; preparing cost about as
 * much as running the short statements of intake and of a list request. Statements are kept by
 * their SQL text (the first prepared dropped past the limit) and reused: the driver runs one
 * statement at a time on its one connection, so a kept statement is never busy when reused, and
 * SQLite re-prepares a kept statement itself after a schema change.
 */
export function withStatementCache(sqlite: SQLite.Database, limit = 500): SQLite.Database {
  const kept = new Map<string, SQLite.Statement>();
  // A hit is one lookup (no reordering: the oldest prepared goes first past the limit, which the
  // app's few hundred statement texts do not reach in ordinary use).
  const prepare = (source: string) => {
    let stmt = kept.get(source);
    if (stmt === undefined) {
      stmt = sqlite.prepare(source);
      if (kept.size >= limit) kept.delete(kept.keys().next().value!);
      kept.set(source, stmt);
    }
    return stmt;
  };
  return new Proxy(sqlite, {
    get(target, prop) {
      if (prop === 'prepare') return prepare;
      const v = Reflect.get(target, prop, target);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
}

/** Statement texts run as named prepared statements on PostgreSQL (db/batch.ts hotStatement and written-out inserts), with their names. */
const pgStatementNames = new Map<string, string>();

/**
 * Marks `text` (numbered `$1, $2, …`) to be run as a named prepared statement on PostgreSQL: each
 * connection parses and plans it once, then only binds and executes it (intake's band lookup was
 * parsed and planned anew for each report). Only for statements whose text is made once and run
 * often: each named text stays prepared on every connection of the pool while it lives.
 */
export function nameOnPostgres(text: string): void {
  // A bound on what stays prepared per connection: past it, texts run unnamed as before.
  if (!pgStatementNames.has(text) && pgStatementNames.size < 1000) pgStatementNames.set(text, `nd${pgStatementNames.size}`);
}

/**
 * The pool's connections run the texts named by {@link nameOnPostgres} as named statements
 * (`{ name, text, values }`, pg's prepared statement per connection); every other text as before.
 */
export function withNamedStatements(pool: pg.Pool): pg.Pool {
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as { query: unknown }).query = (config: unknown, ...rest: unknown[]) => {
      const name = typeof config === 'string' ? pgStatementNames.get(config) : undefined;
      if (name === undefined) return query(config, ...rest);
      return query({ name, text: config, values: rest[0] }, ...rest.slice(1));
    };
  });
  return pool;
}

/**
 * Every process that opens a SQLite database leaves a mark `<db>.open/<pid>` for as long as it
 * holds it, so `netduty restore` can refuse while a server still writes into the file it would
 * replace. A mark whose process is gone (kill -9, power loss) is stale and ignored.
 */
function holdOpenMark(dbFile: string): () => void {
  const dir = `${dbFile}.open`;
  fs.mkdirSync(dir, { recursive: true });
  const mark = path.join(dir, String(process.pid));
  fs.writeFileSync(mark, new Date().toISOString());
  let held = (holders.get(mark) ?? 0) + 1;
  holders.set(mark, held);
  return () => {
    held = (holders.get(mark) ?? 1) - 1;
    if (held > 0) holders.set(mark, held);
    else {
      holders.delete(mark);
      fs.rmSync(mark, { force: true });
    }
  };
}
const holders = new Map<string, number>();

/** Process ids, other than this one's own closed handles, that hold the database open now. */
export function processesHoldingOpen(dbFile: string): number[] {
  const dir = `${dbFile}.open`;
  if (!fs.existsSync(dir)) return [];
  const alive: number[] = [];
  for (const name of fs.readdirSync(dir)) {
    const pid = Number(name);
    if (!Number.isInteger(pid) || pid <= 0) continue;
    if (pid === process.pid ? holders.has(path.join(dir, name)) : isRunning(pid)) alive.push(pid);
    else fs.rmSync(path.join(dir, name), { force: true });
  }
  return alive;
}

/** Whether a process of this host is alive (a zombie is not). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    // A killed process not yet reaped by its parent is a zombie: it holds no files any more.
    const stat = fs.existsSync(`/proc/${pid}/stat`) ? fs.readFileSync(`/proc/${pid}/stat`, 'utf8') : '';
    return !/^\d+ \(.*\) Z/.test(stat);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
