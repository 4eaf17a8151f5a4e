import { writeAudit } from '../../platform/audit';
import { newId, nowIso } from '../../platform/ids';
import { personByName, type SheetImportSpec, tooLong, unitColumn } from '../../platform/sheet-import';

interface Row {
  unit: { id: string; path: string };
  year: number;
  category: string | null;
  content: string;
  leaderPersonId: string | null;
  departmentIds: string[];
  departmentsText: string | null;
  basis: string | null;
  /** null: after the entries the unit already has for the year, in row order. */
  sortOrder: number | null;
}

const SEPARATORS = /[、，,；;\s]+/;

/**
 * 责任清单 from Excel (the Word/Excel tables units keep today), one entry per row. Responsible
 * departments that name a unit below the row's unit become links to it; other names (县委组织部,
 * 各村(社区)) are kept as text.
 */
export const dutyImport: SheetImportSpec<Row> = {
  sheet: '责任清单',
  entity: 'duty_item',
  columns: [
    unitColumn('单位', 20),
    { header: '年度', note: '如 2026', required: true, width: 8 },
    { header: '类别', note: '选填，不超过 50 个字，如 组织领导、阵地管理', width: 12 },
    { header: '责任内容', note: '不超过 2000 个字', required: true, width: 50 },
    { header: '责任领导', note: '该单位在册人员的姓名', width: 12 },
    { header: '责任部门', note: '多个用顿号分隔；是该单位下级单位的写单位名称，其他部门照写', width: 24 },
    { header: '依据文件', note: '文件名称和文号，不超过 300 个字', width: 30 },
    { header: '排序', note: '选填，整数，小的在前；不填按行的顺序', width: 8 },
  ],
  guide: ['同一单位同一年度可分多次导入，导入的条目排在已有条目之后；要沿用上一年度的清单，可在页面上“从上一年复制”。'],
  async parseRow(c, ctx) {
    const errs: string[] = [];
    const unit = await ctx.unit(c['单位'], '单位');
    if ('error' in unit) errs.push(unit.error);
    const year = Number(c['年度'].replace(/年$/, ''));
    if (!Number.isInteger(year) || year < 2000 || year > 2100) errs.push('“年度”应为 2000 到 2100 之间的年份，如 2026');
    errs.push(...tooLong(c, { '责任内容': 2000, '类别': 50, '依据文件': 300 }));
    let sortOrder: number | null = null;
    if (c['排序']) {
      sortOrder = Number(c['排序']);
      if (!Number.isInteger(sortOrder) || sortOrder < 0 || sortOrder > 100000) errs.push('“排序”应为 0 到 100000 的整数');
    }
    let leaderPersonId: string | null = null;
    const departmentIds: string[] = [];
    const texts: string[] = [];
    if (!('error' in unit)) {
      if (c['责任领导']) {
        const p = await personByName(ctx.db, unit.unit.id, c['责任领导'], '责任领导');
        if ('error' in p) errs.push(p.error);
        else leaderPersonId = p.id;
      }
      const below = await ctx.once(`below:${unit.unit.id}`, () =>
        ctx.db.selectFrom('units').select(['id', 'name']).where('path', 'like', `${unit.unit.path}%`).where('id', '!=', unit.unit.id).where('archived_at', 'is', null).execute());
      for (const name of c['责任部门'].split(SEPARATORS).filter(Boolean)) {
        const hits = below.filter((u) => u.name === name);
        if (hits.length > 1) errs.push(`“责任部门”中的“${name}”在${unit.unit.name}下有 ${hits.length} 个同名单位，请导入后在页面上选择`);
        else if (hits.length === 1) { if (!departmentIds.includes(hits[0].id)) departmentIds.push(hits[0].id); }
        else texts.push(name);
      }
      if (departmentIds.length > 50) errs.push('“责任部门”最多 50 个');
      if (texts.join('、').length > 200) errs.push('“责任部门”中不是下级单位的部门名称合计不能超过 200 个字');
    }
    if (errs.length || 'error' in unit) return { errors: errs };
    return {
      value: {
        unit: unit.unit, year, category: c['类别'] || null, content: c['责任内容'], leaderPersonId, departmentIds,
        departmentsText: texts.length ? texts.join('、') : null, basis: c['依据文件'] || null, sortOrder,
      },
    };
  },
  checkAll(rows) {
    const seen = new Map<string, number>();
    const out: { row: number; error: string }[] = [];
    for (const r of rows) {
      const key = `${r.value.unit.id}|${r.value.year}|${r.value.content}`;
      const first = seen.get(key);
      if (first !== undefined) out.push({ row: r.row, error: `与第 ${first} 行是同一单位、同一年度的相同责任内容` });
      else seen.set(key, r.row);
    }
    return out;
  },
  async insert(trx, ctx, rows) {
    const next = new Map<string, number>();
    for (const r of rows) {
      let sortOrder = r.sortOrder;
      if (sortOrder === null) {
        const key = `${r.unit.id}|${r.year}`;
        if (!next.has(key)) {
          const max = await trx.selectFrom('duty_items').select((eb) => eb.fn.max('sort_order').as('m')).where('unit_id', '=', r.unit.id).where('year', '=', r.year).executeTakeFirst();
          next.set(key, Number(max?.m ?? 0) + 1);
        }
        sortOrder = next.get(key)!;
        next.set(key, sortOrder + 1);
      }
      const id = newId();
      const now = nowIso();
      await trx.insertInto('duty_items').values({
        id, unit_id: r.unit.id, year: r.year, content: r.content, category: r.category, leader_person_id: r.leaderPersonId,
        department_ids: JSON.stringify(r.departmentIds), departments_text: r.departmentsText, basis: r.basis, sort_order: sortOrder,
        archived_at: null, version: 0, created_at: now, updated_at: now,
      }).execute();
      await writeAudit(trx, ctx, { action: 'create', entity: 'duty_item', entityId: id, unitPath: r.unit.path, after: { year: r.year, content: r.content, category: r.category, departmentsText: r.departmentsText, basis: r.basis, imported: true } });
    }
  },
};
