/**
 * 迎检材料包 and the ledgers it holds: a township builds a pack for a year and gets the index,
 * every ledger and the year's attachments of its subtree in topic folders with unique UTF-8
 * names — and nothing of other years or of its sibling; a double start returns the running
 * build; a failure records its reason; old packs expire.
 */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PACK_FOLDERS } from '../../common/packs';
import type { Actor } from '../../server/platform/context';
import { blobPath } from '../../server/platform/files';
import { errors } from '../../server/platform/errors';
import { LEDGERS, registerPackDocuments } from '../../server/modules/packs/registry';
import { expirePacks } from '../../server/modules/packs/service';
import { type Agent, login } from '../helpers/client';
import { createTestApp, dialectName, type TestApp } from '../helpers/app';
import { buildCounty, PASSWORD } from '../helpers/factories';

const YEAR = { from: '2026-01-01', to: '2026-12-31' };
const PERIOD = '2026年1月1日至2026年12月31日';
const ROOT = `城关镇迎检材料(${PERIOD})`;

const pdf = (text: string) => Buffer.from(`%PDF-1.4\n% ${text}\n`);
const jpg = (text: string) => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from(text)]);

async function sheetOf(buf: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as never);
  return wb.worksheets[0];
}

/** Names of the zip's entries with their general-purpose flags, read from the central directory. */
function centralDirectory(zip: Buffer): { name: string; utf8: boolean }[] {
  const out: { name: string; utf8: boolean }[] = [];
  for (let i = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06])), at = zip.readUInt32LE(i + 16), n = zip.readUInt16LE(i + 10); n > 0; n--) {
    const flags = zip.readUInt16LE(at + 8);
    const nameLen = zip.readUInt16LE(at + 28);
    const extraLen = zip.readUInt16LE(at + 30);
    const commentLen = zip.readUInt16LE(at + 32);
    out.push({ name: zip.subarray(at + 46, at + 46 + nameLen).toString('utf8'), utf8: (flags & 0x0800) !== 0 });
    at += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

describe(`inspection packs [${dialectName}]`, () => {
  let t: TestApp;
  let county: Awaited<ReturnType<typeof buildCounty>>;
  let aStaff: Agent;
  let bStaff: Agent;
  let countyStaff: Agent;
  let aLiaison: Agent;

  async function waitFor(agent: Agent, id: string) {
    for (let i = 0; i < 600; i++) {
      const r = await agent.get(`/api/packs/${id}`);
      if (r.body.status === 'done' || r.body.status === 'failed') return r.body;
      await new Promise((res) => setTimeout(res, 25));
    }
    throw new Error('pack did not finish');
  }

  async function upload(agent: Agent, entity: string, entityId: string, name: string, content: Buffer) {
    const r = await agent.upload('/api/files', { entity, entityId }, { name, content });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body as { id: string };
  }

  async function entry(agent: Agent, unitId: string, day: string, topic: string) {
    const r = await agent.post('/api/ledger/entries', { unitId, type: 'central_group', day, topic, onTopic: true });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body.id as string;
  }

  beforeAll(async () => {
    t = await createTestApp();
    county = await buildCounty(t.db);
    [aStaff, bStaff, countyStaff, aLiaison] = await Promise.all(['a_staff', 'b_staff', 'county_staff', 'a_liaison'].map((u) => login(t.app, u, PASSWORD)));

    // 城关镇 in 2026: a study session with minutes (two files of one name) and a photo.
    const study = await entry(aStaff, county.units.a.id, '2026-03-10', '学习网络意识形态工作责任制实施细则');
    await upload(aStaff, 'ledger_entry', study, '会议记录.pdf', pdf('minutes one'));
    await upload(aStaff, 'ledger_entry', study, '会议记录.pdf', pdf('minutes two'));
    await upload(aStaff, 'ledger_entry', study, '现场照片.JPG', jpg('photo'));
    const gone = await upload(aStaff, 'ledger_entry', study, '误传文件.pdf', pdf('deleted'));
    expect((await aStaff.post(`/api/files/${gone.id}/archive`)).status).toBe(200);
    // Its village, in the period: in the pack (the subtree).
    const village = await entry(aStaff, county.units.a1.id, '2026-05-20', '村党支部集中学习');
    await upload(aStaff, 'ledger_entry', village, '村级学习签到表.pdf', pdf('village'));
    // Outside the period, and the sibling township: not in the pack.
    const old = await entry(aStaff, county.units.a.id, '2025-12-20', '上年度学习');
    await upload(aStaff, 'ledger_entry', old, '上年度记录.pdf', pdf('old'));
    const sibling = await entry(bStaff, county.units.b.id, '2026-03-10', '东山镇学习');
    await upload(bStaff, 'ledger_entry', sibling, '东山镇记录.pdf', pdf('sibling'));
    // A task with progress evidence, a rectification with its report.
    const task = await aStaff.post('/api/tasks', { unitId: county.units.a.id, title: '网站/公众号内容巡查', source: 'superior', startDay: '2026-02-01', dueMode: 'date', dueDay: '2026-12-31' });
    expect(task.status).toBe(201);
    const progress = await aStaff.post(`/api/tasks/${task.body.id}/progress`, { day: '2026-04-01', note: '完成一季度巡查' });
    await upload(aStaff, 'task_progress', progress.body.id, '一季度巡查:记录?.pdf', pdf('progress'));
    const rect = await countyStaff.post('/api/rectifications', { unitId: county.units.a.id, problem: '网站栏目长期未更新', origin: 'supervision', measures: '明确专人更新', startDay: '2026-03-01', dueMode: 'date', dueDay: '2026-12-31' });
    expect(rect.status).toBe(201);
    await upload(aStaff, 'rectification', rect.body.id, '整改报告.pdf', pdf('rect'));
  });
  afterAll(() => t.close());

  it('builds a pack in the background; a second start while it runs returns the same build', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const unregister = registerPackDocuments(async (_db, _actor, scope) => [
      { folder: PACK_FOLDERS.documents, name: `${scope.unitName}工作总结.docx`, source: '工作总结(测试)', build: async () => { await gate; return Buffer.from('PK\u0003\u0004 word/document.xml'); } },
    ]);
    try {
      const first = await aStaff.post('/api/packs', { unitId: county.units.a.id, ...YEAR });
      expect(first.status).toBe(202);
      expect(first.body).toMatchObject({ unitName: '城关镇', from: '2026-01-01', to: '2026-12-31' });
      expect(['queued', 'building']).toContain(first.body.status);
      const again = await aStaff.post('/api/packs', { unitId: county.units.a.id, ...YEAR });
      expect(again.status).toBe(200);
      expect(again.body).toMatchObject({ id: first.body.id, reused: true });
      // Another user of a superior unit asking for the same unit and period gets it too.
      expect((await countyStaff.post('/api/packs', { unitId: county.units.a.id, ...YEAR })).body.id).toBe(first.body.id);
      // The build has planned its files and waits on the document: it reports building with a total.
      let building = (await aStaff.get(`/api/packs/${first.body.id}`)).body;
      for (let i = 0; i < 400 && building.progressTotal === 0; i++) {
        await new Promise((res) => setTimeout(res, 25));
        building = (await aStaff.get(`/api/packs/${first.body.id}`)).body;
      }
      expect(building.status).toBe('building');
      expect(building.progressTotal).toBeGreaterThan(LEDGERS.length);
      expect(building.progressDone).toBeLessThan(building.progressTotal);
      // Two requests at the same instant (a double click) for the village: one build, queued behind the first.
      const [x, y] = await Promise.all([1, 2].map(() => aStaff.post('/api/packs', { unitId: county.units.a1.id, from: '2026-01-01', to: '2026-03-31' })));
      expect([x.status, y.status].sort()).toEqual([200, 202]);
      expect(x.body.id).toBe(y.body.id);
      expect((await aStaff.get(`/api/packs/${x.body.id}`)).body.status).toBe('queued');
      release();
      const done = await waitFor(aStaff, first.body.id);
      expect(done).toMatchObject({ status: 'done', error: null });
      expect(done.progressDone).toBe(done.progressTotal);
      expect(done.size).toBeGreaterThan(0);
      expect((await waitFor(aStaff, x.body.id)).status).toBe('done');
      const starts = await t.db.selectFrom('audit_log').select(['action', 'entity_id']).where('entity', '=', 'pack').orderBy('seq').execute();
      expect(starts).toEqual([{ action: 'build', entity_id: first.body.id }, { action: 'build', entity_id: x.body.id }]);
    } finally {
      unregister();
      release();
    }
  });

  it('holds the index, every ledger, the document and exactly the period’s attachments of the subtree', async () => {
    const pack = (await aStaff.get(`/api/packs?unitId=${county.units.a.id}`)).body.items[0];
    const r = await aStaff.get(`/api/packs/${pack.id}/download`);
    expect(r.status).toBe(200);
    expect(String(r.headers['content-type'])).toContain('application/zip');
    expect(String(r.headers['content-disposition'])).toContain(encodeURIComponent(`${ROOT}.zip`));
    const raw = r.raw.rawPayload;
    expect(raw.length).toBe(pack.size);
    const zip = await JSZip.loadAsync(raw);
    const files = Object.values(zip.files).filter((f) => !f.dir).map((f) => f.name).sort();
    const rel = files.map((f) => f.slice(ROOT.length + 1));
    expect(files.every((f) => f.startsWith(`${ROOT}/`))).toBe(true);

    // Every ledger in its topic folder.
    for (const l of LEDGERS) expect(rel).toContain(`${l.folder}/${l.name}.xlsx`);
    // 报告制度 sits with 值班 and 信息报送, not with the task ledger.
    for (const name of ['报告报送台账', '报告报送率统计台账', '值班表台账', '值班日志台账', '信息报送与采用台账']) expect(rel).toContain(`10 报告值班与信息报送/${name}.xlsx`);
    expect(rel).toContain('08 工作文档/城关镇工作总结.docx');
    // The period's attachments of 城关镇 and its village, by record, with unique names and no path characters.
    const studyDir = '03 学习与会议/活动记录附件/2026-03-10 中心组学习：学习网络意识形态工作责任制实施细则';
    expect(rel.filter((f) => !f.endsWith('.xlsx') && !f.startsWith('08 ')).sort()).toEqual([
      `${studyDir}/会议记录(2).pdf`,
      `${studyDir}/会议记录.pdf`,
      `${studyDir}/现场照片.jpg`,
      '03 学习与会议/活动记录附件/2026-05-20 中心组学习：村党支部集中学习/村级学习签到表.pdf',
      '04 任务台账/任务进展佐证/2026-04-01 网站 公众号内容巡查(进展)/一季度巡查记录.pdf',
      '05 整改落实/整改材料/2026-03-01 网站栏目长期未更新/整改报告.pdf',
    ].sort());
    // Contents are the uploaded bytes.
    const one = await zip.file(`${ROOT}/${studyDir}/会议记录.pdf`)!.async('nodebuffer');
    const two = await zip.file(`${ROOT}/${studyDir}/会议记录(2).pdf`)!.async('nodebuffer');
    expect([one.toString(), two.toString()].sort()).toEqual([pdf('minutes one').toString(), pdf('minutes two').toString()].sort());
    // Nothing from another year, the sibling, or a deleted attachment.
    for (const name of ['上年度记录', '东山镇', '误传文件']) expect(files.some((f) => f.includes(name))).toBe(false);

    // Names are UTF-8 and flagged so.
    const cd = centralDirectory(raw);
    expect(cd.filter((e) => !e.name.endsWith('/')).map((e) => e.name).sort()).toEqual(files);
    expect(cd.every((e) => e.utf8)).toBe(true);

    // The index lists every other file once, with its folder, source, date and unit.
    const index = await sheetOf(await zip.file(`${ROOT}/00 材料目录.xlsx`)!.async('nodebuffer'));
    expect(index.getCell(1, 1).value).toBe('迎检材料目录');
    expect(String(index.getCell(2, 1).value)).toContain(`单位：城关镇　　期间：${PERIOD}`);
    expect(index.getRow(3).values).toEqual([undefined, '序号', '目录', '文件名', '来源记录', '日期', '单位', '备注']);
    expect(index.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
    const listed: string[] = [];
    const byName = new Map<string, unknown[]>();
    index.eachRow((row, n) => {
      if (n <= 3) return;
      const v = row.values as unknown[];
      listed.push(`${v[2]}/${v[3]}`);
      byName.set(String(v[3]), v);
    });
    expect(listed.sort()).toEqual(rel.filter((f) => f !== '00 材料目录.xlsx').sort());
    expect(byName.get('村级学习签到表.pdf')!.slice(4, 7)).toEqual(['【活动记录】中心组学习：村党支部集中学习', '2026年5月20日', '城东村']);
    expect(byName.get('整改报告.pdf')!.slice(4, 7)).toEqual(['【整改事项】网站栏目长期未更新', '2026年3月1日', '城关镇']);
    expect(pack.fileCount).toBe(files.length);
  });

  it('arranges a pack by checklist item: one folder per item with its records’ files, its self-inspection evidence and the ledgers it names, an index item → files, the rest apart', async () => {
    const content = { sections: [
      { key: 's1', title: '学习教育', items: [
        { key: 'k1', text: '理论学习中心组学习全年不少于1次', kind: 'normal', points: 50, scoring: 'pass_fail', indicator: 'ledger.study_sessions', comparator: '>=', threshold: 1, kinds: [], evidence: '学习记录' },
        { key: 'k2', text: '发现的问题按期整改', kind: 'normal', points: 20, scoring: 'pass_fail', kinds: [], evidence: '整改台账、整改报告' },
      ] },
      { key: 's2', title: '组织领导', items: [
        { key: 'k3', text: '成立网络意识形态工作领导小组', kind: 'normal', points: 20, scoring: 'pass_fail', kinds: [], evidence: '成立文件' },
        { key: 'k4', text: '开展网络舆情应急演练', kind: 'normal', points: 10, scoring: 'pass_fail', kinds: [], evidence: '演练方案' },
      ] },
    ] };
    const f = await countyStaff.post('/api/checks/frameworks', { year: 2026, name: '2026年度考核细则', totalPoints: 100, content });
    expect(f.status, JSON.stringify(f.body)).toBe(201);
    const self = await aStaff.post('/api/checks/self', { frameworkId: f.body.id, unitId: county.units.a.id, ...YEAR });
    expect(self.status, JSON.stringify(self.body)).toBe(201);
    const saved = await aStaff.post(`/api/checks/assessments/${self.body.id}/answers`, { itemKey: 'k3', version: null, passed: true, note: '已成立' });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    const answer = saved.body.items.find((r: any) => r.item.key === 'k3').answer;
    await upload(aStaff, 'check_answer', answer.id, '领导小组成立文件.pdf', pdf('group'));

    // A framework the township cannot see is refused before anything starts, naming the field.
    const bad = await aStaff.post('/api/packs', { unitId: county.units.a.id, ...YEAR, frameworkId: 'nosuchframework' });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ field: 'frameworkId', message: '考核细则不存在' });

    const started = await aStaff.post('/api/packs', { unitId: county.units.a.id, ...YEAR, frameworkId: f.body.id });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    expect(started.body.frameworkId).toBe(f.body.id);
    const done = await waitFor(aStaff, started.body.id);
    expect(done, JSON.stringify(done)).toMatchObject({ status: 'done', error: null });
    const zip = await JSZip.loadAsync((await aStaff.get(`/api/packs/${done.id}/download`)).raw.rawPayload);
    const rel = Object.values(zip.files).filter((x) => !x.dir).map((x) => x.name.slice(ROOT.length + 1)).sort();

    const item1 = '一、学习教育/1.1 理论学习中心组学习全年不少于1次';
    const item2 = '一、学习教育/1.2 发现的问题按期整改';
    const item3 = '二、组织领导/2.1 成立网络意识形态工作领导小组';
    const unclaimed = '未对应检查项目的材料';
    const claimed = rel.filter((x) => !x.startsWith(`${unclaimed}/`) && x !== '00 材料目录.xlsx');
    expect(claimed).toEqual([
      // The records behind the bound indicator (the township's and its village's study sessions), each in its record's folder.
      `${item1}/2026-03-10 中心组学习：学习网络意识形态工作责任制实施细则/会议记录(2).pdf`,
      `${item1}/2026-03-10 中心组学习：学习网络意识形态工作责任制实施细则/会议记录.pdf`,
      `${item1}/2026-03-10 中心组学习：学习网络意识形态工作责任制实施细则/现场照片.jpg`,
      `${item1}/2026-05-20 中心组学习：村党支部集中学习/村级学习签到表.pdf`,
      // The ledger its expected evidence names.
      `${item2}/整改台账.xlsx`,
      // The self-inspection's evidence for the item.
      `${item3}/2026年 成立网络意识形态工作领导小组/领导小组成立文件.pdf`,
    ].sort());
    // Everything else keeps its topic folder, apart; nothing is lost.
    expect(rel).toContain(`${unclaimed}/04 任务台账/任务进展佐证/2026-04-01 网站 公众号内容巡查(进展)/一季度巡查记录.pdf`);
    expect(rel).toContain(`${unclaimed}/05 整改落实/整改材料/2026-03-01 网站栏目长期未更新/整改报告.pdf`);
    expect(rel).toContain(`${unclaimed}/04 任务台账/任务台账.xlsx`);
    expect(rel).not.toContain(`${unclaimed}/05 整改落实/整改台账.xlsx`);
    for (const l of LEDGERS.filter((x) => x.name !== '整改台账')) expect(rel).toContain(`${unclaimed}/${l.folder}/${l.name}.xlsx`);

    // The index: item → files, in the framework's order, every item listed (one with no file says so).
    const index = await sheetOf(await zip.file(`${ROOT}/00 材料目录.xlsx`)!.async('nodebuffer'));
    expect(index.getRow(3).values).toEqual([undefined, '序号', '检查项目', '目录', '文件名', '来源记录', '日期', '单位', '备注']);
    const rows: unknown[][] = [];
    index.eachRow((row, n) => {
      if (n > 3) rows.push((row.values as unknown[]).slice(2));
    });
    const items = rows.map((r) => String(r[0] ?? ''));
    expect(items.slice(0, 7)).toEqual([...Array(4).fill('1.1 理论学习中心组学习全年不少于1次'), '1.2 发现的问题按期整改', '2.1 成立网络意识形态工作领导小组', '2.2 开展网络舆情应急演练']);
    expect(rows[5].slice(1, 4)).toEqual([`${item3}/2026年 成立网络意识形态工作领导小组`, '领导小组成立文件.pdf', '【自查项目】成立网络意识形态工作领导小组']);
    expect(rows[6][6]).toBe('系统中暂无对应材料');
    expect(items.slice(7).every((x) => x === '')).toBe(true);
    expect(rows.filter((r) => r[1]).map((r) => `${r[1]}/${r[2]}`).sort()).toEqual(rel.filter((x) => x !== '00 材料目录.xlsx').sort());
    expect(done.fileCount).toBe(rel.length);
    const audit = await t.db.selectFrom('audit_log').select('after_json').where('entity', '=', 'pack').where('entity_id', '=', done.id).executeTakeFirstOrThrow();
    expect(JSON.parse(String(audit.after_json))).toMatchObject({ frameworkId: f.body.id, arrangedBy: '2026年度考核细则' });
  });

  it('shows and gives a pack only to users who may see its unit', async () => {
    const pack = (await aStaff.get(`/api/packs?unitId=${county.units.a.id}`)).body.items[0];
    for (const url of [`/api/packs/${pack.id}`, `/api/packs/${pack.id}/download`, `/api/packs?unitId=${county.units.a.id}`]) {
      const r = await bStaff.get(url);
      expect(r.status, url).toBe(403);
      expect(r.body.code, url).toBe('OUT_OF_SCOPE');
    }
    expect((await bStaff.get('/api/packs')).body.items).toEqual([]);
    const refused = await bStaff.post('/api/packs', { unitId: county.units.a.id, ...YEAR });
    expect(refused.body.code).toBe('OUT_OF_SCOPE');
    expect((await countyStaff.get(`/api/packs/${pack.id}/download`)).status).toBe(200);
    expect((await aLiaison.get(`/api/packs/${pack.id}`)).body.code).toBe('FORBIDDEN');
    expect((await aLiaison.post('/api/packs', { unitId: county.units.a.id, ...YEAR })).body.code).toBe('FORBIDDEN');
  });

  it('refuses a bad period naming the field', async () => {
    const bad = async (patch: object) => (await aStaff.post('/api/packs', { unitId: county.units.a.id, ...YEAR, ...patch })).body;
    expect(await bad({ to: '2025-12-31' })).toMatchObject({ code: 'VALIDATION', field: 'to', message: '结束日期不能早于开始日期' });
    expect(await bad({ from: '2026-13-01' })).toMatchObject({ code: 'VALIDATION', field: 'from' });
    expect(await bad({ from: '2020-01-01' })).toMatchObject({ field: 'to', message: '一个材料包的期间不能超过三年' });
    expect(await bad({ unitId: 'nope' })).toMatchObject({ field: 'unitId', message: '所选单位不存在' });
  });

  it('records why a build failed, in Chinese, leaves no partial file, and lets the next start try again', async () => {
    const unregister = registerPackDocuments(async () => [
      { folder: PACK_FOLDERS.documents, name: '半年工作总结.docx', build: async () => { throw errors.validation('尚未登记领导小组，无法生成工作总结'); } },
    ]);
    let failedId: string;
    try {
      const p = await aStaff.post('/api/packs', { unitId: county.units.a.id, from: '2026-01-01', to: '2026-06-30' });
      expect(p.status).toBe(202);
      failedId = p.body.id;
      const end = await waitFor(aStaff, failedId);
      expect(end).toMatchObject({ status: 'failed', error: '生成“08 工作文档/半年工作总结.docx”时失败：尚未登记领导小组，无法生成工作总结' });
    } finally {
      unregister();
    }
    expect(fs.readdirSync(path.join(t.dataDir, 'packs')).filter((f) => f.startsWith(failedId))).toEqual([]);
    expect((await aStaff.get(`/api/packs/${failedId}/download`)).body).toMatchObject({ code: 'PACK_FAILED' });
    const retry = await aStaff.post('/api/packs', { unitId: county.units.a.id, from: '2026-01-01', to: '2026-06-30' });
    expect(retry.status).toBe(202);
    expect(retry.body.id).not.toBe(failedId);
    expect((await waitFor(aStaff, retry.body.id)).status).toBe('done');
  });

  it('lists an attachment whose stored file is missing in the index with a note, and builds the rest', async () => {
    const row = await t.db.selectFrom('attachments').select('sha256').where('filename', '=', '东山镇记录.pdf').executeTakeFirstOrThrow();
    fs.rmSync(blobPath(t.dataDir, row.sha256));
    const p = await bStaff.post('/api/packs', { unitId: county.units.b.id, ...YEAR });
    expect(await waitFor(bStaff, p.body.id)).toMatchObject({ status: 'done' });
    const zip = await JSZip.loadAsync((await bStaff.get(`/api/packs/${p.body.id}/download`)).raw.rawPayload);
    const names = Object.keys(zip.files);
    expect(names.some((n) => n.includes('东山镇记录'))).toBe(false);
    const index = await sheetOf(await zip.file(names.find((n) => n.endsWith('/00 材料目录.xlsx'))!)!.async('nodebuffer'));
    const notes: unknown[][] = [];
    index.eachRow((r, n) => { if (n > 3) notes.push([r.getCell(3).value, r.getCell(7).value ?? '']); });
    expect(notes).toContainEqual(['东山镇记录.pdf', '原文件缺失，未收入']);
    expect(notes.filter((x) => x[1] !== '')).toHaveLength(1);
  });

  it('deletes packs after their keeping time and marks interrupted builds as failed', async () => {
    const done = (await aStaff.get('/api/packs')).body.items.find((p: { status: string }) => p.status === 'done');
    const file = path.join(t.dataDir, 'packs', `${done.id}.zip`);
    expect(fs.existsSync(file)).toBe(true);
    const stuck = (await aStaff.post('/api/packs', { unitId: county.units.a1.id, ...YEAR })).body;
    await waitFor(aStaff, stuck.id);
    await t.db.updateTable('packs').set({ status: 'building', updated_at: '2026-01-01T00:00:00.000Z' }).where('id', '=', stuck.id).execute();
    // A day later nothing has expired yet, but the build that stopped reporting is marked failed.
    expect(await expirePacks(t.db, t.dataDir, new Date(Date.now() + 86_400_000))).toEqual({ expired: 0, interrupted: 1 });
    const r = await expirePacks(t.db, t.dataDir, new Date(Date.now() + 8 * 86_400_000));
    expect(r.expired).toBeGreaterThanOrEqual(2);
    expect(r.interrupted).toBe(0);
    expect(fs.existsSync(file)).toBe(false);
    expect((await aStaff.get(`/api/packs/${done.id}`)).body.status).toBe('expired');
    expect((await aStaff.get(`/api/packs/${done.id}/download`)).body.code).toBe('PACK_EXPIRED');
    expect((await aStaff.get(`/api/packs/${stuck.id}`)).body).toMatchObject({ status: 'failed', error: '生成中断：服务重启或异常退出，请重新生成' });
  });
});

