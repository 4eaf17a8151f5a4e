import { ACTIVITY_TYPE_LABELS, ACTIVITY_TYPES, type ActivityType } from '../../../common/ledger';
import { writeAudit } from '../../platform/audit';
import { shanghaiDay } from '../../platform/calendar';
import { fromLabel, parseDay, parseYesNo, type SheetImportSpec, tooLong, unitColumn } from '../../platform/sheet-import';
import { insertEntry } from './entries';

interface Row {
  unit: { id: string; path: string; name: string };
  type: ActivityType;
  day: string;
  topic: string;
  onTopic: boolean;
  participantIds: string[];
  othersCount: number;
  summary: string | null;
}

/** 活动台账 from Excel: one activity per row; participants by name among the unit's people. */
export const entryImport: SheetImportSpec<Row> = {
  sheet: '活动台账',
  entity: 'ledger_entry',
  columns: [
    unitColumn('单位', 22),
    { header: '类型', note: '从下拉列表选择', required: true, list: ACTIVITY_TYPES.map((t) => ACTIVITY_TYPE_LABELS[t]), width: 14 },
    { header: '日期', note: '如 2026-03-15', required: true, width: 14 },
    { header: '主题', note: '不超过 200 个字', required: true, width: 36 },
    { header: '是否涉及本项工作', note: '是 或 否', list: ['是', '否'], width: 10 },
    { header: '参加人员', note: '该单位及下级单位在册人员的姓名，用顿号“、”分隔', width: 30 },
    { header: '其他参加人数', note: '名单之外的参加人数，整数', width: 10 },
    { header: '内容摘要', note: '不超过 5000 个字', width: 40 },
  ],
  async parseRow(c, ctx) {
    const errs: string[] = [];
    const unit = await ctx.unit(c['单位'], '单位');
    if ('error' in unit) errs.push(unit.error);
    const type = fromLabel(ACTIVITY_TYPE_LABELS, c['类型']);
    if (!type) errs.push(`“类型”应为：${ACTIVITY_TYPES.map((t) => ACTIVITY_TYPE_LABELS[t]).join('、')}`);
    const day = parseDay(c['日期']);
    if (!day) errs.push('“日期”不是有效的日期，应写成 2026-03-15');
    else if (day > shanghaiDay()) errs.push('“日期”不能晚于今天');
    errs.push(...tooLong(c, { '主题': 200 }));
    const onTopic = parseYesNo(c['是否涉及本项工作']);
    if (onTopic === null) errs.push('“是否涉及本项工作”应填写“是”或“否”');
    const others = c['其他参加人数'] === '' ? 0 : Number(c['其他参加人数']);
    if (!Number.isInteger(others) || others < 0 || others > 100000) errs.push('“其他参加人数”应为 0 到 100000 的整数');
    errs.push(...tooLong(c, { '内容摘要': 5000 }));
    const participantIds: string[] = [];
    if (!('error' in unit) && c['参加人员']) {
      const names = [...new Set(c['参加人员'].split(/[、，,；;\s]+/).map((n) => n.trim()).filter(Boolean))];
      const people = await ctx.db
        .selectFrom('people as p')
        .innerJoin('units as u', 'u.id', 'p.unit_id')
        .select(['p.id', 'p.name'])
        .where('u.path', 'like', `${unit.unit.path}%`)
        .where('p.archived_at', 'is', null)
        .where('p.name', 'in', names)
        .execute();
      for (const n of names) {
        const hits = people.filter((p) => p.name === n);
        if (hits.length === 0) errs.push(`“参加人员”中的“${n}”不是${unit.unit.name}及下级单位的在册人员`);
        else if (hits.length > 1) errs.push(`“参加人员”中的“${n}”有重名，请在系统中逐条录入`);
        else participantIds.push(hits[0].id);
      }
    }
    if (errs.length || 'error' in unit || !type || !day || onTopic === null) return { errors: errs };
    return { value: { unit: unit.unit, type, day, topic: c['主题'], onTopic, participantIds, othersCount: others, summary: c['内容摘要'] || null } };
  },
  async insert(trx, ctx, rows) {
    for (const r of rows) {
      const row = await insertEntry(trx, ctx, r.unit, { type: r.type, day: r.day, topic: r.topic, onTopic: r.onTopic, participantIds: r.participantIds, othersCount: r.othersCount, hostPersonId: null, summary: r.summary, minutes: null, planId: null }, r.participantIds);
      await writeAudit(trx, ctx, { action: 'create', entity: 'ledger_entry', entityId: row.id, unitPath: r.unit.path, after: { type: r.type, day: r.day, topic: r.topic, onTopic: r.onTopic, imported: true } });
    }
  },
};
