/**
 * 迎检材料包 and an attachment that is there but cannot be read (a failing disk): the pack fails
 * naming the file, with a reason in Chinese, leaves no partial file, and the server goes on (the
 * read error was an unheard stream error that ended the process).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blobPath } from '../../server/platform/files';
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

describe(`an inspection pack with an unreadable attachment [${dialectName}]`, () => {
  let t: TestApp;
  let county: Awaited<ReturnType<typeof buildCounty>>;
  let staff: Agent;

  beforeAll(async () => {
    t = await createTestApp();
    ({ county, staff } = await seed(t, 'main'));
  });
  afterAll(() => t.close());

  it('a file that cannot be read fails the pack naming that file, in Chinese, with no partial file', async () => {
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
    } finally {
      fs.rmSync(blob);
      fs.writeFileSync(blob, content);
    }
    // The file readable again, the same period builds.
    const again = await staff.post('/api/packs', { unitId: county.units.a.id, from: '2026-03-01', to: '2026-03-31' });
    expect(await waitFor(staff, again.body.id)).toMatchObject({ status: 'done' });
  });
});
