/**
 * 舆情专报 as a numbered series (第N期 per unit and year, given once, distinct under concurrent
 * generation), laid out as a briefing (报头, 期号, 编发单位, date, red rule, 报送范围) and counted in the
 * summary; the 主送机关 of the summary and the plan (the superior's office, changed per draft); the
 * unit's document settings: the handling mark on documents and the watermark on exports, present
 * when set and absent when not, with Chinese errors naming the field.
 */
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DraftView } from '../../common/documents';
import { type Agent, login } from '../helpers/client';
import { createTestApp, dialectName, type TestApp } from '../helpers/app';
import { docxBodyText, unzip, xmlOf } from '../helpers/docx';
import { buildCounty, PASSWORD } from '../helpers/factories';

const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
const YEAR = Number(today().slice(0, 4));
const THIS_YEAR = { kind: 'year', year: YEAR };
const textOf = (d: DraftView) =>
  d.content.sections.flatMap((s) => [s.heading ?? '', ...s.items.map((i) =>
    i.kind === 'paragraph' ? i.runs.map((r) => (typeof r === 'string' ? r : r.text)).join('')
      : i.kind === 'heading' ? i.text + (i.rest ?? []).map((r) => (typeof r === 'string' ? r : r.text)).join('') : '')]).join('\n');

