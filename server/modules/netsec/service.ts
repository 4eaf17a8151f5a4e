/** 网络安全 basics: each unit's terminals and measures, maintenance contracts, and inspection findings raised as rectifications. */
import type { z } from 'zod';
import type { contractCreate, contractQuery, contractUpdate, ContractView, findingCreate, FindingView, NetsecMeasure, profileSet, ProfileView } from '../../../common/netsec';
import type { Database } from '../../db';
import { entityHistory, writeAudit } from '../../platform/audit';
import { shanghaiDay } from '../../platform/calendar';
import type { Actor, ActorCtx } from '../../platform/context';
import { errors } from '../../platform/errors';
import { newId, nowIso } from '../../platform/ids';
import { archiver, editable, inRegisterList, insertRecord, pageOf, recordReads, updateVersioned, visibleRow } from '../../platform/records';
import { inTx } from '../../platform/tx';
import { getEntry } from '../ledger/entries';
import { createRect } from '../rectification/service';
import { getActiveUnit, unitScope } from '../units/service';

const dayDiff = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

// --- Profiles ------------------------------------------------------------------------------

type ProfileRow = { id: string; unit_id: string; intranet_terminals: number; internet_terminals: number; measures: string; other_measure: string | null; checked_day: string; version: number; unit_name: string; unit_path: string };

function selectProfiles(db: Database) {
  return db.selectFrom('netsec_profiles as n').innerJoin('units as u', 'u.id', 'n.unit_id')
    .select(['n.id', 'n.unit_id', 'n.intranet_terminals', 'n.internet_terminals', 'n.measures', 'n.other_measure', 'n.checked_day', 'n.version', 'u.name as unit_name', 'u.path as unit_path']);
}

const profileView = (r: ProfileRow): ProfileView => ({
  unitId: r.unit_id, unitName: r.unit_name, intranetTerminals: r.intranet_terminals, internetTerminals: r.internet_terminals,
  measures: (r.measures ? r.measures.split(',') : []) as NetsecMeasure[], otherMeasure: r.other_measure, checkedDay: r.checked_day, version: r.version,
});

/** The profiles of the units in scope (units without one are not listed). */
export async function listProfiles(db: Database, actor: Actor, query: { unitId?: string; includeSubunits?: 'true' | 'false' }) {
  const scope = await unitScope(db, actor, query);
  const rows = await selectProfiles(db).where((eb) => inRegisterList(eb, { unitId: 'n.unit_id', path: 'u.path', archivedAt: 'n.archived_at' }, scope, undefined)).orderBy('u.path').execute();
  return { items: rows.map((r) => profileView(r as ProfileRow)) };
}

/** Sets a unit's profile: creates it (version null) or updates the version loaded (409 STALE otherwise). */
export async function setProfile(db: Database, ctx: ActorCtx, input: z.infer<typeof profileSet>) {
  return inTx(db, async (trx) => {
    const unit = await getActiveUnit(trx, ctx.actor, input.unitId, 'unitId');
    if (input.checkedDay > shanghaiDay()) throw errors.validation('核对日期不能晚于今天', 'checkedDay');
    const existing = (await selectProfiles(trx).where('n.unit_id', '=', unit.id).executeTakeFirst()) as ProfileRow | undefined;
    const fields = {
      intranet_terminals: input.intranetTerminals, internet_terminals: input.internetTerminals, measures: [...new Set(input.measures)].join(','),
      other_measure: input.measures.includes('other') ? input.otherMeasure : null, checked_day: input.checkedDay,
    };
    if (existing) {
      if (input.version !== existing.version) throw errors.stale();
      await updateVersioned(trx, 'netsec_profiles', existing.id, existing.version, fields);
    } else {
      if (input.version !== null) throw errors.stale();
      await insertRecord(trx, 'netsec_profiles', { unit_id: unit.id, ...fields });
    }
    const after = profileView((await selectProfiles(trx).where('n.unit_id', '=', unit.id).executeTakeFirstOrThrow()) as ProfileRow);
    const audit = (v: ProfileView) => ({ intranetTerminals: v.intranetTerminals, internetTerminals: v.internetTerminals, measures: v.measures.join('、'), otherMeasure: v.otherMeasure, checkedDay: v.checkedDay });
    await writeAudit(trx, ctx, { action: existing ? 'update' : 'create', entity: 'netsec_profile', entityId: unit.id, unitPath: unit.path, before: existing ? audit(profileView(existing)) : undefined, after: audit(after) });
    return after;
  });
}

// --- Contracts -----------------------------------------------------------------------------

type ContractRow = { id: string; unit_id: string; vendor: string; scope: string; signed_day: string; expires_day: string; archived_at: string | null; version: number; unit_name: string; unit_path: string };

function selectContracts(db: Database) {
  return db.selectFrom('netsec_contracts as c').innerJoin('units as u', 'u.id', 'c.unit_id')
    .select(['c.id', 'c.unit_id', 'c.vendor', 'c.scope', 'c.signed_day', 'c.expires_day', 'c.archived_at', 'c.version', 'u.name as unit_name', 'u.path as unit_path']);
}

const contractView = (r: ContractRow): ContractView => ({
  id: r.id, unitId: r.unit_id, unitName: r.unit_name, vendor: r.vendor, scope: r.scope, signedDay: r.signed_day, expiresDay: r.expires_day,
  daysLeft: dayDiff(shanghaiDay(), r.expires_day), archived: r.archived_at !== null, version: r.version,
});

