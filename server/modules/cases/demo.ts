/**
 * Demo 舆情与诉求 for the demo county, driven through the real services so every step is on
 * the timeline and in the audit log: a 较大 concern from the public page handled by a village
 * and approved by the county leader with an instruction; a reported twice (once in Traditional
 * characters) waiting for the village's verification; a 重大 event of 东山镇 in the county's
 * direct-report queue; an overdue reply; a notice not yet triaged; and a year of closed cases
 * behind the figures. Texts are invented.
 */
import type { CaseLevel, CaseSource } from '../../../common/cases';
import type { Database } from '../../db';
import type { Actor, ActorCtx, Ctx } from '../../platform/context';
import { intake } from './intake';
import * as service from './service';
import { actorsFor, unitsByName } from '../demo/lookups';

const hoursAgo = (h: number) => new Date(Date.now() - h * 3600_000).toISOString();
const version = async (db: Database, id: string) => (await db.selectFrom('case_events').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version;

const HISTORY: { title: string; content: string; source: CaseSource; category: string; level: CaseLevel; reply: string }[] = [
  { title: '小区楼道灯不亮', content: '城西社区8号楼楼道声控灯坏了一个多月，老人晚上上下楼看不清，请物业尽快维修。', source: 'online_petition', category: '城乡建设', level: 'general', reply: '社区已督促物业更换楼道灯，现已恢复照明。' },
  { title: '学校门口占道经营', content: '实验小学门口放学时段摊贩占道经营，接孩子的家长和车辆挤在一起，存在安全隐患。', source: 'hotline', category: '市场监管', level: 'general', reply: '镇综合执法队已在放学时段安排人员值守，引导摊贩入市经营。' },
  { title: '村道坑洼积水', content: '杨庄村通往镇上的村道有多处坑洼，下雨后积水很深，电动车经过容易滑倒。', source: 'online_petition', category: '交通出行', level: 'general', reply: '已安排对杨庄村村道坑洼路段进行修补，雨季前完工。' },
  { title: '医保报销咨询无人接听', content: '镇卫生院公布的医保报销咨询电话连续几天无人接听，群众不知道报销需要哪些材料。', source: 'hotline', category: '医疗卫生', level: 'general', reply: '卫生院已调整咨询电话值守安排，并在门诊大厅公示报销所需材料清单。' },
  { title: '垃圾清运不及时', content: '南街社区菜市场旁垃圾站清运不及时，周末垃圾堆到路边，气味很大。', source: 'media_tip', category: '生态环境', level: 'general', reply: '环卫所已将该垃圾站周末清运调整为每日两次。' },
  { title: '网上办事系统无法上传材料', content: '县政务服务网上办理营业执照变更时上传材料一直失败，打电话咨询说系统升级，已经持续一周。', source: 'online_petition', category: '政务服务', level: 'general', reply: '系统已于升级后恢复，县政务服务中心已逐一联系受影响的办事群众。' },
  { title: '低保公示时间过短', content: '河湾村低保名单公示只贴了一天，村民没来得及看就撕掉了，要求重新公示。', source: 'internal', category: '社会保障', level: 'major', reply: '河湾村已重新公示低保名单七天，并公布评定标准和监督电话。' },
  { title: '停水通知时间写错', content: '县融媒体中心发布的停水通知时间写错了，写的是12日实际是21日，很多人提前储水。', source: 'monitoring', category: '政务服务', level: 'general', reply: '已发布更正说明，停水时间为21日8时至18时，对给群众带来的不便表示歉意。' },
];

export async function seedCaseDemo(db: Database, system: Ctx): Promise<void> {
  const [staff, leader, cgStaff, cgAdmin, liaison] = await actorsFor(db, ['staff', 'leader', 'cg_staff', 'cg_admin', 'liaison']);
  const [cg, ds, liulin, county] = await unitsByName(db, ['城关镇', '东山镇', '柳林村', '示例县']);
  if (!staff || !leader || !cgStaff || !cgAdmin || !liaison || !cg || !ds || !liulin || !county) return;
  const as = (actor: Actor): ActorCtx => ({ ...system, actor });

  // A year of closed cases at 城关镇, each replied and closed some hours after it came in.
  for (const [i, h] of HISTORY.entries()) {
    const received = hoursAgo(24 * (30 + i * 35));
    const r = await intake(db, as(cgStaff), { unit: cg, source: h.source, via: 'staff', receivedAt: received, title: h.title, content: h.content });
    const id = r.eventId;
    await service.triage(db, as(cgStaff), id, { version: await version(db, id), level: h.level, category: h.category, handlingUnitId: cg.id, note: null });
    await service.verify(db, as(cgStaff), id, { version: await version(db, id), result: 'true', note: '经现场核实，情况属实。' });
    await service.respond(db, as(cgStaff), id, { version: await version(db, id), measures: '责成相关部门整改', publicReply: h.reply });
    await service.close(db, as(cgStaff), id, { version: await version(db, id), note: '已处置并答复' });
    if (h.level !== 'general') {
      await service.markRead(db, as(leader), id);
      await service.approveClose(db, as(leader), id, { version: await version(db, id), note: '同意办结' });
    }
    // Past cases: their times are when they happened (the steps above ran today).
    const replied = new Date(Date.parse(received) + (20 + i * 7) * 3600_000).toISOString();
    const closed = new Date(Date.parse(received) + (30 + i * 13) * 3600_000).toISOString();
    await db.updateTable('case_events').set({ triaged_at: received, reported_up_at: h.level === 'general' ? null : received, first_info_at: replied, responded_at: replied, closed_at: closed, close_requested_at: closed, updated_at: closed }).where('id', '=', id).execute();
  }

  // From the public page: 较大, handled by 柳林村, approved and instructed by the county.
  const pub = await intake(db, system, {
    unit: cg, source: 'online_petition', via: 'public', receivedAt: hoursAgo(30), title: '柳林村桥梁护栏断裂',
    content: '柳林村村口桥梁护栏断了两处，晚上没有路灯，村民和小孩经过很危险，请尽快修复。', contact: '138****0000', channel: '网信工作台公众提交页面', withTrackingCode: true,
  });
  const p = pub.eventId;
  await service.triage(db, as(cgStaff), p, { version: await version(db, p), level: 'major', category: '交通出行', handlingUnitId: cg.id, note: '涉及群众出行安全，按较大事件处理' });
  await service.assign(db, as(cgStaff), p, { version: await version(db, p), unitId: liulin.id, note: '请柳林村当日核实并设置警示' });
  await service.verify(db, as(liaison), p, { version: await version(db, p), result: 'true', note: '护栏两处断裂属实，已设置警示桩' });
  await service.respond(db, as(liaison), p, { version: await version(db, p), measures: '设置警示桩和反光标识，联系施工队更换护栏', publicReply: '经核实，柳林村村口桥梁护栏两处断裂属实。村委会已当日设置警示桩和反光标识，新护栏已于次日安装完毕，感谢您的反映。' });
  await service.close(db, as(cgStaff), p, { version: await version(db, p), note: '护栏已更换' });
  await service.approveClose(db, as(leader), p, { version: await version(db, p), note: '同意办结' });
  await service.instruct(db, as(leader), p, { text: '请城关镇举一反三，排查全镇桥梁护栏和路灯隐患。' });

  // Reported twice, once in Traditional characters: one event, waiting for the village.
  const text = '城关镇杨庄村到县城的公交车近一个月经常晚点半小时以上，站牌时刻表与实际不符，上班族经常迟到。';
  const a = await intake(db, as(cgStaff), { unit: cg, source: 'online_petition', via: 'staff', receivedAt: hoursAgo(20), title: '杨庄村公交经常晚点', content: text, channel: '市长信箱' });
  await intake(db, as(cgStaff), { unit: cg, source: 'hotline', via: 'staff', receivedAt: hoursAgo(18), title: '公交晚點', content: '城關鎮楊莊村到縣城的公交車近一個月經常晚點半小時以上，站牌時刻表與實際不符，上班族經常遲到！', channel: '12345热线' });
  await service.triage(db, as(cgStaff), a.eventId, { version: await version(db, a.eventId), level: 'general', category: '交通出行', handlingUnitId: liulin.id, note: null });

  // 重大 at 东山镇: in the county's direct-report queue, unread, first information published.
  const d = await intake(db, as(staff), { unit: ds, source: 'media_tip', via: 'staff', receivedAt: hoursAgo(2), title: '石门村自来水发黄', content: '东山镇石门村自来水从上周五开始发黄浑浊，烧开后有沉淀，村民不敢饮用，有自媒体已发视频。', channel: '本地自媒体' });
  await service.triage(db, as(staff), d.eventId, { version: await version(db, d.eventId), level: 'serious', category: '生态环境', handlingUnitId: ds.id, note: '涉及饮水安全，舆论关注度高' });
  await service.firstInfo(db, as(staff), d.eventId, { version: await version(db, d.eventId), text: '东山镇已组织供水站对石门村管网进行排查，并提供桶装水，水质检测结果将及时公布。' });

  // Overdue: a general concern whose 48-hour reply has passed.
  const o = await intake(db, as(cgStaff), { unit: cg, source: 'online_petition', via: 'staff', receivedAt: hoursAgo(72), title: '施工噪音扰民', content: '城西社区老旧小区改造工程施工噪音到晚上十一点还不停，已经持续一周，居民无法休息。' });
  await service.triage(db, as(cgStaff), o.eventId, { version: await version(db, o.eventId), level: 'general', category: '城乡建设', handlingUnitId: cg.id, note: null });

  // Not yet triaged: a superior's notice at the county.
  await intake(db, as(staff), { unit: county, source: 'superior_notice', via: 'staff', receivedAt: hoursAgo(1), title: '市网信办通报：网传县城停水信息', content: '市网信办通报，有网民发帖称县城将全城停水三天，请核实情况并及时发布权威信息。', channel: '市网信办通报' });
}
