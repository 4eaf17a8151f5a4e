/**
 * 工作总结's sentence on named campaigns: "开展“清朗”等专项行动N项。清朗专项行动中，部署相关任务K项，已完成M项，开展相关活动J次。",
 * each figure linked to its records. With no campaign records in the period the section says nothing
 * (a campaign is not required, so nothing is listed as missing).
 */
import type { DocRun } from '../../../common/documents';
import { para, summarySection } from '../../documents/content';
import { campaignFigures } from './figures';

export const campaignSection = summarySection({ key: 'campaigns', heading: '专项行动', order: 26 }, async (ctx, { f, r, items, records, done }) => {
  const cf = await campaignFigures(ctx.db, r);
  if (!cf.items.length) return done();
  const names = cf.items.map((c) => `“${c.name}”`);
  const runs: DocRun[] = [`开展${names.slice(0, 3).join('、')}${cf.items.length > 3 ? '等' : ''}专项行动`, f.fig('count', '开展的专项行动', cf.items.length, '项', records('/campaigns')({})), '。'];
  for (const c of cf.items) {
    runs.push(`${c.name}专项行动中，`);
    const parts: DocRun[][] = [];
    if (c.tasks) {
      const task: DocRun[] = ['部署相关任务', f.fig(`${c.campaignId}.tasks`, `${c.name}：任务`, c.tasks, '项', c.tasksLink)];
      task.push(...(c.tasksDone ? ['，已完成' as DocRun, f.fig(`${c.campaignId}.done`, `${c.name}：已完成任务`, c.tasksDone, '项', c.tasksDoneLink)] : ['，尚未完成' as DocRun]));
      parts.push(task);
    }
    if (c.activities) parts.push(['开展相关活动', f.fig(`${c.campaignId}.activities`, `${c.name}：活动`, c.activities, '次', c.activitiesLink)]);
    parts.forEach((p, i) => runs.push(...(i ? ['，' as DocRun] : []), ...p));
    runs.push('。');
  }
  items.push(para(...runs));
  return done();
});
