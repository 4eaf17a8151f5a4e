/**
 * 工作总结's sentence on 队伍建设: "建立了N人的…队伍" for each role with members, and the trainings
 * they attended (from the teams figures). With no member recorded the preview lists what to add.
 */
import type { DocRun } from '../../../common/documents';
import { para, summarySection } from '../../documents/content';
import { teamFigures } from './figures';

export const teamSection = summarySection({ key: 'teams', heading: '队伍建设', order: 18 }, async (ctx, { f, r, items, missing, records, done }) => {
  const teams = records('/teams');
  const tf = await teamFigures(ctx.db, r);
  if (tf.byRole.length) {
    const runs: DocRun[] = ['建立了'];
    tf.byRole.forEach((x, i) => runs.push(i ? '、' : '', f.fig(`role.${x.role}`, `${x.label}队伍`, x.members, '人', teams({ role: x.role })), `的${x.label}队伍`));
    if (tf.trainingAttendances) runs.push('，本期队伍成员参加培训', f.fig('trainings', '队伍成员参加培训', tf.trainingAttendances, '人次', records('/activities', { period: true })({ type: 'training' })));
    runs.push('。');
    items.push(para(...runs));
  } else {
    missing.push({ section: 'teams', text: '未登记新闻发言人、联络员、信息员等队伍成员', link: teams({}) });
  }
  return done();
});
