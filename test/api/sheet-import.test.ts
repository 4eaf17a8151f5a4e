/**
 * The generic one-sheet import every register uses, driven with a small spec that adds
 * people: a bad row refuses the whole file, a good file writes every row in one go.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActorCtx } from '../../server/platform/context';
import { newId, nowIso } from '../../server/platform/ids';
import {
  commitSheet, parseDay, parseYesNo, personByName, previewSheet, type SheetImportSpec, sheetTemplate, SheetImportInvalid, unitLookup,
} from '../../server/platform/sheet-import';
import { createTestApp, dialectName, type TestApp } from '../helpers/app';
import { buildCounty } from '../helpers/factories';

type Row = { unitId: string; name: string };

async function workbook(header: string[], rows: unknown[][], sheet = '人员'): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheet);
  ws.addRow(header);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe(`sheet import [${dialectName}]`, () => {
  let t: TestApp;
  let county: Awaited<ReturnType<typeof buildCounty>>;
  let ctx: ActorCtx;
  const spec: SheetImportSpec<Row> = {
    sheet: '人员', templateName: '人员导入模板.xlsx', entity: 'person',
    columns: [
      { header: '姓名', note: '不超过 20 个字', required: true },
      { header: '单位', note: '单位名称或路径', required: true },
      { header: '在职', note: '是或否', list: ['是', '否'] },
    ],
    async parseRow(cells, c) {
      const errs: string[] = [];
      if (cells['姓名'].length > 20) errs.push('“姓名”不能超过 20 个字');
      if (parseYesNo(cells['在职']) === null) errs.push('“在职”应填写“是”或“否”');
      const unit = (await c.once('units', () => unitLookup(c.db, c.actor)))(cells['单位'], '单位');
      if ('error' in unit) errs.push(unit.error);
      if (errs.length || 'error' in unit) return { errors: errs };
      return { value: { unitId: unit.unit.id, name: cells['姓名'] } };
    },
    checkAll(rows) {
      const seen = new Set<string>();
      return rows.flatMap((r) => {
        const key = `${r.value.unitId}/${r.value.name}`;
        if (seen.has(key)) return [{ row: r.row, error: '与前面的行重复' }];
        seen.add(key);
        return [];
      });
    },
    async insert(trx, _ctx, rows) {
      const now = nowIso();
      for (const r of rows) {
        await trx.insertInto('people').values({ id: newId(), unit_id: r.unitId, name: r.name, position: null, phone: null, archived_at: null, version: 0, created_at: now, updated_at: now }).execute();
      }
    },
  };
  const count = async () => Number((await t.db.selectFrom('people').select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  beforeAll(async () => {
    t = await createTestApp();
    county = await buildCounty(t.db);
    const a = county.accounts.admin; // admin of 城关镇
    ctx = { actor: { accountId: a.id, username: a.username, displayName: a.display_name, role: 'admin', unitId: county.units.a.id, unitName: '城关镇', unitPath: county.units.a.path }, requestId: 'test', ip: null };
  });
  afterAll(() => t.close());

  it('previews every row and writes nothing; a file with one bad row is refused whole', async () => {
    const before = await count();
    const buf = await workbook(['姓名', '单位', '在职'], [
      ['甲', '城关镇', '是'],
      ['乙', '城东村', '否'],
      ['丙', '东山镇', '是'], // a sibling township: outside the actor's subtree
      ['', '城关镇', '是'],
      ['甲', '城关镇/城东村', '也许'],
      ['乙', '城关镇/城东村', ''],
    ]);
    const p = await previewSheet(t.db, ctx.actor, spec, buf);
    expect(p.valid).toBe(false);
    expect(p.total).toBe(6);
    expect(p.rows.map((r) => r.errors.length > 0)).toEqual([false, false, true, true, true, true]);
    expect(p.rows[2].errors[0]).toContain('东山镇');
    expect(p.rows[3].errors).toEqual(['“姓名”不能为空']);
    expect(p.rows[4].errors).toEqual(['“在职”应填写“是”或“否”']);
    expect(p.rows[5].errors).toEqual(['与前面的行重复']);
    await expect(commitSheet(t.db, ctx, spec, buf, 'x.xlsx')).rejects.toBeInstanceOf(SheetImportInvalid);
    expect(await count()).toBe(before);
  });

  it('commits every row of a good file in one transaction and logs the import', async () => {
    const before = await count();
    const buf = await workbook(['姓名', '单位', '在职'], [['丁', '城关镇', '是'], ['戊', '城东村', '']]);
    expect(await commitSheet(t.db, ctx, spec, buf, '名单.xlsx')).toEqual({ imported: 2 });
    expect(await count()).toBe(before + 2);
    const log = await t.db.selectFrom('audit_log').select(['action', 'after_json']).where('action', '=', 'import').orderBy('seq', 'desc').executeTakeFirstOrThrow();
    expect(JSON.parse(log.after_json!)).toMatchObject({ file: '名单.xlsx', rows: 2 });
  });

  it('rolls back rows already written when insert fails part-way', async () => {
    const before = await count();
    const failing: SheetImportSpec<Row> = { ...spec, async insert(trx, c, rows) { await spec.insert(trx, c, rows.slice(0, 1)); throw new Error('boom'); } };
    const buf = await workbook(['姓名', '单位', '在职'], [['己', '城关镇', '是'], ['庚', '城关镇', '是']]);
    await expect(commitSheet(t.db, ctx, failing, buf, 'x.xlsx')).rejects.toThrow('boom');
    expect(await count()).toBe(before);
  });

  it('refuses a wrong header, a missing sheet, an empty sheet and a file that is not xlsx', async () => {
    await expect(previewSheet(t.db, ctx.actor, spec, await workbook(['姓名', '单位'], [['甲', '城关镇']]))).rejects.toMatchObject({ code: 'BAD_FILE', message: expect.stringContaining('表头应依次为：姓名、单位、在职') });
    await expect(previewSheet(t.db, ctx.actor, spec, await workbook(['姓名', '单位', '在职'], [], 'Sheet1'))).rejects.toMatchObject({ message: expect.stringContaining('缺少“人员”工作表') });
    const empty = await previewSheet(t.db, ctx.actor, spec, await workbook(['姓名', '单位', '在职'], []));
    expect(empty.valid).toBe(false);
    expect(empty.fileErrors[0]).toContain('没有数据行');
    await expect(previewSheet(t.db, ctx.actor, spec, Buffer.from('姓名,单位\n甲,城关镇'))).rejects.toMatchObject({ code: 'BAD_FILE' });
  });

  it('builds a template whose header the import accepts', async () => {
    const tpl = await sheetTemplate(spec as SheetImportSpec<unknown>);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(tpl as never);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['人员', '填写说明']);
    const p = await previewSheet(t.db, ctx.actor, spec, tpl);
    expect(p.fileErrors[0]).toContain('没有数据行'); // header accepted, no rows
  });

  it('parses dates and names people of a unit', async () => {
    expect(parseDay('2026/3/5')).toBe('2026-03-05');
    expect(parseDay('2026年10月1日')).toBe('2026-10-01');
    expect(parseDay('2026-02-30')).toBeNull();
    expect(parseDay('三月五日')).toBeNull();
    expect(await personByName(t.db, county.units.a.id, '镇李', '责任人')).toEqual({ id: county.people.a.id });
    expect(await personByName(t.db, county.units.a.id, '县张', '责任人')).toMatchObject({ error: expect.stringContaining('不是该单位的在册人员') });
  });
});
