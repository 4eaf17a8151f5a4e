/** 队伍 through the API: roles (standard, a unit's own, never one tasked to post or comment), members, training counts, figures and the summary sentence. */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DraftView } from '../../common/documents';
import { teamFigures } from '../../server/modules/teams/figures';
import { type Agent, login } from '../helpers/client';
import { sectionParagraphs } from '../helpers/drafts';
import { createTestApp, dialectName, type TestApp } from '../helpers/app';
import { buildCounty, makePerson, PASSWORD } from '../helpers/factories';

const H1 = { kind: 'half', year: 2026, half: 1 };
const textOf = (d: DraftView, key: string) => sectionParagraphs(d, key);

describe(`teams [${dialectName}]`, () => {
  let t: TestApp;
  let county: Awaited<ReturnType<typeof buildCounty>>;
  let aStaff: Agent;
  let bStaff: Agent;
  let countyStaff: Agent;
  let aLiaison: Agent;
  let wang: { id: string };
  let zhou: { id: string };

  beforeAll(async () => {
    t = await createTestApp();
    county = await buildCounty(t.db);
    [aStaff, bStaff, countyStaff, aLiaison] = await Promise.all(['a_staff', 'b_staff', 'county_staff', 'a_liaison'].map((u) => login(t.app, u, PASSWORD)));
    wang = await makePerson(t.db, { unit: county.units.a, name: '镇王', position: '宣传干事' });
    zhou = await makePerson(t.db, { unit: county.units.a1, name: '村周', position: '信息员' });
  });
  afterAll(() => t.close());

  it('offers the standard roles and those a unit or its superior adds, never one tasked to post or comment', async () => {
    const std = (await aStaff.get(`/api/teams/roles?unitId=${county.units.a.id}`)).body.items.map((r: { label: string }) => r.label);
    expect(std).toEqual(['新闻发言人', '联络员', '网信专干/信息员', '网络安全管理员', '宣讲员', '志愿者']);
    const c = await countyStaff.post('/api/teams/roles', { unitId: county.units.county.id, name: '网络文明传播员' });
    expect(c.status, JSON.stringify(c.body)).toBe(201);
    expect((await aStaff.get(`/api/teams/roles?unitId=${county.units.a1.id}`)).body.items.at(-1)).toMatchObject({ label: '网络文明传播员', custom: true, unitName: '测试县' });
    for (const name of ['网评员', '网络评论员', '水军', '点赞转发员']) {
      const r = await aStaff.post('/api/teams/roles', { unitId: county.units.a.id, name });
      expect(r.body.field, name).toBe('name');
      expect(r.body.message).toContain('队伍不包括受指派发帖、评论或引导舆论的人员');
    }
    expect((await aStaff.post('/api/teams/roles', { unitId: county.units.a.id, name: '宣讲员' })).body).toMatchObject({ field: 'name', message: '已有队伍角色“宣讲员”' });
    expect((await aLiaison.post('/api/teams/roles', { unitId: county.units.a.id, name: '其他' })).status).toBe(403);
    expect((await aStaff.post('/api/teams/roles', { unitId: county.units.b.id, name: '其他' })).body.code).toBe('OUT_OF_SCOPE');
    // The county's role is the county's to archive.
    expect((await aStaff.post(`/api/teams/roles/${c.body.key}/archive`, { version: 0 })).body.code).toBe('OUT_OF_SCOPE');
  });

  it('registers members with their role, refuses duplicates, other units and stale edits, and counts their trainings', async () => {
    const roles = (await aStaff.get(`/api/teams/roles?unitId=${county.units.a.id}`)).body.items as { key: string; label: string }[];
    const custom = roles.find((r) => r.label === '网络文明传播员')!.key;
    const m1 = await aStaff.post('/api/teams/members', { unitId: county.units.a.id, personId: county.people.a.id, role: 'spokesperson', sinceDay: '2026-01-05' });
    expect(m1.status, JSON.stringify(m1.body)).toBe(201);
    expect(m1.body).toMatchObject({ personName: '镇李', roleLabel: '新闻发言人', trainingCount: 0 });
    await aStaff.post('/api/teams/members', { unitId: county.units.a.id, personId: wang.id, role: 'informant' });
    await aStaff.post('/api/teams/members', { unitId: county.units.a.id, personId: zhou.id, role: 'informant' });
    await aStaff.post('/api/teams/members', { unitId: county.units.a.id, personId: wang.id, role: custom });
    expect((await aStaff.post('/api/teams/members', { unitId: county.units.a.id, personId: wang.id, role: 'informant' })).body).toMatchObject({ field: 'personId', message: '该人员已在这支队伍中' });
    expect((await aStaff.post('/api/teams/members', { unitId: county.units.a.id, personId: wang.id, role: 'commenter' })).body).toMatchObject({ field: 'role' });
    expect((await aStaff.post('/api/teams/members', { unitId: county.units.a.id, personId: county.people.b.id, role: 'volunteer' })).body.code).toBe('OUT_OF_SCOPE');
    expect((await aStaff.post('/api/teams/members', { unitId: county.units.a1.id, personId: county.people.a.id, role: 'volunteer' })).body).toMatchObject({ field: 'personId' });
    const u = await aStaff.put(`/api/teams/members/${m1.body.id}`, { role: 'spokesperson', sinceDay: '2026-01-06', note: '兼任', version: 0 });
    expect(u.body).toMatchObject({ note: '兼任', version: 1 });
    expect((await aStaff.put(`/api/teams/members/${m1.body.id}`, { role: 'spokesperson', version: 0 })).body.code).toBe('STALE');
    expect((await bStaff.get(`/api/teams/members/${m1.body.id}`)).body.code).toBe('OUT_OF_SCOPE');
    expect((await aStaff.get(`/api/teams/members/${m1.body.id}/history`)).body.items.map((e: { action: string }) => e.action)).toEqual(['create', 'update']);
    // Trainings from the activity ledger: two trainings for 镇王 in the half-year, one study session that is not a training.
    for (const [type, day] of [['training', '2026-03-01'], ['training', '2026-05-01'], ['central_group', '2026-05-02'], ['training', '2026-08-01']]) {
      expect((await aStaff.post('/api/ledger/entries', { unitId: county.units.a.id, type, day, topic: `${type}${day}`, onTopic: true, participantIds: [wang.id, zhou.id] })).status).toBe(201);
    }
    const list = (await aStaff.get('/api/teams/members?from=2026-01-01&to=2026-06-30&pageSize=100')).body.items as { personName: string; roleLabel: string; trainingCount: number }[];
    expect(list.map((m) => [m.personName, m.roleLabel, m.trainingCount])).toEqual(expect.arrayContaining([['镇王', '网信专干/信息员', 2], ['镇王', '网络文明传播员', 2], ['镇李', '新闻发言人', 0], ['村周', '网信专干/信息员', 2]]));
    expect((await bStaff.get('/api/teams/members')).body.items).toEqual([]);
  });

  it('exports the 队伍台账 as the members list shows it, and only of units the user may see', async () => {
    const list = (await aStaff.get(`/api/teams/members?unitId=${county.units.a.id}&pageSize=100`)).body as { items: { roleLabel: string; personName: string }[]; total: number };
    expect(list.total).toBeGreaterThan(0);
    const r = await aStaff.get(`/api/teams/export?unitId=${county.units.a.id}`);
    expect(r.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.raw.rawPayload as never);
    const ws = wb.worksheets[0];
    expect(ws.getCell(1, 1).value).toBe('队伍台账');
    // Title, period line, header; then one row a record, its first cell the 序号.
    const rows = Array.from({ length: ws.rowCount - 3 }, (_, i) => ws.getRow(4 + i));
    expect(rows.map((row) => [row.getCell(2).value, row.getCell(3).value]).sort()).toEqual(list.items.map((m) => [m.roleLabel, m.personName]).sort());
    expect((await bStaff.get(`/api/teams/export?unitId=${county.units.a.id}`)).status).toBeGreaterThanOrEqual(403);
  });

  it('counts members by role once and writes "建立了N人的…队伍" from them', async () => {
    const f = await teamFigures(t.db, { unitPath: county.units.a.path, from: '2026-01-01', to: '2026-06-30' });
    expect(f).toEqual({
      byRole: [{ role: 'spokesperson', label: '新闻发言人', members: 1 }, { role: 'informant', label: '网信专干/信息员', members: 2 }, { role: expect.any(String), label: '网络文明传播员', members: 1 }],
      members: 3, trainingAttendances: 4,
    });
    const d = (await aStaff.post('/api/documents/drafts', { unitId: county.units.a.id, type: 'summary', period: H1 })).body as DraftView;
    expect(textOf(d, 'teams')).toEqual(['建立了1人的新闻发言人队伍、2人的网信专干/信息员队伍、1人的网络文明传播员队伍，本期队伍成员参加培训4人次。']);
    const link = d.content.figures.find((x) => x.key === 'teams.role.informant')!.link!;
    expect((await aStaff.get(`/api/teams/members?${link.split('?')[1]}`)).body.total).toBe(2);
    const empty = (await bStaff.post('/api/documents/drafts', { unitId: county.units.b.id, type: 'summary', period: H1 })).body as DraftView;
    expect(textOf(empty, 'teams')).toEqual([]);
    expect(empty.content.missing.filter((m) => m.section === 'teams').map((m) => m.text)).toEqual(['未登记新闻发言人、联络员、信息员等队伍成员']);
  });
});