describe(`舆情专报 series, addressee and marks [${dialectName}]`, () => {
  let t: TestApp;
  let county: Awaited<ReturnType<typeof buildCounty>>;
  let aStaff: Agent;
  let aAdmin: Agent;
  let bStaff: Agent;
  let countyAdmin: Agent;
  const events: string[] = [];

  const ok = (r: { status: number; body: unknown }, status = 200) => {
    expect(r.status, JSON.stringify(r.body).slice(0, 300)).toBe(status);
    return r.body as any;
  };
  const download = async (agent: Agent, url: string) => {
    const r = await t.app.inject({ method: 'GET', url, headers: { cookie: agent.cookie } });
    expect(r.statusCode, r.body.slice(0, 200)).toBe(200);
    return r.rawPayload;
  };
  const brief = (agent: Agent, unitId: string, caseId: string) => agent.post('/api/documents/drafts', { unitId, type: 'case_brief', caseId });

  beforeAll(async () => {
    t = await createTestApp();
    county = await buildCounty(t.db);
    [aStaff, aAdmin, bStaff, countyAdmin] = await Promise.all(['a_staff', 'a_admin', 'b_staff', 'county_admin'].map((u) => login(t.app, u, PASSWORD)));
    await t.db.updateTable('units').set({ office_name: '中共测试县委网信办' }).where('id', '=', county.units.county.id).execute();
    for (const title of ['西街路灯不亮', '菜市场占道经营', '学校门口拥堵', '河道有垃圾', '公交站牌损坏']) {
      const r = ok(await aStaff.post('/api/cases', { unitId: county.units.a.id, title, content: `${title}。`, source: 'hotline', receivedAt: new Date().toISOString() }), 201);
      events.push(r.eventId ?? r.event?.id ?? r.id);
    }
  });
  afterAll(async () => {
    await t?.close();
  });

  it('numbers a unit’s briefs per year, once, and two generated at once get two numbers', async () => {
    const first = ok(await brief(aStaff, county.units.a.id, events[0]), 201) as DraftView;
    expect(first.serial).toEqual({ year: YEAR, no: 1 });
    expect(first.content.layout).toBe('briefing');
    expect(first.content.briefing).toEqual({ masthead: '舆情专报', issue: '第1期', issuer: '城关镇', distribution: '中共测试县委网信办' });
    // Two different briefs at once: two numbers, neither reused.
    const [x, y] = (await Promise.all([brief(aStaff, county.units.a.id, events[1]), brief(aStaff, county.units.a.id, events[2])])).map((r) => ok(r, 201) as DraftView);
    expect([x.serial!.no, y.serial!.no].sort()).toEqual([2, 3]);
    // The same brief asked twice at once: one draft, one number.
    const [p, q] = await Promise.all([brief(aStaff, county.units.a.id, events[3]), brief(aStaff, county.units.a.id, events[3])]);
    expect(p.body.id).toBe(q.body.id);
    expect([p.status, q.status].sort()).toEqual([200, 201]);
    expect(p.body.serial).toEqual({ year: YEAR, no: 4 });
    // A periodic brief is in the same series; opening a brief again or regenerating it keeps its number.
    const period = ok(await aStaff.post('/api/documents/drafts', { unitId: county.units.a.id, type: 'case_period', period: THIS_YEAR }), 201) as DraftView;
    expect(period.content.briefing!.issue).toBe('第5期');
    expect(ok(await brief(aStaff, county.units.a.id, events[0])).serial).toEqual({ year: YEAR, no: 1 });
    const again = ok(await aStaff.post(`/api/documents/drafts/${first.id}/regenerate`, { version: first.version })) as DraftView;
    expect(again.content.briefing!.issue).toBe('第1期');
    // Another unit's series starts at 1; a summary takes no number.
    const bCase = ok(await bStaff.post('/api/cases', { unitId: county.units.b.id, title: '山路塌方', content: '山路塌方。', source: 'hotline', receivedAt: new Date().toISOString() }), 201);
    const bBrief = ok(await brief(bStaff, county.units.b.id, bCase.eventId ?? bCase.event?.id ?? bCase.id), 201) as DraftView;
    expect(bBrief.serial).toEqual({ year: YEAR, no: 1 });
    const summary = ok(await aStaff.post('/api/documents/drafts', { unitId: county.units.a.id, type: 'summary', period: THIS_YEAR }), 201) as DraftView;
    expect(summary.serial).toBeNull();
    const numbers = await t.db.selectFrom('document_drafts').select('serial_no').where('unit_id', '=', county.units.a.id).where('serial_no', 'is not', null).orderBy('serial_no').execute();
    expect(numbers.map((n) => n.serial_no)).toEqual([1, 2, 3, 4, 5]);
    // The audit row of the generation names the number.
    const audit = await t.db.selectFrom('audit_log').select('after_json').where('entity', '=', 'document_draft').where('entity_id', '=', first.id).where('action', '=', 'generate').executeTakeFirstOrThrow();
    expect(JSON.parse(audit.after_json!).issue).toBe('第1期');
  });

  it('lays a brief out as a briefing: 报头, 期号, 编发单位 and date over a red rule, 报送范围 at the foot, no signature', async () => {
    const d = ok(await brief(aStaff, county.units.a.id, events[0])) as DraftView;
    const buf = await download(aStaff, `/api/documents/drafts/${d.id}/docx`);
    const lines = docxBodyText(buf).split('\n').map((l) => l.trim()).filter(Boolean);
    const [y, m, day] = d.content.generatedAt ? new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(d.content.generatedAt)).split('-').map(Number) : [];
    expect(lines.slice(0, 3)).toEqual(['舆情专报', '第1期', `城关镇\t${y}年${m}月${day}日`]);
    expect(lines[3]).toContain('西街路灯不亮');
    expect(lines.at(-1)).toBe('报送：中共测试县委网信办');
    expect(lines.filter((l) => l === '城关镇')).toEqual([]); // no signature block
    const doc = xmlOf(unzip(buf), 'word/document.xml');
    expect(doc).toMatch(/<w:color w:val="FF0000"\/>[\s\S]*?舆情专报/);
    expect(doc).toMatch(/<w:bottom w:val="single" w:color="FF0000"/);
    // The 报送范围 of one brief changed in its draft; the unit's own 报头 and 报送范围 from its settings.
    const saved = ok(await aStaff.put(`/api/documents/drafts/${d.id}`, { version: d.version, slots: { 'head.distribution': '县委网信办、县委宣传部' } })) as DraftView;
    expect(saved.orphanSlots).toEqual([]);
    expect(docxBodyText(await download(aStaff, `/api/documents/drafts/${d.id}/docx`))).toContain('报送：县委网信办、县委宣传部');
    ok(await aAdmin.put('/api/documents/settings', { unitId: county.units.a.id, version: 0, mark: null, watermark: false, briefMasthead: '城关镇网信舆情专报', briefDistribution: '县委网信办' }));
    const period = ok(await aStaff.get(`/api/documents/drafts?unitId=${county.units.a.id}&type=case_period`)).items[0];
    const regenerated = ok(await aStaff.post(`/api/documents/drafts/${period.id}/regenerate`, { version: period.version })) as DraftView;
    expect(regenerated.content.briefing).toMatchObject({ masthead: '城关镇网信舆情专报', issue: '第5期', distribution: '县委网信办' });
    const text = docxBodyText(await download(aStaff, `/api/documents/drafts/${period.id}/docx`));
    expect(text.startsWith('城关镇网信舆情专报\n第5期\n')).toBe(true);
    expect(text.trimEnd().endsWith('报送：县委网信办')).toBe(true);
  });

  it('counts the unit’s briefs of the period in the summary, each named and linked to its draft', async () => {
    const s = ok(await aStaff.get(`/api/documents/drafts?unitId=${county.units.a.id}&type=summary`)).items[0];
    const summary = ok(await aStaff.post(`/api/documents/drafts/${s.id}/regenerate`, { version: s.version })) as DraftView;
    const fig = summary.content.figures.find((f) => f.key === 'cases.briefs')!;
    expect(fig.value).toBe(5);
    const listed = ok(await aStaff.get(`/api/documents/drafts?${fig.link!.split('?')[1]}`));
    expect(listed.total).toBe(5);
    expect(listed.items.map((i: { serial: { no: number } }) => i.serial.no).sort()).toEqual([1, 2, 3, 4, 5]);
    const text = textOf(summary);
    expect(text).toContain('编发舆情专报5期（第1期《关于“西街路灯不亮”的舆情专报》、第2期《');
    expect(text).toContain(`第5期《城关镇${YEAR}年度舆情专报》）。`);
    const para = summary.content.sections.find((x) => x.key === 'cases')!.items.find((i) => i.kind === 'paragraph' && i.runs.some((r) => typeof r !== 'string' && r.text.startsWith('第1期')));
    const first = ok(await aStaff.get(`/api/documents/drafts?unitId=${county.units.a.id}&type=case_brief`)).items.find((i: { serial: { no: number } }) => i.serial.no === 1);
    expect(para && para.kind === 'paragraph' && para.runs.find((r) => typeof r !== 'string' && r.text.startsWith('第1期'))).toMatchObject({ link: `/documents/${first.id}` });
    // A unit that issued none says nothing about briefs.
    const b = ok(await bStaff.post('/api/documents/drafts', { unitId: county.units.b.id, type: 'summary', period: { kind: 'year', year: YEAR - 1 } }), 201) as DraftView;
    expect(textOf(b)).not.toContain('舆情专报');
  });

  it('addresses the summary and the plan to the superior’s office by default, and to whom the user names', async () => {
    const s = ok(await aStaff.get(`/api/documents/drafts?unitId=${county.units.a.id}&type=summary`)).items[0];
    let summary = ok(await aStaff.get(`/api/documents/drafts/${s.id}`)) as DraftView;
    expect(summary.content).toMatchObject({ recipient: '中共测试县委网信办', recipientEditable: true });
    let body = docxBodyText(await download(aStaff, `/api/documents/drafts/${s.id}/docx`)).split('\n').filter(Boolean);
    expect(body[1]).toBe('中共测试县委网信办：');
    summary = ok(await aStaff.put(`/api/documents/drafts/${s.id}`, { version: summary.version, slots: { 'head.recipient': '县委网络安全和信息化委员会办公室' } }));
    summary = ok(await aStaff.post(`/api/documents/drafts/${s.id}/regenerate`, { version: summary.version }));
    expect(summary.slots['head.recipient']).toBe('县委网络安全和信息化委员会办公室');
    body = docxBodyText(await download(aStaff, `/api/documents/drafts/${s.id}/docx`)).split('\n').filter(Boolean);
    expect(body[1]).toBe('县委网络安全和信息化委员会办公室：');
    expect(body.join('\n')).not.toContain('中共测试县委网信办：');
    // Cleared: back to the default.
    summary = ok(await aStaff.put(`/api/documents/drafts/${s.id}`, { version: summary.version, slots: { 'head.recipient': '' } }));
    expect(docxBodyText(await download(aStaff, `/api/documents/drafts/${s.id}/docx`))).toContain('中共测试县委网信办：');
    const plan = ok(await aStaff.post('/api/documents/drafts', { unitId: county.units.a.id, type: 'plan', period: THIS_YEAR }), 201) as DraftView;
    expect(plan.content.recipient).toBe('中共测试县委网信办');
    // A top unit has no superior: no 主送机关.
    const top = ok(await countyAdmin.post('/api/documents/drafts', { unitId: county.units.county.id, type: 'summary', period: THIS_YEAR }), 201) as DraftView;
    expect(top.content.recipient).toBeNull();
    expect(xmlOf(unzip(await download(countyAdmin, `/api/documents/drafts/${top.id}/docx`)), 'word/document.xml')).not.toContain('GwRecipient');
  });

  it('refuses bad settings with a Chinese message naming the field, stale saves, and those who may not change them', async () => {
    const cur = ok(await aStaff.get(`/api/documents/settings?unitId=${county.units.a.id}`));
    expect(cur).toMatchObject({ unitName: '城关镇', briefMasthead: '城关镇网信舆情专报', version: 1, defaults: { briefMasthead: '舆情专报', briefDistribution: '中共测试县委网信办', recipient: '中共测试县委网信办' } });
    const base = { unitId: county.units.a.id, version: cur.version, mark: '内部资料', watermark: true, briefMasthead: null, briefDistribution: null };
    const bad = async (body: object, field: string, message: string) => {
      const r = await aAdmin.put('/api/documents/settings', { ...base, ...body });
      expect(r.status).toBe(400);
      expect(r.body).toMatchObject({ code: 'VALIDATION', field, message });
    };
    await bad({ mark: '内'.repeat(21) }, 'mark', '处理标志不能超过 20 个字');
    await bad({ mark: '内部资料\n注意保存' }, 'mark', '处理标志不能换行');
    await bad({ watermark: 'yes' }, 'watermark', '导出水印应为开启或关闭');
    await bad({ briefMasthead: '报'.repeat(21) }, 'briefMasthead', '专报报头不能超过 20 个字');
    await bad({ briefDistribution: '县'.repeat(201) }, 'briefDistribution', '报送范围不能超过 200 个字');
    await bad({ unitId: '' }, 'unitId', '请选择单位');
    expect((await aStaff.put('/api/documents/settings', base)).status).toBe(403);
    expect((await aAdmin.put('/api/documents/settings', { ...base, unitId: county.units.b.id, version: 0 })).body.code).toBe('OUT_OF_SCOPE');
    expect(ok(await aStaff.get(`/api/documents/settings?unitId=${county.units.a.id}`)).mark).toBeNull(); // nothing changed
    const saved = ok(await aAdmin.put('/api/documents/settings', base));
    expect(saved).toMatchObject({ mark: '内部资料', watermark: true, briefMasthead: null, version: 2 });
    expect((await aAdmin.put('/api/documents/settings', base)).status).toBe(409);
    const audit = await t.db.selectFrom('audit_log').select(['before_json', 'after_json']).where('entity', '=', 'document_settings').where('entity_id', '=', county.units.a.id).orderBy('at', 'desc').executeTakeFirstOrThrow();
    expect(JSON.parse(audit.after_json!)).toMatchObject({ 处理标志: '内部资料', 导出水印: true });
  });

  it('prints the mark on the unit’s documents and watermarks its users’ exports; neither where not set', async () => {
    // 城关镇: mark 内部资料, watermark on (saved above).
    const s = ok(await aStaff.get(`/api/documents/drafts?unitId=${county.units.a.id}&type=summary`)).items[0];
    const summary = ok(await aStaff.post(`/api/documents/drafts/${s.id}/regenerate`, { version: s.version })) as DraftView;
    expect(summary.content.mark).toBe('内部资料');
    const buf = await download(aStaff, `/api/documents/drafts/${s.id}/docx`);
    expect(docxBodyText(buf).split('\n')[0]).toBe('内部资料');
    const files = unzip(buf);
    const headers = [...files.keys()].filter((k) => /^word\/header\d+\.xml$/.test(k)).map((k) => xmlOf(files, k));
    expect(headers.length).toBe(2);
    for (const h of headers) expect(h).toMatch(/PowerPlusWaterMarkObject[\s\S]*string="城关镇　a_staff　\d{4}\/\d{1,2}\/\d{1,2} \d{2}:\d{2}:\d{2}导出"/);
    const xlsx = unzip(await download(aStaff, '/api/tasks/export'));
    const sheet = xmlOf(xlsx, 'xl/worksheets/sheet1.xml');
    expect(sheet).toMatch(/<oddHeader>[^<]*城关镇　a_staff　[^<]*导出<\/oddHeader>/);
    // 东山镇 set nothing: no mark, no watermark, on its documents or its users' exports.
    const b = ok(await bStaff.get(`/api/documents/drafts?unitId=${county.units.b.id}&type=summary`)).items[0];
    const bDraft = ok(await bStaff.get(`/api/documents/drafts/${b.id}`)) as DraftView;
    expect(bDraft.content.mark).toBeNull();
    const bBuf = await download(bStaff, `/api/documents/drafts/${b.id}/docx`);
    expect([...unzip(bBuf).keys()].filter((k) => /^word\/header\d+\.xml$/.test(k))).toEqual([]);
    expect(docxBodyText(bBuf)).not.toContain('内部资料');
    const bSheet = xmlOf(unzip(await download(bStaff, '/api/tasks/export')), 'xl/worksheets/sheet1.xml');
    expect(bSheet).not.toContain('导出</oddHeader>');
    expect(bSheet).not.toContain('b_staff');
    // Turned off again: 城关镇's exports are plain, its mark stays.
    const cur = ok(await aAdmin.get(`/api/documents/settings?unitId=${county.units.a.id}`));
    ok(await aAdmin.put('/api/documents/settings', { unitId: county.units.a.id, version: cur.version, mark: '内部资料', watermark: false, briefMasthead: null, briefDistribution: null }));
    const plain = unzip(await download(aStaff, `/api/documents/drafts/${s.id}/docx`));
    expect([...plain.keys()].filter((k) => /^word\/header\d+\.xml$/.test(k))).toEqual([]);
    expect(xmlOf(unzip(await download(aStaff, '/api/tasks/export')), 'xl/worksheets/sheet1.xml')).not.toContain('a_staff');
  });

  it('prints the mark on the pack’s index and its documents, the brief there with its number; not on another unit’s pack', async () => {
    const build = async (agent: Agent, unitId: string) => {
      const r = ok(await agent.post('/api/packs', { unitId, from: `${YEAR}-01-01`, to: `${YEAR}-12-31` }), 202);
      for (let i = 0; i < 2400; i++) {
        const p = ok(await agent.get(`/api/packs/${r.id}`));
        if (p.status === 'failed') throw new Error(JSON.stringify(p));
        if (p.status === 'done') break;
        await new Promise((res) => setTimeout(res, 25));
      }
      const zip = await JSZip.loadAsync(await download(agent, `/api/packs/${r.id}/download`));
      const file = (end: string) => Object.values(zip.files).find((f) => f.name.endsWith(end))!.async('nodebuffer');
      const index = unzip(await file('00 材料目录.xlsx'));
      return { index: [...index.keys()].filter((k) => k.startsWith('xl/')).map((k) => xmlOf(index, k)).join('\n'), file };
    };
    // Watermarks are for a user's downloads: a pack is built in the background and its ledgers carry none.
    const cur = ok(await aAdmin.get(`/api/documents/settings?unitId=${county.units.a.id}`));
    ok(await aAdmin.put('/api/documents/settings', { unitId: county.units.a.id, version: cur.version, mark: '内部资料', watermark: true, briefMasthead: null, briefDistribution: null }));
    const a = await build(aStaff, county.units.a.id);
    expect(a.index).toContain('【内部资料】　单位：城关镇');
    expect(a.index).not.toContain('a_staff　');
    const taskLedger = unzip(await a.file('任务台账.xlsx'));
    expect(xmlOf(taskLedger, 'xl/worksheets/sheet1.xml')).not.toContain('导出</oddHeader>');
    const briefText = docxBodyText(await a.file(`${YEAR}年度舆情专报.docx`));
    expect(briefText.split('\n').slice(0, 3)).toEqual(['内部资料', '舆情专报', '第5期']);
    expect(docxBodyText(await a.file(`${YEAR}年度工作总结.docx`)).split('\n')[0]).toBe('内部资料');
    const b = await build(bStaff, county.units.b.id);
    expect(b.index).toContain('单位：东山镇');
    expect(b.index).not.toContain('内部资料');
  });

  it('two first saves of a unit’s settings at once: one wins, the other is told the settings changed', async () => {
    const body = { unitId: county.units.b.id, version: 0, mark: null, watermark: false, briefMasthead: '东山镇舆情专报', briefDistribution: null };
    const [x, y] = await Promise.all([countyAdmin.put('/api/documents/settings', body), countyAdmin.put('/api/documents/settings', { ...body, briefMasthead: '东山镇网信专报' })]);
    expect([x.status, y.status].sort()).toEqual([200, 409]);
    const winner = (x.status === 200 ? x : y).body.briefMasthead;
    expect(ok(await bStaff.get(`/api/documents/settings?unitId=${county.units.b.id}`))).toMatchObject({ version: 1, briefMasthead: winner });
    const audits = await t.db.selectFrom('audit_log').select('seq').where('entity', '=', 'document_settings').where('entity_id', '=', county.units.b.id).execute();
    expect(audits.length).toBe(1);
  });
});
