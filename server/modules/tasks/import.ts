import { TASK_SOURCE_LABELS, TASK_SOURCES, type TaskSource } from '../../../common/tasks';
import { writeAudit } from '../../platform/audit';
import { newId, nowIso } from '../../platform/ids';
import { fromLabel, parseDay, personByName, type SheetImportSpec, tooLong, unitColumn } from '../../platform/sheet-import';

interface Row {
  unitId: string;
  unitPath: string;
  ownerPersonId: string | null;
  title: string;
  content: string | null;
  source: TaskSource;
  basis: string | null;
  startDay: string;
  dueDay: string | null;
  recurrence: 'monthly' | 'quarterly' | null;
}

const ONGOING: Record<string, 'monthly' | 'quarterly'> = { '长期坚持(每月)': 'monthly', '长期坚持(每季度)': 'quarterly', '长期坚持（每月）': 'monthly', '长期坚持（每季度）': 'quarterly' };

/** 任务台账 from Excel: one task per row, in the importer's subtree. */
export const taskImport: SheetImportSpec<Row> = {
  sheet: '任务',
  templateName: '任务台账导入模板.xlsx',
  entity: 'task',
  columns: [
    { header: '任务名称', note: '不超过 200 个字', required: true, width: 30 },
    { header: '任务内容', note: '不超过 5000 个字', width: 40 },
    { header: '来源', note: '从下拉列表选择', required: true, list: TASK_SOURCES.map((s) => TASK_SOURCE_LABELS[s]) },
    unitColumn('责任单位', 24),
    { header: '责任人', note: '责任单位在册人员的姓名', width: 12 },
    { header: '开始日期', note: '如 2026-03-01', required: true, width: 14 },
    { header: '完成时限', note: '日期，如 2026-06-30；长期坚持的任务写“长期坚持(每月)”或“长期坚持(每季度)”', required: true, width: 20, list: ['长期坚持(每月)', '长期坚持(每季度)'] },
    { header: '依据文件', note: '文件名称或文号，不超过 300 个字', width: 30 },
  ],
  async parseRow(c, ctx) {
    const errs = tooLong(c, { '任务名称': 200, '任务内容': 5000, '依据文件': 300 });
    const title = c['任务名称'];
    const source = fromLabel(TASK_SOURCE_LABELS, c['来源']);
    if (!source) errs.push(`“来源”应为：${TASK_SOURCES.map((s) => TASK_SOURCE_LABELS[s]).join('、')}`);
    const startDay = parseDay(c['开始日期']);
    if (!startDay) errs.push('“开始日期”不是有效的日期，应写成 2026-03-01');
    const recurrence = ONGOING[c['完成时限'].replace(/\s/g, '')] ?? null;
    const dueDay = recurrence ? null : parseDay(c['完成时限']);
    if (!recurrence && !dueDay) errs.push('“完成时限”应为日期(如 2026-06-30)或“长期坚持(每月)”“长期坚持(每季度)”');
    if (startDay && dueDay && dueDay < startDay) errs.push('“完成时限”不能早于“开始日期”');
    const unit = await ctx.unit(c['责任单位'], '责任单位');
    if ('error' in unit) errs.push(unit.error);
    let ownerPersonId: string | null = null;
    if (!('error' in unit) && c['责任人']) {
      const p = await personByName(ctx.db, unit.unit.id, c['责任人'], '责任人');
      if ('error' in p) errs.push(p.error);
      else ownerPersonId = p.id;
    }
    if (errs.length || 'error' in unit || !source || !startDay) return { errors: errs };
    return {
      value: {
        unitId: unit.unit.id, unitPath: unit.unit.path, ownerPersonId, title, content: c['任务内容'] || null, source,
        basis: c['依据文件'] || null, startDay, dueDay, recurrence,
      },
    };
  },
  checkAll(rows) {
    const seen = new Map<string, number>();
    return rows.flatMap((r) => {
      const key = `${r.value.unitId}|${r.value.title}`;
      const first = seen.get(key);
      if (first) return [{ row: r.row, error: `与第 ${first} 行是同一单位的同名任务` }];
      seen.set(key, r.row);
      return [];
    });
  },
  async insert(trx, ctx, rows) {
    const now = nowIso();
    for (const r of rows) {
      const row = {
        id: newId(), unit_id: r.unitId, unit_path: r.unitPath, owner_person_id: r.ownerPersonId, parent_id: null, title: r.title, content: r.content,
        source: r.source, basis: r.basis, start_day: r.startDay, due_mode: r.recurrence ? 'ongoing' : 'date', due_days: null,
        due_day: r.dueDay, recurrence: r.recurrence, last_checkin_period: null, status: 'pending', completed_day: null,
        completion_note: null, created_by: `${ctx.actor.displayName}(${ctx.actor.username})`, archived_at: null, version: 0,
        created_at: now, updated_at: now,
      };
      await trx.insertInto('tasks').values(row).execute();
      await writeAudit(trx, ctx, { action: 'create', entity: 'task', entityId: row.id, unitPath: r.unitPath, after: { title: r.title, source: r.source, startDay: r.startDay, dueDay: r.dueDay, recurrence: r.recurrence, imported: true } });
    }
  },
};
