/**
 * Demo 风险点 and 重大决策舆情风险评估 for the demo county: 城关镇 with risk points in each
 * state (one reviewed and lowered, one whose review is overdue, one coming due, one eliminated),
 * 东山镇 with an overdue one, and two assessments of township projects. Dates are relative to
 * today so the demo always shows them.
 */
import type { RiskArea, RiskLevel } from '../../../common/risks';
import type { Database } from '../../db';
import { writeAudit } from '../../platform/audit';
import { addDays, shanghaiDay } from '../../platform/calendar';
import type { Actor, ActorCtx, Ctx } from '../../platform/context';
import { newId, nowIso } from '../../platform/ids';
import { addMonths } from './service';
import { actorsFor, type DemoUnit, unitsByName, who } from '../demo/lookups';

interface DemoRisk {
  unit: DemoUnit; description: string; area: RiskArea; level: RiskLevel; measures: string; months: number;
  /** Next review day relative to today (negative: overdue); ignored when reviewed (interval from the review). */
  next: number;
  review?: { ago: number; result: string; levelAfter: RiskLevel; eliminated?: boolean };
}

export async function seedRiskDemo(db: Database, system: Ctx): Promise<void> {
  const [cgStaff, staff] = await actorsFor(db, ['cg_staff', 'staff']);
  const [cg, ds] = await unitsByName(db, ['城关镇', '东山镇']);
  if (!cgStaff || !staff || !cg || !ds) return;
  const as = (actor: Actor): ActorCtx => ({ ...system, actor });
  const today = shanghaiDay();
  const owner = async (u: DemoUnit) =>
    (await db.selectFrom('people').select(['id', 'name']).where('unit_id', '=', u.id).where('position', '=', '网信专干').executeTakeFirst()) ?? null;

  const risks: DemoRisk[] = [
    {
      unit: cg, area: 'publishing', level: 'high', months: 3, next: 0,
      description: '镇政府门户网站评论区未落实先审后发，存在不当言论展示风险',
      measures: '关闭门户网站评论功能，群众留言统一转入政务咨询栏目，由党政办专人审核后公开答复',
      review: { ago: 20, result: '评论功能已关闭，留言转入咨询栏目并经审核后答复，风险明显降低', levelAfter: 'medium' },
    },
    {
      unit: cg, area: 'positions', level: 'medium', months: 3, next: -12,
      description: '各村(社区)工作微信群管理员不明确，群内信息发布缺少把关',
      measures: '明确每个工作群的管理员和群规，工作信息由村(社区)联络员核实后发布',
    },
    {
      unit: cg, area: 'cyber_security', level: 'medium', months: 6, next: 9,
      description: '镇便民服务中心办公电脑内外网混用',
      measures: '内外网终端分设并张贴标识，每半年检查一次，发现混用立即整改',
    },
    {
      unit: cg, area: 'data_security', level: 'low', months: 6, next: 60,
      description: '过期宣传资料中含有群众联系电话',
      measures: '清理过期资料，今后公开材料一律隐去个人信息',
      review: { ago: 40, result: '过期资料已全部清理销毁，公开材料模板已删除个人信息栏', levelAfter: 'low', eliminated: true },
    },
    {
      unit: ds, area: 'public_opinion', level: 'high', months: 2, next: -5,
      description: '镇区道路改造施工期间群众出行不便，易引发网上集中投诉',
      measures: '施工前在公众号和村务公开栏公示工期和绕行路线，设立意见收集电话，诉求当日回应',
    },
  ];

  for (const r of risks) {
    const id = newId();
    const now = nowIso();
    const o = await owner(r.unit);
    const reviewDay = r.review ? addDays(today, -r.review.ago) : null;
    // A reviewed point was due on its review day; its next review follows from the interval.
    const next = reviewDay ? addMonths(reviewDay, r.months) : addDays(today, r.next);
    const created = { level: r.level, next: reviewDay ?? next };
    await db.insertInto('risk_points').values({
      id, unit_id: r.unit.id, description: r.description, area: r.area, level: r.review?.levelAfter ?? r.level, measures: r.measures,
      owner_person_id: o?.id ?? null, review_months: r.months, next_review_day: r.review?.eliminated ? created.next : next,
      status: r.review?.eliminated ? 'eliminated' : 'controlled', archived_at: null, version: r.review ? 1 : 0, created_at: now, updated_at: now,
    }).execute();
    const actor = r.unit.id === cg.id ? cgStaff : staff;
    const base = { entity: 'risk_point', entityId: id, unitPath: r.unit.path };
    await writeAudit(db, as(actor), { ...base, action: 'create', after: { description: r.description, area: r.area, level: r.level, measures: r.measures, ownerPersonName: o?.name ?? null, reviewMonths: r.months, nextReviewDay: created.next, status: 'controlled', archived: false } });
    if (r.review && reviewDay) {
      await db.insertInto('risk_reviews').values({
        id: newId(), risk_id: id, day: reviewDay, result: r.review.result, level_before: r.level, level_after: r.review.levelAfter,
        next_review_day: r.review.eliminated ? null : next, reviewer_name: who(actor), created_at: now,
      }).execute();
      await writeAudit(db, as(actor), {
        ...base, action: 'review', before: { level: r.level, nextReviewDay: created.next, status: 'controlled' },
        after: { level: r.review.levelAfter, nextReviewDay: r.review.eliminated ? created.next : next, status: r.review.eliminated ? 'eliminated' : 'controlled', result: r.review.result, day: reviewDay },
      });
    }
  }

  const assessments = [
    {
      unit: cg, subject: '城关镇老旧小区改造项目', decision: -50, assessed: -60, level: 'medium', conclusion: 'adjust',
      risks: '施工扰民、停水停电安排不当可能引发网上投诉；改造标准不一可能引发攀比和质疑',
      measures: '改造方案和工期提前公示并征求居民意见；分批施工，停水停电提前三天通知；设立现场答疑点，网上诉求当日回应',
      assessor: '城关镇党政办、镇网信专干',
    },
    {
      unit: ds, subject: '东山镇农贸市场搬迁', decision: null, assessed: -8, level: 'high', conclusion: 'defer',
      risks: '商户经营受影响，搬迁补偿标准未公开，易形成网上负面话题',
      measures: '补偿标准公开征求意见后再定；搬迁前召开商户座谈会；暂缓至新市场配套完成后实施',
      assessor: '东山镇党政办',
    },
  ] as const;
  for (const a of assessments) {
    const id = newId();
    const now = nowIso();
    const decisionDay = a.decision === null ? null : addDays(today, a.decision);
    const row = {
      id, unit_id: a.unit.id, subject: a.subject, decision_day: decisionDay, assessed_day: addDays(today, a.assessed), level: a.level, risks: a.risks,
      measures: a.measures, conclusion: a.conclusion, assessor: a.assessor, archived_at: null, version: 0, created_at: now, updated_at: now,
    };
    await db.insertInto('risk_assessments').values(row).execute();
    await writeAudit(db, as(a.unit.id === cg.id ? cgStaff : staff), {
      action: 'create', entity: 'risk_assessment', entityId: id, unitPath: a.unit.path,
      after: { subject: a.subject, decisionDay, assessedDay: row.assessed_day, level: a.level, risks: a.risks, measures: a.measures, conclusion: a.conclusion, assessor: a.assessor, archived: false },
    });
  }
}
