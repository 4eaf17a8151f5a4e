import { sql } from 'kysely';
import type { z } from 'zod';
import type {
  agreementCreate, agreementQuery, AgreementSignatureRow, agreementUpdate, AgreementView, dutyCopy, dutyItemCreate, dutyItemQuery, dutyItemUpdate, DutyItemView,
  signatoriesAdd, signBody, SignatoryView,
} from '../../../common/duty';
import type { Database } from '../../db';
import { dialectOf } from '../../db/dialect';
import { entityHistory, writeAudit } from '../../platform/audit';
import { shanghaiDay } from '../../platform/calendar';
import type { Actor, ActorCtx } from '../../platform/context';
import { errors } from '../../platform/errors';
import { newId, nowIso } from '../../platform/ids';
import { assertInScope } from '../../platform/scope';
import { contains } from '../../platform/search';
import { archiver, editable, inRegisterList, insertRecord, pageOf, recordReads, updateVersioned, visibleRow } from '../../platform/records';
import { inTx } from '../../platform/tx';
import { getActiveUnit, getVisibleUnit, unitScope } from '../units/service';

/**
 * PostgreSQL: serialises writers of one thing (a unit's year list, an agreement's signatories)
 * until the transaction ends, so two requests cannot both see "empty" or "not yet named".
 */
async function lock(db: Database, key: string) {
  if (dialectOf(db) === 'postgres') await sql`select pg_advisory_xact_lock(hashtext(${key}))`.execute(db);
}

// --- 责任清单 -------------------------------------------------------------------------------

type ItemRow = {
  id: string; unit_id: string; year: number; content: string; category: string | null; leader_person_id: string | null; department_ids: string;
  departments_text: string | null; basis: string | null; sort_order: number; archived_at: string | null; version: number;
  unit_name: string; unit_path: string; leader_name: string | null;
};

function selectItems(db: Database) {
  return db
    .selectFrom('duty_items as d')
    .innerJoin('units as u', 'u.id', 'd.unit_id')
    .leftJoin('people as p', 'p.id', 'd.leader_person_id')
    .select(['d.id', 'd.unit_id', 'd.year', 'd.content', 'd.category', 'd.leader_person_id', 'd.department_ids', 'd.departments_text', 'd.basis', 'd.sort_order', 'd.archived_at', 'd.version', 'u.name as unit_name', 'u.path as unit_path', 'p.name as leader_name']);
}

async function toItemViews(db: Database, rows: ItemRow[]): Promise<DutyItemView[]> {
  const ids = [...new Set(rows.flatMap((r) => JSON.parse(r.department_ids) as string[]))];
  const names = new Map(ids.length ? (await db.selectFrom('units').select(['id', 'name']).where('id', 'in', ids).execute()).map((u) => [u.id, u.name]) : []);
  return rows.map((r) => ({
    id: r.id, unitId: r.unit_id, unitName: r.unit_name, year: r.year, content: r.content, category: r.category, leaderPersonId: r.leader_person_id,
    leaderName: r.leader_name, departments: (JSON.parse(r.department_ids) as string[]).map((id) => ({ id, name: names.get(id) ?? '' })),
    departmentsText: r.departments_text, basis: r.basis, sortOrder: r.sort_order, archived: r.archived_at !== null, version: r.version,
  }));
}

async function getVisibleItem(db: Database, actor: Actor, id: string): Promise<ItemRow> {
  return visibleRow(await selectItems(db).where('d.id', '=', id).executeTakeFirst(), actor, '责任清单条目') as ItemRow;
}

export async function getItem(db: Database, actor: Actor, id: string) {
  return (await toItemViews(db, [await getVisibleItem(db, actor, id)]))[0];
}

/** One unit's list for a year (a list belongs to its unit; superiors look at each unit's). */
export async function listItems(db: Database, actor: Actor, query: z.infer<typeof dutyItemQuery>) {
  const unit = await getVisibleUnit(db, actor, query.unitId ?? actor.unitId);
  let q = selectItems(db).where('d.unit_id', '=', unit.id).where('d.year', '=', query.year ?? Number(shanghaiDay().slice(0, 4)));
  q = q.where('d.archived_at', query.archived === 'true' ? 'is not' : 'is', null);
  if (query.q) {
    const words = query.q;
    q = q.where((eb) => eb.or([contains('d.content', words), contains('d.basis', words), contains('d.category', words)]));
  }
  return pageOf(q, query, (q) => q.orderBy('d.sort_order').orderBy('d.created_at').orderBy('d.id'), (rows) => toItemViews(db, rows as ItemRow[]));
}

