/**
 * Demo 整改 items for the demo county: a county inspection batch with one item overdue, one
 * waiting for sign-off and one signed off, one returned with a reason, and a township's own
 * self-inspection item coming due. Items carry the aspect they are grouped under and measures one a
 * line; the county's plan for its batch names the basis document and the 整改专班. Dates are
 * relative to today so the demo always shows them.
 */
import type { Database } from '../../db';
import { writeAudit } from '../../platform/audit';
import { addDays, shanghaiDay } from '../../platform/calendar';
import type { Actor, ActorCtx, Ctx } from '../../platform/context';
import { newId, nowIso } from '../../platform/ids';
import { actorsFor, personAt, unitByName, who } from '../demo/lookups';

export async function seedRectificationDemo(db: Database, system: Ctx): Promise<void> {
  const [staff, leader, inspector, cgStaff] = await actorsFor(db, ['staff', 'leader', 'inspector', 'cg_staff']);
  const cg = await unitByName(db, '城关镇');
  const ds = await unitByName(db, '东山镇');
  if (!staff || !leader || !inspector || !cgStaff || !cg || !ds) return;
  const as = (actor: Actor): ActorCtx => ({ ...system, actor });
  const today = shanghaiDay();
  const year = today.slice(0, 4);
  const batch = `${year}年县委网信办第二轮督查`;
  const cgOwner = await personAt(db, cg.id, '网信专干');
  const dsOwner = await personAt(db, ds.id, '网信专干');

  type Item = {
    unit: { id: string; path: string; name: string }; raisedBy: Actor; owner: string | null; problem: string; origin: string; batch: string | null;
    measures: string; aspect?: string; keepOn?: boolean; start: number; due: number; reporter?: Actor; reportNote?: string; returned?: { by: Actor; reason: string };
    signedOff?: { by: Actor; note: string };
  };
  const items: Item[] = [
    {
      unit: cg, raisedBy: staff, owner: cgOwner, origin: 'supervision', batch, start: -40, due: -10, aspect: '网络阵地管理', keepOn: true,
      problem: '镇政府门户网站“政务公开”栏目部分信息更新不及时，最近一次更新距今已超过三个月',
      measures: '明确党政办专人负责栏目维护\n建立每周核对、每月通报的更新机制\n对过时信息集中清理',
    },
    {
      unit: ds, raisedBy: staff, owner: dsOwner, origin: 'supervision', batch, start: -40, due: 5, aspect: '网络阵地管理',
      problem: '镇微信公众号发布流程未落实三审三校，抽查 5 篇推文均缺少终审记录',
      measures: '修订公众号信息发布审核制度\n推文发布前由分管领导终审并留存记录',
      reportNote: '已修订《信息发布审核制度》，近一个月 12 篇推文均留存三审记录',
    },
    {
      unit: cg, raisedBy: staff, owner: cgOwner, origin: 'inspection', batch: `${year}年县委第一轮巡察`, start: -90, due: -30,
      problem: '党委理论学习中心组学习网络意识形态工作专题次数不足，全年计划未明确专题内容',
      measures: '调整年度学习计划，增加网络意识形态工作专题学习不少于 4 次，并形成学习记录',
      reporter: cgStaff, reportNote: '已调整年度学习计划，增加专题学习 4 次，学习记录已归档',
      signedOff: { by: leader, note: '经核查，学习计划和记录齐全，整改到位' },
    },
    {
      unit: cg, raisedBy: staff, owner: cgOwner, origin: 'assessment', batch: null, start: -20, due: 10,
      problem: '网络舆情应急预案未根据机构调整及时修订，联系人信息已过时',
      measures: '结合机构调整修订应急预案，更新联系人及联系方式，组织一次应急演练',
      reporter: cgStaff, reportNote: '已更新预案联系人',
      returned: { by: inspector, reason: '预案正文尚未修订，也未组织演练，请补充后再报' },
    },
    {
      unit: cg, raisedBy: cgStaff, owner: cgOwner, origin: 'self_check', batch: null, start: -7, due: 3,
      problem: '部分村(社区)宣传栏内容陈旧，宣传品已过期',
      measures: '组织各村(社区)集中更换宣传栏内容，建立季度更换台账',
    },
  ];

  for (const it of items) {
    const id = newId();
    const now = nowIso();
    // 东山镇 has no demo account: its report is written by the system in its 网信专干's name.
    const reporter = it.reporter;
    const reported = Boolean(it.reportNote) && !it.returned && !it.signedOff;
    const reporterName = reporter ? who(reporter) : `${it.unit.name}网信专干`;
    await db.insertInto('rectifications').values({
      id, unit_id: it.unit.id, raised_by_unit_id: it.raisedBy.unitId, owner_person_id: it.owner, problem: it.problem, origin: it.origin,
      batch: it.batch, measures: it.measures, aspect: it.aspect ?? null, keep_on: it.keepOn ? 1 : 0, start_day: addDays(today, it.start), due_mode: 'date', due_days: null, due_day: addDays(today, it.due),
      status: it.signedOff ? 'closed' : reported ? 'reported' : 'open',
      reported_at: reported || it.signedOff ? now : null, reported_by: (reported || it.signedOff) && reporter ? reporter.accountId : null,
      reported_by_name: reported || it.signedOff ? reporterName : null,
      report_note: it.reportNote ?? null,
      signed_off_at: it.signedOff ? now : null, signed_off_by: it.signedOff?.by.accountId ?? null,
      signed_off_by_name: it.signedOff ? who(it.signedOff.by) : null, sign_off_note: it.signedOff?.note ?? null,
      return_count: it.returned ? 1 : 0, last_return_reason: it.returned?.reason ?? null,
      created_by_name: who(it.raisedBy), archived_at: null, version: 0, created_at: now, updated_at: now,
    }).execute();
    const base = { entity: 'rectification', entityId: id, unitPath: it.unit.path };
    await writeAudit(db, as(it.raisedBy), { ...base, action: 'create', after: { problem: it.problem, origin: it.origin, batch: it.batch, measures: it.measures, status: 'open' } });
    if (it.reportNote) {
      await writeAudit(db, reporter ? as(reporter) : system, { ...base, action: 'report', before: { status: 'open' }, after: { status: 'reported', note: it.reportNote } });
    }
    if (it.returned) await writeAudit(db, as(it.returned.by), { ...base, action: 'return', before: { status: 'reported' }, after: { status: 'open', reason: it.returned.reason } });
    if (it.signedOff) await writeAudit(db, as(it.signedOff.by), { ...base, action: 'sign_off', before: { status: 'reported' }, after: { status: 'closed', note: it.signedOff.note } });
  }

  // The county's plan for its batch: the notice it answers and the 整改专班 (the secretary leads).
  const personOf = async (a: Actor) => (await db.selectFrom('accounts').select('person_id').where('id', '=', a.accountId).executeTakeFirst())?.person_id ?? null;
  const [head, ...members] = await Promise.all([personOf(leader), personOf(staff), personOf(inspector)]);
  const now = nowIso();
  const plan = {
    id: newId(), unit_id: staff.unitId, batch, basis_title: `关于开展${year}年网络意识形态工作责任制落实情况督查的通知`, basis_doc_no: `示网信〔${year}〕3号`,
    team_leader_id: head, team_member_ids: JSON.stringify(members.filter(Boolean)), archived_at: null, version: 0, created_at: now, updated_at: now,
  };
  await db.insertInto('rect_plans').values(plan).execute();
  await writeAudit(db, as(staff), { action: 'create', entity: 'rect_plan', entityId: plan.id, unitPath: staff.unitPath, after: { batch, basisTitle: plan.basis_title, basisDocNo: plan.basis_doc_no } });
}
