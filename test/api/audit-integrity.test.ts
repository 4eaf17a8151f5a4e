/** The audit trail: append-only in the database, a keyed MAC chain, a signed head kept outside it. */
import { execFileSync } from 'node:child_process';
import ExcelJS from 'exceljs';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuditGuards, dropAuditGuards } from '../../server/db/migrations/2026120602_audit_keyed';
import { auditHash, GENESIS_HASH, readAuditCheckpoint, verifyAuditChain, writeAuditCheckpoint } from '../../server/platform/audit';
import { type Agent, login } from '../helpers/client';
import { createTestApp, dialectName, freshDb, type TestApp } from '../helpers/app';
import { buildCounty, PASSWORD } from '../helpers/factories';

describe(`audit log integrity [${dialectName}]`, () => {
  let t: TestApp;
  let admin: Agent;
  let county: Awaited<ReturnType<typeof buildCounty>>;
  const checkpointFile = () => t.config.auditCheckpointFile;
  beforeAll(async () => {
    t = await createTestApp();
    county = await buildCounty(t.db);
    admin = await login(t.app, 'a_admin', PASSWORD);
    for (let i = 0; i < 6; i++) await admin.post('/api/people', { unitId: county.units.a.id, name: `审计${i}` });
  });
  afterAll(() => t.close());

  const rows = () => t.db.selectFrom('audit_log').selectAll().orderBy('seq').execute();
  const cli = (...args: string[]) => {
    const env = { ...process.env, DATA_DIR: t.dataDir, ...(t.config.databaseUrl ? { DATABASE_URL: t.config.databaseUrl } : {}) };
    if (!t.config.databaseUrl) delete env.DATABASE_URL;
    try {
      return { code: 0, out: execFileSync('npx', ['tsx', 'cli/netduty.ts', 'audit', 'verify', ...args], { env, encoding: 'utf8', stdio: 'pipe' }) };
    } catch (err) {
      const e = err as { status: number; stdout: string };
      return { code: e.status, out: e.stdout };
    }
  };

  it('refuses UPDATE and DELETE on the audit table in the database itself', async () => {
    const [first] = await rows();
    await expect(t.db.updateTable('audit_log').set({ actor_name: '他人' }).where('seq', '=', first.seq).execute()).rejects.toThrow(/append-only/);
    await expect(t.db.deleteFrom('audit_log').where('seq', '=', first.seq).execute()).rejects.toThrow(/append-only/);
    if (dialectName === 'postgres') await expect(sql`truncate audit_log`.execute(t.db)).rejects.toThrow(/append-only/);
    expect((await rows())[0]).toEqual(first);
  });

  it('rows are keyed HMAC-SM3, and the app writes a signed checkpoint the CLI verifies against', async () => {
    const all = await rows();
    expect(all.every((r) => r.alg === 'hmac-sm3')).toBe(true);
    // The public formula does not reproduce a keyed MAC.
    const { hash, alg: _alg, ...rest } = all[0];
    expect(auditHash(rest)).not.toBe(hash);
    const cp = await writeAuditCheckpoint(t.db, checkpointFile());
    expect(cp).toMatchObject({ seq: all.length, mac: all[all.length - 1].hash, legacyUpTo: 0 });
    const r = cli();
    expect(r.out).toContain(`审计日志完整：共校验 ${all.length} 条`);
    expect(r.code).toBe(0);
  });

  it('the audit administrator verifies and exports the log from the app; both are audited', async () => {
    await writeAuditCheckpoint(t.db, checkpointFile());
    const auditor = await login(t.app, 'a_auditadmin', PASSWORD);
    const v = await auditor.post('/api/audit/verify');
    expect(v.body).toMatchObject({ ok: true, firstBroken: null, checkpoint: { seq: expect.any(Number) } });
    const x = await auditor.get('/api/audit/export?entity=person');
    expect(x.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.raw.rawPayload as never);
    expect(wb.worksheets[0].getCell(1, 1).value).toBe('审计日志');
    expect(wb.worksheets[0].rowCount).toBe(3 + 6);
    expect((await admin.get('/api/audit/export')).status).toBe(403);
    const actions = (await t.db.selectFrom('audit_log').select('action').where('entity', '=', 'audit_log').execute()).map((r) => r.action);
    expect(actions).toEqual(['audit_verify', 'export']);
  });

  it('detects rows deleted from the end (truncation) against the checkpoint', async () => {
    await writeAuditCheckpoint(t.db, checkpointFile());
    const before = await rows();
    await dropAuditGuards(t.db); // the database owner can; the checkpoint still shows it
    await t.db.deleteFrom('audit_log').where('seq', '>', before.length - 2).execute();
    // The chain that is left is consistent in itself …
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
    // … but shorter than the head recorded outside the database.
    const r = await verifyAuditChain(t.db, readAuditCheckpoint(checkpointFile()));
    expect(r).toMatchObject({ ok: false, checkpoint: 'broken', firstBroken: { seq: before.length - 1 } });
    expect(r.firstBroken!.reason).toContain('截断');
    const c = cli();
    expect(c.code).toBe(2);
    expect(c.out).toContain('截断');
    // The checkpoint job does not move the head back to hide it.
    expect((await writeAuditCheckpoint(t.db, checkpointFile())).seq).toBe(before.length);
    for (const row of before.slice(-2)) await t.db.insertInto('audit_log').values(row).execute();
    await createAuditGuards(t.db);
    expect((await verifyAuditChain(t.db, readAuditCheckpoint(checkpointFile()))).ok).toBe(true);
  });

  it('detects a row changed with every later hash recomputed by the public formula', async () => {
    await writeAuditCheckpoint(t.db, checkpointFile());
    const before = await rows();
    const victim = before[2];
    await dropAuditGuards(t.db);
    let prev = victim.prev_hash;
    for (const r of before.slice(2)) {
      const changed = { ...r, actor_name: r.seq === victim.seq ? '他人' : r.actor_name, prev_hash: prev };
      const { hash: _h, alg: _a, ...fields } = changed;
      const hash = auditHash(fields);
      // Once as keyed rows, once disguised as old unkeyed rows: both are caught.
      await t.db.updateTable('audit_log').set({ actor_name: changed.actor_name, prev_hash: prev, hash }).where('seq', '=', r.seq).execute();
      prev = hash;
    }
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: false, firstBroken: { seq: victim.seq } });
    await t.db.updateTable('audit_log').set({ alg: null }).execute();
    await t.db.updateTable('audit_log').set({ hash: sql`hash` }).execute();
    // Rewritten from the first row as an unkeyed chain: consistent in itself, refused against the checkpoint.
    let p2 = GENESIS_HASH;
    for (const r of await rows()) {
      const { hash: _h, alg: _a, ...fields } = { ...r, prev_hash: p2 };
      const hash = auditHash(fields);
      await t.db.updateTable('audit_log').set({ prev_hash: p2, hash }).where('seq', '=', r.seq).execute();
      p2 = hash;
    }
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
    expect(await verifyAuditChain(t.db, readAuditCheckpoint(checkpointFile()))).toMatchObject({ ok: false, checkpoint: 'broken', firstBroken: { seq: 1 } });
    // A forged checkpoint does not help without the key.
    const forged = { ...readAuditCheckpoint(checkpointFile())!, legacyUpTo: 1000 };
    expect((await verifyAuditChain(t.db, forged)).firstBroken!.reason).toContain('签名');
    for (const r of before) await t.db.updateTable('audit_log').set({ actor_name: r.actor_name, prev_hash: r.prev_hash, hash: r.hash, alg: r.alg }).where('seq', '=', r.seq).execute();
    await createAuditGuards(t.db);
    expect((await verifyAuditChain(t.db, readAuditCheckpoint(checkpointFile()))).ok).toBe(true);
  });
});

