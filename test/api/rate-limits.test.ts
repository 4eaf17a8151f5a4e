/** Rate limits are counted in the database: two app servers on one database enforce one limit. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, buildApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import { type DbHandle, openDb } from '../../server/db';
import { anonymous } from '../helpers/client';
import { createTestApp, dialectName, type TestApp } from '../helpers/app';
import { buildCounty, PASSWORD } from '../helpers/factories';

describe(`rate limits shared by two app servers on one database [${dialectName}]`, () => {
  let t: TestApp;
  let second: App;
  let secondHandle: DbHandle;
  const secondDir = fs.mkdtempSync(path.join(os.tmpdir(), 'netduty-second-server-'));
  beforeAll(async () => {
    t = await createTestApp();
    await buildCounty(t.db);
    // A second server: its own process state and connection pool, the same database and keys.
    secondHandle = openDb({ databaseUrl: t.config.databaseUrl, dataDir: t.dataDir });
    const config = loadConfig({ DATA_DIR: secondDir, JOBS: 'off', AUDIT_KEY_FILE: t.config.auditKeyFile, DATA_KEY_FILE: t.config.dataKeyFile }, { databaseUrl: t.config.databaseUrl });
    second = await buildApp(config, secondHandle);
    await second.app.ready();
  });
  afterAll(async () => {
    await second.app.close();
    await secondHandle.close();
    await t.close();
    fs.rmSync(secondDir, { recursive: true, force: true });
  });

  it('30 sign-in attempts a minute from one address in total, however they are spread over the servers', async () => {
    const ip = '203.0.113.150';
    const servers = [t.app, second.app];
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) {
      const r = await anonymous(servers[i % 2], 'POST', '/api/session/login', { username: `nobody${i}`, password: 'x' }, ip);
      statuses.push(r.status);
    }
    expect(statuses.every((s) => s === 400)).toBe(true);
    for (const app of servers) {
      const r = await anonymous(app, 'POST', '/api/session/login', { username: 'a_staff', password: PASSWORD }, ip);
      expect(r.status).toBe(429);
      expect(r.body).toMatchObject({ code: 'RATE_LIMITED', message: '请求过于频繁，请稍后再试' });
    }
    // Another address is not affected.
    expect((await anonymous(second.app, 'POST', '/api/session/login', { username: 'a_staff', password: PASSWORD }, '203.0.113.151')).status).toBe(200);
  });

  it('the public page’s five submissions an hour hold across both servers', async () => {
    const ip = '203.0.113.160';
    const servers = [t.app, second.app];
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await anonymous(servers[i % 2], 'POST', '/api/public/cases', { title: '' }, ip)).status);
    expect(statuses.slice(0, 5).every((s) => s === 400)).toBe(true);
    expect(statuses[5]).toBe(429);
  });
});
