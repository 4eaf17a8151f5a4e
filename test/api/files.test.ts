import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, login } from '../helpers/client';
import { createTestApp, dialectName, type TestApp } from '../helpers/app';
import { buildCounty, PASSWORD } from '../helpers/factories';

async function xlsx(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('表').addRow(['a', 1]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe(`attachments [${dialectName}]`, () => {
  let t: TestApp;
  let county: Awaited<ReturnType<typeof buildCounty>>;
  let admin: Agent;
  beforeAll(async () => {
    t = await createTestApp({ uploadLimitBytes: 64 * 1024 });
    county = await buildCounty(t.db);
    admin = await login(t.app, 'a_admin', PASSWORD);
  });
  afterAll(() => t.close());

  const up = (name: string, content: Buffer, entityId?: string) =>
    admin.upload('/api/files', { entity: 'unit', entityId: entityId ?? county.units.a.id }, { name, content });

  it('types files by content and stores identical content once', async () => {
    const pdf = Buffer.from('%PDF-1.7\n1 0 obj\n');
    const a = await up('通知.pdf', pdf);
    expect(a.status).toBe(201);
    expect(a.body).toMatchObject({ filename: '通知.pdf', mime: 'application/pdf', size: pdf.length });
    // The same bytes under a misleading name are still a PDF, stored once.
    const b = await up('照片.jpg', pdf);
    expect(b.body.mime).toBe('application/pdf');
    const blobs = await t.db.selectFrom('file_blobs').selectAll().execute();
    expect(blobs).toHaveLength(1);
    const sheet = await up('台账.xlsx', await xlsx());
    expect(sheet.body.mime).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const png = await up('图.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]));
    expect(png.body.mime).toBe('image/png');
  });

  it('downloads with the original name to users who can see the record, and to no one else', async () => {
    const r = await up('领导小组成立文件.pdf', Buffer.from('%PDF-1.4 lg'));
    const staff = await login(t.app, 'a_staff', PASSWORD);
    const d = await staff.get(`/api/files/${r.body.id}/download`);
    expect(d.status).toBe(200);
    expect(d.raw.body).toBe('%PDF-1.4 lg');
    expect(String(d.headers['content-disposition'])).toContain(encodeURIComponent('领导小组成立文件.pdf'));
    const sibling = await login(t.app, 'b_staff', PASSWORD);
    const refused = await sibling.get(`/api/files/${r.body.id}/download`);
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('OUT_OF_SCOPE');
  });

  it('refuses a disguised executable, an unknown type and an empty file', async () => {
    const exe = await up('报告.pdf', Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200)]));
    expect(exe.status).toBe(400);
    expect(exe.body).toMatchObject({ code: 'BAD_FILE', field: 'file' });
    expect(exe.body.message).toContain('可执行');
    const elf = await up('a.doc', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 1, 1, 1]));
    expect(elf.status).toBe(400);
    const html = await up('a.pdf', Buffer.from('<html><script>alert(1)</script>'));
    expect(html.status).toBe(400);
    expect(html.body.message).toContain('允许');
    const empty = await up('空.pdf', Buffer.alloc(0));
    expect(empty.status).toBe(400);
  });

  it('refuses a file over the configured limit with 413 and writes nothing', async () => {
    const before = await t.db.selectFrom('attachments').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const big = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(70 * 1024, 0x20)]);
    const r = await up('大文件.pdf', big);
    expect(r.status).toBe(413);
    expect(r.body).toMatchObject({ code: 'TOO_LARGE', field: 'file' });
    const after = await t.db.selectFrom('attachments').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('needs the owning record to exist and to be writable by the role', async () => {
    const none = await up('a.pdf', Buffer.from('%PDF-1.4'), 'no-such-unit');
    expect(none.status).toBe(400);
    expect(none.body.field).toBe('entityId');
    const staff = await login(t.app, 'a_staff', PASSWORD);
    const r = await staff.upload('/api/files', { entity: 'unit', entityId: county.units.a.id }, { name: 'a.pdf', content: Buffer.from('%PDF-1.4') });
    expect(r.status).toBe(403);
    const bad = await admin.upload('/api/files', { entity: 'nonsense', entityId: county.units.a.id }, { name: 'a.pdf', content: Buffer.from('%PDF-1.4') });
    expect(bad.body).toMatchObject({ code: 'VALIDATION', field: 'entity' });
  });

  it('lists and archives attachments', async () => {
    const list = await admin.get(`/api/files?entity=unit&entityId=${county.units.a.id}`);
    const n = list.body.items.length;
    expect(n).toBeGreaterThan(0);
    const first = list.body.items[0];
    expect((await admin.post(`/api/files/${first.id}/archive`)).status).toBe(200);
    const again = await admin.get(`/api/files?entity=unit&entityId=${county.units.a.id}`);
    expect(again.body.items).toHaveLength(n - 1);
  });
});
