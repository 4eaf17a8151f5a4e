/**
 * Demo 责任清单 and 责任书 for the demo county: the county's list for last year copied into this
 * year and adjusted, 城关镇's own list with villages as responsible departments; the county's
 * 责任书 to the townships and bureaus with most signed and two still missing, and 城关镇's to its
 * villages and communities. Dates are relative to today so the demo always shows them.
 */
import type { Database } from '../../db';
import { writeAudit } from '../../platform/audit';
import { addDays, shanghaiDay } from '../../platform/calendar';
import type { Actor, ActorCtx, Ctx } from '../../platform/context';
import { newId, nowIso } from '../../platform/ids';
import { actorsFor, type DemoUnit } from '../demo/lookups';

interface Entry { category: string; content: string; leader: string; departments?: string[]; departmentsText?: string; basis?: string }

const COUNTY_LIST: Entry[] = [
  { category: '组织领导', content: '县委常委会每半年至少专题研究一次网络意识形态工作，分析研判形势，研究解决重大问题', leader: '县委书记', departments: ['县委宣传部'], basis: '县委〔上一年〕12号 网络意识形态工作责任制实施细则' },
  { category: '组织领导', content: '把网络意识形态工作纳入县委理论学习中心组学习内容，全年专题学习不少于4次', leader: '县委常委、宣传部部长', departments: ['县委宣传部'] },
  { category: '责任落实', content: '把网络意识形态工作纳入党建工作责任制和领导班子、领导干部目标管理，与经济社会发展同部署、同考核', leader: '县委副书记、县长', departmentsText: '县委组织部、县考核办' },
  { category: '阵地管理', content: '落实政务新媒体“三审三校”制度，建立全县网络阵地台账，每季度开展一次检查', leader: '县委常委、宣传部部长', departments: ['县融媒体中心', '县委宣传部'] },
  { category: '舆情应对', content: '健全网络舆情监测、研判、处置和回应机制，较大以上舆情第一时间报告、第一时间回应', leader: '县委常委、宣传部部长', departments: ['县公安局', '县融媒体中心'], departmentsText: '各乡镇(街道)' },
];

const TOWNSHIP_LIST: Entry[] = [
  { category: '组织领导', content: '镇党委每半年至少专题研究一次网络意识形态工作，班子成员落实“一岗双责”', leader: '党委书记', basis: '县委办〔本年〕3号' },
  { category: '阵地管理', content: '管好镇政府网站、微信公众号和各村(社区)工作群，落实信息发布审核把关', leader: '党委委员、宣传委员', departmentsText: '镇党政办', departments: ['柳林村'] },
  { category: '信息报送', content: '各村(社区)联络员每月报送网络意识形态工作情况，遇有舆情即时报告', leader: '党委委员、宣传委员', departmentsText: '各村(社区)' },
];

