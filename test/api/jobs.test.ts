import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import { openDb } from '../../server/db';
import type { Scheduler } from '../../server/platform/jobs';
import { dialectName, freshDb } from '../helpers/app';

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
      await Promise.all(apps.map((a) => a.scheduler.tick()));
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
});
