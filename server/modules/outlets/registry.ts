/** 阵地台账: register, edit, lifecycle steps (拟开设 → 运行 → 变更 → 关停/注销), archive. */
import type { z } from 'zod';
import {
  OUTLET_STATUS_LABELS, OUTLET_TRANSITIONS, OUTLET_TYPE_LABELS, type OutletEventView, type OutletStatus, type OutletType, type OutletView,
  type outletCreate, type outletQuery, type outletTransition, type outletUpdate, quietSettings,
} from '../../../common/outlets';
import type { Database } from '../../db';
import { entityHistory, writeAudit } from '../../platform/audit';
import type { Actor, ActorCtx } from '../../platform/context';
import { AppError, errors } from '../../platform/errors';
import { newId, nowIso } from '../../platform/ids';
import { addDays, shanghaiDay } from '../../platform/period';
import { archiver, editable, inRegisterList, insertRecord, pageOf, updateVersioned, visibleRow } from '../../platform/records';
import { contains } from '../../platform/search';
import { setSetting } from '../../platform/settings';
import { inTx } from '../../platform/tx';
import { getVisiblePerson } from '../people/service';
import { getActiveUnit, unitScope } from '../units/service';
import { expiries, lastPostDays, QUIET_SETTING, quietState, quietThresholds } from './quiet';

export type OutletRow = {
  id: string; unit_id: string; type: string; name: string; platform: string | null; account: string | null; host_unit: string | null; ops_unit: string | null;
  manager_person_id: string | null; editors: string | null; icp_no: string | null; psb_no: string | null; domain: string | null; domain_expires: string | null;
  filing_expires: string | null; verified: number; mlps_grade: number | null; mlps_assessed_on: string | null; contract_expires: string | null;
  purpose: string | null; rules: string | null; terminal_count: number | null; quiet_days: number | null; status: string; status_day: string; start_day: string;
  created_by_name: string; archived_at: string | null; version: number; created_at: string; updated_at: string;
  unit_name: string; unit_path: string; manager_name: string | null;
};

function selectOutlets(db: Database) {
  return db.selectFrom('outlets as o').innerJoin('units as u', 'u.id', 'o.unit_id').leftJoin('people as p', 'p.id', 'o.manager_person_id')
    .selectAll('o').select(['u.name as unit_name', 'u.path as unit_path', 'p.name as manager_name']);
}

/** Views of rows as of `asOf`: quiet state, expiring dates and duplicates (one query each for the whole page). */
async function toViews(db: Database, rows: OutletRow[], asOf = shanghaiDay()): Promise<OutletView[]> {
  const last = await lastPostDays(db, rows.map((r) => r.id), asOf);
  const thresholds = await quietThresholds(db);
  const since = addDays(asOf, -29);
  const recent = rows.length ? await db.selectFrom('post_targets').select(['outlet_id', (e) => e.fn.countAll().as('n')])
    .where('outlet_id', 'in', rows.map((r) => r.id)).where('published_on', '>=', since).where('published_on', '<=', asOf).groupBy('outlet_id').execute() : [];
  const recentBy = new Map(recent.map((r) => [r.outlet_id, Number(r.n)]));
  const units = [...new Set(rows.map((r) => r.unit_id))];
  const peers = units.length ? await db.selectFrom('outlets').select(['id', 'unit_id', 'type', 'platform', 'name'])
    .where('unit_id', 'in', units).where('archived_at', 'is', null).where('status', '!=', 'closed').execute() : [];
  return rows.map((r) => {
    const lastPostDay = last.get(r.id) ?? null;
    const q = quietState({ ...r, lastPostDay }, thresholds, asOf);
    const dup = r.status === 'closed' || r.archived_at ? undefined : peers.find((o) => o.id !== r.id && o.unit_id === r.unit_id && o.type === r.type && (o.platform ?? '') === (r.platform ?? '') && r.type !== 'group' && r.type !== 'terminal' && r.type !== 'board' && r.type !== 'screen');
    return {
      id: r.id, unitId: r.unit_id, unitName: r.unit_name, type: r.type as OutletType, name: r.name, platform: r.platform, account: r.account,
      hostUnit: r.host_unit, opsUnit: r.ops_unit, managerPersonId: r.manager_person_id, managerName: r.manager_name, editors: r.editors,
      icpNo: r.icp_no, psbNo: r.psb_no, domain: r.domain, domainExpires: r.domain_expires, filingExpires: r.filing_expires, verified: r.verified === 1,
      mlpsGrade: r.mlps_grade, mlpsAssessedOn: r.mlps_assessed_on, contractExpires: r.contract_expires, purpose: r.purpose, rules: r.rules,
      terminalCount: r.terminal_count, quietDays: r.quiet_days, status: r.status as OutletStatus, statusDay: r.status_day, startDay: r.start_day,
      lastPostDay, daysSincePost: q.days, quiet: q.state, postsLast30: recentBy.get(r.id) ?? 0, expiring: expiries(r, asOf),
      duplicateOf: dup ? dup.name : null, archived: r.archived_at !== null, version: r.version,
    };
  });
}

