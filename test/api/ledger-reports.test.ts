/**
 * 述职, 民主生活会/组织生活会 and publicity counts in the activity ledger: the fields and their
 * rules, the figures, the indicators and the summary's sentences, checked one by one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DraftView } from '../../common/documents';
import { reportFigures } from '../../server/modules/ledger/reports';
import { indicators } from '../../server/platform/modules';
import { type Agent, login } from '../helpers/client';
import { sectionParagraphs } from '../helpers/drafts';
import { createTestApp, dialectName, type TestApp } from '../helpers/app';
import { buildCounty, makePerson, PASSWORD } from '../helpers/factories';

const H1 = { kind: 'half', year: 2026, half: 1 };
const textOf = (d: DraftView, key: string) => sectionParagraphs(d, key);

describe(`leaders' reports, life meetings and publicity [${dialectName}]`, () => {
  let t: TestApp;
  let county: Awaited<ReturnType<typeof buildCounty>>;
  let aStaff: Agent;
  let bStaff: Agent;
  let aLiaison: Agent;
  let sun: { id: string };

  beforeAll(async () => {
    t = await createTestApp();
    county = await buildCounty(t.db);
    [aStaff, bStaff, aLiaison] = await Promise.all(['a_staff', 'b_staff', 'a_liaison'].map((u) => login(t.app, u, PASSWORD)));
    sun = await makePerson(t.db, { unit: county.units.a, name: '镇孙', position: '宣传委员' });
  });
  afterAll(() => t.close());

  const entry = (patch: object = {}) => ({ unitId: county.units.a.id, type: 'debriefing', day: '2026-01-20', topic: '2025年度述职', onTopic: true, hostPersonId: county.people.a.id, reportedSeparately: true, ...patch });

  it('records a 述职 with its leader and whether this work was reported separately; refuses what does not fit', async () => {
    const c = await aStaff.post('/api/ledger/entries', entry());
    expect(c.status, JSON.stringify(c.body)).toBe(201);
    expect(c.body).toMatchObject({ type: 'debriefing', hostName: '镇李', reportedSeparately: true, audienceCount: null });
    expect((await aStaff.post('/api/ledger/entries', entry({ hostPersonId: null }))).body).toMatchObject({ field: 'hostPersonId', message: '请选择述职的领导' });
    expect((await aStaff.post('/api/ledger/entries', entry({ reportedSeparately: null }))).body).toMatchObject({ field: 'reportedSeparately' });
    expect((await aStaff.post('/api/ledger/entries', entry({ type: 'training', reportedSeparately: false }))).body).toMatchObject({ field: 'reportedSeparately' });
    expect((await aStaff.post('/api/ledger/entries', entry({ audienceCount: -1 }))).body).toMatchObject({ field: 'audienceCount', message: '受众人次不能小于 0' });
    expect((await aStaff.post('/api/ledger/entries', entry({ hostPersonId: county.people.b.id }))).body).toMatchObject({ field: 'hostPersonId' });
    const u = await aStaff.put(`/api/ledger/entries/${c.body.id}`, { ...entry({ hostPersonId: sun.id, reportedSeparately: false }), version: 0 });
    expect(u.body).toMatchObject({ hostName: '镇孙', reportedSeparately: false, version: 1 });
    expect((await aStaff.put(`/api/ledger/entries/${c.body.id}`, { ...entry(), version: 0 })).body.code).toBe('STALE');
    const h = (await aStaff.get(`/api/ledger/entries/${c.body.id}/history`)).body.items;
    expect(h[1].changes).toEqual(expect.arrayContaining([{ field: 'reportedSeparately', before: true, after: false }]));
    expect((await aStaff.put(`/api/ledger/entries/${c.body.id}`, { ...entry(), version: 1 })).body).toMatchObject({ reportedSeparately: true, hostName: '镇李', version: 2 });
    expect((await bStaff.put(`/api/ledger/entries/${c.body.id}`, { ...entry(), version: 2 })).body.code).toBe('OUT_OF_SCOPE');
  });

  it('keeps the self-examination with a 民主生活会 and counts audiences of publicity', async () => {
    const life = (await aStaff.post('/api/ledger/entries', { unitId: county.units.a.id, type: 'democratic_life', day: '2026-02-10', topic: '2025年度专题民主生活会', onTopic: true })).body;
    await aStaff.post('/api/ledger/entries', { unitId: county.units.a.id, type: 'org_life', day: '2026-03-10', topic: '支部组织生活会', onTopic: false });
    const up = await aStaff.upload('/api/files', { entity: 'ledger_self_exam', entityId: life.id }, { name: '对照检查材料.pdf', content: Buffer.from('%PDF-1.4 exam') });
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    expect((await aStaff.get(`/api/ledger/entries/${life.id}`)).body).toMatchObject({ selfExamCount: 1, attachmentCount: 0 });
    expect((await bStaff.upload('/api/files', { entity: 'ledger_self_exam', entityId: life.id }, { name: 'x.pdf', content: Buffer.from('%PDF-1.4 x') })).body.code).toBe('OUT_OF_SCOPE');
    const talk = await aLiaison.post('/api/ledger/entries', { unitId: county.units.a.id, type: 'lecture', day: '2026-04-15', topic: '网络安全法进社区宣讲', onTopic: true, audienceCount: 120, materialsCount: 300 });
    expect(talk.body).toMatchObject({ audienceCount: 120, materialsCount: 300 });
    await aStaff.post('/api/ledger/entries', { unitId: county.units.a1.id, type: 'other', day: '2026-05-20', topic: '网络安全宣传周进村活动', onTopic: true, audienceCount: 80 });
    // A lecture without a count is not a publicity figure; an entry of another period neither.
    await aStaff.post('/api/ledger/entries', { unitId: county.units.a.id, type: 'lecture', day: '2026-05-21', topic: '未统计人数的宣讲', onTopic: true });
    await aStaff.post('/api/ledger/entries', { unitId: county.units.a.id, type: 'lecture', day: '2026-07-21', topic: '下半年宣讲', onTopic: true, audienceCount: 1000 });
  });

  it('counts them once, offers indicators, and writes the summary sentences from them, one by one', async () => {
    const r = { unitPath: county.units.a.path, from: '2026-01-01', to: '2026-06-30' };
    const f = await reportFigures(t.db, r);
    expect(f).toEqual({
      debriefings: 1, debriefingsSeparate: 1, separateLeaders: ['镇李'], lifeMeetings: 2, lifeMeetingsCovered: 1, lifeMeetingsWithSelfExam: 1,
      publicityEvents: 2, audience: 200, materials: 300,
    });
    expect((await aStaff.get(`/api/ledger/report-figures?unitId=${county.units.a.id}&from=2026-01-01&to=2026-06-30`)).body).toEqual(f);
    const ind = Object.fromEntries(await Promise.all(indicators().filter((i) => ['ledger.debriefings_separate', 'ledger.life_meetings_covered', 'ledger.publicity_audience'].includes(i.key))
      .map(async (i) => [i.key, (await i.value(t.db, { ...r, unitId: county.units.a.id })).value])));
    expect(ind).toEqual({ 'ledger.debriefings_separate': 1, 'ledger.life_meetings_covered': 1, 'ledger.publicity_audience': 200 });

    const d = (await aStaff.post('/api/documents/drafts', { unitId: county.units.a.id, type: 'summary', period: H1 })).body as DraftView;
    expect(textOf(d, 'reports')).toEqual([
      '领导班子成员述职1次，其中1次专门报告网络意识形态工作情况（镇李）。',
      '召开民主生活会、组织生活会2次，其中1次将网络意识形态工作纳入对照检查，1次附有班子成员对照检查材料。',
    ]);
    expect(textOf(d, 'publicity')).toEqual(['开展宣讲、培训、普法等宣传教育活动2场次，受众200人次，发放宣传资料300份。']);
    expect(d.content.missing.filter((m) => m.section === 'reports')).toEqual([]);
    // Each figure lists exactly the records it counts.
    const a = county.units.a.id;
    const linkOf = (key: string) => d.content.figures.find((x) => x.key === key)!.link!;
    expect(linkOf('reports.debriefingsSeparate')).toBe(`/activities?unitId=${a}&from=2026-01-01&to=2026-06-30&type=debriefing&reportedSeparately=true`);
    for (const [key, n] of [['reports.debriefingsSeparate', 1], ['reports.lifeMeetings', 2], ['reports.lifeMeetingsCovered', 1], ['publicity.audience', 2]] as const) {
      expect((await aStaff.get(`/api/ledger/entries?${linkOf(key).split('?')[1]}`)).body.total, key).toBe(n);
    }

    // 东山镇: nothing recorded, so no sentence and two notices; a 述职 without this work gives the shortfall.
    const empty = (await bStaff.post('/api/documents/drafts', { unitId: county.units.b.id, type: 'summary', period: H1 })).body as DraftView;
    expect(textOf(empty, 'reports')).toEqual([]);
    expect(textOf(empty, 'publicity')).toEqual([]);
    expect(empty.content.missing.filter((m) => m.section === 'reports').map((m) => m.text)).toEqual(['本期没有登记领导述职', '本期没有登记民主生活会或组织生活会']);
    await bStaff.post('/api/ledger/entries', { unitId: county.units.b.id, type: 'debriefing', day: '2026-01-22', topic: '述职', onTopic: false, hostPersonId: county.people.b.id, reportedSeparately: false });
    const again = (await bStaff.post(`/api/documents/drafts/${empty.id}/regenerate`, { version: empty.version })).body as DraftView;
    expect(textOf(again, 'reports')).toEqual(['领导班子成员述职1次，均未专门报告网络意识形态工作情况。']);
    expect(JSON.stringify(again.content.sections.find((s) => s.key === 'problems'))).toContain('领导干部述职中专门报告网络意识形态工作还不到位');
  });
});
