/**
 * 报告制度 in the documents: the half-year summary's section checked figure by figure against a
 * record set entered here (submissions made through the API, their times then set inside the
 * half-year so the figures are judged as of its end), its links answering exactly the counted
 * submissions, and the work plan's reporting paragraph written from the schedules in force.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DraftView } from '../../common/documents';
import { runScheduler } from '../../server/modules/reporting/scheduler';
import { type Agent, login } from '../helpers/client';
import { createTestApp, dialectName, type TestApp } from '../helpers/app';
import { buildCounty, makeAccount, makeUnit, PASSWORD, type UnitRef } from '../helpers/factories';

const H1 = { kind: 'half', year: 2026, half: 1 };
const figuresOf = (d: DraftView) => Object.fromEntries(d.content.figures.map((f) => [f.key, f.value]));
const linkOf = (d: DraftView, key: string) => d.content.figures.find((f) => f.key === key)?.link;
const sectionText = (d: DraftView, key: string) => d.content.sections.filter((s) => s.key === key).flatMap((s) => [s.heading ?? '', ...s.items.map((i) =>
  i.kind === 'paragraph' ? i.runs.map((r) => (typeof r === 'string' ? r : r.text)).join('') : i.kind === 'heading' ? i.text + (i.rest ?? []).map((r) => (typeof r === 'string' ? r : r.text)).join('') : '')]).join('\n');

describe(`reporting in documents [${dialectName}]`, () => {
  let t: TestApp;
  let county: Awaited<ReturnType<typeof buildCounty>>;
  let a2: UnitRef;
  let countyStaff: Agent;
  let summary: DraftView;
  let scheduleId: string;

  beforeAll(async () => {
    t = await createTestApp();
    county = await buildCounty(t.db);
    a2 = await makeUnit(t.db, { parent: county.units.a, name: '城西村', kind: 'village' });
    await makeAccount(t.db, { unit: county.units.a1, role: 'liaison', username: 'a1_liaison' });
    await makeAccount(t.db, { unit: a2, role: 'liaison', username: 'a2_liaison' });
    await makeAccount(t.db, { unit: county.units.b1, role: 'liaison', username: 'b1_liaison' });
    countyStaff = await login(t.app, 'county_staff', PASSWORD);
    const s = await countyStaff.post('/api/reporting/schedules', {
      unitId: county.units.county.id, name: '村级网络意识形态工作月报', formId: 'builtin-monthly', targetMode: 'kinds', targetKinds: ['village'], cycle: 'monthly',
      startsOn: '2026-01-01', endsOn: '2026-05-31', dueMode: 'working_days', dueN: 5,
    });
    expect(s.status).toBe(201);
    scheduleId = s.body.id;
    expect((await runScheduler(t.db, '2026-06-30')).created).toBe(15);

    const agents: Record<string, Agent> = { a1: await login(t.app, 'a1_liaison', PASSWORD), a2: await login(t.app, 'a2_liaison', PASSWORD), b1: await login(t.app, 'b1_liaison', PASSWORD) };
    const units: Record<string, string> = { a1: county.units.a1.id, a2: a2.id, b1: county.units.b1.id };
    const values = { situation: '按要求开展工作', opinion_found: 1, opinion_handled: 1 };
    // What each village did, and when (relative to the due time; 'after' is after the half-year ended).
    const plan: [string, string, 'submit' | 'nil', 'early' | 'late' | 'after', boolean?][] = [
      ['a1', '2026-01', 'submit', 'early'], ['a1', '2026-02', 'submit', 'early'], ['a1', '2026-03', 'submit', 'early'], ['a1', '2026-04', 'submit', 'early'], ['a1', '2026-05', 'submit', 'late'],
      ['a2', '2026-01', 'nil', 'early'], ['a2', '2026-02', 'nil', 'late'],
      ['b1', '2026-01', 'submit', 'early', true], ['b1', '2026-02', 'submit', 'after'], ['b1', '2026-03', 'submit', 'after'], ['b1', '2026-04', 'submit', 'after'], ['b1', '2026-05', 'submit', 'after'],
    ];
    for (const [u, period, how, when, returned] of plan) {
      const row = await t.db.selectFrom('report_submissions').select(['id', 'due_at', 'version']).where('schedule_id', '=', scheduleId).where('unit_id', '=', units[u]).where('period_key', '=', period).executeTakeFirstOrThrow();
      const r = how === 'nil'
        ? await agents[u].post(`/api/reporting/submissions/${row.id}/nil`, { version: row.version })
        : await agents[u].post(`/api/reporting/submissions/${row.id}/submit`, { values, version: row.version });
      expect(r.status).toBe(200);
      if (returned) expect((await countyStaff.post(`/api/reporting/submissions/${row.id}/return`, { version: r.body.version, reason: '数字与台账不一致' })).status).toBe(200);
      const at = when === 'early' ? new Date(Date.parse(row.due_at) - 86_400_000) : when === 'late' ? new Date(Date.parse(row.due_at) + 86_400_000) : new Date('2026-07-10T02:00:00Z');
      await t.db.updateTable('report_submissions').set({ first_submitted_at: at.toISOString(), submitted_at: at.toISOString() }).where('id', '=', row.id).execute();
    }
    const created = await countyStaff.post('/api/documents/drafts', { unitId: county.units.county.id, type: 'summary', period: H1 });
    expect(created.status).toBe(201);
    summary = created.body;
  });
  afterAll(() => t.close());

  it('words the section from the figures: 15 due, 8 reported, 6 in time, 2 nil, 1 late, 1 returned, 7 missing, and names the units', () => {
    const f = figuresOf(summary);
    expect([f['reporting.expected'], f['reporting.submitted'], f['reporting.reportingRate'], f['reporting.timely'], f['reporting.onTimeRate']]).toEqual([15, 8, '53.3%', 6, '40%']);
    expect([f['reporting.nil'], f['reporting.late'], f['reporting.returned'], f['reporting.missing']]).toEqual([2, 1, 1, 7]);
    const text = sectionText(summary, 'reporting');
    expect(text).toContain('报告制度落实');
    expect(text).toContain('本期各单位应报送报告15份，已报送8份，报送率53.3%；在时限内报送6份，及时率40%；其中本期无情况的零报告2份；迟报1份；退回修改尚未重报1份；未报7份。');
    expect(text).toContain('迟报的单位有：城东村。');
    expect(text).toContain('未报的单位有：城西村（3份）和山前村（4份）。');
    const problems = sectionText(summary, 'problems');
    expect(problems).toContain('7份报告逾期未报，涉及城西村（3份）和山前村（4份）');
  });

  it('links each figure to exactly the submissions it counts', async () => {
    const count = async (key: string) => (await countyStaff.get(`/api/reporting/submissions?pageSize=200&${linkOf(summary, key)!.split('?')[1]}`)).body.total;
    expect(linkOf(summary, 'reporting.expected')).toBe(`/reporting?unitId=${county.units.county.id}&from=2026-01-01&to=2026-06-30`);
    expect(await count('reporting.expected')).toBe(15);
    expect(await count('reporting.submitted')).toBe(8);
    expect(await count('reporting.timely')).toBe(6);
    expect(await count('reporting.nil')).toBe(2);
    expect(await count('reporting.late')).toBe(1);
    expect(await count('reporting.returned')).toBe(1);
    expect(await count('reporting.missing')).toBe(7);
    // The same numbers from the figures route the pages use.
    const fig = (await countyStaff.get(`/api/reporting/figures?unitId=${county.units.county.id}&from=2026-01-01&to=2026-06-30`)).body;
    expect(fig).toMatchObject({ expected: 15, submitted: 8, timely: 6, nil: 2, late: 1, returned: 1, missing: 7, onTime: 4 });
  });

  it('leaves the section out where nothing was due', async () => {
    const b = await countyStaff.post('/api/documents/drafts', { unitId: county.units.county.id, type: 'summary', period: { kind: 'half', year: 2025, half: 2 } });
    const section = b.body.content.sections.find((s: { key: string }) => s.key === 'reporting');
    expect(section?.items.filter((i: { kind: string }) => i.kind !== 'slot') ?? []).toEqual([]);
    expect(b.body.content.figures.filter((f: { key: string }) => f.key.startsWith('reporting.'))).toEqual([]);
  });

  it('writes the work plan’s reporting paragraph from the schedules in force', async () => {
    const p = await countyStaff.post('/api/documents/drafts', { unitId: county.units.county.id, type: 'plan', period: { kind: 'year', year: 2026 } });
    expect(p.status).toBe(201);
    const text = sectionText(p.body, 'reporting');
    expect(text).toContain('严格执行报告制度，1项报送安排如下：');
    expect(text).toContain('测试县所属各村每月报送“网络意识形态工作月报”，每期结束后5个工作日内报送；本期无情况的，报送零报告。');
    const none = await countyStaff.post('/api/documents/drafts', { unitId: county.units.county.id, type: 'plan', period: { kind: 'year', year: 2025 } });
    expect(sectionText(none.body, 'reporting')).not.toContain('报送安排');
  });
});
