/**
 * Demo 工作台账 for the demo county: the county's default targets for its subordinates this
 * year, the county's emergency plan (an older version replaced by the current one), 城关镇's
 * study sessions on schedule with a training each ended quarter and a drill of the county plan,
 * and 东山镇 with only a few sessions, so the targets page shows it behind. Dates are relative
 * to today so the demo always shows them.
 */
import { ACTIVITY_TYPE_LABELS, RECOMMENDED_TARGETS, type ActivityType } from '../../../common/ledger';
import type { Database } from '../../db';
import { writeAudit } from '../../platform/audit';
import { addDays, shanghaiDay } from '../../platform/calendar';
import type { Actor, ActorCtx, Ctx } from '../../platform/context';
import { newId, nowIso } from '../../platform/ids';
import { insertEntry } from './entries';
import { actorFor, actorsFor, unitsByName } from '../demo/lookups';

const STUDY_TOPICS = [
  '传达学习网络意识形态工作责任制实施细则',
  '学习《网络安全法》《数据安全法》有关条款',
  '学习上级关于网络生态治理的部署要求',
  '研究部署本单位网络意识形态工作要点',
  '学习新修订的政务新媒体管理办法',
  '学习习近平文化思想相关论述',
  '学习党纪学习教育有关材料',
  '学习乡村振兴有关政策文件',
  '学习安全生产有关文件精神',
  '学习基层治理有关典型经验',
];

