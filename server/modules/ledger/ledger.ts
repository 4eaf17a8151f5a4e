import type { z } from 'zod';
import { ACTIVITY_TYPE_LABELS, type entryQuery, PLAN_STATUS_LABELS, type planQuery, type PlanView } from '../../../common/ledger';
import type { Database } from '../../db';
import { shanghaiDay } from '../../platform/calendar';
import type { Actor } from '../../platform/context';
import { cnDay, dayCell, ledgerWorkbook, listLedger } from '../../platform/ledger-xlsx';
import { getVisibleUnit, unitNameOf } from '../units/service';
import { listEntries } from './entries';
import { listPlans } from './plans';
import { targetProgress } from './targets';

/** 活动台账 as .xlsx, oldest first: the entries the list shows for the same filters (the period is on the activity day). */
export async function entryLedger(db: Database, actor: Actor, query: Omit<z.infer<typeof entryQuery>, 'page' | 'pageSize'>): Promise<Buffer> {
  return listLedger((page, pageSize) => listEntries(db, actor, { ...query, page, pageSize }), {
    title: query.type ? `${ACTIVITY_TYPE_LABELS[query.type]}台账` : '活动台账',
    unitName: await unitNameOf(db, actor, query.unitId),
    from: query.from, to: query.to, oldestFirst: true,
    columns: [
      { header: '日期', width: 14, value: (e) => dayCell(e.day) },
      { header: '单位', width: 14, value: (e) => e.unitName },
      { header: '类型', width: 12, value: (e) => ACTIVITY_TYPE_LABELS[e.type] },
      { header: '主题', width: 36, value: (e) => e.topic },
      { header: '涉及本项工作', width: 10, value: (e) => (e.onTopic ? '是' : '否') },
      { header: '主持人', width: 10, value: (e) => e.hostName },
      { header: '参加人员', width: 30, value: (e) => e.participants.map((p) => p.name).join('、') },
      { header: '参加人数', width: 8, value: (e) => e.headcount },
      { header: '内容摘要', width: 40, value: (e) => e.summary },
      { header: '关联预案', width: 20, value: (e) => e.planTitle },
      { header: '附件数', width: 8, value: (e) => e.attachmentCount },
    ],
  });
}

/**
 * 应急预案台账 as .xlsx. Plans are a standing register: the plans as they stand, or with `to`
 * the plans in effect by the end of that day ("截至…"), with their drill counts.
 */
export async function planLedger(db: Database, actor: Actor, query: Omit<z.infer<typeof planQuery>, 'page' | 'pageSize'> & { from?: string | null; to?: string | null }): Promise<Buffer> {
  const { from: _from, to, ...filters } = query;
  let items = (await listPlans(db, actor, { ...filters, page: 1, pageSize: 10000 })).items;
  if (to) items = items.filter((p) => p.effectiveDay <= to);
  return ledgerWorkbook<PlanView>({
    title: '应急预案台账', unitName: await unitNameOf(db, actor, query.unitId), period: `截至${cnDay(to ?? shanghaiDay())}`, rows: items,
    columns: [
      { header: '预案名称', width: 34, value: (p) => p.title },
      { header: '版本', width: 12, value: (p) => p.versionLabel },
      { header: '单位', width: 14, value: (p) => p.unitName },
      { header: '施行日期', width: 14, value: (p) => dayCell(p.effectiveDay) },
      { header: '状态', width: 8, value: (p) => PLAN_STATUS_LABELS[p.status] },
      { header: '演练次数', width: 8, value: (p) => p.drillCount },
      { header: '最近演练', width: 14, value: (p) => dayCell(p.lastDrillDay) },
    ],
  });
}

/**
 * 年度目标完成情况 as .xlsx: one row per unit and activity type with a target, as the targets page
 * shows them (`directOnly`: the unit and its direct subordinates, the page's default view); the
 * expected count and whether behind are judged as of today, with the reasons in words.
 */
export async function targetProgressLedger(db: Database, actor: Actor, q: { unitId?: string; year?: number; directOnly?: 'true' | 'false' }): Promise<Buffer> {
  const unit = q.unitId ? await getVisibleUnit(db, actor, q.unitId) : null;
  const year = q.year ?? Number(shanghaiDay().slice(0, 4));
  const all = await targetProgress(db, unit?.path ?? actor.unitPath, year);
  const rootDepth = all.length ? Math.min(...all.map((u) => u.depth)) : 0;
  const units = all.filter((u) => u.items.length > 0 && (q.directOnly !== 'true' || u.depth <= rootDepth + 1));
  const rows = units.flatMap((u) => u.items.map((i) => ({ unitName: u.unitName, i })));
  type Row = (typeof rows)[number];
  return ledgerWorkbook<Row>({
    title: `${year}年度目标完成情况`, unitName: unit?.name ?? actor.unitName, period: `${year}年(截至${cnDay(shanghaiDay())})`, rows,
    columns: [
      { header: '单位', width: 14, value: (r) => r.unitName },
      { header: '活动类型', width: 12, value: (r) => ACTIVITY_TYPE_LABELS[r.i.type] },
      { header: '全年目标', width: 9, value: (r) => r.i.target.minTotal },
      { header: '已开展', width: 8, value: (r) => r.i.done },
      { header: '截至今天应完成', width: 10, value: (r) => r.i.expectedByNow },
      { header: '涉及本项工作的目标', width: 10, value: (r) => r.i.target.minOnTopic },
      { header: '其中涉及本项工作', width: 10, value: (r) => r.i.doneOnTopic },
      { header: '各季度', width: 14, value: (r) => r.i.quarters.join('·') + (r.i.target.minPerQuarter ? `(每季≥${r.i.target.minPerQuarter})` : '') },
      { header: '目标来自', width: 16, value: (r) => `${r.i.source.unitName}${r.i.source.scope === 'self' ? '(自身目标)' : '(默认目标)'}` },
      { header: '完成情况', width: 8, value: (r) => (r.i.behind ? '落后' : '正常') },
      { header: '落后原因', width: 36, value: (r) => r.i.reasons.join('；') },
    ],
  });
}