export const { getVisible: getVisibleContract, get: getContract } = recordReads('运维合同', (db, id) => selectContracts(db).where('c.id', '=', id).executeTakeFirst() as Promise<ContractRow | undefined>, contractView);

export async function listContracts(db: Database, actor: Actor, query: z.infer<typeof contractQuery>) {
  const scope = await unitScope(db, actor, query);
  let q = selectContracts(db).where((eb) => inRegisterList(eb, { unitId: 'c.unit_id', path: 'u.path', archivedAt: 'c.archived_at' }, scope, query.archived));
  if (query.expiring === 'true') {
    const today = shanghaiDay();
    const soon = new Date(Date.parse(`${today}T00:00:00Z`) + 30 * 86_400_000).toISOString().slice(0, 10);
    q = q.where('c.expires_day', '<=', soon);
  }
  return pageOf(q, query, (q) => q.orderBy('c.expires_day').orderBy('c.id'), (rows) => rows.map((r) => contractView(r as ContractRow)));
}

const contractAudit = (v: ContractView) => ({ vendor: v.vendor, scope: v.scope, signedDay: v.signedDay, expiresDay: v.expiresDay, archived: v.archived });

export async function createContract(db: Database, ctx: ActorCtx, input: z.infer<typeof contractCreate>) {
  return inTx(db, async (trx) => {
    const unit = await getActiveUnit(trx, ctx.actor, input.unitId, 'unitId');
    const row = await insertRecord(trx, 'netsec_contracts', { unit_id: unit.id, vendor: input.vendor, scope: input.scope, signed_day: input.signedDay, expires_day: input.expiresDay });
    const view = contractView({ ...row, unit_name: unit.name, unit_path: unit.path });
    await writeAudit(trx, ctx, { action: 'create', entity: 'netsec_contract', entityId: row.id, unitPath: unit.path, after: contractAudit(view) });
    return view;
  });
}

export async function updateContract(db: Database, ctx: ActorCtx, id: string, input: z.infer<typeof contractUpdate>) {
  return inTx(db, async (trx) => {
    const before = editable(await getVisibleContract(trx, ctx.actor, id), input.version, '该合同已归档，请先恢复');
    const set = await updateVersioned(trx, 'netsec_contracts', id, input.version, { vendor: input.vendor, scope: input.scope, signed_day: input.signedDay, expires_day: input.expiresDay });
    const after = contractView({ ...before, ...set });
    await writeAudit(trx, ctx, { action: 'update', entity: 'netsec_contract', entityId: id, unitPath: before.unit_path, before: contractAudit(contractView(before)), after: contractAudit(after) });
    return after;
  });
}

export const setContractArchived = archiver<ContractRow, ContractView>({
  table: 'netsec_contracts', entity: 'netsec_contract', noun: '合同', load: getVisibleContract, view: (_trx, _actor, r) => contractView(r),
});

export async function contractHistory(db: Database, actor: Actor, id: string) {
  await getVisibleContract(db, actor, id);
  return { items: await entityHistory(db, 'netsec_contract', id) };
}

// --- Inspection findings -------------------------------------------------------------------

async function inspectionOf(db: Database, actor: Actor, entryId: string) {
  const e = await getEntry(db, actor, entryId);
  if (e.type !== 'security_inspection') throw errors.validation('只有网络安全检查记录可以登记发现的问题', 'entryId');
  return e;
}

export async function listFindings(db: Database, actor: Actor, entryId: string): Promise<{ items: FindingView[] }> {
  await inspectionOf(db, actor, entryId);
  const rows = await db.selectFrom('security_findings as f').innerJoin('rectifications as r', 'r.id', 'f.rectification_id')
    .select(['f.id', 'f.rectification_id', 'r.problem', 'r.status', 'r.due_day']).where('f.entry_id', '=', entryId).where('r.archived_at', 'is', null).orderBy('f.created_at').execute();
  return { items: rows.map((r) => ({ id: r.id, rectificationId: r.rectification_id, problem: r.problem, status: r.status, dueDay: r.due_day })) };
}

/**
 * A finding of a security inspection becomes a rectification of the inspected unit (the
 * rectification service raises it: origin 自查发现, batch the inspection's topic), linked back
 * to the inspection.
 */
export async function addFinding(db: Database, ctx: ActorCtx, entryId: string, input: z.infer<typeof findingCreate>) {
  return inTx(db, async (trx) => {
    const e = await inspectionOf(trx, ctx.actor, entryId);
    if (e.archived) throw errors.conflict('ARCHIVED', '该检查记录已归档');
    if (input.dueDay < e.day) throw errors.validation('整改时限不能早于检查日期', 'dueDay');
    const rect = await createRect(trx, ctx, {
      unitId: e.unitId, problem: input.problem, origin: 'self_check', batch: e.topic.slice(0, 100), measures: input.measures, ownerPersonId: input.ownerPersonId, responsibleLeaderId: null,
      startDay: e.day, dueMode: 'date', dueDay: input.dueDay, dueDays: null,
    });
    const id = newId();
    await trx.insertInto('security_findings').values({ id, entry_id: entryId, rectification_id: rect.id, created_at: nowIso() }).execute();
    const unitPath = visibleRow(await trx.selectFrom('units').select('path as unit_path').where('id', '=', e.unitId).executeTakeFirst(), ctx.actor, '单位').unit_path;
    await writeAudit(trx, ctx, { action: 'finding', entity: 'ledger_entry', entityId: entryId, unitPath, after: { finding: input.problem, rectification: rect.id } });
    return { id, rectificationId: rect.id, problem: rect.problem, status: rect.status, dueDay: rect.dueDay } satisfies FindingView;
  });
}