export async function seedLedgerDemo(db: Database, system: Ctx): Promise<void> {
  const [staff, cgStaff] = await actorsFor(db, ['staff', 'cg_staff']);
  const [cg, ds] = await unitsByName(db, ['城关镇', '东山镇']);
  if (!staff || !cgStaff || !cg || !ds) return;
  const root = { id: staff.unitId, path: staff.unitPath }; // the county
  const as = (actor: Actor): ActorCtx => ({ ...system, actor });
  const now = nowIso();
  const today = shanghaiDay();
  const year = Number(today.slice(0, 4));
  const jan1 = `${year}-01-01`;
  const elapsedDays = Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${jan1}T00:00:00Z`)) / 86_400_000);

  // County defaults for every subordinate unit this year.
  await db.insertInto('annual_targets').values(RECOMMENDED_TARGETS.map((t) => ({
    id: newId(), unit_id: root.id, year, scope: 'subordinates', type: t.type, min_total: t.minTotal, min_on_topic: t.minOnTopic, min_per_quarter: t.minPerQuarter, updated_at: now,
  }))).execute();
  await writeAudit(db, as(staff), { action: 'update', entity: 'annual_target', entityId: root.id, unitPath: root.path, after: { year, scope: 'subordinates', items: RECOMMENDED_TARGETS } });

  // Each township and bureau sets what its villages, communities and departments owe instead:
  // no 中心组学习, dedicated meetings or quarterly training (explicit zeros), but 集中学习 and a
  // 宣讲 each quarter.
  const VILLAGE_TARGETS = [
    { type: 'central_group', minTotal: 0, minOnTopic: 0, minPerQuarter: 0 },
    { type: 'special_meeting', minTotal: 0, minOnTopic: 0, minPerQuarter: 0 },
    { type: 'training', minTotal: 0, minOnTopic: 0, minPerQuarter: 0 },
    { type: 'collective_study', minTotal: 6, minOnTopic: 2, minPerQuarter: 0 },
    { type: 'lecture', minTotal: 4, minOnTopic: 0, minPerQuarter: 1 },
  ] as const;
  const middles = await db.selectFrom('units').select(['id', 'path']).where('parent_id', '=', root.id).execute();
  for (const m of middles) {
    await db.insertInto('annual_targets').values(VILLAGE_TARGETS.map((t) => ({
      id: newId(), unit_id: m.id, year, scope: 'subordinates', type: t.type, min_total: t.minTotal, min_on_topic: t.minOnTopic, min_per_quarter: t.minPerQuarter, updated_at: now,
    }))).execute();
    await writeAudit(db, as(staff), { action: 'update', entity: 'annual_target', entityId: m.id, unitPath: m.path, after: { year, scope: 'subordinates', items: VILLAGE_TARGETS } });
  }

  // The county's emergency plan: the 2023 version replaced by the current one (kept in its history).
  const plan = { id: newId(), unit_id: root.id, title: '网络安全和网络舆情突发事件应急预案', version_label: '2023版', effective_day: `${year - 3}-05-01`, status: 'current', note: '适用于本县各单位门户网站、政务新媒体遭攻击篡改及重大网络舆情的应急处置', archived_at: null, version: 0, created_at: now, updated_at: now };
  await db.insertInto('emergency_plans').values(plan).execute();
  await writeAudit(db, as(staff), { action: 'create', entity: 'emergency_plan', entityId: plan.id, unitPath: root.path, after: { title: plan.title, versionLabel: plan.version_label, effectiveDay: plan.effective_day, status: plan.status } });
  const v2 = { version_label: `${year - 1}版`, effective_day: `${year - 1}-09-01`, version: 1, updated_at: now };
  await db.updateTable('emergency_plans').set(v2).where('id', '=', plan.id).execute();
  await writeAudit(db, as(staff), { action: 'update', entity: 'emergency_plan', entityId: plan.id, unitPath: root.path, before: { versionLabel: plan.version_label, effectiveDay: plan.effective_day }, after: { versionLabel: v2.version_label, effectiveDay: v2.effective_day } });

  const people = async (unitId: string) => (await db.selectFrom('people').select(['id', 'position']).where('unit_id', '=', unitId).where('archived_at', 'is', null).execute());
  const record = async (u: { id: string; path: string }, ctx: ActorCtx, type: ActivityType, offset: number, topic: string, onTopic: boolean, participantIds: string[], othersCount: number, planId: string | null = null) => {
    const day = addDays(jan1, offset);
    if (day > today) return;
    const row = await insertEntry(db, ctx, u, {
      type, day, topic, onTopic, participantIds, othersCount, hostPersonId: participantIds[0] ?? null,
      summary: `${ACTIVITY_TYPE_LABELS[type]}：${topic}。与会人员结合分管工作作了交流发言。`, minutes: null, planId,
    }, participantIds);
    await writeAudit(db, ctx, { action: 'create', entity: 'ledger_entry', entityId: row.id, unitPath: u.path, after: { type, day, topic, onTopic } });
  };

  // 城关镇: a study session every 18 days (on schedule for 20 a year), every fourth on this work.
  const cgPeople = (await people(cg.id)).map((p) => p.id);
  const cgCtx = as(cgStaff);
  for (let i = 0, d = 8; d <= elapsedDays; i++, d += 18) {
    await record(cg, cgCtx, 'central_group', d, STUDY_TOPICS[i % STUDY_TOPICS.length], i % 4 === 0, cgPeople, 2);
  }
  for (const [q, d] of [[1, 50], [2, 140], [3, 230], [4, 320]] as const) {
    await record(cg, cgCtx, 'training', d, `第${'一二三四'[q - 1]}季度网信专干业务培训`, true, cgPeople.slice(-2), 18);
  }
  await record(cg, cgCtx, 'special_meeting', 60, '专题研究网络意识形态工作责任制落实', true, cgPeople, 0);
  await record(cg, cgCtx, 'drill', 160, '镇政府网站被篡改应急处置演练', true, cgPeople.slice(-2), 6, plan.id);

  // 柳林村 (the demo liaison's village): a lecture each quarter and study sessions every two months.
  const liaison = await actorFor(db, 'liaison');
  if (liaison) {
    const village = { id: liaison.unitId, path: liaison.unitPath };
    const vPeople = (await people(village.id)).map((p) => p.id);
    for (const [i, d] of [40, 130, 220, 310].entries()) await record(village, as(liaison), 'lecture', d, ['惠民政策进村宣讲', '防范电信网络诈骗宣讲', '文明上网宣讲', '移风易俗宣讲'][i], i === 2, vPeople, 35);
    for (let i = 0, d = 25; d <= elapsedDays; i++, d += 60) await record(village, as(liaison), 'collective_study', d, STUDY_TOPICS[(i + 3) % STUDY_TOPICS.length], i % 2 === 0, vPeople, 8);
  }

  // 东山镇: only two sessions early in the year, and no training.
  const dsPeople = (await people(ds.id)).map((p) => p.id);
  const dsCtx = as(staff); // recorded by the county's clerk from the township's sign-in sheets
  await record(ds, dsCtx, 'central_group', 20, STUDY_TOPICS[0], true, dsPeople, 0);
  await record(ds, dsCtx, 'central_group', 75, STUDY_TOPICS[2], false, dsPeople, 0);
}
