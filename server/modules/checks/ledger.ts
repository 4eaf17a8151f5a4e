/** Exports that keep the framework's structure: an assessment item by item, a campaign unit by unit and item by item. */
import { ITEM_KIND_LABELS, type ItemRow, itemsOf, METHOD_LABELS, type Method, resultText, SCORING_LABELS } from '../../../common/checks';
import type { Database } from '../../db';
import type { Actor } from '../../platform/context';
import { errors } from '../../platform/errors';
import { ledgerWorkbook, periodText } from '../../platform/ledger-xlsx';
import { inSubtreeOf } from '../../platform/scope';
import { parseContent } from './frameworks';
import { getAssessment, getCampaign } from './service';

type Line = ItemRow | { total: string; score: string };

export async function assessmentLedger(db: Database, actor: Actor, id: string) {
  const a = await getAssessment(db, actor, id);
  const title = a.kind === 'self' ? `${a.frameworkName}自查表` : `${a.campaignName}考核表`;
  const rows: Line[] = [
    ...a.items.filter((r) => r.applies),
    { total: '合计得分', score: String(a.totals.score) },
    { total: '等次', score: a.grade },
  ];
  const isItem = (r: Line): r is ItemRow => 'item' in r;
  const buffer = await ledgerWorkbook<Line>({
    title, unitName: a.unitName, period: periodText(a.from, a.to), rows,
    columns: [
      { header: '部分', width: 16, value: (r) => (isItem(r) ? r.item.sectionTitle : r.total) },
      { header: '考核内容', width: 44, value: (r) => (isItem(r) ? r.item.text : '') },
      { header: '类型', width: 10, value: (r) => (isItem(r) ? ITEM_KIND_LABELS[r.item.kind] : '') },
      { header: '分值', width: 8, value: (r) => (isItem(r) ? r.item.points : '') },
      { header: '评分方式', width: 12, value: (r) => (isItem(r) ? SCORING_LABELS[r.item.scoring] : '') },
      { header: '台账数据', width: 16, value: (r) => (isItem(r) ? (r.valueText ?? '') : '') },
      { header: '标准', width: 16, value: (r) => (isItem(r) ? r.thresholdText : '') },
      { header: '结果', width: 12, value: (r) => (isItem(r) ? resultText(r.item, r.answer ?? undefined) : '') },
      { header: '得分', width: 8, value: (r) => (isItem(r) ? (r.answer ? r.answer.points : '') : r.score) },
      { header: '考核方式', width: 10, value: (r) => (isItem(r) && r.answer?.method ? METHOD_LABELS[r.answer.method as Method] : '') },
      { header: '说明', width: 30, value: (r) => (isItem(r) ? [r.answer?.note, r.answer?.overrideReason ? `调整原因：${r.answer.overrideReason}` : null].filter(Boolean).join('；') : '') },
      { header: '佐证材料', width: 20, value: (r) => (isItem(r) ? r.item.evidence : '') },
    ],
  });
  return { buffer, filename: `${a.unitName}${title}.xlsx` };
}

/** The campaign's results: ranking, score, grade, and each item's points per unit (the assessing side only). */
export async function campaignLedger(db: Database, actor: Actor, id: string) {
  const c = await getCampaign(db, actor, id);
  if (!c.results) throw errors.forbidden('考核结果公布前不能导出');
  const items = c.assessing ? itemsOf(parseContent((await db.selectFrom('check_campaigns').select('content').where('id', '=', id).executeTakeFirstOrThrow()).content)) : [];
  const points = new Map<string, Map<string, number>>();
  if (items.length) {
    const ids = c.results.map((r) => r.assessmentId).filter(Boolean);
    for (let i = 0; i < ids.length; i += 500) {
      const rows = await db.selectFrom('check_answers').select(['assessment_id', 'item_key', 'points']).where('assessment_id', 'in', ids.slice(i, i + 500)).execute();
      for (const r of rows) {
        if (!points.has(r.assessment_id)) points.set(r.assessment_id, new Map());
        points.get(r.assessment_id)!.set(r.item_key, Number(r.points));
      }
    }
  }
  const buffer = await ledgerWorkbook({
    title: `${c.name}结果`, unitName: c.unitName, period: periodText(c.from, c.to), rows: c.results,
    columns: [
      { header: '名次', width: 6, value: (r) => r.rank },
      { header: '单位', width: 18, value: (r) => r.unitName },
      { header: '得分', width: 8, value: (r) => r.score },
      { header: '等次', width: 8, value: (r) => r.grade },
      { header: '一票否决', width: 10, value: (r) => (r.vetoFailed ? '是' : '') },
      { header: '上年得分', width: 10, value: (r) => r.lastScore ?? '' },
      { header: '变化', width: 8, value: (r) => (r.change === null ? '' : r.change > 0 ? `+${r.change}` : r.change) },
      ...(c.assessing ? [{ header: '取消评优资格', width: 12, value: (r: (typeof c.results)[number]) => (r.noHonours ? '是' : '') }] : []),
      ...items.map((it) => ({ header: `${it.sectionTitle}·${it.text.slice(0, 20)}(${it.kind === 'veto' ? '否决' : `${it.points}分`})`, width: 14, value: (r: (typeof c.results)[number]) => points.get(r.assessmentId)?.get(it.key) ?? '' })),
    ],
  });
  return { buffer, filename: `${c.name}结果.xlsx` };
}