export async function getVisibleOutlet(db: Database, actor: Actor, id: string, field?: string): Promise<OutletRow> {
  const row = await selectOutlets(db).where('o.id', '=', id).executeTakeFirst();
  if (!row && field) throw errors.validation('所选阵地不存在', field);
  return visibleRow(row, actor, '阵地') as OutletRow;
}

export async function getOutlet(db: Database, actor: Actor, id: string) {
  const [view] = await toViews(db, [await getVisibleOutlet(db, actor, id)]);
  const events = await db.selectFrom('outlet_events').selectAll().where('outlet_id', '=', id).orderBy('created_at').execute();
  return {
    ...view,
    events: events.map((e): OutletEventView => ({ id: e.id, fromStatus: e.from_status as OutletStatus | null, toStatus: e.to_status as OutletStatus, day: e.day, reason: e.reason, evidence: e.evidence, actorName: e.actor_name, at: e.created_at })),
  };
}

export async function listOutlets(db: Database, actor: Actor, query: z.infer<typeof outletQuery>) {
  const scope = await unitScope(db, actor, query);
  let q = selectOutlets(db).where((eb) => inRegisterList(eb, { unitId: 'o.unit_id', path: 'u.path', archivedAt: 'o.archived_at' }, scope, query.archived));
  if (query.type) q = q.where('o.type', '=', query.type);
  if (query.status) q = q.where('o.status', '=', query.status);
  if (query.q) { const w = query.q; q = q.where((eb) => eb.or([contains('o.name', w), contains('o.account', w), contains('o.domain', w)])); }
  if (query.quiet || query.expiring === 'true') {
    // Judged per row (publication records and thresholds): filter the whole list, then page it.
    const views = await toViews(db, (await q.orderBy('u.path').orderBy('o.name').execute()) as OutletRow[]);
    const kept = views.filter((v) => (!query.quiet || (query.quiet === 'any' ? v.quiet === 'late' || v.quiet === 'dormant' : v.quiet === query.quiet)) && (query.expiring !== 'true' || v.expiring.length > 0));
    return { items: kept.slice((query.page - 1) * query.pageSize, query.page * query.pageSize), total: kept.length, page: query.page, pageSize: query.pageSize };
  }
  return pageOf(q, query, (q) => q.orderBy('u.path').orderBy('o.type').orderBy('o.name').orderBy('o.id'), (rows) => toViews(db, rows as OutletRow[]));
}

type Fields = z.infer<typeof outletUpdate>;

async function checkFields(trx: Database, actor: Actor, unitId: string, f: Omit<Fields, 'version'>, before: OutletRow | null) {
  if (f.managerPersonId) {
    const p = await getVisiblePerson(trx, actor, f.managerPersonId, 'managerPersonId');
    if (p.archived_at) throw errors.validation(`人员“${p.name}”已归档`, 'managerPersonId');
  }
  const today = shanghaiDay();
  if (f.domainExpires && f.domainExpires < today && f.domainExpires !== before?.domain_expires) throw errors.validation('域名到期日已过，请填写续费后的到期日', 'domainExpires');
  if (f.domain && !/^(?!-)[a-z0-9.-]+\.[a-z]{2,}$/i.test(f.domain)) throw errors.validation('域名格式不正确，应如 www.example.gov.cn', 'domain');
  if (f.type === 'group' && !f.purpose) throw errors.validation('工作群请填写用途', 'purpose');
  if (f.type === 'group' && !f.managerPersonId) throw errors.validation('工作群请指定群主或管理员', 'managerPersonId');
  if (f.type === 'website' && !f.domain && !f.account) throw errors.validation('网站请填写域名或网址', 'domain');
  void unitId;
}

const columns = (f: Omit<Fields, 'version'>) => ({
  type: f.type, name: f.name, platform: f.platform, account: f.account, host_unit: f.hostUnit, ops_unit: f.opsUnit, manager_person_id: f.managerPersonId,
  editors: f.editors, icp_no: f.icpNo, psb_no: f.psbNo, domain: f.domain, domain_expires: f.domainExpires, filing_expires: f.filingExpires,
  verified: f.verified ? 1 : 0, mlps_grade: f.mlpsGrade, mlps_assessed_on: f.mlpsAssessedOn, contract_expires: f.contractExpires, purpose: f.purpose,
  // 工作群: name, purpose, manager and rules only.
  rules: f.rules, terminal_count: f.type === 'terminal' ? f.terminalCount : null, quiet_days: f.quietDays,
});

const auditOf = (v: OutletView) => ({
  type: OUTLET_TYPE_LABELS[v.type], name: v.name, platform: v.platform, account: v.account, icpNo: v.icpNo, psbNo: v.psbNo, domain: v.domain,
  domainExpires: v.domainExpires, filingExpires: v.filingExpires, contractExpires: v.contractExpires, managerName: v.managerName, status: v.status, archived: v.archived,
});

const who = (a: Actor) => `${a.displayName}(${a.username})`;

