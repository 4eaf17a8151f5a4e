/**
 * Demo 制度文件库: the county's rules (one revised, one past its review day, one repealed) and
 * 城关镇's own, dated relative to today; the county's emergency plan points to the county's
 * emergency rule. Plain inserts: the seed already runs inside one transaction.
 */
import type { RuleCategory } from '../../../common/rules';
import type { Database } from '../../db';
import { writeAudit } from '../../platform/audit';
import { addDays, shanghaiDay } from '../../platform/calendar';
import type { Actor, ActorCtx, Ctx } from '../../platform/context';
import { newId, nowIso } from '../../platform/ids';
import { actorsFor, type DemoUnit, unitsByName, who } from '../demo/lookups';
import { insertRule } from './service';

interface DemoRule {
  unit: DemoUnit; title: string; category: RuleCategory; docNumber: string | null; issuer: string; effective: number; repeal?: number; review?: number;
  revision?: { docNumber: string; effective: number; note: string };
}

export async function seedRuleDemo(db: Database, system: Ctx): Promise<void> {
  const [staff, cgStaff] = await actorsFor(db, ['staff', 'cg_staff']);
  const [cg] = await unitsByName(db, ['城关镇']);
  if (!staff || !cgStaff || !cg) return;
  const county = await db.selectFrom('units').select(['id', 'path', 'name']).where('id', '=', staff.unitId).executeTakeFirstOrThrow();
  const today = shanghaiDay();
  const y = Number(today.slice(0, 4));
  const as = (actor: Actor): ActorCtx => ({ ...system, actor });
  const rules: DemoRule[] = [
    { unit: county, title: '网络意识形态工作责任制实施细则', category: 'implementation', docNumber: `县网信发〔${y - 2}〕3号`, issuer: county.name, effective: -700, review: 400 },
    {
      unit: county, title: '网络安全事件应急处置办法', category: 'emergency', docNumber: `县网信发〔${y - 3}〕7号`, issuer: county.name, effective: -1000, review: 300,
      revision: { docNumber: `县网信发〔${y - 1}〕5号`, effective: -300, note: '按新修订的国家网络安全事件应急预案调整事件分级和报告时限' },
    },
    { unit: county, title: '网络意识形态工作责任追究办法', category: 'accountability', docNumber: `县网信发〔${y - 4}〕2号`, issuer: county.name, effective: -1500, review: -40 },
    { unit: county, title: '政务新媒体管理暂行办法', category: 'management', docNumber: `县网信发〔${y - 5}〕9号`, issuer: county.name, effective: -1900, repeal: -200 },
    { unit: cg, title: '城关镇政务新媒体信息发布三审三校制度', category: 'review', docNumber: `城发〔${y}〕12号`, issuer: '中共城关镇委员会', effective: -60, review: 300 },
    { unit: cg, title: '城关镇网络安全管理制度', category: 'cyber_security', docNumber: null, issuer: '城关镇人民政府', effective: -250, review: 115 },
  ];
  let emergencyRule: string | null = null;
  for (const r of rules) {
    const actor = r.unit.id === cg.id ? cgStaff : staff;
    const effectiveDay = addDays(today, r.effective);
    const input = {
      title: r.title, category: r.category, docNumber: r.docNumber, issuer: r.issuer, effectiveDay, repealDay: r.repeal === undefined ? null : addDays(today, r.repeal),
      reviewDay: r.review === undefined ? null : addDays(today, r.review), note: null, changeNote: null,
    };
    const row = await insertRule(db, r.unit.id, input, who(actor));
    const after = { title: r.title, category: r.category, docNumber: r.docNumber, issuer: r.issuer, effectiveDay, repealDay: input.repealDay, reviewDay: input.reviewDay, note: null, archived: false };
    await writeAudit(db, as(actor), { action: 'create', entity: 'rule', entityId: row.id, unitPath: r.unit.path, after });
    if (r.revision) {
      const day = addDays(today, r.revision.effective);
      await db.updateTable('rules').set({ doc_number: r.revision.docNumber, effective_day: day, version: 1, updated_at: nowIso() }).where('id', '=', row.id).execute();
      await db.insertInto('rule_versions').values({ id: newId(), rule_id: row.id, seq: 2, doc_number: r.revision.docNumber, effective_day: day, change_note: r.revision.note, created_by_name: who(actor), created_at: nowIso() }).execute();
      await writeAudit(db, as(actor), {
        action: 'revise', entity: 'rule', entityId: row.id, unitPath: r.unit.path,
        before: { docNumber: r.docNumber, effectiveDay, reviewDay: input.reviewDay }, after: { docNumber: r.revision.docNumber, effectiveDay: day, reviewDay: input.reviewDay, changeNote: r.revision.note },
      });
    }
    if (r.category === 'emergency' && r.unit.id === county.id) emergencyRule = row.id;
  }
  if (emergencyRule) {
    const plan = await db.selectFrom('emergency_plans').select(['id', 'version']).where('unit_id', '=', county.id).where('status', '=', 'current').where('archived_at', 'is', null).orderBy('effective_day', 'desc').executeTakeFirst();
    if (plan) {
      await db.updateTable('emergency_plans').set({ rule_id: emergencyRule, version: plan.version + 1, updated_at: nowIso() }).where('id', '=', plan.id).execute();
      await writeAudit(db, as(staff), { action: 'update', entity: 'emergency_plan', entityId: plan.id, unitPath: county.path, before: { ruleTitle: null }, after: { ruleTitle: '网络安全事件应急处置办法' } });
    }
  }
}