type ItemFields = Omit<z.infer<typeof dutyItemCreate>, 'unitId' | 'year'>;

async function checkItemRefs(db: Database, unit: { id: string; path: string }, f: ItemFields) {
  if (f.leaderPersonId) {
    const p = await db.selectFrom('people').select(['unit_id', 'name']).where('id', '=', f.leaderPersonId).executeTakeFirst();
    if (!p || p.unit_id !== unit.id) throw errors.validation('责任领导应是本单位的人员', 'leaderPersonId');
  }
  const ids = [...new Set(f.departmentIds)];
  if (ids.length) {
    const found = await db.selectFrom('units').select(['id', 'name', 'path']).where('id', 'in', ids).execute();
    if (found.length !== ids.length) throw errors.validation('责任部门中有不存在的单位', 'departmentIds');
    const outside = found.find((u) => !u.path.startsWith(unit.path));
    if (outside) throw errors.validation(`责任部门“${outside.name}”不在本单位范围内`, 'departmentIds');
  }
  return ids;
}

const itemAudit = (v: DutyItemView) => ({ year: v.year, content: v.content, category: v.category, leaderName: v.leaderName, departments: v.departments.map((d) => d.name), departmentsText: v.departmentsText, basis: v.basis, archived: v.archived });

export async function createItem(db: Database, ctx: ActorCtx, input: z.infer<typeof dutyItemCreate>) {
  return inTx(db, async (trx) => {
    const unit = await getActiveUnit(trx, ctx.actor, input.unitId, 'unitId');
    const deps = await checkItemRefs(trx, unit, input);
    const row = await insertRecord(trx, 'duty_items', {
      unit_id: unit.id, year: input.year, content: input.content, category: input.category, leader_person_id: input.leaderPersonId,
      department_ids: JSON.stringify(deps), departments_text: input.departmentsText, basis: input.basis, sort_order: input.sortOrder,
    });
    const view = await getItem(trx, ctx.actor, row.id);
    await writeAudit(trx, ctx, { action: 'create', entity: 'duty_item', entityId: row.id, unitPath: unit.path, after: itemAudit(view) });
    return view;
  });
}

export async function updateItem(db: Database, ctx: ActorCtx, id: string, input: z.infer<typeof dutyItemUpdate>) {
  return inTx(db, async (trx) => {
    const before = editable(await getVisibleItem(trx, ctx.actor, id), input.version, '该条目已归档，请先恢复');
    const deps = await checkItemRefs(trx, { id: before.unit_id, path: before.unit_path }, input);
    const beforeView = await getItem(trx, ctx.actor, id);
    await updateVersioned(trx, 'duty_items', id, input.version, {
      content: input.content, category: input.category, leader_person_id: input.leaderPersonId, department_ids: JSON.stringify(deps),
      departments_text: input.departmentsText, basis: input.basis, sort_order: input.sortOrder,
    });
    const after = await getItem(trx, ctx.actor, id);
    await writeAudit(trx, ctx, { action: 'update', entity: 'duty_item', entityId: id, unitPath: before.unit_path, before: itemAudit(beforeView), after: itemAudit(after) });
    return after;
  });
}

export const setItemArchived = archiver<ItemRow, DutyItemView>({
  table: 'duty_items', entity: 'duty_item', noun: '条目', load: getVisibleItem, view: (trx, actor, r) => getItem(trx, actor, r.id),
});

/**
 * Copies a unit's active entries of one year into another, to be adjusted there. Refused when
 * the target year already has entries, so a second click cannot double the list.
 */
export async function copyYear(db: Database, ctx: ActorCtx, input: z.infer<typeof dutyCopy>) {
  if (input.fromYear === input.toYear) throw errors.validation('复制来源年度与目标年度相同', 'toYear');
  return inTx(db, async (trx) => {
    const unit = await getActiveUnit(trx, ctx.actor, input.unitId, 'unitId');
    await lock(trx, `duty-year:${unit.id}:${input.toYear}`);
    const existing = await trx.selectFrom('duty_items').select((e) => e.fn.countAll().as('n')).where('unit_id', '=', unit.id).where('year', '=', input.toYear).where('archived_at', 'is', null).executeTakeFirstOrThrow();
    if (Number(existing.n) > 0) throw errors.conflict('YEAR_NOT_EMPTY', `${unit.name}${input.toYear}年已有 ${existing.n} 条责任清单，不能整体复制；请逐条调整，或先归档现有条目`);
    const source = await trx.selectFrom('duty_items').selectAll().where('unit_id', '=', unit.id).where('year', '=', input.fromYear).where('archived_at', 'is', null).orderBy('sort_order').orderBy('created_at').execute();
    if (source.length === 0) throw errors.validation(`${unit.name}${input.fromYear}年没有责任清单可复制`, 'fromYear');
    const now = nowIso();
    const rows = source.map((s) => ({ ...s, id: newId(), year: input.toYear, version: 0, created_at: now, updated_at: now }));
    await trx.insertInto('duty_items').values(rows).execute();
    // Each copy starts its own history, saying where it came from.
    for (const [i, r] of rows.entries()) {
      await writeAudit(trx, ctx, { action: 'copy', entity: 'duty_item', entityId: r.id, unitPath: unit.path, after: { fromYear: input.fromYear, fromId: source[i].id, toYear: input.toYear, content: r.content } });
    }
    return { copied: source.length };
  });
}