describe(`every register's ledger [${dialectName}]`, () => {
  let t: TestApp;
  let county: Awaited<ReturnType<typeof buildCounty>>;

  beforeAll(async () => {
    t = await createTestApp();
    county = await buildCounty(t.db);
    const staff = await login(t.app, 'a_staff', PASSWORD);
    await staff.post('/api/ledger/entries', { unitId: county.units.a.id, type: 'training', day: '2026-04-02', topic: '网评员培训', onTopic: true });
    await staff.post('/api/ledger/entries', { unitId: county.units.a.id, type: 'training', day: '2025-04-02', topic: '上年培训', onTopic: true });
  });
  afterAll(() => t.close());

  it('has a title row, the unit and the period, a frozen header with 序号 and set widths', async () => {
    const acc = county.accounts.staff;
    const actor: Actor = { accountId: acc.id, username: acc.username, displayName: acc.display_name, role: 'staff', unitId: county.units.a.id, unitName: '城关镇', unitPath: county.units.a.path };
    expect(LEDGERS.map((l) => l.key)).toEqual(['rules', 'netsec', 'teams', 'duty_items', 'agreements', 'ledger_entries', 'tasks', 'rectifications', 'checks', 'risk_points', 'risk_assessments', 'emergency_plans', 'cases', 'outlets', 'posts', 'post_corrections', 'watch_rosters', 'watch_log', 'reporting', 'reporting-rates', 'information']);
    for (const l of LEDGERS) {
      const ws = await sheetOf(await l.build(t.db, actor, { unitId: county.units.a.id, from: '2026-01-01', to: '2026-06-30' }));
      expect(String(ws.getCell(1, 1).value), l.key).toMatch(/台账|清单|签订情况/);
      expect(ws.getCell(1, 1).isMerged, l.key).toBe(true);
      const sub = String(ws.getCell(2, 1).value);
      expect(sub, l.key).toContain('单位：城关镇');
      expect(sub, l.key).toMatch(/期间：(2026年1月1日至2026年6月30日|截至2026年6月30日)/);
      expect(ws.views[0], l.key).toMatchObject({ state: 'frozen', ySplit: 3 });
      expect(ws.getCell(3, 1).value, l.key).toBe('序号');
      expect((ws.getRow(3).values as unknown[]).filter(Boolean).length, l.key).toBeGreaterThanOrEqual(6);
      for (let c = 1; c <= ws.columnCount; c++) expect(ws.getColumn(c).width, `${l.key} column ${c}`).toBeGreaterThanOrEqual(6);
    }
    // The period filters the rows: only this year's training.
    const entries = await sheetOf(await LEDGERS.find((l) => l.key === 'ledger_entries')!.build(t.db, actor, { unitId: county.units.a.id, from: '2026-01-01', to: '2026-06-30' }));
    expect(entries.rowCount).toBe(4);
    expect(entries.getCell(4, 5).value).toBe('网评员培训');
  });
});
