/**
 * Two saves of the same version of a record, sent at once. Exactly one may win; the other must
 * answer 409 STALE and leave nothing behind (no audit row). On PostgreSQL both requests pass the
 * version check they read and race to the UPDATE, so the lost one is caught only by its row
 * count; on SQLite the one connection serialises them. Every kind of versioned record is raced.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../server/platform/audit';
import { shanghaiDay } from '../../server/platform/calendar';
import { newId, nowIso } from '../../server/platform/ids';
import { createTestApp, dialectName, type TestApp } from '../helpers/app';
import { type Agent, login } from '../helpers/client';
import { buildCounty, makeAccount, makePerson, makeUnit, PASSWORD } from '../helpers/factories';

interface Race {
  method: 'POST' | 'PUT';
  url: string;
  body: object;
  /** The audit row the winner writes. */
  entity: string;
  entityId: string;
}

describe(`two saves of the same version [${dialectName}]`, () => {
  let t: TestApp;
  let county: Awaited<ReturnType<typeof buildCounty>>;
  let admin: [Agent, Agent];
  let secadmin: [Agent, Agent];
  let aStaff: [Agent, Agent];
  let leader: [Agent, Agent];
  let n = 0;

  beforeAll(async () => {
    t = await createTestApp();
    county = await buildCounty(t.db);
    const twice = async (u: string): Promise<[Agent, Agent]> => [await login(t.app, u, PASSWORD), await login(t.app, u, PASSWORD)];
    admin = await twice('county_admin');
    // 三员: password resets are the security administrator's.
    secadmin = await twice('county_secadmin');
    aStaff = await twice('a_staff');
    leader = await twice('county_leader');
  });
  afterAll(() => t.close());

  /** A request that must succeed while setting a record up. */
  async function made(p: Promise<{ status: number; body: any }>) {
    const r = await p;
    expect(r.status, JSON.stringify(r.body)).toBeLessThan(300);
    return r.body;
  }

  const auditRows = async (r: Race) =>
    (await t.db.selectFrom('audit_log').select('seq').where('entity', '=', r.entity).where('entity_id', '=', r.entityId).execute()).length;

  async function race(agents: [Agent, Agent], r: Race) {
    const before = await auditRows(r);
    const results = await Promise.all(agents.map((a) => a.request(r.method, r.url, r.body)));
    const says = JSON.stringify(results.map((x) => [x.status, x.body?.code]));
    expect(results.filter((x) => x.status >= 200 && x.status < 300), says).toHaveLength(1);
    const lost = results.find((x) => x.status === 409);
    expect(lost?.body, says).toMatchObject({ code: 'STALE', message: '该记录已被他人修改，请刷新后再试' });
    expect(await auditRows(r), `${r.method} ${r.url}: audit rows written`).toBe(before + 1);
  }

  const unitA = () => county.units.a;
  const today = shanghaiDay();

  // Each kind: who races, and how to make a fresh record and the save to race on it.
  const kinds: [string, () => [Agent, Agent], () => Promise<Race>][] = [
    ['unit: edit', () => admin, async () => {
      const u = await makeUnit(t.db, { parent: unitA(), kind: 'village' });
      return { method: 'PUT', url: `/api/units/${u.id}`, body: { name: `改名${++n}`, kind: 'village', version: 0 }, entity: 'unit', entityId: u.id };
    }],
    ['unit: move', () => admin, async () => {
      const u = await makeUnit(t.db, { parent: unitA(), kind: 'village' });
      return { method: 'POST', url: `/api/units/${u.id}/move`, body: { newParentId: county.units.b.id, version: 0 }, entity: 'unit', entityId: u.id };
    }],
    ['unit: archive', () => admin, async () => {
      const u = await makeUnit(t.db, { parent: unitA(), kind: 'village' });
      return { method: 'POST', url: `/api/units/${u.id}/archive`, body: { version: 0 }, entity: 'unit', entityId: u.id };
    }],
    ['unit: restore', () => admin, async () => {
      const u = await makeUnit(t.db, { parent: unitA(), kind: 'village' });
      await made(admin[0].post(`/api/units/${u.id}/archive`, { version: 0 }));
      return { method: 'POST', url: `/api/units/${u.id}/restore`, body: { version: 1 }, entity: 'unit', entityId: u.id };
    }],
    ['person: edit', () => admin, async () => {
      const p = await makePerson(t.db, { unit: unitA() });
      return { method: 'PUT', url: `/api/people/${p.id}`, body: { unitId: unitA().id, name: '改名', version: 0 }, entity: 'person', entityId: p.id };
    }],
    ['person: archive', () => admin, async () => {
      const p = await makePerson(t.db, { unit: unitA() });
      return { method: 'POST', url: `/api/people/${p.id}/archive`, body: { version: 0 }, entity: 'person', entityId: p.id };
    }],
    ['account: edit', () => admin, async () => {
      const a = await makeAccount(t.db, { unit: unitA(), role: 'staff' });
      const body = { displayName: '改名', role: 'staff', unitId: unitA().id, personId: null, disabled: false, version: 0 };
      return { method: 'PUT', url: `/api/accounts/${a.id}`, body, entity: 'account', entityId: a.id };
    }],
    ['account: password reset', () => secadmin, async () => {
      const a = await makeAccount(t.db, { unit: unitA(), role: 'staff' });
      return { method: 'POST', url: `/api/accounts/${a.id}/password`, body: { password: 'Race@2026x', version: 0 }, entity: 'account', entityId: a.id };
    }],
    ['leading group member: edit', () => admin, async () => {
      const p = await makePerson(t.db, { unit: unitA() });
      const m = await made(admin[0].post('/api/group-members', { unitId: unitA().id, personId: p.id, groupRole: 'member' }));
      return { method: 'PUT', url: `/api/group-members/${m.id}`, body: { groupRole: 'deputy', duties: '分管网信', version: 0 }, entity: 'group_member', entityId: m.id };
    }],
    ['leading group member: archive', () => admin, async () => {
      const p = await makePerson(t.db, { unit: unitA() });
      const m = await made(admin[0].post('/api/group-members', { unitId: unitA().id, personId: p.id, groupRole: 'member' }));
      return { method: 'POST', url: `/api/group-members/${m.id}/archive`, body: { version: 0 }, entity: 'group_member', entityId: m.id };
    }],
    ['duty assignment: edit', () => admin, async () => {
      const p = await makePerson(t.db, { unit: unitA() });
      const d = await made(admin[0].post('/api/duty-assignments', { unitId: unitA().id, personId: p.id, kind: 'direct', scopeUnitIds: [] }));
      return { method: 'PUT', url: `/api/duty-assignments/${d.id}`, body: { kind: 'direct', note: '改', scopeUnitIds: [], version: 0 }, entity: 'duty_assignment', entityId: d.id };
    }],
    ['duty assignment: archive', () => admin, async () => {
      const p = await makePerson(t.db, { unit: unitA() });
      const d = await made(admin[0].post('/api/duty-assignments', { unitId: unitA().id, personId: p.id, kind: 'direct', scopeUnitIds: [] }));
      return { method: 'POST', url: `/api/duty-assignments/${d.id}/archive`, body: { version: 0 }, entity: 'duty_assignment', entityId: d.id };
    }],
    ...(['edit', 'archive'] as const).map((step): [string, () => [Agent, Agent], () => Promise<Race>] => [`duty item: ${step}`, () => aStaff, async () => {
      const item = { unitId: unitA().id, year: 2026, content: `专题研究${++n}`, category: '组织领导', leaderPersonId: county.people.a.id, departmentIds: [], departmentsText: null, basis: null };
      const c = await made(aStaff[0].post('/api/duty-items', item));
      return step === 'edit'
        ? { method: 'PUT', url: `/api/duty-items/${c.id}`, body: { ...item, content: '改', version: 0 }, entity: 'duty_item', entityId: c.id }
        : { method: 'POST', url: `/api/duty-items/${c.id}/archive`, body: { version: 0 }, entity: 'duty_item', entityId: c.id };
    }]),
    ...(['edit', 'archive', 'sign'] as const).map((step): [string, () => [Agent, Agent], () => Promise<Race>] => [`agreement: ${step}`, () => admin, async () => {
      const a = await made(admin[0].post('/api/agreements', { unitId: county.units.county.id, title: `责任书${++n}`, year: 2026, issuedDay: '2026-02-10', signatoryUnitIds: [unitA().id], signatoryPersonIds: [] }));
      if (step === 'edit') return { method: 'PUT', url: `/api/agreements/${a.id}`, body: { title: '改', year: 2026, issuedDay: '2026-02-11', note: null, version: 0 }, entity: 'agreement', entityId: a.id };
      if (step === 'archive') return { method: 'POST', url: `/api/agreements/${a.id}/archive`, body: { version: 0 }, entity: 'agreement', entityId: a.id };
      const [sig] = (await admin[0].get(`/api/agreements/${a.id}/signatories`)).body.items;
      return { method: 'POST', url: `/api/agreement-signatories/${sig.id}/sign`, body: { version: 0, signedDay: '2026-02-20' }, entity: 'agreement', entityId: a.id };
    }]),
    ...(['edit', 'complete', 'reopen', 'archive'] as const).map((step): [string, () => [Agent, Agent], () => Promise<Race>] => [`task: ${step}`, () => aStaff, async () => {
      const fields = { title: `巡查${++n}`, source: 'superior', startDay: '2026-02-01', dueMode: 'date', dueDay: '2026-12-31' };
      const task = await made(aStaff[0].post('/api/tasks', { unitId: unitA().id, ...fields }));
      const url = `/api/tasks/${task.id}`;
      if (step === 'edit') return { method: 'PUT', url, body: { ...fields, title: '改', version: 0 }, entity: 'task', entityId: task.id };
      if (step === 'archive') return { method: 'POST', url: `${url}/archive`, body: { version: 0 }, entity: 'task', entityId: task.id };
      const complete = { version: 0, completedDay: '2026-03-20', note: '已完成' };
      if (step === 'complete') return { method: 'POST', url: `${url}/complete`, body: complete, entity: 'task', entityId: task.id };
      await made(aStaff[0].post(`${url}/complete`, complete));
      return { method: 'POST', url: `${url}/reopen`, body: { version: 1, reason: '督查认为不到位' }, entity: 'task', entityId: task.id };
    }]),
    ...(['edit', 'report', 'sign-off', 'return', 'archive'] as const).map((step): [string, () => [Agent, Agent], () => Promise<Race>] => [
      `rectification: ${step}`,
      () => (step === 'report' ? aStaff : step === 'sign-off' || step === 'return' ? leader : admin),
      async () => {
        const fields = { problem: `栏目未更新${++n}`, origin: 'supervision', measures: '专人更新', startDay: '2026-03-01', dueMode: 'date', dueDay: '2026-12-31' };
        const r = await made(admin[0].post('/api/rectifications', { unitId: unitA().id, ...fields }));
        const url = `/api/rectifications/${r.id}`;
        const race = (u: string, body: object): Race => ({ method: 'POST', url: u, body, entity: 'rectification', entityId: r.id });
        if (step === 'edit') return { ...race(url, { ...fields, problem: '改', version: 0 }), method: 'PUT' };
        if (step === 'archive') return race(`${url}/archive`, { version: 0 });
        const report = { version: 0, note: '已整改到位' };
        if (step === 'report') return race(`${url}/report`, report);
        await made(aStaff[0].post(`${url}/report`, report));
        return step === 'sign-off' ? race(`${url}/sign-off`, { version: 1 }) : race(`${url}/return`, { version: 1, reason: '整改不到位' });
      },
    ]),
    ...(['edit', 'archive'] as const).map((step): [string, () => [Agent, Agent], () => Promise<Race>] => [`ledger entry: ${step}`, () => aStaff, async () => {
      const entry = { unitId: unitA().id, type: 'central_group', day: '2026-06-20', topic: `学习${++n}`, onTopic: true, participantIds: [], othersCount: 5 };
      const e = await made(aStaff[0].post('/api/ledger/entries', entry));
      return step === 'edit'
        ? { method: 'PUT', url: `/api/ledger/entries/${e.id}`, body: { ...entry, topic: '改', version: 0 }, entity: 'ledger_entry', entityId: e.id }
        : { method: 'POST', url: `/api/ledger/entries/${e.id}/archive`, body: { version: 0 }, entity: 'ledger_entry', entityId: e.id };
    }]),
    ...(['edit', 'archive'] as const).map((step): [string, () => [Agent, Agent], () => Promise<Race>] => [`emergency plan: ${step}`, () => aStaff, async () => {
      const plan = { unitId: unitA().id, title: `应急预案${++n}`, versionLabel: '2026版', effectiveDay: '2026-06-01', status: 'current' };
      const p = await made(aStaff[0].post('/api/ledger/plans', plan));
      return step === 'edit'
        ? { method: 'PUT', url: `/api/ledger/plans/${p.id}`, body: { ...plan, title: '改', version: 0 }, entity: 'emergency_plan', entityId: p.id }
        : { method: 'POST', url: `/api/ledger/plans/${p.id}/archive`, body: { version: 0 }, entity: 'emergency_plan', entityId: p.id };
    }]),
    ...(['edit', 'review', 'archive'] as const).map((step): [string, () => [Agent, Agent], () => Promise<Race>] => [`risk point: ${step}`, () => aStaff, async () => {
      const risk = { unitId: unitA().id, description: `公众号${++n}`, area: 'positions', level: 'medium', measures: '专人管理', reviewMonths: 3, nextReviewDay: '2026-03-31' };
      const r = await made(aStaff[0].post('/api/risks', risk));
      const url = `/api/risks/${r.id}`;
      if (step === 'edit') return { method: 'PUT', url, body: { ...risk, measures: '改', status: 'controlled', version: 0 }, entity: 'risk_point', entityId: r.id };
      if (step === 'archive') return { method: 'POST', url: `${url}/archive`, body: { version: 0 }, entity: 'risk_point', entityId: r.id };
      return { method: 'POST', url: `${url}/reviews`, body: { version: 0, day: today, result: '风险下降', levelAfter: 'low' }, entity: 'risk_point', entityId: r.id };
    }]),
    ...(['edit', 'archive'] as const).map((step): [string, () => [Agent, Agent], () => Promise<Race>] => [`risk assessment: ${step}`, () => aStaff, async () => {
      const a = { unitId: unitA().id, subject: `改造项目${++n}`, decisionDay: '2026-05-20', assessedDay: '2026-05-10', level: 'medium', risks: '施工扰民', measures: '公示', conclusion: 'adjust', assessor: '党政办' };
      const c = await made(aStaff[0].post('/api/risk-assessments', a));
      return step === 'edit'
        ? { method: 'PUT', url: `/api/risk-assessments/${c.id}`, body: { ...a, measures: '改', version: 0 }, entity: 'risk_assessment', entityId: c.id }
        : { method: 'POST', url: `/api/risk-assessments/${c.id}/archive`, body: { version: 0 }, entity: 'risk_assessment', entityId: c.id };
    }]),
    ...(['edit', 'archive'] as const).map((step): [string, () => [Agent, Agent], () => Promise<Race>] => [`feed: ${step}`, () => admin, async () => {
      const feed = { unitId: unitA().id, name: `订阅源${++n}`, url: `http://127.0.0.1:9/${n}.xml`, any: ['网信'], all: [], none: [], intervalMinutes: 30 };
      const f = await made(admin[0].post('/api/feeds', feed));
      return step === 'edit'
        ? { method: 'PUT', url: `/api/feeds/${f.id}`, body: { ...feed, name: '改', enabled: true, version: 0 }, entity: 'feed', entityId: f.id }
        : { method: 'POST', url: `/api/feeds/${f.id}/archive`, body: { version: 0 }, entity: 'feed', entityId: f.id };
    }]),
    ['clue: dismiss', () => admin, async () => {
      const f = await made(admin[0].post('/api/feeds', { unitId: unitA().id, name: `线索源${++n}`, url: `http://127.0.0.1:9/c${n}.xml`, any: ['网信'], intervalMinutes: 30 }));
      const clue = {
        id: newId(), unit_id: unitA().id, feed_id: f.id, item_key: newId(), title: '城关镇网信办新址启用', link: null, summary: '', published_at: null,
        hits: '["网信"]', state: 'new', handled_by: null, handled_at: null, note: null, case_id: null, version: 0, created_at: nowIso(),
      };
      await t.db.insertInto('clues').values(clue).execute();
      return { method: 'POST', url: `/api/clues/${clue.id}/dismiss`, body: { version: 0, note: '无关' }, entity: 'clue', entityId: clue.id };
    }],
    ...(['triage', 'archive'] as const).map((step): [string, () => [Agent, Agent], () => Promise<Race>] => [`case event: ${step}`, () => aStaff, async () => {
      // A unit of its own, so the report opens a new event instead of joining an earlier one.
      const u = await makeUnit(t.db, { parent: unitA(), kind: 'village' });
      const { eventId: id } = await made(aStaff[0].post('/api/cases', {
        unitId: u.id, source: 'online_petition', receivedAt: new Date(Date.now() - 3600_000).toISOString(),
        title: `反映${++n}`, content: '小区门口的路面塌陷已有一周，车辆绕行困难，请尽快修复。', channel: '市长信箱',
      }));
      const { version } = (await aStaff[0].get(`/api/cases/${id}`)).body;
      return step === 'triage'
        ? { method: 'POST', url: `/api/cases/${id}/triage`, body: { version, level: 'general', category: '农业农村', handlingUnitId: u.id }, entity: 'case_event', entityId: id }
        : { method: 'POST', url: `/api/cases/${id}/archive`, body: { version }, entity: 'case_event', entityId: id };
    }]),
    ['document draft: edit', () => aStaff, async () => {
      const d = await made(aStaff[0].post('/api/documents/drafts', { unitId: unitA().id, type: 'summary', period: { kind: 'half', year: 2026, half: 1 } }));
      return { method: 'PUT', url: `/api/documents/drafts/${d.id}`, body: { version: d.version, slots: { 'study.extra': '补充' } }, entity: 'document_draft', entityId: d.id };
    }],
    ...(['edit', 'archive'] as const).map((step): [string, () => [Agent, Agent], () => Promise<Race>] => [`watch period: ${step}`, () => aStaff, async () => {
      const day = new Date(Date.UTC(2030, 0, 1 + 5 * ++n)).toISOString().slice(0, 10);
      const p = { name: '国庆', startsOn: day, endsOn: day };
      const w = await made(aStaff[0].post('/api/watch/periods', { unitId: unitA().id, ...p }));
      return step === 'edit'
        ? { method: 'PUT', url: `/api/watch/periods/${w.id}`, body: { ...p, note: '改', version: 0 }, entity: 'watch_period', entityId: w.id }
        : { method: 'POST', url: `/api/watch/periods/${w.id}/archive`, body: { version: 0 }, entity: 'watch_period', entityId: w.id };
    }]),
    ...(['shift', 'archive'] as const).map((step): [string, () => [Agent, Agent], () => Promise<Race>] => [`watch roster: ${step}`, () => aStaff, async () => {
      const day = new Date(Date.UTC(2031, 0, 1 + ++n)).toISOString().slice(0, 10);
      const r = await made(aStaff[0].post('/api/watch/rosters', { unitId: unitA().id, startsOn: day, endsOn: day, shiftMode: 'full' }));
      return step === 'shift'
        ? { method: 'PUT', url: `/api/watch/shifts/${r.shifts[0].id}`, body: { leaderPersonId: null, staffPersonId: null, version: 0 }, entity: 'watch_shift', entityId: r.shifts[0].id }
        : { method: 'POST', url: `/api/watch/rosters/${r.id}/archive`, body: { version: 0 }, entity: 'watch_roster', entityId: r.id };
    }]),
    ...(['edit', 'outcome'] as const).map((step): [string, () => [Agent, Agent], () => Promise<Race>] => [`information item: ${step}`, () => (step === 'edit' ? aStaff : admin), async () => {
      const item = { kind: 'work', title: `信息${++n}`, content: '正文' };
      const i = await made(aStaff[0].post('/api/information', { unitId: unitA().id, ...item }));
      return step === 'edit'
        ? { method: 'PUT', url: `/api/information/${i.id}`, body: { ...item, title: '改', version: 0 }, entity: 'info_item', entityId: i.id }
        : { method: 'POST', url: `/api/information/${i.id}/outcome`, body: { outcome: 'adopted', version: 0 }, entity: 'info_item', entityId: i.id };
    }]),
  ];

  it.each(kinds)('%s: one save wins, the other is told STALE and writes nothing', async (_kind, who, make) => {
    // A few rounds: on PostgreSQL the two requests interleave differently each time.
    for (let round = 0; round < 6; round++) await race(who(), await make());
  });

  it('a progress report racing a completion never sets the completed task back to 进行中', async () => {
    for (let round = 0; round < 6; round++) {
      const task = await made(aStaff[0].post('/api/tasks', { unitId: unitA().id, title: `巡查${++n}`, source: 'superior', startDay: '2026-02-01', dueMode: 'date', dueDay: '2026-12-31' }));
      const [complete, progress] = await Promise.all([
        aStaff[0].post(`/api/tasks/${task.id}/complete`, { version: 0, completedDay: '2026-03-20', note: '已完成' }),
        aStaff[1].post(`/api/tasks/${task.id}/progress`, { day: '2026-03-10', note: '推进中' }),
      ]);
      const says = JSON.stringify([complete.status, complete.body?.code, progress.status, progress.body?.code]);
      expect([complete.status, progress.status].filter((s) => s < 300), says).toHaveLength(1);
      const { status } = (await aStaff[0].get(`/api/tasks/${task.id}`)).body;
      expect(status, says).toBe(complete.status === 200 ? 'done' : 'in_progress');
    }
  });

  it('leaves the audit chain whole', async () => {
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true });
  });
});