export async function itemHistory(db: Database, actor: Actor, id: string) {
  await getVisibleItem(db, actor, id);
  return { items: await entityHistory(db, 'duty_item', id) };
}

// --- 责任书 ---------------------------------------------------------------------------------

type AgreementRow = {
  id: string; unit_id: string; title: string; year: number; issued_day: string; note: string | null; archived_at: string | null; version: number;
  unit_name: string; unit_path: string; expected?: number | string | null; signed?: number | string | null;
};

function selectAgreements(db: Database) {
  return db
    .selectFrom('agreements as a')
    .innerJoin('units as u', 'u.id', 'a.unit_id')
    .select(['a.id', 'a.unit_id', 'a.title', 'a.year', 'a.issued_day', 'a.note', 'a.archived_at', 'a.version', 'u.name as unit_name', 'u.path as unit_path'])
    .select((eb) => [
      eb.selectFrom('agreement_signatories as s').select((x) => x.fn.countAll().as('n')).whereRef('s.agreement_id', '=', 'a.id').as('expected'),
      eb.selectFrom('agreement_signatories as s').select((x) => x.fn.countAll().as('n')).whereRef('s.agreement_id', '=', 'a.id').where('s.signed_day', 'is not', null).as('signed'),
    ]);
}

function toAgreementView(r: AgreementRow): AgreementView {
  return {
    id: r.id, unitId: r.unit_id, unitName: r.unit_name, title: r.title, year: r.year, issuedDay: r.issued_day, note: r.note,
    expected: Number(r.expected ?? 0), signed: Number(r.signed ?? 0), archived: r.archived_at !== null, version: r.version,
  };
}

export const { getVisible: getVisibleAgreement, get: getAgreement } = recordReads('责任书', (db, id) => selectAgreements(db).where('a.id', '=', id).executeTakeFirst() as Promise<AgreementRow | undefined>, toAgreementView);

export async function listAgreements(db: Database, actor: Actor, query: z.infer<typeof agreementQuery>) {
  const scope = await unitScope(db, actor, query);
  let q = selectAgreements(db).where((eb) => inRegisterList(eb, { unitId: 'a.unit_id', path: 'u.path', archivedAt: 'a.archived_at' }, scope, query.archived));
  if (query.year) q = q.where('a.year', '=', query.year);
  if (query.q) q = q.where(contains('a.title', query.q));
  if (query.unsigned === 'true') {
    q = q.where((eb) => eb.exists(eb.selectFrom('agreement_signatories as s2').select('s2.id').whereRef('s2.agreement_id', '=', 'a.id').where('s2.signed_day', 'is', null)));
  }
  return pageOf(q, query, (q) => q.orderBy('a.year', 'desc').orderBy('a.issued_day', 'desc').orderBy('a.id', 'desc'), (rows) => rows.map((r) => toAgreementView(r as AgreementRow)));
}