export async function createOutlet(db: Database, ctx: ActorCtx, input: z.infer<typeof outletCreate>) {
  return inTx(db, async (trx) => {
    const unit = await getActiveUnit(trx, ctx.actor, input.unitId, 'unitId');
    await checkFields(trx, ctx.actor, unit.id, input, null);
    if (input.startDay > shanghaiDay() && input.status === 'running') throw errors.validation('开设日期晚于今天的阵地请登记为“拟开设”', 'startDay');
    const row = await insertRecord(trx, 'outlets', { unit_id: unit.id, ...columns(input), status: input.status, status_day: input.startDay, start_day: input.startDay, created_by_name: who(ctx.actor) });
    await trx.insertInto('outlet_events').values({ id: newId(), outlet_id: row.id, from_status: null, to_status: input.status, day: input.startDay, reason: '登记', evidence: input.icpNo ?? input.psbNo ?? null, actor_name: who(ctx.actor), created_at: nowIso() }).execute();
    const view = await getOutlet(trx, ctx.actor, row.id);
    await writeAudit(trx, ctx, { action: 'create', entity: 'outlet', entityId: row.id, unitPath: unit.path, after: auditOf(view) });
    return view;
  });
}

export async function updateOutlet(db: Database, ctx: ActorCtx, id: string, input: z.infer<typeof outletUpdate>) {
  return inTx(db, async (trx) => {
    const before = editable(await getVisibleOutlet(trx, ctx.actor, id), input.version, '该阵地已归档，请先恢复');
    await checkFields(trx, ctx.actor, before.unit_id, input, before);
    const [bv] = await toViews(trx, [before]);
    await updateVersioned(trx, 'outlets', id, input.version, columns(input));
    const after = await getOutlet(trx, ctx.actor, id);
    await writeAudit(trx, ctx, { action: 'update', entity: 'outlet', entityId: id, unitPath: before.unit_path, before: auditOf(bv), after: auditOf(after) });
    return after;
  });
}

/** One lifecycle step, with its day, reason and the filing evidence (备案变更回执 …) when the outlet is filed. */
export async function transitionOutlet(db: Database, ctx: ActorCtx, id: string, input: z.infer<typeof outletTransition>) {
  return inTx(db, async (trx) => {
    const before = editable(await getVisibleOutlet(trx, ctx.actor, id), input.version, '该阵地已归档，请先恢复');
    const from = before.status as OutletStatus;
    if (!OUTLET_TRANSITIONS[from].includes(input.to)) throw errors.validation(`“${OUTLET_STATUS_LABELS[from]}”的阵地不能转为“${OUTLET_STATUS_LABELS[input.to]}”`, 'to');
    if (input.day < before.status_day) throw errors.validation(`变更日期不能早于上一次状态变更(${before.status_day})`, 'day');
    if (input.day > shanghaiDay()) throw errors.validation('变更日期不能晚于今天', 'day');
    if ((input.to === 'changed' || input.to === 'closed') && (before.icp_no || before.psb_no) && !input.evidence) {
      throw errors.validation('已备案的阵地变更或关停时请填写备案变更(注销)的材料或回执号', 'evidence');
    }
    await updateVersioned(trx, 'outlets', id, input.version, { status: input.to, status_day: input.day, ...(from === 'planned' && input.to === 'running' ? { start_day: input.day } : {}) });
    await trx.insertInto('outlet_events').values({ id: newId(), outlet_id: id, from_status: from, to_status: input.to, day: input.day, reason: input.reason, evidence: input.evidence, actor_name: who(ctx.actor), created_at: nowIso() }).execute();
    await writeAudit(trx, ctx, { action: 'transition', entity: 'outlet', entityId: id, unitPath: before.unit_path, before: { status: from }, after: { status: input.to, day: input.day, reason: input.reason, evidence: input.evidence } });
    return getOutlet(trx, ctx.actor, id);
  });
}

export const setOutletArchived = archiver<OutletRow, unknown>({
  table: 'outlets', entity: 'outlet', noun: '阵地', load: getVisibleOutlet, view: (trx, actor, r) => getOutlet(trx, actor, r.id),
});

export async function outletHistory(db: Database, actor: Actor, id: string) {
  await getVisibleOutlet(db, actor, id);
  return { items: await entityHistory(db, 'outlet', id) };
}

export async function getQuietSettings(db: Database) {
  return quietThresholds(db);
}

/** Thresholds per type, for the whole installation: set by an admin of a top-level unit. */
export async function saveQuietSettings(db: Database, ctx: ActorCtx, input: z.infer<typeof quietSettings>) {
  if (ctx.actor.unitPath.split('/').filter(Boolean).length !== 1) throw new AppError(403, 'NOT_TOP_UNIT', '更新频次要求由最上级单位的管理员设置');
  for (const [type, t] of Object.entries(input)) if (t && t.dormant <= t.quiet) throw errors.validation(`${OUTLET_TYPE_LABELS[type as OutletType]}的睡眠天数应大于未按期更新天数`, type);
  return inTx(db, async (trx) => {
    const before = await quietThresholds(trx);
    await setSetting(trx, QUIET_SETTING, input);
    await writeAudit(trx, ctx, { action: 'update', entity: 'outlet_quiet', entityId: null, unitPath: ctx.actor.unitPath, before, after: input });
    return quietThresholds(trx);
  });
}
