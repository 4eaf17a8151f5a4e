import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import { openDb } from '../../server/db';
import type { Scheduler } from '../../server/platform/jobs';
import { dialectName, freshDb } from '../helpers/app';
import { adminQuery } from '../helpers/global-setup';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe(`scheduler with two app servers on one database [${dialectName}]`, () => {
  let fresh: Awaited<ReturnType<typeof freshDb>>;
  const apps: { close(): Promise<void>; scheduler: Scheduler }[] = [];
  const runs: { owner: string; start: number; end: number }[] = [];
  let active = 0;
  let maxActive = 0;

  beforeAll(async () => {
    fresh = await freshDb();
    for (let i = 0; i < 2; i++) {
      // Each instance has its own connection pool / handle, as two processes would.
      const handle = openDb({ databaseUrl: fresh.databaseUrl, dataDir: fresh.dataDir });
      const config = loadConfig({ DATA_DIR: fresh.dataDir, JOBS: 'off' }, { databaseUrl: fresh.databaseUrl });
      const { app, scheduler } = await buildApp(config, handle);
      scheduler.register({
        name: 'probe',
        intervalMs: 0,
        leaseMs: 5_000,
        async run() {
          active++;
          maxActive = Math.max(maxActive, active);
          const start = Date.now();
          await sleep(15);
          runs.push({ owner: scheduler.owner, start, end: Date.now() });
          active--;
        },
      });
      apps.push({ scheduler, close: async () => { await app.close(); await handle.close(); } });
    }
  });
  afterAll(async () => {
    for (const a of apps) await a.close();
    await fresh.drop();
  });

  it('runs each due job on exactly one server at a time', async () => {
    for (let round = 0; round < 25; round++) {
      // Both tick in every round; which one starts a moment earlier alternates, so each gets to
      // win some rounds while the other finds the lease taken.
      await Promise.all(apps.map((a, i) => (i === round % 2 ? a.scheduler.tick() : sleep(3).then(() => a.scheduler.tick()))));
    }
    expect(runs.length).toBeGreaterThanOrEqual(10);
    expect(maxActive).toBe(1);
    const sorted = [...runs].sort((a, b) => a.start - b.start);
    for (let i = 1; i < sorted.length; i++) expect(sorted[i].start).toBeGreaterThanOrEqual(sorted[i - 1].end);
    // Both servers took part: the lease, not luck, kept them apart.
    expect(new Set(runs.map((r) => r.owner)).size).toBe(2);
  });

  it('does not run a job before its interval has passed', async () => {
    const { scheduler } = apps[0];
    const before = runs.length;
    scheduler.register({ name: 'slow', intervalMs: 60_000, async run() { runs.push({ owner: 'slow', start: Date.now(), end: Date.now() }); } });
    await scheduler.tick();
    await scheduler.tick();
    expect(runs.filter((r) => r.owner === 'slow')).toHaveLength(1);
    expect(runs.length).toBeGreaterThan(before);
  });

  it('records a failing run and goes on', async () => {
    const { scheduler } = apps[1];
    scheduler.register({ name: 'boom', intervalMs: 0, async run() { throw new Error('源站无法访问'); } });
    await scheduler.tick();
    const handle = openDb({ databaseUrl: fresh.databaseUrl, dataDir: fresh.dataDir });
    const row = await handle.db.selectFrom('jobs').selectAll().where('name', '=', 'boom').executeTakeFirstOrThrow();
    await handle.close();
    expect(row.last_status).toBe('error');
    expect(row.last_error).toBe('源站无法访问');
    expect(row.lease_owner).toBeNull();
  });

  it('a long run keeps renewing its lease, so the other server never takes the job over midway', async () => {
    const spans: { owner: string; start: number; end: number }[] = [];
    for (const a of apps) {
      a.scheduler.register({
        // A lease long enough that a loaded machine's pauses do not outlast it, a run over three of them.
        name: 'long', intervalMs: 0, leaseMs: 1000,
        async run() {
          const start = Date.now();
          await sleep(3100); // more than three lease lengths
          spans.push({ owner: a.scheduler.owner, start, end: Date.now() });
        },
      });
    }
    const first = apps[0].scheduler.tick();
    await sleep(30);
    // The other server keeps ticking while the first run is under way.
    for (let i = 0; i < 16; i++) {
      await apps[1].scheduler.tick();
      await sleep(200);
    }
    await first;
    const longRuns = spans.sort((a, b) => a.start - b.start);
    expect(longRuns.length).toBeGreaterThanOrEqual(1);
    expect(longRuns[0].owner).toBe(apps[0].scheduler.owner);
    for (let i = 1; i < longRuns.length; i++) expect(longRuns[i].start).toBeGreaterThanOrEqual(longRuns[i - 1].end);
  });

  it('takes over a job whose server died holding it, once the lease has run out', async () => {
    const handle = openDb({ databaseUrl: fresh.databaseUrl, dataDir: fresh.dataDir });
    const past = new Date(Date.now() - 1000).toISOString();
    await handle.db.insertInto('jobs').values({ name: 'orphan', next_run_at: past, lease_owner: 'crashed-server', lease_until: new Date(Date.now() + 60_000).toISOString(), last_started_at: past, last_finished_at: null, last_status: null, last_error: null }).execute();
    let ran = 0;
    apps[1].scheduler.register({ name: 'orphan', intervalMs: 60_000, async run() { ran++; } });
    await apps[1].scheduler.tick();
    expect(ran).toBe(0); // the dead server's lease still holds
    await handle.db.updateTable('jobs').set({ lease_until: past }).where('name', '=', 'orphan').execute();
    await apps[1].scheduler.tick();
    expect(ran).toBe(1);
    const row = await handle.db.selectFrom('jobs').selectAll().where('name', '=', 'orphan').executeTakeFirstOrThrow();
    await handle.close();
    expect(row).toMatchObject({ lease_owner: null, lease_until: null, last_status: 'ok' });
    expect(Date.parse(row.next_run_at) - Date.now()).toBeGreaterThan(50_000);
  });
});

// PostgreSQL only: SQLite has no server to drop a connection.
if (dialectName === 'postgres') {
  describe('a PostgreSQL connection dropped by the server [postgres]', () => {
    it('is replaced on next use instead of ending the process', async () => {
      const fresh = await freshDb();
      const handle = openDb({ databaseUrl: fresh.databaseUrl, dataDir: fresh.dataDir });
      const pid = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(handle.db);
      // The connection is idle in the pool now; the server terminates it, as a restart would.
      await adminQuery(process.env.TEST_DATABASE_URL!, `select pg_terminate_backend(${pid.rows[0].pid})`);
      await sleep(200);
      const again = await sql<{ one: number }>`select 1 as one`.execute(handle.db);
      expect(again.rows[0].one).toBe(1);
      await handle.close();
      await fresh.drop();
    });
  });
}
