/**
 * 迎检材料包 written by a worker thread with a bounded heap (server/modules/packs/zip-worker.mjs):
 * the pack is the same; a read error inside the thread and a thread that runs out of memory both
 * end the pack as failed with a reason in Chinese, never left 生成中; stopping the server ends
 * the thread at once; no thread outlives its build.
 */
import fs from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PACK_FOLDERS } from '../../common/packs';
import { blobPath } from '../../server/platform/files';
import { runningZipThreads } from '../../server/modules/packs/build';
import { registerPackDocuments } from '../../server/modules/packs/registry';
import { type Agent, login } from '../helpers/client';
import { createTestApp, dialectName, type TestApp } from '../helpers/app';
import { buildCounty, PASSWORD } from '../helpers/factories';

const pdf = (text: string) => Buffer.from(`%PDF-1.4\n% ${text}\n`);

/** Polls a state (not a time): resolves once `ok()` holds, fails after a generous bound. */
async function until(what: string, ok: () => boolean | Promise<boolean>) {
  for (let i = 0; i < 1200; i++) {
    if (await ok()) return;
    await new Promise((res) => setTimeout(res, 25));
  }
  throw new Error(`never: ${what}`);
}

async function waitFor(agent: Agent, id: string) {
  let body: { status: string } = { status: '' };
  await until(`pack ${id} finished`, async () => {
    body = (await agent.get(`/api/packs/${id}`)).body;
    return body.status === 'done' || body.status === 'failed';
  });
  return body as { status: string; error: string | null; fileCount: number | null };
}

async function seed(t: TestApp, tag: string) {
  const county = await buildCounty(t.db);
  const staff = await login(t.app, 'a_staff', PASSWORD);
  const add = async (day: string, topic: string, files: [string, Buffer][]) => {
    const e = await staff.post('/api/ledger/entries', { unitId: county.units.a.id, type: 'central_group', day, topic, onTopic: true });
    expect(e.status, JSON.stringify(e.body)).toBe(201);
    for (const [name, content] of files) {
      const r = await staff.upload('/api/files', { entity: 'ledger_entry', entityId: e.body.id }, { name, content });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
    }
  };
  await add('2026-03-10', '三月学习', [['会议记录.pdf', pdf(`${tag} march minutes`)], ['坏文件.pdf', pdf(`${tag} march broken`)]]);
  await add('2026-06-10', '六月学习', [['签到表.pdf', pdf(`${tag} june sign-in`)], ['纪要.pdf', pdf(`${tag} june notes`)]]);
  return { county, staff };
}

const packFiles = (t: TestApp) => fs.readdirSync(path.join(t.dataDir, 'packs'));

