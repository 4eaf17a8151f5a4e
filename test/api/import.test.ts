import { crc32, deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../server/platform/audit';
import { type Agent, login } from '../helpers/client';
import { createTestApp, dialectName, type TestApp } from '../helpers/app';
import { buildCounty, makeUnit, PASSWORD } from '../helpers/factories';

const UNIT_HEADER = ['单位名称', '上级单位', '单位类型', '单位编码', '排序'];
const PEOPLE_HEADER = ['姓名', '所属单位', '职务', '电话'];

/** An import workbook built the way a clerk would fill the template (blank rows included). */
async function workbook(
  units: unknown[][],
  people: unknown[][] = [],
  o: { unitHeader?: string[]; peopleHeader?: string[]; sheets?: string[] } = {},
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const sheets = o.sheets ?? ['单位', '人员'];
  if (sheets.includes('单位')) {
    const ws = wb.addWorksheet('单位');
    ws.addRow(o.unitHeader ?? UNIT_HEADER);
    for (const r of units) ws.addRow(r);
  }
  if (sheets.includes('人员')) {
    const ws = wb.addWorksheet('人员');
    ws.addRow(o.peopleHeader ?? PEOPLE_HEADER);
    for (const r of people) ws.addRow(r);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A minimal zip writer, for files that are zips but not workbooks (a .docx, a zip bomb). */
function zip(entries: { name: string; data: Buffer; deflate?: boolean }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const body = e.deflate ? deflateRawSync(e.data) : e.data;
    const lh = Buffer.alloc(30);
    lh.writeUInt32LE(0x04034b50, 0);
    lh.writeUInt16LE(20, 4);
    lh.writeUInt16LE(e.deflate ? 8 : 0, 8);
    lh.writeUInt32LE(crc32(e.data), 14);
    lh.writeUInt32LE(body.length, 18);
    lh.writeUInt32LE(e.data.length, 22);
    lh.writeUInt16LE(name.length, 26);
    const ch = Buffer.alloc(46);
    ch.writeUInt32LE(0x02014b50, 0);
    ch.writeUInt16LE(20, 4);
    ch.writeUInt16LE(20, 6);
    ch.writeUInt16LE(e.deflate ? 8 : 0, 10);
    ch.writeUInt32LE(crc32(e.data), 16);
    ch.writeUInt32LE(body.length, 20);
    ch.writeUInt32LE(e.data.length, 24);
    ch.writeUInt16LE(name.length, 28);
    ch.writeUInt32LE(offset, 42);
    locals.push(lh, name, body);
    centrals.push(ch, name);
    offset += 30 + name.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

describe(`org import from xlsx [${dialectName}]`, () => {
  let t: TestApp;
  let county: Awaited<ReturnType<typeof buildCounty>>;
  let countyAdmin: Agent;
  let aAdmin: Agent;

  const count = async (table: 'units' | 'people' | 'audit_log') =>
    Number((await t.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const preview = (agent: Agent, buf: Buffer, name = '导入.xlsx') => agent.upload('/api/import/org?commit=false', {}, { name, content: buf });
  const commit = (agent: Agent, buf: Buffer, name = '导入.xlsx') => agent.upload('/api/import/org?commit=true', {}, { name, content: buf });

  beforeAll(async () => {
    t = await createTestApp();
    county = await buildCounty(t.db);
    countyAdmin = await login(t.app, 'county_admin', PASSWORD);
    aAdmin = await login(t.app, 'a_admin', PASSWORD);
  });
  afterAll(() => t.close());

  it('serves a template: two data sheets with bold frozen headers, a kind dropdown, instructions, no example rows', async () => {
    const r = await countyAdmin.get('/api/import/org/template');
    expect(r.status).toBe(200);
    expect(String(r.headers['content-type'])).toContain('spreadsheetml.sheet');
    expect(String(r.headers['content-disposition'])).toContain(`filename*=UTF-8''${encodeURIComponent('单位人员导入模板.xlsx')}`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.raw.rawPayload as never);
    expect(wb.worksheets.map((w) => w.name).slice(0, 3)).toEqual(['单位', '人员', '填写说明']);
    const units = wb.getWorksheet('单位')!;
    const people = wb.getWorksheet('人员')!;
    expect((units.getRow(1).values as unknown[]).slice(1)).toEqual(UNIT_HEADER);
    expect((people.getRow(1).values as unknown[]).slice(1)).toEqual(PEOPLE_HEADER);
    expect(units.actualRowCount).toBe(1);
    expect(people.actualRowCount).toBe(1);
    expect(units.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(units.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(units.getColumn(2).width).toBeGreaterThan(20);
    const dv = (units as unknown as { dataValidations: { model: Record<string, { type: string; formulae: string[] }> } }).dataValidations.model;
    const kindList = Object.entries(dv).find(([addr]) => addr.startsWith('C2'))?.[1];
    expect(kindList?.type).toBe('list');
    expect(kindList?.formulae[0]).toContain('乡镇(街道)');
    const guide = wb.getWorksheet('填写说明')!;
    const text = guide.getColumn(1).values.join('\n');
    expect(text).toContain('示例县/城关镇');
    expect(text).toContain('村');
    // The existing units are listed the shortest way the importer accepts them.
    const existing = wb.getWorksheet('现有单位')!.getColumn(1).values.slice(2);
    expect(existing).toEqual(expect.arrayContaining(['测试县', '城关镇', '东山镇', '城东村', '山前村']));

    // The untouched template has nothing to import.
    const p = await preview(countyAdmin, r.raw.rawPayload);
    expect(p.status).toBe(200);
    expect(p.body.valid).toBe(false);
    expect(p.body.fileErrors[0]).toContain('没有可导入的数据');
  });

  it('previews, then imports units (parents before children) and people in one go, with audit rows', async () => {
    const buf = await workbook(
      [
        ['北山镇', '测试县', '乡镇(街道)', 'BS01', 3],
        ['党政办', '北山镇', '科室(部门)'],
        [],
        ['党政办', '城关镇', '科室（部门）'], // full-width brackets are accepted
        ['北山村', '测试县/北山镇', '村'],
        ['北山小学', '北山镇', '学校'],
      ],
      [
        ['孙一', '北山镇/党政办', '主任', '0571-8888 8888'],
        ['孙二', '北山村', '村委会主任', 13800138000],
        ['孙三', '城东村', null, null],
      ],
    );
    const before = { units: await count('units'), people: await count('people'), audit: await count('audit_log') };
    const p = await preview(countyAdmin, buf);
    expect(p.status).toBe(200);
    expect(p.body.fileErrors).toEqual([]);
    expect(p.body.units.map((u: { row: number }) => u.row)).toEqual([2, 3, 5, 6, 7]); // the blank row 4 is skipped
    expect(p.body.units.every((u: { errors: string[] }) => u.errors.length === 0)).toBe(true);
    expect(p.body.valid).toBe(true);
    expect(p.body.units[2]).toMatchObject({ name: '党政办', parent: '城关镇', kind: '科室(部门)', parentResolved: '测试县/城关镇' });
    expect(p.body.people[0]).toMatchObject({ row: 2, name: '孙一', unit: '北山镇/党政办', position: '主任', phone: '0571-8888 8888', errors: [] });
    expect(p.body.people[1].phone).toBe('13800138000');
    // A preview writes nothing.
    expect(await count('units')).toBe(before.units);

    const c = await commit(countyAdmin, buf, '北山镇组织机构.xlsx');
    expect(c.status).toBe(200);
    expect(c.body).toEqual({ unitsCreated: 5, peopleCreated: 3 });
    expect(await count('units')).toBe(before.units + 5);
    expect(await count('people')).toBe(before.people + 3);

    const beishan = await t.db.selectFrom('units').selectAll().where('name', '=', '北山镇').executeTakeFirstOrThrow();
    expect(beishan).toMatchObject({ parent_id: county.units.county.id, path: `${county.units.county.path}${beishan.id}/`, depth: 1, kind: 'township', code: 'BS01', sort_order: 3 });
    const village = await t.db.selectFrom('units').selectAll().where('name', '=', '北山村').executeTakeFirstOrThrow();
    expect(village).toMatchObject({ parent_id: beishan.id, path: `${beishan.path}${village.id}/`, depth: 2, kind: 'village' });
    const office = await t.db.selectFrom('units').selectAll().where('name', '=', '党政办').where('parent_id', '=', beishan.id).executeTakeFirstOrThrow();
    const sun1 = await t.db.selectFrom('people').selectAll().where('name', '=', '孙一').executeTakeFirstOrThrow();
    expect(sun1).toMatchObject({ unit_id: office.id, position: '主任', phone: '0571-8888 8888' });
    const sun3 = await t.db.selectFrom('people').selectAll().where('name', '=', '孙三').executeTakeFirstOrThrow();
    expect(sun3).toMatchObject({ unit_id: county.units.a1.id, position: null, phone: null });

    // One audit row per record plus one summary, all in the hash chain.
    const audit = await t.db.selectFrom('audit_log').selectAll().where('seq', '>', before.audit).orderBy('seq').execute();
    expect(audit).toHaveLength(5 + 3 + 1);
    expect(audit.filter((a) => a.action === 'create' && a.entity === 'unit')).toHaveLength(5);
    expect(audit.filter((a) => a.action === 'create' && a.entity === 'person')).toHaveLength(3);
    const summary = audit[audit.length - 1];
    expect(summary).toMatchObject({ action: 'import', entity: 'unit', unit_path: county.units.county.path });
    expect(JSON.parse(summary.after_json!)).toEqual({ units: 5, people: 3, filename: '北山镇组织机构.xlsx' });
    expect((await verifyAuditChain(t.db)).ok).toBe(true);

    // The same file again: every row is already there, and a commit writes nothing.
    const again = await preview(countyAdmin, buf);
    expect(again.body.valid).toBe(false);
    expect(again.body.units[0].errors).toEqual(['第 2 行：单位“北山镇”已在“测试县”下，请勿重复导入']);
    expect(again.body.people[0].errors).toEqual(['第 2 行：人员“孙一”已在“北山镇/党政办”中，请勿重复导入']);
    const snapshot = { units: await count('units'), people: await count('people'), audit: await count('audit_log') };
    const refused = await commit(countyAdmin, buf);
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ code: 'IMPORT_INVALID', message: '导入文件有 8 处问题，未导入任何数据', field: 'file' });
    expect(refused.body.problems).toHaveLength(8);
    expect({ units: await count('units'), people: await count('people'), audit: await count('audit_log') }).toEqual(snapshot);
  });

  it('names the row, the column and the problem for every bad row, and imports nothing', async () => {
    const archived = await makeUnit(t.db, { parent: county.units.county, name: '旧乡', kind: 'township' });
    await t.db.updateTable('units').set({ archived_at: new Date().toISOString() }).where('id', '=', archived.id).execute();
    const buf = await workbook(
      [
        ['西山镇', '测试县', '乡'], // 2 kind
        ['南山镇', '南山县', '乡镇'], // 3 parent does not exist
        ['综治办', '党政办', '科室'], // 4 ambiguous (城关镇/党政办 and 北山镇/党政办)
        ['综治办', '城关镇/党政办', '科室'], // 5 fine
        ['综治办', '测试县/城关镇/党政办', '科室'], // 6 same unit twice in the file
        ['城东村', '城关镇', '村'], // 7 already exists
        ['甲村', '乙镇', '村'], // 8 parent written later
        ['乙镇', '测试县', '乡镇'], // 9 fine
        ['丙村', '丙村', '村'], // 10 itself
        ['长'.repeat(61), '测试县', '其他'], // 11 too long
        ['', '测试县', '其他'], // 12 no name
        ['丁村', '', '村'], // 13 no parent
        ['戊村', '旧乡', '村'], // 14 archived parent
        ['己村', '测试县', '村', null, 'abc'], // 15 sort order
      ],
      [
        ['张三', '城关镇/党政办/综治办'], // 2 fine (a new unit)
        ['张三', '城关镇/党政办/综治办'], // 3 twice in the file
        ['李四', '党政办'], // 4 ambiguous
        ['王五', '不存在的单位'], // 5 missing
        ['赵六', '测试县', '职'.repeat(61), '电话号码'], // 6 position, phone
        ['钱七', ''], // 7 no unit
        ['名'.repeat(31), '测试县'], // 8 name too long
      ],
    );
    const p = await preview(countyAdmin, buf);
    expect(p.status).toBe(200);
    expect(p.body.valid).toBe(false);
    const u = Object.fromEntries(p.body.units.map((x: { row: number; errors: string[] }) => [x.row, x.errors]));
    expect(u[2]).toEqual([expect.stringMatching(/^第 2 行：单位类型“乡”无效，可选 县\(区\)、乡镇\(街道\)、/)]);
    expect(u[3]).toEqual(['第 3 行：上级单位“南山县”不存在或不在本单位管辖范围内']);
    expect(u[4]).toEqual([expect.stringContaining('上级单位名称“党政办”不唯一，请写完整路径')]);
    expect(u[5]).toEqual([]);
    expect(u[6]).toEqual(['第 6 行：单位“综治办”与第 5 行重复(同一上级单位下)']);
    expect(u[7]).toEqual(['第 7 行：单位“城东村”已在“城关镇”下，请勿重复导入']);
    expect(u[8]).toEqual(['第 8 行：上级单位“乙镇”在第 9 行，须写在本行之前(请调整行的顺序)']);
    expect(u[9]).toEqual([]);
    expect(u[10]).toEqual([expect.stringContaining('上级单位不能是本单位自己')]);
    expect(u[11]).toEqual(['第 11 行：单位名称不能超过 60 个字']);
    expect(u[12]).toEqual(['第 12 行：请填写单位名称']);
    expect(u[13]).toEqual([expect.stringContaining('请填写上级单位')]);
    expect(u[14]).toEqual(['第 14 行：上级单位“旧乡”已归档，不能使用']);
    expect(u[15]).toEqual(['第 15 行：排序应为 0 到 100000 的整数']);
    const pe = Object.fromEntries(p.body.people.map((x: { row: number; errors: string[] }) => [x.row, x.errors]));
    expect(pe[2]).toEqual([]);
    expect(pe[3]).toEqual(['第 3 行：人员“张三”与第 2 行重复(同一单位中同名)']);
    expect(pe[4]).toEqual([expect.stringContaining('所属单位名称“党政办”不唯一')]);
    expect(pe[5]).toEqual(['第 5 行：所属单位“不存在的单位”不存在或不在本单位管辖范围内']);
    expect(pe[6]).toEqual(['第 6 行：职务不能超过 60 个字', '第 6 行：电话只能包含数字、空格和 +-()']);
    expect(pe[7]).toEqual(['第 7 行：请填写所属单位']);
    expect(pe[8]).toEqual(['第 8 行：姓名不能超过 30 个字']);

    const before = { units: await count('units'), people: await count('people'), audit: await count('audit_log') };
    const c = await commit(countyAdmin, buf);
    expect(c.status).toBe(400);
    expect(c.body.code).toBe('IMPORT_INVALID');
    expect(c.body.message).toBe(`导入文件有 ${p.body.problemCount} 处问题，未导入任何数据`);
    expect(c.body.problems).toContain('“单位”工作表第 3 行：上级单位“南山县”不存在或不在本单位管辖范围内');
    expect({ units: await count('units'), people: await count('people'), audit: await count('audit_log') }).toEqual(before);
  });

  it('resolves references only inside the importing admin’s own subtree', async () => {
    const buf = await workbook(
      [
        ['宣传办', '城关镇', '科室'], // own unit
        ['宣传办', '东山镇', '科室'], // sibling township: does not exist for A
        ['宣传办', '测试县', '科室'], // the county above: does not exist either
      ],
      [['周八', '山前村'], ['吴九', '城东村']],
    );
    const p = await preview(aAdmin, buf);
    expect(p.status).toBe(200);
    expect(p.body.units.map((x: { errors: string[] }) => x.errors)).toEqual([
      [],
      ['第 3 行：上级单位“东山镇”不存在或不在本单位管辖范围内'],
      ['第 4 行：上级单位“测试县”不存在或不在本单位管辖范围内'],
    ]);
    expect(p.body.people[0].errors).toEqual(['第 2 行：所属单位“山前村”不存在或不在本单位管辖范围内']);
    expect(p.body.people[1].errors).toEqual([]);
    // 党政办 is unique inside 城关镇's subtree, though not in the county's.
    const mine = await preview(aAdmin, await workbook([['督查室', '党政办', '科室']]));
    expect(mine.body).toMatchObject({ valid: true, units: [{ parentResolved: '城关镇/党政办', errors: [] }] });
    const c = await commit(aAdmin, await workbook([['督查室', '党政办', '科室']]));
    expect(c.body).toEqual({ unitsCreated: 1, peopleCreated: 0 });
  });

  it('reads cells the way Excel holds them: rich text, formula results, links, error values', async () => {
    const buf = await workbook(
      [
        [{ richText: [{ text: '富' }, { text: '文本村', font: { bold: true } }] }, '城关镇', { formula: '"村"', result: '村' }, null, { formula: '1+1', result: 2 }],
        ['错值村', '城关镇', { formula: 'NA()', result: { error: '#N/A' } }],
      ],
      [['链接人', { text: '城东村', hyperlink: 'https://example.invalid/' }, null, 13900001111]],
    );
    const p = await preview(countyAdmin, buf);
    expect(p.body.units[0]).toMatchObject({ name: '富文本村', kind: '村', sortOrder: 2, errors: [] });
    expect(p.body.units[1].errors).toEqual(['第 3 行：单位类型单元格是错误值 #N/A，请改为文字']);
    expect(p.body.people[0]).toMatchObject({ unit: '城东村', phone: '13900001111', errors: [] });
  });

  it('lets only one of two simultaneous imports of the same file through', async () => {
    const buf = await workbook([['并发镇', '测试县', '乡镇']], [['并发人', '并发镇']]);
    const results = await Promise.all([commit(countyAdmin, buf), commit(countyAdmin, buf)]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 400]);
    expect(await t.db.selectFrom('units').select('id').where('name', '=', '并发镇').execute()).toHaveLength(1);
  });

  it('is for admins only', async () => {
    const staff = await login(t.app, 'a_staff', PASSWORD);
    expect((await staff.get('/api/import/org/template')).status).toBe(403);
    const r = await commit(staff, await workbook([['某村', '城关镇', '村']]));
    expect(r.status).toBe(403);
    expect(r.body.code).toBe('FORBIDDEN');
  });

  it('refuses what is not an import workbook, naming the file field', async () => {
    const expectBad = (r: { status: number; body: { code: string; field?: string; message: string } }, status = 400, code = 'BAD_FILE') => {
      expect(r.status).toBe(status);
      expect(r.body.code).toBe(code);
      expect(r.body.field).toBe('file');
      return r.body.message;
    };
    // No file part at all, and a JSON body instead of an upload.
    const noFile = await t.app.inject({
      method: 'POST',
      url: '/api/import/org?commit=false',
      payload: '--b\r\nContent-Disposition: form-data; name="note"\r\n\r\nx\r\n--b--\r\n',
      headers: { cookie: countyAdmin.cookie, 'x-csrf-token': countyAdmin.csrf, 'content-type': 'multipart/form-data; boundary=b' },
    });
    expectBad({ status: noFile.statusCode, body: noFile.json() });
    expectBad(await countyAdmin.post('/api/import/org', { file: 'x' }));
    expect((await countyAdmin.upload('/api/import/org?commit=maybe', {}, { name: 'a.xlsx', content: await workbook([]) })).status).toBe(400);

    const NOT_XLSX = '文件不是有效的 Excel(.xlsx)文件';
    expect(expectBad(await preview(countyAdmin, Buffer.from('单位名称,上级单位\n城关镇,测试县\n'), 'a.xlsx'))).toBe(NOT_XLSX);
    expect(expectBad(await preview(countyAdmin, Buffer.alloc(0)))).toBe(NOT_XLSX);
    expect(expectBad(await preview(countyAdmin, Buffer.concat([Buffer.from('MZ'), Buffer.alloc(500)]), 'setup.xlsx'))).toBe(NOT_XLSX);
    const docx = zip([{ name: '[Content_Types].xml', data: Buffer.from('<Types/>') }, { name: 'word/document.xml', data: Buffer.from('<w:document/>') }]);
    expect(expectBad(await preview(countyAdmin, docx, '名单.xlsx'))).toBe(NOT_XLSX);
    const good = await workbook([['某村', '测试县', '村']]);
    expect(expectBad(await preview(countyAdmin, good.subarray(0, good.length - 200)))).toBe(NOT_XLSX);
    const broken = zip([{ name: 'xl/workbook.xml', data: Buffer.from('<<< not xml'), deflate: true }]);
    expect(expectBad(await preview(countyAdmin, broken))).toBe(NOT_XLSX);
    const xls = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(256), Buffer.from('Workbook', 'utf16le')]);
    expect(expectBad(await preview(countyAdmin, xls, '名单.xls'))).toContain('.xls');

    // A small file that inflates past the ceiling is refused before it is parsed.
    const bomb = zip([
      { name: 'xl/workbook.xml', data: Buffer.from('<workbook/>'), deflate: true },
      { name: 'xl/media/big.bin', data: Buffer.alloc(101 * 1024 * 1024), deflate: true },
    ]);
    expect(bomb.length).toBeLessThan(1024 * 1024);
    expect(expectBad(await preview(countyAdmin, bomb))).toContain('解压后过大');
    // Sheet XML has the tighter ceiling: exceljs holds it in memory many times over.
    const xmlBomb = zip([
      { name: 'xl/workbook.xml', data: Buffer.from('<workbook/>'), deflate: true },
      { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(21 * 1024 * 1024, 0x20), deflate: true },
    ]);
    expect(expectBad(await preview(countyAdmin, xmlBomb))).toContain('解压后过大');

    // Sheets and headers must be the template's.
    expect(expectBad(await preview(countyAdmin, await workbook([], [], { sheets: ['单位'] })))).toContain('缺少“人员”工作表');
    const header = expectBad(await preview(countyAdmin, await workbook([], [], { unitHeader: ['名称', '上级', '类型'] })));
    expect(header).toContain('“单位”工作表');
    expect(header).toContain('单位名称、上级单位、单位类型、单位编码、排序');
    expectBad(await preview(countyAdmin, await workbook([], [], { peopleHeader: [...PEOPLE_HEADER, '备注'] })));

    // More than 5,000 rows in a sheet.
    const rows = Array.from({ length: 5001 }, (_, i) => [`单位${i}`, '测试县', '村']);
    expect(expectBad(await preview(countyAdmin, await workbook(rows)), 400, 'TOO_MANY_ROWS')).toContain('5000');
  });

  it('answers 413 for a file over the upload limit', async () => {
    const small = await createTestApp({ uploadLimitBytes: 16 * 1024 });
    try {
      await buildCounty(small.db);
      const admin = await login(small.app, 'county_admin', PASSWORD);
      const r = await admin.upload('/api/import/org?commit=true', {}, { name: 'big.xlsx', content: Buffer.alloc(64 * 1024, 7) });
      expect(r.status).toBe(413);
      expect(r.body).toMatchObject({ code: 'TOO_LARGE', field: 'file' });
      expect(r.body.message).toContain('文件超过大小上限');
    } finally {
      await small.close();
    }
  });
});