export async function seedDutyDemo(db: Database, system: Ctx): Promise<void> {
  const [staff, cgStaff] = await actorsFor(db, ['staff', 'cg_staff']);
  if (!staff || !cgStaff) return;
  const unitById = async (id: string) => db.selectFrom('units').select(['id', 'path', 'name']).where('id', '=', id).executeTakeFirstOrThrow();
  const [county, cg] = await Promise.all([unitById(staff.unitId), unitById(cgStaff.unitId)]);
  const as = (actor: Actor): ActorCtx => ({ ...system, actor });
  const today = shanghaiDay();
  const year = Number(today.slice(0, 4));
  const byName = async (names: string[]) => (names.length ? await db.selectFrom('units').select(['id', 'name']).where('name', 'in', names).execute() : []);
  const leader = async (u: DemoUnit, position: string) =>
    (await db.selectFrom('people').select('id').where('unit_id', '=', u.id).where('position', '=', position).executeTakeFirst())?.id ?? null;

  const insertList = async (ctx: ActorCtx, u: DemoUnit, y: number, entries: Entry[], fromIds?: string[]) => {
    const ids: string[] = [];
    for (const [i, e] of entries.entries()) {
      const deps = (await byName(e.departments ?? [])).map((d) => d.id);
      const id = newId();
      const now = nowIso();
      const basis = e.basis?.replace('上一年', String(y - 1)).replace('本年', String(y)) ?? null;
      await db.insertInto('duty_items').values({
        id, unit_id: u.id, year: y, content: e.content, category: e.category, leader_person_id: await leader(u, e.leader), department_ids: JSON.stringify(deps),
        departments_text: e.departmentsText ?? null, basis, sort_order: i + 1, archived_at: null, version: 0, created_at: now, updated_at: now,
      }).execute();
      await writeAudit(db, ctx, fromIds
        ? { action: 'copy', entity: 'duty_item', entityId: id, unitPath: u.path, after: { fromYear: y - 1, fromId: fromIds[i], toYear: y, content: e.content } }
        : { action: 'create', entity: 'duty_item', entityId: id, unitPath: u.path, after: { year: y, content: e.content, category: e.category, basis } });
      ids.push(id);
    }
    return ids;
  };

  // The county's list: last year's, copied into this year, one entry tightened after the copy.
  const lastYear = await insertList(as(staff), county, year - 1, COUNTY_LIST);
  const thisYear = await insertList(as(staff), county, year, COUNTY_LIST, lastYear);
  const tightened = '把网络意识形态工作纳入县委理论学习中心组学习内容，全年专题学习不少于4次，其中至少1次邀请专家辅导';
  await db.updateTable('duty_items').set({ content: tightened, version: 1, updated_at: nowIso() }).where('id', '=', thisYear[1]).execute();
  await writeAudit(db, as(staff), { action: 'update', entity: 'duty_item', entityId: thisYear[1], unitPath: county.path, before: { content: COUNTY_LIST[1].content }, after: { content: tightened } });
  await insertList(as(cgStaff), cg, year, TOWNSHIP_LIST);

  // 责任书: issued some weeks ago; signatories sign over the following days.
  const agreement = async (ctx: ActorCtx, issuer: DemoUnit, title: string, issuedDay: string, signatories: DemoUnit[], unsigned: Set<string>) => {
    const id = newId();
    const now = nowIso();
    const y = Number(issuedDay.slice(0, 4));
    await db.insertInto('agreements').values({ id, unit_id: issuer.id, title, year: y, issued_day: issuedDay, note: null, archived_at: null, version: 0, created_at: now, updated_at: now }).execute();
    await writeAudit(db, ctx, { action: 'create', entity: 'agreement', entityId: id, unitPath: issuer.path, after: { title, year: y, issuedDay, signatories: signatories.length } });
    for (const [i, u] of signatories.entries()) {
      const signed = unsigned.has(u.name) ? null : addDays(issuedDay, 2 + (i % 9));
      const sid = newId();
      await db.insertInto('agreement_signatories').values({
        id: sid, agreement_id: id, unit_id: u.id, person_id: null, signed_day: signed && signed <= today ? signed : null,
        signed_by_name: signed && signed <= today ? `${ctx.actor.displayName}(${ctx.actor.username})` : null, version: signed && signed <= today ? 1 : 0, created_at: now,
      }).execute();
      if (signed && signed <= today) {
        await writeAudit(db, ctx, { action: 'sign', entity: 'agreement', entityId: id, unitPath: issuer.path, before: { signedDay: null }, after: { signatoryId: sid, signatory: u.name, unitId: u.id, personId: null, signedDay: signed } });
      }
    }
  };
  const children = (u: DemoUnit, kinds: string[]) =>
    db.selectFrom('units').select(['id', 'path', 'name']).where('parent_id', '=', u.id).where('kind', 'in', kinds).where('archived_at', 'is', null).orderBy('sort_order').orderBy('name').execute();
  const countySignatories = await children(county, ['township', 'bureau']);
  const issued = addDays(today, -45);
  const iy = Number(issued.slice(0, 4));
  const missing = new Set(['金塘镇', '县市场监督管理局']);
  await agreement(as(staff), county, `${iy - 1}年度网络意识形态工作目标责任书`, `${iy - 1}-02-20`, countySignatories, new Set());
  await agreement(as(staff), county, `${iy}年度网络意识形态工作目标责任书`, issued, countySignatories, missing);
  const villages = await children(cg, ['village', 'community']);
  await agreement(as(cgStaff), cg, `${iy}年度村(社区)网络意识形态工作责任书`, addDays(issued, 10), villages, new Set(villages.slice(0, 1).map((u) => u.name)));
}
