/** The server's log at the default level: one line per API request, none for the web app's files. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../../server/app';
import { loadConfig } from '../../server/config';
import { dialectName, freshDb } from '../helpers/app';

describe(`request logging [${dialectName}]`, () => {
  const lines: Record<string, unknown>[] = [];
  let built: App;
  let fresh: Awaited<ReturnType<typeof freshDb>>;
  let webDir: string;

  beforeAll(async () => {
    fresh = await freshDb();
    webDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nd-web-'));
    fs.mkdirSync(path.join(webDir, 'assets'));
    fs.writeFileSync(path.join(webDir, 'index.html'), '<!doctype html><title>t</title>');
    fs.writeFileSync(path.join(webDir, 'assets', 'app-abc123.js'), 'console.log(1)');
    const config = loadConfig({ DATA_DIR: fresh.dataDir, JOBS: 'off', TWO_FACTOR_ROLES: '' }, { databaseUrl: fresh.databaseUrl, webDir });
    expect(config.logLevel).toBe('info'); // the default level is what is checked
    const stream = new Writable({
      write(chunk, _enc, done) {
        for (const l of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(l));
        done();
      },
    });
    built = await buildApp(config, fresh.handle, { logger: { stream } });
    await built.app.ready();
  });
  afterAll(async () => {
    await built.app.close();
    await fresh.handle.close();
    await fresh.drop();
    fs.rmSync(webDir, { recursive: true, force: true });
  });

  it('writes one line per API request with method, path, status and time, and nothing for pages and assets', async () => {
    lines.length = 0;
    expect((await built.app.inject({ method: 'GET', url: '/api/public/info' })).statusCode).toBe(200);
    expect((await built.app.inject({ method: 'GET', url: '/api/session' })).statusCode).toBe(401);
    expect((await built.app.inject({ method: 'GET', url: '/assets/app-abc123.js' })).statusCode).toBe(200);
    expect((await built.app.inject({ method: 'GET', url: '/login' })).statusCode).toBe(200);
    expect((await built.app.inject({ method: 'GET', url: '/' })).statusCode).toBe(200);
    await new Promise((r) => setImmediate(r));
    const requests = lines.filter((l) => l.url || l.req || l.res);
    expect(requests.map((l) => [l.method, l.url, l.status])).toEqual([
      ['GET', '/api/public/info', 200],
      ['GET', '/api/session', 401],
    ]);
    for (const l of requests) {
      expect(l.level).toBe(30);
      expect(typeof l.ms).toBe('number');
      expect(l.msg).toBe(`${l.method} ${l.url} ${l.status}`);
    }
  });
});
