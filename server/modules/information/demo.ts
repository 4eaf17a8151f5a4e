/**
 * Demo 信息报送 for the demo county: the county gives every township a quota of 2 items a month;
 * 城关镇 sent three this month (published, adopted, one waiting) and two last month, 东山镇 one
 * not adopted, 柳林村 one to 城关镇 still waiting; 西河乡 sent none and is behind.
 */
import type { InfoKind, InfoOutcome } from '../../../common/information';
import type { Database } from '../../db';
import type { Actor, ActorCtx, Ctx } from '../../platform/context';
import { addDays, shanghaiDay } from '../../platform/period';
import { actorsFor, unitsByName } from '../demo/lookups';
import { createItem, recordOutcome, setQuotas } from './service';

export async function seedInfoDemo(db: Database, system: Ctx): Promise<void> {
  const [staff, cgStaff, liaison] = await actorsFor(db, ['staff', 'cg_staff', 'liaison']);
  if (!staff || !cgStaff || !liaison) return;
  const townships = await db.selectFrom('units').select(['id', 'name']).where('parent_id', '=', staff.unitId).where('kind', '=', 'township').execute();
  const [ds] = await unitsByName(db, ['东山镇']);
  if (!townships.length || !ds) return;
  const as = (actor: Actor): ActorCtx => ({ ...system, actor });
  const today = shanghaiDay();
  await setQuotas(db, as(staff), { unitIds: townships.map((t) => t.id), minPerMonth: 2 });

  const send = async (by: Actor, unitId: string, kind: InfoKind, title: string, content: string, daysAgo: number, outcome?: { by: Actor; outcome: InfoOutcome; where?: string; note?: string }) => {
    const item = await createItem(db, as(by), { unitId, kind, title, content });
    if (daysAgo) {
      const day = addDays(today, -daysAgo);
      await db.updateTable('info_items').set({ sent_day: day, sent_at: `${day}T02:00:00.000Z` }).where('id', '=', item.id).execute();
    }
    if (outcome) await recordOutcome(db, as(outcome.by), item.id, { outcome: outcome.outcome, where: outcome.where ?? null, note: outcome.note ?? null, version: 0 });
  };
  const dayOfMonth = Number(today.slice(8));
  const thisMonth = (n: number) => Math.min(n, dayOfMonth - 1);
  await send(cgStaff, cgStaff.unitId, 'work', '城关镇开展“清朗”网络文明进村入户活动', '城关镇组织各村(社区)开展网络文明宣传，发放宣传资料800余份，举办讲座6场。', thisMonth(4),
    { by: staff, outcome: 'published', where: '《县网信工作简报》本期', note: '全文刊发' });
  await send(cgStaff, cgStaff.unitId, 'public_opinion', '关于东街施工噪音扰民的舆情信息', '近日有群众在本地论坛反映东街工地夜间施工噪音问题，镇城建办已核实并督促整改，相关帖文热度下降。', thisMonth(2),
    { by: staff, outcome: 'excerpt', note: '摘要编入县舆情日报' });
  await send(cgStaff, cgStaff.unitId, 'news', '城关镇举办网络安全知识进校园活动', '城关镇联合镇中心小学举办网络安全知识讲座，300余名师生参加。', 0);
  await send(cgStaff, cgStaff.unitId, 'work', '城关镇召开网络意识形态工作专题会议', '镇党委专题研究网络意识形态工作，部署下阶段重点任务。', dayOfMonth + 5, { by: staff, outcome: 'adopted' });
  await send(cgStaff, cgStaff.unitId, 'work', '城关镇完成政务新媒体账号自查', '对镇属3个政务新媒体账号开展自查，整改问题2处。', dayOfMonth + 12, { by: staff, outcome: 'rejected', note: '内容与全县通报重复' });
  await send(staff, ds.id, 'work', '东山镇开展网评员培训', '东山镇组织网评员培训一次，20人参加。', thisMonth(3), { by: staff, outcome: 'rejected', note: '请补充具体成效后再报' });
  await send(liaison, liaison.unitId, 'public_opinion', '柳林村村民关注村道维修进度', '有村民在微信群询问村道维修何时完工，村委会已答复预计月底完工。', 0);
}
