/** 网络安全 basics through the API: profiles, contracts, inspection findings raised as rectifications, figures, the summary's sentences, reminders. */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DraftView } from '../../common/documents';
import { netsecFigures } from '../../server/modules/netsec/figures';
import { addDays, shanghaiDay, WorkCalendar } from '../../server/platform/calendar';
import { reminderSources } from '../../server/platform/reminders';
import { type Agent, login } from '../helpers/client';
import { sectionParagraphs } from '../helpers/drafts';
import { createTestApp, dialectName, type TestApp } from '../helpers/app';
import { buildCounty, PASSWORD } from '../helpers/factories';

const today = shanghaiDay();
const H1 = { kind: 'half', year: 2026, half: 1 };
const textOf = (d: DraftView, key: string) => sectionParagraphs(d, key);

describe(`netsec [${dialectName}]`, () => {
  let t: TestApp;
  let county: Awaited<ReturnType<typeof buildCounty>>;
  let aStaff: Agent;
  let bStaff: Agent;
  let aLiaison: Agent;
  let inspection: { id: string };

  beforeAll(async () => {
    t = await createTestApp();
    county = await buildCounty(t.db);
    [aStaff, bStaff, aLiaison] = await Promise.all(['a_staff', 'b_staff', 'a_liaison'].map((u) => login(t.app, u, PASSWORD)));
  });
  afterAll(() => t.close());

  const profile = (patch: object = {}) => ({ unitId: county.units.a.id, intranetTerminals: 12, internetTerminals: 30, measures: ['antivirus', 'strong_password', 'removable_media'], checkedDay: '2026-03-01', version: null, ...patch });

  it('sets a unit’s terminals and measures once, then edits the version loaded; refuses bad input and other units', async () => {
    const c = await aStaff.put('/api/netsec/profiles', profile());
    expect(c.status, JSON.stringify(c.body)).toBe(200);
    expect(c.body).toMatchObject({ unitName: '城关镇', intranetTerminals: 12, internetTerminals: 30, measures: ['antivirus', 'strong_password', 'removable_media'], version: 0 });
    expect((await aStaff.put('/api/netsec/profiles', profile())).body.code).toBe('STALE');
    expect((await aStaff.put('/api/netsec/profiles', profile({ version: 0, internetTerminals: 28 }))).body).toMatchObject({ internetTerminals: 28, version: 1 });
    expect((await aStaff.put('/api/netsec/profiles', profile({ version: 0 }))).body.code).toBe('STALE');
    expect((await aStaff.put('/api/netsec/profiles', profile({ version: 1, intranetTerminals: -1 }))).body).toMatchObject({ field: 'intranetTerminals', message: '内网终端数不能小于 0' });
    expect((await aStaff.put('/api/netsec/profiles', profile({ version: 1, measures: ['other'] }))).body).toMatchObject({ field: 'otherMeasure', message: '请填写其他措施' });
    expect((await aStaff.put('/api/netsec/profiles', profile({ version: 1, measures: ['secret'] }))).body).toMatchObject({ message: '安全措施的取值无效' });
    expect((await aStaff.put('/api/netsec/profiles', profile({ unitId: county.units.b.id }))).body.code).toBe('OUT_OF_SCOPE');
    expect((await aLiaison.put('/api/netsec/profiles', profile({ version: 1 }))).status).toBe(403);
    await aStaff.put('/api/netsec/profiles', profile({ unitId: county.units.a1.id, intranetTerminals: 1, internetTerminals: 2, measures: ['antivirus', 'strong_password'] }));
    expect((await aStaff.get('/api/netsec/profiles')).body.items.map((p: { unitName: string }) => p.unitName)).toEqual(['城关镇', '城东村']);
    expect((await bStaff.get('/api/netsec/profiles')).body.items).toEqual([]);
  });

  it('keeps maintenance contracts with their expiry and reminds before and after it', async () => {
    const body = { unitId: county.units.a.id, vendor: '某某信息技术有限公司', scope: '门户网站和办公网络运维', signedDay: '2026-01-01', expiresDay: addDays(today, 10) };
    const c = await aStaff.post('/api/netsec/contracts', body);
    expect(c.status).toBe(201);
    expect(c.body).toMatchObject({ daysLeft: 10, unitName: '城关镇' });
    expect((await aStaff.post('/api/netsec/contracts', { ...body, expiresDay: '2025-12-31' })).body).toMatchObject({ field: 'expiresDay', message: '到期日期应晚于签订日期' });
    expect((await aStaff.post('/api/netsec/contracts', { ...body, vendor: '' })).body).toMatchObject({ field: 'vendor', message: '请填写服务单位' });
    const { unitId: _u, ...rest } = body;
    expect((await aStaff.put(`/api/netsec/contracts/${c.body.id}`, { ...rest, scope: '办公网络运维', version: 0 })).body).toMatchObject({ scope: '办公网络运维', version: 1 });
    expect((await aStaff.put(`/api/netsec/contracts/${c.body.id}`, { ...rest, version: 0 })).body.code).toBe('STALE');
    expect((await bStaff.get(`/api/netsec/contracts/${c.body.id}`)).body.code).toBe('OUT_OF_SCOPE');
    const source = new Map(reminderSources()).get('netsec')!;
    const got = await source({ db: t.db, calendar: await WorkCalendar.load(t.db), now: new Date(), daysBefore: 3 });
    expect(got).toContainEqual(expect.objectContaining({ kind: 'due_soon', key: `netsec-contract:${c.body.id}:${addDays(today, 10)}:due_soon`, unitId: county.units.a.id }));
    expect((await aStaff.get('/api/netsec/contracts?expiring=true')).body.total).toBe(1);
  });

  it('raises a finding of a security inspection as a rectification of the inspected unit', async () => {
    inspection = (await aStaff.post('/api/ledger/entries', { unitId: county.units.a.id, type: 'security_inspection', day: '2026-03-15', topic: '一季度网络安全检查', onTopic: true })).body;
    const other = (await aStaff.post('/api/ledger/entries', { unitId: county.units.a.id, type: 'training', day: '2026-03-16', topic: '培训', onTopic: true })).body;
    const finding = { problem: '便民服务中心2台电脑内外网混用', measures: '分设内外网终端并张贴标识', dueDay: '2026-04-15' };
    const f = await aStaff.post(`/api/netsec/inspections/${inspection.id}/findings`, finding);
    expect(f.status, JSON.stringify(f.body)).toBe(201);
    const rect = (await aStaff.get(`/api/rectifications/${f.body.rectificationId}`)).body;
    expect(rect).toMatchObject({ problem: '便民服务中心2台电脑内外网混用', origin: 'self_check', batch: '一季度网络安全检查', unitName: '城关镇', startDay: '2026-03-15', dueDay: '2026-04-15', status: 'open' });
    expect((await aStaff.get(`/api/netsec/inspections/${inspection.id}/findings`)).body.items).toEqual([expect.objectContaining({ rectificationId: rect.id, status: 'open' })]);
    expect((await aStaff.post(`/api/netsec/inspections/${other.id}/findings`, finding)).body).toMatchObject({ field: 'entryId' });
    expect((await aStaff.post(`/api/netsec/inspections/${inspection.id}/findings`, { ...finding, dueDay: '2026-03-01' })).body).toMatchObject({ field: 'dueDay' });
    expect((await aStaff.post(`/api/netsec/inspections/${inspection.id}/findings`, { ...finding, problem: '' })).body).toMatchObject({ field: 'problem', message: '请填写发现的问题' });
    expect((await bStaff.post(`/api/netsec/inspections/${inspection.id}/findings`, finding)).body.code).toBe('OUT_OF_SCOPE');
    expect((await aLiaison.post(`/api/netsec/inspections/${inspection.id}/findings`, finding)).status).toBe(403);
    // A second finding, reported and signed off.
    const g = (await aStaff.post(`/api/netsec/inspections/${inspection.id}/findings`, { ...finding, problem: '部分电脑未安装防病毒软件' })).body;
    const r2 = (await aStaff.post(`/api/rectifications/${g.rectificationId}/report`, { version: 0, note: '已安装' })).body;
    expect(r2.status, JSON.stringify(r2)).toBe('reported');
  });

  it('exports the 网络安全台账 of a subtree as the profiles list shows it, and only of units the user may see', async () => {
    const { items } = (await aStaff.get(`/api/netsec/profiles?unitId=${county.units.a.id}`)).body as { items: { unitName: string; intranetTerminals: number; internetTerminals: number }[] };
    expect(items.length).toBeGreaterThan(0);
    const r = await aStaff.get(`/api/netsec/export?unitId=${county.units.a.id}`);
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.raw.rawPayload as never);
    const ws = wb.worksheets[0];
    expect(ws.getCell(1, 1).value).toBe('网络安全台账');
    // Title, period line, header; then one row a record, its first cell the 序号.
    const rows = Array.from({ length: ws.rowCount - 3 }, (_, i) => ws.getRow(4 + i));
    expect(rows.map((row) => [row.getCell(2).value, row.getCell(3).value, row.getCell(4).value])).toEqual(items.map((p) => [p.unitName, p.intranetTerminals, p.internetTerminals]));
    expect((await bStaff.get(`/api/netsec/export?unitId=${county.units.a.id}`)).status).toBeGreaterThanOrEqual(403);
  });

  it('counts once and writes the 网络安全 sentences of the summary, one by one', async () => {
    const f = await netsecFigures(t.db, { unitPath: county.units.a.path, from: '2026-01-01', to: '2026-06-30' });
    expect(f).toMatchObject({ unitsProfiled: 2, intranetTerminals: 13, internetTerminals: 30, inspections: 1, findings: 2, findingsClosed: 0 });
    expect(f.measureUnits).toEqual({ antivirus: 2, strong_password: 2, removable_media: 1, encryption: 0, other: 0 });
    expect((await aStaff.get(`/api/netsec/figures?unitId=${county.units.a.id}&from=2026-01-01&to=2026-06-30`)).body).toEqual(f);
    const d = (await aStaff.post('/api/documents/drafts', { unitId: county.units.a.id, type: 'summary', period: H1 })).body as DraftView;
    expect(textOf(d, 'netsec')).toEqual([
      '登记内网终端13台、外网终端30台，各单位均落实防病毒、强口令等安全措施。',
      '开展网络安全检查1次，发现问题2个，已整改销号0个。',
      '与第三方签订运维服务合同1份。',
    ]);
    expect(JSON.stringify(d.content.sections.find((s) => s.key === 'next'))).toContain('抓好网络安全检查发现的2个问题的整改。');
    const empty = (await bStaff.post('/api/documents/drafts', { unitId: county.units.b.id, type: 'summary', period: H1 })).body as DraftView;
    expect(textOf(empty, 'netsec')).toEqual([]);
    expect(empty.content.missing.filter((m) => m.section === 'netsec').map((m) => m.text)).toEqual(['未登记网络终端和安全措施', '本期没有登记网络安全检查']);
  });
});