describe(`an old unkeyed chain carries on as a keyed one [${dialectName}]`, () => {
  it('verifies the old rows with SHA-256 and the keyed rows from its head on', async () => {
    const fresh = await freshDb();
    try {
      let prev = GENESIS_HASH;
      for (let seq = 1; seq <= 3; seq++) {
        const row = {
          seq, at: new Date().toISOString(), actor_id: null, actor_name: '系统', action: 'create', entity: 'unit', entity_id: `u${seq}`,
          unit_path: null, before_json: null, after_json: null, request_id: null, ip: null, prev_hash: prev,
        };
        const hash = auditHash(row);
        await fresh.handle.db.insertInto('audit_log').values({ ...row, alg: null, hash }).execute();
        prev = hash;
      }
      const { createTestApp: _unused, ...helpers } = await import('../helpers/app');
      void helpers;
      const { buildApp } = await import('../../server/app');
      const { loadConfig } = await import('../../server/config');
      const config = loadConfig({ DATA_DIR: fresh.dataDir, JOBS: 'off' }, { databaseUrl: fresh.databaseUrl });
      const built = await buildApp(config, fresh.handle);
      const cp = readAuditCheckpoint(config.auditCheckpointFile)!;
      expect(cp).toMatchObject({ seq: 3, legacyUpTo: 3, mac: prev });
      await buildCounty(fresh.handle.db);
      const a = await login(built.app, 'a_admin', PASSWORD);
      await a.post('/api/people', { unitId: (await fresh.handle.db.selectFrom('units').select('id').where('name', '=', '城关镇').executeTakeFirstOrThrow()).id, name: '新链' });
      const first = await fresh.handle.db.selectFrom('audit_log').select(['prev_hash', 'alg']).where('seq', '=', 4).executeTakeFirstOrThrow();
      expect(first).toEqual({ prev_hash: prev, alg: 'hmac-sm3' });
      const r = await verifyAuditChain(fresh.handle.db, await writeAuditCheckpoint(fresh.handle.db, config.auditCheckpointFile));
      expect(r).toMatchObject({ ok: true, legacy: 3, checkpoint: 'ok' });
      expect(path.dirname(config.auditKeyFile)).toBe(path.join(fresh.dataDir, 'secrets'));
      await built.app.close();
    } finally {
      await fresh.handle.close();
      await fresh.drop();
    }
  });
});
