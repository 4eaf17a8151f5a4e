/**
 * Demo 阵地 and posts for the demo county: the county's website, 城关镇's WeChat official account
 * and a Weibo account gone quiet, a work group registered by its rules; posts in each state — one
 * through the whole chain and published, one waiting at 复审, one returned, one draft that hits
 * the starter rules. Driven through the services, so every step is audited as a user's would be.
 */
import type { Database } from '../../db';
import type { Actor, ActorCtx, Ctx } from '../../platform/context';
import { addDays, shanghaiDay } from '../../platform/period';
import { actorsFor, personAt, unitByName } from '../demo/lookups';
import { ackHit, approvePost, createPost, publishPost, rejectPost, submitPost } from './posts';
import { createOutlet } from './registry';

const none = {
  platform: null, account: null, hostUnit: null, opsUnit: null, managerPersonId: null, editors: null, icpNo: null, psbNo: null, domain: null, domainExpires: null,
  filingExpires: null, verified: false, mlpsGrade: null, mlpsAssessedOn: null, contractExpires: null, purpose: null, rules: null, terminalCount: null, quietDays: null,
};

export async function seedOutletDemo(db: Database, system: Ctx): Promise<void> {
  const [staff, leader, cgStaff, cgAdmin] = await actorsFor(db, ['staff', 'leader', 'cg_staff', 'cg_admin']);
  const county = staff ? await db.selectFrom('units').select(['id', 'name']).where('id', '=', staff.unitId).executeTakeFirst() : undefined;
  const cg = await unitByName(db, '城关镇');
  if (!staff || !leader || !cgStaff || !cgAdmin || !cg || !county) return;
  const as = (actor: Actor): ActorCtx => ({ ...system, actor });
  const today = shanghaiDay();
  const cgManager = await personAt(db, cg.id, '网信专干');

  await createOutlet(db, as(staff), {
    ...none, unitId: county.id, type: 'website', name: `${county.name}人民政府门户网站`, platform: '自建', account: 'https://www.example.gov.cn', hostUnit: `${county.name}人民政府办公室`,
    opsUnit: '县融媒体中心', domain: 'www.example.gov.cn', domainExpires: addDays(today, 12), icpNo: '京ICP备12345678号-1', psbNo: '京公网安备11010502000001号',
    mlpsGrade: 2, mlpsAssessedOn: addDays(today, -200), contractExpires: addDays(today, 95), verified: true, startDay: addDays(today, -900), status: 'running',
  });
  const wechat = await createOutlet(db, as(cgStaff), {
    ...none, unitId: cg.id, type: 'wechat', name: '城关镇发布', platform: '微信', account: 'chengguan_fabu', hostUnit: '城关镇人民政府', managerPersonId: cgManager,
    editors: '党政办信息员', verified: true, startDay: addDays(today, -400), status: 'running',
  });
  await createOutlet(db, as(cgStaff), {
    ...none, unitId: cg.id, type: 'weibo', name: '城关镇政务微博', platform: '新浪微博', account: 'weibo.com/chengguan', hostUnit: '城关镇人民政府', managerPersonId: cgManager,
    startDay: addDays(today, -700), status: 'running',
  });
  await createOutlet(db, as(cgStaff), {
    ...none, unitId: cg.id, type: 'group', name: '城关镇网格员工作群', platform: '微信', managerPersonId: cgManager, purpose: '网格员接收工作通知、报送网格事项',
    rules: '只发工作通知和网格事项；不转发未经核实的信息；不发布涉密内容', startDay: addDays(today, -300), status: 'running',
  });

  const post = (title: string, body: string, outletIds: string[], important = false) =>
    createPost(db, as(cgStaff), { unitId: cg.id, title, body, outletIds, plannedAt: today, important });

  // Through the whole chain and published. (The county's website has no post yet: it shows as quiet.)
  let p = await post('城关镇开展秋季森林防火宣传', '近日，城关镇组织各村开展秋季森林防火宣传，发放宣传资料2000余份，悬挂横幅30余条。截止目前，已完成全镇12个村的入户宣传。', [wechat.id]);
  p = await submitPost(db, as(cgStaff), p.id, { version: p.version });
  for (const h of p.hits) p = await ackHit(db, as(cgAdmin), p.id, h.id, { version: p.version, action: 'fixed', reason: null });
  p = await approvePost(db, as(cgAdmin), p.id, { version: p.version, opinion: '同意', readThrough: false, notSecret: false });
  p = await approvePost(db, as(staff), p.id, { version: p.version, opinion: '数据已核实', readThrough: false, notSecret: false });
  p = await approvePost(db, as(leader), p.id, { version: p.version, opinion: '同意发布', readThrough: false, notSecret: true });
  p = await publishPost(db, as(cgStaff), p.id, { version: p.version, outletId: wechat.id, publishedOn: today, url: 'https://mp.weixin.qq.com/s/example-chengguan' });

  // Waiting at 复审.
  let q = await post('城关镇召开网络意识形态工作专题会议', '城关镇党委召开网络意识形态工作专题会议，传达学习上级有关文件精神，研究部署下一阶段工作。', [wechat.id]);
  q = await submitPost(db, as(cgStaff), q.id, { version: q.version });
  await approvePost(db, as(cgAdmin), q.id, { version: q.version, opinion: '同意', readThrough: false, notSecret: false });

  // Returned with a reason.
  let r = await post('城关镇新时代文明实践站活动预告', '本周六上午在镇文化广场举办文明实践志愿服务活动，欢迎群众参加。', [wechat.id]);
  r = await submitPost(db, as(cgStaff), r.id, { version: r.version });
  await rejectPost(db, as(cgAdmin), r.id, { version: r.version, reason: '请补充活动的具体时间、地点和联系人' });

  // A draft hitting the starter rules, not yet submitted.
  await post('关于做好农业部门秋季生产工作的通知(草稿)', '根据国家旅游局和农业部有关要求，请各村再接再励，于10月8号前报送秋季生产情况。', [wechat.id]);
}