describe(`inspection packs written by the zip thread [${dialectName}]`, () => {
  let t: TestApp;
  let county: Awaited<ReturnType<typeof buildCounty>>;
  let staff: Agent;

  beforeAll(async () => {
    t = await createTestApp();
    ({ county, staff } = await seed(t, 'main'));
  });
  afterAll(() => t.close());

  it('builds the pack in the thread, with every file, and leaves no thread behind', async () => {
    const p = await staff.post('/api/packs', { unitId: county.units.a.id, from: '2026-06-01', to: '2026-06-30' });
    expect(p.status).toBe(202);
    const done = await waitFor(staff, p.body.id);
    expect(done).toMatchObject({ status: 'done', error: null });
    await until('no zip thread left', () => runningZipThreads() === 0);
    const zip = await JSZip.loadAsync((await staff.get(`/api/packs/${p.body.id}/download`)).raw.rawPayload);
    const files = Object.keys(zip.files).filter((n) => !zip.files[n].dir);
    const sign = files.find((n) => n.endsWith('/签到表.pdf'))!;
    expect(sign).toContain(`/${PACK_FOLDERS.study}/`);
    expect(await zip.file(sign)!.async('string')).toBe(pdf('main june sign-in').toString());
    expect(await zip.file(files.find((n) => n.endsWith('/纪要.pdf'))!)!.async('string')).toBe(pdf('main june notes').toString());
    expect(files.filter((n) => n.endsWith('/00 材料目录.xlsx'))).toHaveLength(1);
    expect(done.fileCount).toBe(files.length);
  });

  it('a file the thread cannot read fails the pack naming that file, in Chinese, with no partial file', async () => {
    const row = await t.db.selectFrom('attachments').select('sha256').where('filename', '=', '坏文件.pdf').executeTakeFirstOrThrow();
    const blob = blobPath(t.dataDir, row.sha256);
    const content = fs.readFileSync(blob);
    // A file that is there but cannot be read: reading /proc/self/mem from its start fails with EIO, as a failing disk does.
    fs.rmSync(blob);
    fs.symlinkSync('/proc/self/mem', blob);
    try {
      const p = await staff.post('/api/packs', { unitId: county.units.a.id, from: '2026-03-01', to: '2026-03-31' });
      const end = await waitFor(staff, p.body.id);
      expect(end.status).toBe('failed');
      expect(end.error).toMatch(/^生成“03 学习与会议\/活动记录附件\/2026-03-10 [^”]*三月学习\/坏文件\.pdf”时失败：服务器读写文件出错\(磁盘可能有故障\)，请联系管理员$/);
      expect(packFiles(t).filter((f) => f.startsWith(p.body.id))).toEqual([]);
      await until('no zip thread left', () => runningZipThreads() === 0);
    } finally {
      fs.rmSync(blob);
      fs.writeFileSync(blob, content);
    }
    // The file readable again, the same period builds.
    const again = await staff.post('/api/packs', { unitId: county.units.a.id, from: '2026-03-01', to: '2026-03-31' });
    expect(await waitFor(staff, again.body.id)).toMatchObject({ status: 'done' });
  });
});

describe(`a zip thread that dies, and a server that stops [${dialectName}]`, () => {
  it('a thread out of memory fails the pack in Chinese; it is not left building', async () => {
    // A heap too small to start archiver: the thread dies as one that outgrew its limit mid-pack would.
    const t = await createTestApp({ packThreadHeapMb: 1 });
    try {
      const { county, staff } = await seed(t, 'oom');
      const p = await staff.post('/api/packs', { unitId: county.units.a.id, from: '2026-01-01', to: '2026-12-31' });
      const end = await waitFor(staff, p.body.id);
      expect(end).toMatchObject({ status: 'failed', error: '生成失败：生成进程内存不足，请缩短期间分几次生成，或联系管理员' });
      expect(packFiles(t).filter((f) => f.startsWith(p.body.id))).toEqual([]);
      await until('no zip thread left', () => runningZipThreads() === 0);
    } finally {
      await t.close();
    }
  });

  it('closing the app ends the running zip thread at once and marks the build failed', async () => {
    const t = await createTestApp();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const unregister = registerPackDocuments(async () => [
      { folder: PACK_FOLDERS.documents, name: '工作总结.docx', build: async () => { await gate; return Buffer.from('PK\u0003\u0004 word/document.xml'); } },
    ]);
    try {
      const { county, staff } = await seed(t, 'stop');
      const p = await staff.post('/api/packs', { unitId: county.units.a.id, from: '2026-01-01', to: '2026-12-31' });
      expect(p.status).toBe(202);
      // Planned, its thread started, waiting on the document.
      await until('the zip thread runs', () => runningZipThreads() === 1);
      const closing = t.app.close();
      // The thread ends while the build is still held up, not when it gets round to checking.
      await until('the zip thread ended', () => runningZipThreads() === 0);
      release();
      await closing;
      const row = await t.db.selectFrom('packs').select(['status', 'error', 'file_path']).where('id', '=', p.body.id).executeTakeFirstOrThrow();
      expect(row).toEqual({ status: 'failed', error: '服务停止，生成中断，请重新生成', file_path: null });
      expect(packFiles(t).filter((f) => f.startsWith(p.body.id))).toEqual([]);
    } finally {
      release();
      unregister();
      await t.close();
    }
  });
});
