/** Citizens' contacts: SM4 at rest, shown only to the handling chain and owner side, every reading audited. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initDataKey, openText, resealContacts, sealText } from '../../server/platform/personal-data';
import { anonymous, login } from '../helpers/client';
import { createTestApp, dialectName, type TestApp } from '../helpers/app';
import { buildCounty, PASSWORD } from '../helpers/factories';

describe(`encrypted contacts [${dialectName}]`, () => {
  let t: TestApp;
  let county: Awaited<ReturnType<typeof buildCounty>>;
  const DIGITS = '零一二三四五六七八九十';
  const solve = (q: string) => {
    const [, a, b] = q.match(/^(.)加(.)等于几/)!;
    return String(DIGITS.indexOf(a) + DIGITS.indexOf(b));
  };
  beforeAll(async () => {
    t = await createTestApp();
    county = await buildCounty(t.db);
  });
  afterAll(() => t.close());

  it('stores a public submitter’s contact SM4-encrypted and shows it to the handling unit, recording each reading', async () => {
    const ip = '203.0.113.90';
    const ch = await anonymous(t.app, 'GET', '/api/public/challenge', undefined, ip);
    const s = await anonymous(t.app, 'POST', '/api/public/cases', {
      unitId: county.units.a.id, title: '路灯不亮', content: '城东村主干道路灯已经坏了一个多月，夜间出行不便请尽快修复。',
      contact: '13912345678', challenge: ch.body.token, answer: solve(ch.body.question),
    }, ip);
    expect(s.status).toBe(201);
    const row = await t.db.selectFrom('cases').select(['contact', 'event_id']).where('tracking_code', '=', s.body.trackingCode).executeTakeFirstOrThrow();
    expect(row.contact).toMatch(/^sm4:[0-9a-f]{8}:[0-9a-f]{32}:[0-9a-f]+$/);
    expect(row.contact).not.toContain('13912345678');
    expect(openText(row.contact)).toBe('13912345678');
    // Two sealings of one value differ (random IV), so equal contacts cannot be matched in the table.
    expect(sealText('13912345678')).not.toBe(sealText('13912345678'));

    const staff = await login(t.app, 'a_staff', PASSWORD);
    const view = await staff.get(`/api/cases/${row.event_id}`);
    expect(view.body.reports[0].contact).toBe('13912345678');
    const reads = await t.db.selectFrom('audit_log').select(['actor_name', 'after_json']).where('action', '=', 'contact_read').where('entity_id', '=', row.event_id).execute();
    expect(reads).toHaveLength(1);
    expect(reads[0].actor_name).toBe('a_staff(a_staff)');
    // Nowhere else in the log.
    const all = await t.db.selectFrom('audit_log').select(['before_json', 'after_json']).execute();
    expect(JSON.stringify(all)).not.toContain('13912345678');

    // A sibling township sees nothing of it, and nothing is recorded for it.
    const other = await login(t.app, 'b_staff', PASSWORD);
    expect((await other.get(`/api/cases/${row.event_id}`)).status).toBe(403);
    expect(await t.db.selectFrom('audit_log').select('seq').where('action', '=', 'contact_read').execute()).toHaveLength(1);
  });

  it('after a key rotation, old values stay readable with the previous key and are re-sealed with the new one', async () => {
    const before = await t.db.selectFrom('cases').select(['id', 'contact']).where('contact', 'is not', null).execute();
    expect(before.length).toBeGreaterThan(0);
    const oldKey = (await import('node:fs')).readFileSync(t.config.dataKeyFile, 'utf8').trim();
    const newKey = 'a'.repeat(32);
    initDataKey({ dataKey: newKey, dataKeyFile: t.config.dataKeyFile, dataKeyPrevious: [oldKey] });
    expect(openText(before[0].contact)).toBe('13912345678');
    expect(await resealContacts(t.db)).toBe(before.length);
    const after = await t.db.selectFrom('cases').select('contact').where('id', '=', before[0].id).executeTakeFirstOrThrow();
    expect(after.contact).not.toBe(before[0].contact);
    // Readable with the new key alone.
    initDataKey({ dataKey: newKey, dataKeyFile: t.config.dataKeyFile, dataKeyPrevious: [] });
    expect(openText(after.contact)).toBe('13912345678');
    expect(() => openText(before[0].contact)).toThrow(/DATA_KEY_PREVIOUS/);
    initDataKey(t.config);
  });

  it('reads values stored before encryption as they are', () => {
    expect(openText('13800000000')).toBe('13800000000');
    expect(openText(null)).toBeNull();
  });
});
