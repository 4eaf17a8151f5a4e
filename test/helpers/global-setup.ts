import { randomBytes } from 'node:crypto';
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
    // One template per run (netduty_template_<random>), so two runs against one server do not
    // drop each other's template; it and any test database a crashed file left are dropped at the end.
    const template = `netduty_template_${randomBytes(4).toString('hex')}`;
    await adminQuery(pgUrl, `CREATE DATABASE ${template}`);
    const handle = openDb({ databaseUrl: withDatabase(pgUrl, template), dataDir: os.tmpdir() });
    await migrateToLatest(handle.db);
    await handle.close();
    provide('template', template);
    return async () => {
      const admin = new Client({ connectionString: pgUrl });
      await admin.connect();
      try {
        const left = await admin.query<{ datname: string }>('SELECT datname FROM pg_database WHERE starts_with(datname, $1)', [testDbPrefix(template)]);
        for (const { datname } of left.rows) await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
        await admin.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
      } finally {
        await admin.end();
      }
    };
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

/** Runs one statement on the server's maintenance database (CREATE/DROP DATABASE cannot run in a pool transaction). */
export async function adminQuery(url: string, statement: string): Promise<void> {
  const admin = new Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(statement);
  } finally {
    await admin.end();
  }
}

/** Test databases of one run are named t_<run>_<random>, so the run's teardown can find leftovers. */
export function testDbPrefix(template: string): string {
  return `t_${template.replace(/^netduty_template_/, '')}_`;
}