interface RegisterRow { kind: string; unitName: string; name: string; from: string; to: string; status: string; score: number; grade: string; rank: string }

/**
 * 自查与考核台账 for a unit's subtree and a period, as the pack holds it: the self-inspections of
 * the subtree and the campaigns' results the actor may see (published, or the assessing side).
 */
export async function checksRegister(db: Database, actor: Actor, scope: { unitId: string; from: string; to: string }): Promise<Buffer> {
  const unit = await db.selectFrom('units').select(['id', 'name', 'path']).where('id', '=', scope.unitId).executeTakeFirstOrThrow();
  const rows: RegisterRow[] = [];
  const selfs = await db.selectFrom('check_assessments as a').innerJoin('units as u', 'u.id', 'a.unit_id').select('a.id')
    .where('a.kind', '=', 'self').where('a.archived_at', 'is', null).where('a.to_day', '>=', scope.from).where('a.from_day', '<=', scope.to)
    .where((eb) => inSubtreeOf(eb, 'u.path', unit.path)).where((eb) => inSubtreeOf(eb, 'u.path', actor.unitPath)).orderBy('u.path').execute();
  for (const s of selfs) {
    const a = await getAssessment(db, actor, s.id);
    rows.push({ kind: '自查', unitName: a.unitName, name: a.frameworkName, from: a.from, to: a.to, status: a.status === 'submitted' ? '已报送' : '填写中', score: a.totals.score, grade: a.grade, rank: '' });
  }
  const campaigns = await db.selectFrom('check_campaigns').select('id').where('archived_at', 'is', null).where('to_day', '>=', scope.from).where('from_day', '<=', scope.to).orderBy('from_day').execute();
  for (const c of campaigns) {
    let v: Awaited<ReturnType<typeof getCampaign>>;
    try {
      v = await getCampaign(db, actor, c.id);
    } catch {
      continue;
    }
    for (const r of v.results ?? []) {
      const u = await db.selectFrom('units').select('path').where('id', '=', r.unitId).executeTakeFirst();
      if (!u || !u.path.startsWith(unit.path)) continue;
      rows.push({ kind: '考核', unitName: r.unitName, name: v.name, from: v.from, to: v.to, status: v.status === 'published' ? '已公布' : '评分中', score: r.score, grade: r.grade, rank: `${r.rank}/${v.results!.length}` });
    }
  }
  return ledgerWorkbook<RegisterRow>({
    title: '自查与考核台账', unitName: unit.name, period: periodText(scope.from, scope.to), rows,
    columns: [
      { header: '类型', width: 8, value: (r) => r.kind },
      { header: '单位', width: 16, value: (r) => r.unitName },
      { header: '考核细则或考核', width: 36, value: (r) => r.name },
      { header: '期间', width: 24, value: (r) => `${r.from}至${r.to}` },
      { header: '状态', width: 10, value: (r) => r.status },
      { header: '得分', width: 8, value: (r) => r.score },
      { header: '等次', width: 8, value: (r) => r.grade },
      { header: '名次', width: 8, value: (r) => r.rank },
    ],
  });
}
