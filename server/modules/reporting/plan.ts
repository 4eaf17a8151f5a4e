/**
 * The work plan's 报告制度 paragraph, written from the schedules in force for the unit's
 * subtree in the plan's year (instead of a blank slot): who reports what, how often, by when.
 */
import type { DocItem } from '../../../common/documents';
import { CYCLE_LABELS, type ScheduleView } from '../../../common/reporting';
import { UNIT_KIND_LABELS } from '../../../common/labels';
import type { Database } from '../../db';
import { Figures, link, para } from '../../documents/content';
import { schedulesInForce } from './schedules';

function targets(s: ScheduleView): string {
  if (s.targetMode === 'all') return `${s.unitName}所属各单位`;
  if (s.targetMode === 'kinds') return `${s.unitName}所属各${s.targetKinds.map((k) => UNIT_KIND_LABELS[k as keyof typeof UNIT_KIND_LABELS] ?? k).join('、')}`;
  return `${s.targetUnitIds.length}个指定单位`;
}

function due(s: ScheduleView): string {
  if (s.dueMode === 'date') return `于${Number(s.dueDate!.slice(5, 7))}月${Number(s.dueDate!.slice(8, 10))}日前报送`;
  if (s.dueMode === 'hours') return `每期结束后${s.dueN}小时内报送`;
  return `每期结束后${s.dueN}个工作日内报送`;
}

export async function reportingPlanItems(db: Database, unit: { id: string; path: string }, from: string, to: string, f: Figures): Promise<DocItem[]> {
  const schedules = await schedulesInForce(db, unit.path, from, to);
  if (!schedules.length) return [];
  const href = link('/reporting/schedules', { unitId: unit.id });
  const items: DocItem[] = [para('严格执行报告制度，', f.fig('reportingSchedules', '报送安排', schedules.length, '项报送安排', href), '如下：')];
  for (const s of schedules) {
    const cycle = s.cycle === 'once' ? `在${s.startsOn}至${s.endsOn}期间` : s.watchOnly ? '在敏感时期每日' : CYCLE_LABELS[s.cycle];
    items.push({ kind: 'heading', level: 3, text: '', rest: [{ text: `${targets(s)}${cycle}报送“${s.formName}”，${due(s)}${s.lockAfterDays !== null ? `，逾期${s.lockAfterDays}天后锁定，需经批准方可补报` : ''}；本期无情况的，报送零报告。`, link: `/reporting/schedules/${s.id}` }] });
  }
  return items;
}
