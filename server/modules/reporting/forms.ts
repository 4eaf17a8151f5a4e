/** Report forms: built-in ones for every unit, a unit's own ones, and their versions. */
import type { z } from 'zod';
import type { FormField, FormKind, FormView, formCreate, formUpdate } from '../../../common/reporting';
import type { Database } from '../../db';
import { entityHistory, writeAudit } from '../../platform/audit';
import type { Actor, ActorCtx } from '../../platform/context';
import { errors } from '../../platform/errors';
import { newId, nowIso } from '../../platform/ids';
import { archiver, editable, insertRecord, updateVersioned } from '../../platform/records';
import { assertInScope } from '../../platform/scope';
import { inTx } from '../../platform/tx';
import { getActiveUnit } from '../units/service';

type FormRow = {
  id: string; unit_id: string | null; name: string; kind: string; description: string | null; current_version_id: string; archived_at: string | null;
  version: number; created_at: string; updated_at: string; unit_name: string | null; unit_path: string | null; version_no: number; fields_json: string;
};

function selectForms(db: Database) {
  return db.selectFrom('report_forms as f')
    .leftJoin('units as u', 'u.id', 'f.unit_id')
    .innerJoin('report_form_versions as v', 'v.id', 'f.current_version_id')
    .selectAll('f').select(['u.name as unit_name', 'u.path as unit_path', 'v.version_no', 'v.fields_json']);
}

export function toFormView(r: FormRow): FormView {
  return {
    id: r.id, unitId: r.unit_id, unitName: r.unit_name, builtin: r.unit_id === null, name: r.name, kind: r.kind as FormKind, description: r.description,
    versionNo: r.version_no, versionId: r.current_version_id, fields: JSON.parse(r.fields_json) as FormField[], archived: r.archived_at !== null, version: r.version,
  };
}

/** A form the actor may use: built-in, or owned by a unit of the actor's subtree. */
export async function getVisibleForm(db: Database, actor: Actor, id: string, field?: string): Promise<FormRow & { unit_path: string }> {
  const row = (await selectForms(db).where('f.id', '=', id).executeTakeFirst()) as FormRow | undefined;
  if (!row) throw field ? errors.validation('所选报表不存在', field) : errors.notFound('报表');
  if (row.unit_path) assertInScope(actor, row.unit_path);
  return { ...row, unit_path: row.unit_path ?? '/' };
}

export async function getForm(db: Database, actor: Actor, id: string) {
  return toFormView(await getVisibleForm(db, actor, id));
}

/** Built-in forms and the forms of the actor's subtree. */
export async function listForms(db: Database, actor: Actor, archived: boolean) {
  const rows = (await selectForms(db)
    .where((eb) => eb.or([eb('f.unit_id', 'is', null), eb.and([eb('u.path', '>=', actor.unitPath), eb('u.path', '<', `${actor.unitPath.slice(0, -1)}0`)])]))
    .where('f.archived_at', archived ? 'is not' : 'is', null)
    .orderBy('f.unit_id').orderBy('f.kind').orderBy('f.name').execute()) as FormRow[];
  return { items: rows.map(toFormView) };
}

const auditForm = (v: FormView) => ({ name: v.name, kind: v.kind, description: v.description, versionNo: v.versionNo, fields: v.fields.map((f) => `${f.label}(${f.type}${f.required ? '，必填' : ''}${f.summable ? '，汇总' : ''})`), archived: v.archived });

export async function createForm(db: Database, ctx: ActorCtx, input: z.infer<typeof formCreate>) {
  return inTx(db, async (trx) => {
    const unit = await getActiveUnit(trx, ctx.actor, input.unitId, 'unitId');
    const versionId = newId();
    const row = await insertRecord(trx, 'report_forms', { unit_id: unit.id, name: input.name, kind: input.kind, description: input.description, current_version_id: versionId });
    await trx.insertInto('report_form_versions').values({ id: versionId, form_id: row.id, version_no: 1, fields_json: JSON.stringify(input.fields), created_at: row.created_at }).execute();
    const view = await getForm(trx, ctx.actor, row.id);
    await writeAudit(trx, ctx, { action: 'create', entity: 'report_form', entityId: row.id, unitPath: unit.path, after: auditForm(view) });
    return view;
  });
}

/** A unit's own form only: built-in forms and a superior's forms are not the unit's to change. */
function ownForm(row: FormRow & { unit_path: string }, actor: Actor) {
  if (!row.unit_id) throw errors.forbidden('内置报表不能修改；请新建本单位的报表');
  assertInScope(actor, row.unit_path);
  return row;
}

/** Changing the fields makes a new version; submissions already created keep the version they were made with. */
export async function updateForm(db: Database, ctx: ActorCtx, id: string, input: z.infer<typeof formUpdate>) {
  return inTx(db, async (trx) => {
    const before = ownForm(editable(await getVisibleForm(trx, ctx.actor, id), input.version, '该报表已归档，请先恢复'), ctx.actor);
    const beforeView = toFormView(before);
    let versionId = before.current_version_id;
    if (JSON.stringify(beforeView.fields) !== JSON.stringify(input.fields)) {
      versionId = newId();
      await trx.insertInto('report_form_versions').values({ id: versionId, form_id: id, version_no: before.version_no + 1, fields_json: JSON.stringify(input.fields), created_at: nowIso() }).execute();
    }
    await updateVersioned(trx, 'report_forms', id, input.version, { name: input.name, description: input.description, current_version_id: versionId });
    const after = await getForm(trx, ctx.actor, id);
    await writeAudit(trx, ctx, { action: 'update', entity: 'report_form', entityId: id, unitPath: before.unit_path, before: auditForm(beforeView), after: auditForm(after) });
    return after;
  });
}

export const setFormArchived = archiver<FormRow & { unit_path: string }, FormView>({
  table: 'report_forms', entity: 'report_form', noun: '报表',
  load: async (trx, actor, id) => ownForm(await getVisibleForm(trx, actor, id), actor),
  view: (trx, actor, r) => getForm(trx, actor, r.id),
  audit: (r) => ({ name: r.name, archived: r.archived_at !== null }),
});

export async function formHistory(db: Database, actor: Actor, id: string) {
  await getVisibleForm(db, actor, id);
  return { items: await entityHistory(db, 'report_form', id) };
}

export async function fieldsOfVersion(db: Database, versionId: string): Promise<{ fields: FormField[]; versionNo: number }> {
  const v = await db.selectFrom('report_form_versions').select(['fields_json', 'version_no']).where('id', '=', versionId).executeTakeFirstOrThrow();
  return { fields: JSON.parse(v.fields_json) as FormField[], versionNo: v.version_no };
}