/** Signatories are units of the issuing unit's subtree (below it) or people of it; each once. */
async function insertSignatories(trx: Database, actor: Actor, agreementId: string, issuer: { id: string; path: string }, unitIds: string[], personIds: string[]) {
  const uIds = [...new Set(unitIds)];
  const pIds = [...new Set(personIds)];
  if (uIds.length) {
    const found = await trx.selectFrom('units').select(['id', 'name', 'path', 'archived_at']).where('id', 'in', uIds).execute();
    if (found.length !== uIds.length) throw errors.validation('签订单位中有不存在的单位', 'signatoryUnitIds');
    for (const u of found) assertInScope(actor, u.path);
    const bad = found.find((u) => !u.path.startsWith(issuer.path) || u.id === issuer.id);
    if (bad) throw errors.validation(`“${bad.name}”不是印发单位的下级单位`, 'signatoryUnitIds');
    const gone = found.find((u) => u.archived_at);
    if (gone) throw errors.validation(`单位“${gone.name}”已归档，不能作为签订单位`, 'signatoryUnitIds');
  }
  if (pIds.length) {
    const found = await trx.selectFrom('people as p').innerJoin('units as u', 'u.id', 'p.unit_id').select(['p.id', 'p.name', 'u.path']).where('p.id', 'in', pIds).execute();
    if (found.length !== pIds.length) throw errors.validation('签订人中有不存在的人员', 'signatoryPersonIds');
    for (const p of found) assertInScope(actor, p.path);
    const bad = found.find((p) => !p.path.startsWith(issuer.path));
    if (bad) throw errors.validation(`“${bad.name}”不是印发单位或其下级单位的人员`, 'signatoryPersonIds');
  }
  await lock(trx, `agreement-signatories:${agreementId}`);
  const existing = await trx.selectFrom('agreement_signatories').select(['unit_id', 'person_id']).where('agreement_id', '=', agreementId).execute();
  const now = nowIso();
  const rows = [
    ...uIds.filter((u) => !existing.some((e) => e.unit_id === u)).map((unit_id) => ({ id: newId(), agreement_id: agreementId, unit_id, person_id: null, signed_day: null, signed_by_name: null, version: 0, created_at: now })),
    ...pIds.filter((p) => !existing.some((e) => e.person_id === p)).map((person_id) => ({ id: newId(), agreement_id: agreementId, unit_id: null, person_id, signed_day: null, signed_by_name: null, version: 0, created_at: now })),
  ];
  if (rows.length) await trx.insertInto('agreement_signatories').values(rows).execute();
  return rows.length;
}

export async function createAgreement(db: Database, ctx: ActorCtx, input: z.infer<typeof agreementCreate>) {
  return inTx(db, async (trx) => {
    const unit = await getActiveUnit(trx, ctx.actor, input.unitId, 'unitId');
    const row = await insertRecord(trx, 'agreements', {
      unit_id: unit.id, title: input.title, year: input.year, issued_day: input.issuedDay, note: input.note,
    });
    const n = await insertSignatories(trx, ctx.actor, row.id, unit, input.signatoryUnitIds, input.signatoryPersonIds);
    await writeAudit(trx, ctx, { action: 'create', entity: 'agreement', entityId: row.id, unitPath: unit.path, after: { title: row.title, year: row.year, issuedDay: row.issued_day, signatories: n } });
    return getAgreement(trx, ctx.actor, row.id);
  });
}

export async function updateAgreement(db: Database, ctx: ActorCtx, id: string, input: z.infer<typeof agreementUpdate>) {
  return inTx(db, async (trx) => {
    const before = editable(await getVisibleAgreement(trx, ctx.actor, id), input.version, '该责任书已归档，请先恢复');
    const set = await updateVersioned(trx, 'agreements', id, input.version, { title: input.title, year: input.year, issued_day: input.issuedDay, note: input.note });
    await writeAudit(trx, ctx, { action: 'update', entity: 'agreement', entityId: id, unitPath: before.unit_path, before: { title: before.title, year: before.year, issuedDay: before.issued_day, note: before.note }, after: { title: set.title, year: set.year, issuedDay: set.issued_day, note: set.note } });
    return getAgreement(trx, ctx.actor, id);
  });
}

export const setAgreementArchived = archiver<AgreementRow, Awaited<ReturnType<typeof getAgreement>>>({
  table: 'agreements', entity: 'agreement', noun: '责任书', load: getVisibleAgreement, view: (trx, actor, r) => getAgreement(trx, actor, r.id),
});

export async function addSignatories(db: Database, ctx: ActorCtx, id: string, input: z.infer<typeof signatoriesAdd>) {
  return inTx(db, async (trx) => {
    const a = await getVisibleAgreement(trx, ctx.actor, id);
    if (a.archived_at) throw errors.conflict('ARCHIVED', '该责任书已归档');
    const n = await insertSignatories(trx, ctx.actor, id, { id: a.unit_id, path: a.unit_path }, input.unitIds, input.personIds);
    await writeAudit(trx, ctx, { action: 'update', entity: 'agreement', entityId: id, unitPath: a.unit_path, after: { signatoriesAdded: n } });
    return { added: n };
  });
}

