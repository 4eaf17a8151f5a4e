import { RISK_AREA_LABELS, RISK_AREAS, RISK_LEVEL_LABELS, RISK_LEVELS, type RiskArea, type RiskLevel } from '../../../common/risks';
import { writeAudit } from '../../platform/audit';
import { fromLabel, parseDay, personByName, type SheetImportSpec, tooLong, unitColumn } from '../../platform/sheet-import';
import { insertRisk } from './service';

interface Row {
  unit: { id: string; path: string };
  description: string;
  area: RiskArea;
  level: RiskLevel;
  measures: string;
  ownerPersonId: string | null;
  reviewMonths: number;
  nextReviewDay: string;
}

/** 风险点 from Excel, one per row. */
export const riskImport: SheetImportSpec<Row> = {
  sheet: '风险点',
  entity: 'risk_point',
  columns: [
    unitColumn('单位', 20),
    { header: '风险描述', note: '不超过 2000 个字', required: true, width: 40 },
    { header: '领域', note: '从下拉列表选择', required: true, list: RISK_AREAS.map((a) => RISK_AREA_LABELS[a]) },
    { header: '等级', note: '低、中、高、重大', required: true, list: RISK_LEVELS.map((l) => RISK_LEVEL_LABELS[l]) },
    { header: '防控措施', note: '不超过 5000 个字', required: true, width: 40 },
    { header: '责任人', note: '该单位在册人员的姓名', width: 12 },
    { header: '复核周期(月)', note: '1 到 24 的整数', required: true, width: 12 },
    { header: '下次复核日期', note: '如 2026-12-31', required: true, width: 14 },
  ],
  async parseRow(c, ctx) {
    const errs: string[] = [];
    const unit = await ctx.unit(c['单位'], '单位');
    if ('error' in unit) errs.push(unit.error);
    errs.push(...tooLong(c, { '风险描述': 2000, '防控措施': 5000 }));
    const area = fromLabel(RISK_AREA_LABELS, c['领域']);
    if (!area) errs.push(`“领域”应为：${RISK_AREAS.map((a) => RISK_AREA_LABELS[a]).join('、')}`);
    const level = fromLabel(RISK_LEVEL_LABELS, c['等级']);
    if (!level) errs.push('“等级”应为：低、中、高、重大');
    const months = Number(c['复核周期(月)']);
    if (!Number.isInteger(months) || months < 1 || months > 24) errs.push('“复核周期(月)”应为 1 到 24 的整数');
    const next = parseDay(c['下次复核日期']);
    if (!next) errs.push('“下次复核日期”不是有效的日期');
    let ownerPersonId: string | null = null;
    if (!('error' in unit) && c['责任人']) {
      const p = await personByName(ctx.db, unit.unit.id, c['责任人'], '责任人');
      if ('error' in p) errs.push(p.error);
      else ownerPersonId = p.id;
    }
    if (errs.length || 'error' in unit || !area || !level || !next) return { errors: errs };
    return { value: { unit: unit.unit, description: c['风险描述'], area, level, measures: c['防控措施'], ownerPersonId, reviewMonths: months, nextReviewDay: next } };
  },
  async insert(trx, ctx, rows) {
    for (const r of rows) {
      const row = await insertRisk(trx, r.unit.id, r);
      await writeAudit(trx, ctx, { action: 'create', entity: 'risk_point', entityId: row.id, unitPath: r.unit.path, after: { description: r.description, area: r.area, level: r.level, nextReviewDay: r.nextReviewDay, imported: true } });
    }
  },
};
