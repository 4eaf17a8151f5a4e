import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import { type App, buildApp } from '../../server/app';
import { type Config, loadConfig } from '../../server/config';
import { type Database, type DbHandle, openDb } from '../../server/db';
import { adminQuery, testDbPrefix, withDatabase } from './global-setup';

export interface TestApp extends App {
  handle: DbHandle;
  db: Database;
  config: Config;
  dataDir: string;
  close(): Promise<void>;
}

export const dialectName = process.env.TEST_DATABASE_URL ? 'postgres' : 'sqlite';

/** A fresh database copied from the migrated template, for one test file (or one test). */
export async function freshDb(): Promise<{ handle: DbHandle; dataDir: string; databaseUrl?: string; drop(): Promise<void> }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'netduty-test-'));
  const pgUrl = process.env.TEST_DATABASE_URL;
  if (pgUrl) {
    const name = `${testDbPrefix(inject('template'))}${randomBytes(6).toString('hex')}`;
    await adminQuery(pgUrl, `CREATE DATABASE ${name} TEMPLATE ${inject('template')}`);
    const databaseUrl = withDatabase(pgUrl, name);
    const handle = openDb({ databaseUrl, dataDir });
    return {
      handle, dataDir, databaseUrl,
      async drop() {
        await adminQuery(pgUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        fs.rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  fs.copyFileSync(inject('template'), path.join(dataDir, 'netduty.db'));
  const handle = openDb({ dataDir });
  return { handle, dataDir, drop: async () => fs.rmSync(dataDir, { recursive: true, force: true }) };
}

export async function createTestApp(overrides: Partial<Config> = {}, env: Record<string, string> = {}): Promise<TestApp> {
  const fresh = await freshDb();
  // Feeds in tests are served from 127.0.0.1, which production refuses by default.
  const config = loadConfig({ DATA_DIR: fresh.dataDir, JOBS: 'off', FEED_PRIVATE_HOSTS: 'allow', TWO_FACTOR_ROLES: '', ...env }, { databaseUrl: fresh.databaseUrl, ...overrides });
  const built = await buildApp(config, fresh.handle);
  await built.app.ready();
  return {
    ...built,
    handle: fresh.handle,
    db: fresh.handle.db,
    config,
    dataDir: fresh.dataDir,
    async close() {
      await built.app.close();
      await fresh.handle.close();
      await fresh.drop();
    },
  };
}