export async function listSignatories(db: Database, actor: Actor, id: string, only?: 'unsigned'): Promise<{ items: SignatoryView[] }> {
  await getVisibleAgreement(db, actor, id);
  let q = db
    .selectFrom('agreement_signatories as s')
    .leftJoin('units as u', 'u.id', 's.unit_id')
    .leftJoin('people as p', 'p.id', 's.person_id')
    .leftJoin('units as pu', 'pu.id', 'p.unit_id')
    .select(['s.id', 's.unit_id', 's.person_id', 's.signed_day', 's.signed_by_name', 's.version', 'u.name as unit_name', 'p.name as person_name', 'pu.name as person_unit'])
    .select((eb) => eb.selectFrom('attachments as f').select((x) => x.fn.countAll().as('n')).whereRef('f.entity_id', '=', 's.id').where('f.entity', '=', 'agreement_signatory').where('f.archived_at', 'is', null).as('files'))
    .where('s.agreement_id', '=', id);
  if (only === 'unsigned') q = q.where('s.signed_day', 'is', null);
  // Units first (in tree order), then people by name, the same on both databases.
  const rows = await q.orderBy(sql`case when s.unit_id is null then 1 else 0 end`).orderBy('u.path').orderBy('pu.path').orderBy('p.name').orderBy('s.id').execute();
  return {
    items: rows.map((r) => ({
      id: r.id, unitId: r.unit_id, unitName: r.unit_name, personId: r.person_id, personName: r.person_name ? `${r.person_name}(${r.person_unit})` : null,
      signedDay: r.signed_day, signedByName: r.signed_by_name, attachmentCount: Number(r.files ?? 0), version: r.version,
    })),
  };
}

async function getSignatory(db: Database, actor: Actor, id: string) {
  const s = await db.selectFrom('agreement_signatories').selectAll().where('id', '=', id).executeTakeFirst();
  if (!s) throw errors.notFound('签订记录');
  const a = await getVisibleAgreement(db, actor, s.agreement_id);
  return { s, a };
}

export async function setSigned(db: Database, ctx: ActorCtx, id: string, input: z.infer<typeof signBody> | { version: number; signedDay: null }) {
  return inTx(db, async (trx) => {
    const { s, a } = await getSignatory(trx, ctx.actor, id);
    if (s.version !== input.version) throw errors.stale();
    if (a.archived_at) throw errors.conflict('ARCHIVED', '该责任书已归档');
    if (input.signedDay && input.signedDay > shanghaiDay()) throw errors.validation('签订日期不能晚于今天', 'signedDay');
    if (input.signedDay && s.signed_day) throw errors.conflict('ALREADY_SIGNED', '已登记为签订');
    if (!input.signedDay && !s.signed_day) throw errors.conflict('NOT_SIGNED', '尚未签订');
    const set = await updateVersioned(trx, 'agreement_signatories', id, input.version, { signed_day: input.signedDay, signed_by_name: input.signedDay ? `${ctx.actor.displayName}(${ctx.actor.username})` : null });
    const name = s.unit_id
      ? (await trx.selectFrom('units').select('name').where('id', '=', s.unit_id).executeTakeFirst())?.name
      : (await trx.selectFrom('people').select('name').where('id', '=', s.person_id ?? '').executeTakeFirst())?.name;
    await writeAudit(trx, ctx, { action: input.signedDay ? 'sign' : 'unsign', entity: 'agreement', entityId: a.id, unitPath: a.unit_path, before: { signedDay: s.signed_day }, after: { signatoryId: id, signatory: name ?? null, unitId: s.unit_id, personId: s.person_id, signedDay: input.signedDay } });
    return { id, version: set.version, signedDay: set.signed_day };
  });
}

/**
 * The agreements the list shows (same filters, no paging) with each signatory on its own row,
 * for the .xlsx ledger; an agreement without signatories gets one row of its own.
 */
export async function agreementSignatureRows(db: Database, actor: Actor, query: Omit<z.infer<typeof agreementQuery>, 'page' | 'pageSize'>): Promise<AgreementSignatureRow[]> {
  const { items } = await listAgreements(db, actor, { ...query, page: 1, pageSize: 5000 });
  const out: AgreementSignatureRow[] = [];
  for (const a of items) {
    const { items: sigs } = await listSignatories(db, actor, a.id);
    if (sigs.length === 0) out.push({ agreement: a, signatory: null });
    for (const s of sigs) out.push({ agreement: a, signatory: s });
  }
  return out;
}

export async function agreementHistory(db: Database, actor: Actor, id: string) {
  await getVisibleAgreement(db, actor, id);
  return { items: await entityHistory(db, 'agreement', id) };
}
