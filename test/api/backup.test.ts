import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, processesHoldingOpen } from '../../server/db';
import { verifyAuditChain } from '../../server/platform/audit';
import { backupSqlite, restoreSqlite } from '../../server/platform/backup';
import { type Agent, login } from '../helpers/client';
import { createTestApp, dialectName, type TestApp } from '../helpers/app';
import { buildCounty, makeUnit, PASSWORD } from '../helpers/factories';
import { migrateToLatest } from '../../server/db/migrate';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'netduty-backup-test-'));

describe(`backup and restore [${dialectName}]`, () => {
  let t: TestApp;
  let admin: Agent;
  let county: Awaited<ReturnType<typeof buildCounty>>;
  beforeAll(async () => {
    t = await createTestApp();
    county = await buildCounty(t.db);
    admin = await login(t.app, 'a_admin', PASSWORD);
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  if (dialectName === 'sqlite') {
    it('backs up while the server is writing, and restores exactly that snapshot with its files', async () => {
      await admin.post('/api/people', { unitId: county.units.a.id, name: '备份前' });
      const file = await admin.upload('/api/files', { entity: 'unit', entityId: county.units.a.id }, { name: '备份.pdf', content: Buffer.from('%PDF-1.4 backup') });
      // Writes keep coming while the backup runs.
      const writing = Promise.all(Array.from({ length: 20 }, (_, i) => admin.post('/api/people', { unitId: county.units.a.id, name: `并发${i}` })));
      const out = path.join(tmp, 'b.tar.gz');
      const r = await backupSqlite(t.dataDir, out);
      await writing;
      expect(r.files).toBe(1);
      await admin.post('/api/people', { unitId: county.units.a.id, name: '备份后' });

      const target = path.join(tmp, 'restored');
      await restoreSqlite(target, out);
      const restored = openDb({ dataDir: target });
      const names = (await restored.db.selectFrom('people').select('name').execute()).map((p) => p.name);
      expect(names).toContain('备份前');
      expect(names).not.toContain('备份后');
      expect((await verifyAuditChain(restored.db)).ok).toBe(true);
      const att = await restored.db.selectFrom('attachments').select('sha256').where('id', '=', file.body.id).executeTakeFirstOrThrow();
      expect(fs.readFileSync(path.join(target, 'files', att.sha256.slice(0, 2), att.sha256.slice(2, 4), att.sha256), 'utf8')).toBe('%PDF-1.4 backup');
      await restored.close();
      const { DATABASE_URL: _unused, ...env } = process.env;
      // The key stays with the configuration (never in the backup); the head comes from the backup's manifest.
      const manifest = JSON.parse(execFileSync('tar', ['-xzOf', out, 'manifest.json'], { encoding: 'utf8' }));
      expect(manifest.audit.seq).toBeGreaterThan(0);
      const checkpoint = path.join(tmp, 'manifest-head.json');
      fs.writeFileSync(checkpoint, JSON.stringify(manifest.audit));
      const verify = execFileSync('npx', ['tsx', 'cli/netduty.ts', 'audit', 'verify', '--checkpoint', checkpoint], {
        env: { ...env, DATA_DIR: target, AUDIT_KEY_FILE: t.config.auditKeyFile }, encoding: 'utf8',
      });
      expect(verify).toContain('审计日志完整');
      expect(verify).toContain(`与检查点(第 ${manifest.audit.seq} 条`);
      // Restoring over an existing database keeps the old one beside it.
      const again = await restoreSqlite(target, out);
      expect(again.keptPrevious && fs.existsSync(again.keptPrevious)).toBe(true);
    });

    it('refuses to restore while a process holds the database open, and changes nothing', async () => {
      const out = path.join(tmp, 'while-open.tar.gz');
      await backupSqlite(t.dataDir, out);
      const person = await admin.post('/api/people', { unitId: county.units.a.id, name: '恢复时仍在写' });
      await expect(restoreSqlite(t.dataDir, out)).rejects.toThrow(/数据库正在被使用.*请先停止 netduty 服务/);
      expect(fs.readdirSync(t.dataDir).some((f) => f.includes('before-restore'))).toBe(false);
      expect((await admin.get(`/api/people/${person.body.id}`)).status).toBe(200);
    });

    it('after a kill -9 with commits only in the WAL, restore keeps a copy holding every acknowledged write', async () => {
      const dir = path.join(tmp, 'killed');
      fs.mkdirSync(dir);
      const seed = openDb({ dataDir: dir });
      await migrateToLatest(seed.db);
      const unit = await makeUnit(seed.db, { name: '写入单位' });
      const backup = path.join(tmp, 'killed.tar.gz');
      seed.sqlite!.pragma('wal_checkpoint(TRUNCATE)');
      await backupSqlite(dir, backup);
      await seed.close();

      const child = spawn('npx', ['tsx', 'test/helpers/wal-writer.ts'], { env: { ...process.env, DATA_DIR: dir, UNIT_ID: unit.id, COUNT: '200', AUDIT_KEY_FILE: t.config.auditKeyFile }, stdio: ['ignore', 'pipe', 'inherit'], detached: true });
      const acknowledged: string[] = [];
      await new Promise<void>((resolve, reject) => {
        let buf = '';
        child.stdout.on('data', (d: Buffer) => {
          buf += d.toString();
          const lines = buf.split('\n');
          buf = lines.pop()!;
          for (const l of lines) (l === 'done' ? resolve() : acknowledged.push(l));
        });
        child.on('exit', () => reject(new Error('writer ended early')));
      });
      // While the writer lives, restore is refused.
      await expect(restoreSqlite(dir, backup)).rejects.toThrow(/数据库正在被使用/);
      // Only the tsx wrapper is npx's child; kill the whole group like a power cut.
      const exited = new Promise((r) => child.once('exit', r));
      process.kill(-child.pid!, 'SIGKILL');
      await exited;
      await expect.poll(() => processesHoldingOpen(path.join(dir, 'netduty.db'))).toEqual([]);
      expect(fs.statSync(path.join(dir, 'netduty.db-wal')).size).toBeGreaterThan(0);

      const r = await restoreSqlite(dir, backup);
      expect(fs.existsSync(path.join(dir, 'netduty.db-wal'))).toBe(false);
      const kept = openDb({ dataDir: dir, sqliteFile: r.keptPrevious! });
      const names = (await kept.db.selectFrom('people').select('name').execute()).map((p) => p.name);
      expect(names.length).toBe(200);
      expect(new Set(names)).toEqual(new Set(acknowledged));
      expect(await kept.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).toEqual({ n: 200 });
      await kept.close();
      const restored = openDb({ dataDir: dir });
      expect(await restored.db.selectFrom('people').select('id').execute()).toEqual([]);
      await restored.close();
    });

    it('refuses a file that is not a backup, leaving the data as it was', async () => {
      const junk = path.join(tmp, 'junk.tar.gz');
      fs.writeFileSync(junk, 'not a backup');
      const target = path.join(tmp, 'untouched');
      fs.mkdirSync(target);
      fs.writeFileSync(path.join(target, 'netduty.db'), 'original');
      await expect(restoreSqlite(target, junk)).rejects.toThrow(/备份文件/);
      expect(fs.readFileSync(path.join(target, 'netduty.db'), 'utf8')).toBe('original');
    });
  } else {
    it('the CLI points PostgreSQL installs to pg_dump instead of copying a file', () => {
      let message = '';
      try {
        execFileSync('npx', ['tsx', 'cli/netduty.ts', 'backup', path.join(tmp, 'x.tar.gz')], {
          env: { ...process.env, DATABASE_URL: process.env.TEST_DATABASE_URL, DATA_DIR: tmp }, encoding: 'utf8', stdio: 'pipe',
        });
      } catch (err) {
        message = String((err as { stderr?: string }).stderr);
      }
      expect(message).toContain('pg_dump');
      expect(fs.existsSync(path.join(tmp, 'x.tar.gz'))).toBe(false);
    });
  }
});
