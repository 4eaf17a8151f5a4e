import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { openDb } from '../../server/db';
import { migrateToLatest } from '../../server/db/migrate';

/**
 * Migrates one template database per run; each test file then starts from a copy of it
 * (a copied file for SQLite, CREATE DATABASE … TEMPLATE for PostgreSQL).
 */
export default async function setup({ provide }: { provide: (key: string, value: string) => void }) {
  const pgUrl = process.env.TEST_DATABASE_URL;
  if (pgUrl) {
    const admin = new Client({ connectionString: pgUrl });
    await admin.connect();
    await admin.query('DROP DATABASE IF EXISTS netduty_template');
    await admin.query('CREATE DATABASE netduty_template');
    await admin.end();
    const handle = openDb({ databaseUrl: withDatabase(pgUrl, 'netduty_template'), dataDir: os.tmpdir() });
    await migrateToLatest(handle.db);
    await handle.close();
    provide('template', 'netduty_template');
    return;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netduty-template-'));
  const file = path.join(dir, 'template.db');
  const handle = openDb({ dataDir: dir, sqliteFile: file });
  await migrateToLatest(handle.db);
  handle.sqlite!.pragma('wal_checkpoint(TRUNCATE)');
  await handle.close();
  provide('template', file);
  return () => fs.rmSync(dir, { recursive: true, force: true });
}

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

declare module 'vitest' {
  export interface ProvidedContext {
    template: string;
  }
}
