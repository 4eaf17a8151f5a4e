import type { z } from 'zod';
import type { UnitKind } from '../../../common/labels';
import type { UnitView, unitCreate, unitMove, unitUpdate } from '../../../common/schemas/org';
import type { Database } from '../../db';
import { writeAudit } from '../../platform/audit';
import type { Actor, ActorCtx, Ctx } from '../../platform/context';
import { errors } from '../../platform/errors';
import { newId, nowIso } from '../../platform/ids';
import { assertInScope, inSubtree, type UnitScope } from '../../platform/scope';
import { type Archiving, setArchived, updateVersioned } from '../../platform/records';
import { inTx } from '../../platform/tx';
import * as repo from './repo';
import { rewriteUnitPathCopies } from '../../platform/unit-paths';

export function toUnitView(r: repo.UnitRow): UnitView {
  return {
    id: r.id,
    parentId: r.parent_id,
    name: r.name,
    kind: r.kind as UnitKind,
    code: r.code,
    officeName: r.office_name ?? null,
    path: r.path,
    depth: r.depth,
    sortOrder: r.sort_order,
    archived: r.archived_at !== null,
    version: r.version,
  };
}

/** Loads a unit the actor may see, or refuses: out of scope is 403, never a hint of what exists. */
/** The name a ledger is titled with: the unit a query names (checked to be in the actor's subtree), or the actor's own. */
export async function unitNameOf(db: Database, actor: Actor, unitId: string | undefined): Promise<string> {
  return unitId ? (await getVisibleUnit(db, actor, unitId)).name : actor.unitName;
}

export async function getVisibleUnit(db: Database, actor: Actor, id: string, field?: string, lock?: 'share' | 'update'): Promise<repo.UnitRow> {
  const unit = await repo.findUnit(db, id, lock);
  if (!unit) throw field ? errors.validation('所选单位不存在', field) : errors.notFound('单位');
  assertInScope(actor, unit.path);
  return unit;
}

/** The units a register list covers: the chosen unit (if the actor may see it) with or without its subunits; the actor's subtree by default. */
export async function unitScope(db: Database, actor: Actor, query: { unitId?: string; includeSubunits?: 'true' | 'false' }): Promise<UnitScope> {
  if (!query.unitId) return { path: actor.unitPath };
  const unit = await getVisibleUnit(db, actor, query.unitId);
  return query.includeSubunits === 'false' ? { unitId: unit.id } : { path: unit.path };
}

/**
 * A unit that new records may be attached to: visible and not archived. Inside a transaction
 * on PostgreSQL the unit stays locked (shared) until commit, so it cannot be archived under
 * the record being attached.
 */
export async function getActiveUnit(db: Database, actor: Actor, id: string, field: string): Promise<repo.UnitRow> {
  const unit = await getVisibleUnit(db, actor, id, field, 'share');
  if (unit.archived_at) throw errors.validation(`单位“${unit.name}”已归档`, field);
  return unit;
}

export async function listTree(db: Database, actor: Actor, includeArchived: boolean) {
  const rows = await repo.listSubtree(db, actor.unitPath, includeArchived);
  return rows.map(toUnitView);
}

export async function getUnit(db: Database, actor: Actor, id: string) {
  const unit = await getVisibleUnit(db, actor, id);
  const counts = await repo.childAndPersonCounts(db, id);
  return { ...toUnitView(unit), childCount: counts.children, personCount: counts.people };
}

/** The row of a new unit under `parent`, or of a root unit when there is none. */
export function newUnitRow(parent: Pick<repo.UnitRow, 'id' | 'path' | 'depth'> | null, f: { name: string; kind: string; code: string | null; sortOrder: number }): repo.UnitRow {
  const id = newId();
  const now = nowIso();
  return {
    id, parent_id: parent?.id ?? null, path: `${parent?.path ?? '/'}${id}/`, depth: parent ? parent.depth + 1 : 0, name: f.name, kind: f.kind,
    code: f.code, sort_order: f.sortOrder, archived_at: null, version: 0, created_at: now, updated_at: now,
  };
}

/** Writes a new unit with its audit row (the form, the import and the setup page alike). */
export async function insertUnitAudited(trx: Database, ctx: Ctx, row: repo.UnitRow): Promise<repo.UnitRow> {
  await repo.insertUnit(trx, row);
  await writeAudit(trx, ctx, { action: 'create', entity: 'unit', entityId: row.id, unitPath: row.path, after: toUnitView(row) });
  return row;
}

export async function createUnit(db: Database, ctx: ActorCtx, input: z.infer<typeof unitCreate>) {
  return inTx(db, async (trx) => {
    await repo.lockUnitTree(trx);
    const parent = await getActiveUnit(trx, ctx.actor, input.parentId, 'parentId');
    return toUnitView(await insertUnitAudited(trx, ctx, newUnitRow(parent, { ...input, sortOrder: input.sortOrder ?? 0 })));
  });
}

/** Creates the root unit of an installation (setup page, demo, tests). */
export async function createRootUnit(trx: Database, ctx: Ctx, input: { name: string; kind: UnitKind }) {
  return insertUnitAudited(trx, ctx, newUnitRow(null, { ...input, code: null, sortOrder: 0 }));
}

export async function updateUnit(db: Database, ctx: ActorCtx, id: string, input: z.infer<typeof unitUpdate>) {
  return inTx(db, async (trx) => {
    const before = await getVisibleUnit(trx, ctx.actor, id);
    if (before.version !== input.version) throw errors.stale();
    const set = await updateVersioned(trx, 'units', id, input.version, {
      name: input.name, kind: input.kind, code: input.code, sort_order: input.sortOrder ?? before.sort_order,
      ...(input.officeName !== undefined ? { office_name: input.officeName } : {}),
    });
    const after = { ...before, ...set };
    await writeAudit(trx, ctx, { action: 'update', entity: 'unit', entityId: id, unitPath: before.path, before: toUnitView(before), after: toUnitView(after) });
    return toUnitView(after);
  });
}

export async function moveUnit(db: Database, ctx: ActorCtx, id: string, input: z.infer<typeof unitMove>) {
  return inTx(db, async (trx) => {
    await repo.lockUnitTree(trx);
    const unit = await getVisibleUnit(trx, ctx.actor, id);
    if (unit.version !== input.version) throw errors.stale();
    if (unit.path === ctx.actor.unitPath) throw errors.forbidden('不能移动本人所在的单位');
    if (unit.parent_id === null) throw errors.forbidden('不能移动根单位');
    const target = await getActiveUnit(trx, ctx.actor, input.newParentId, 'newParentId');
    if (inSubtree(unit.path, target.path)) throw errors.validation('不能把单位移动到它自己或它的下级单位之下', 'newParentId');
    const newPath = `${target.path}${unit.id}/`;
    await updateVersioned(trx, 'units', id, input.version, { parent_id: target.id });
    const moved = await repo.rewriteSubtreePaths(trx, unit.path, newPath, target.depth + 1 - unit.depth);
    await rewriteUnitPathCopies(trx, unit.path, newPath);
    const after = (await repo.findUnit(trx, id))!;
    await writeAudit(trx, ctx, {
      action: 'move', entity: 'unit', entityId: id, unitPath: newPath,
      before: { parentId: unit.parent_id, path: unit.path }, after: { parentId: target.id, path: newPath, unitsMoved: moved },
    });
    return toUnitView(after);
  });
}

type UnitRecord = repo.UnitRow & { unit_path: string };

const archiving: Archiving<UnitRecord, UnitView> = {
  table: 'units', entity: 'unit', noun: '单位', view: (_trx, _actor, r) => toUnitView(r), audit: toUnitView,
  load: async (trx, actor, id) => {
    // Locked before counting: whoever is attaching a record or a sub-unit to this unit finishes
    // first (and is counted), or sees it archived; and a parent being archived is seen on restore.
    await repo.lockUnitTree(trx);
    const unit = await getVisibleUnit(trx, actor, id, undefined, 'update');
    return { ...unit, unit_path: unit.path };
  },
  guard: async (trx, ctx, unit, archived) => {
    if (archived) {
      if (unit.path === ctx.actor.unitPath) throw errors.forbidden('不能归档本人所在的单位');
      // Archiving is refused while anything active still hangs off the unit: move or archive it first.
      const counts = await repo.childAndPersonCounts(trx, unit.id);
      const reasons = [
        counts.children ? `${counts.children} 个下级单位` : '',
        counts.people ? `${counts.people} 名人员` : '',
        counts.accounts ? `${counts.accounts} 个在用账号` : '',
      ].filter(Boolean);
      if (reasons.length) throw errors.conflict('UNIT_NOT_EMPTY', `该单位还有${reasons.join('、')}，请先移走或归档后再归档单位`);
    } else if (unit.parent_id) {
      const parent = await repo.findUnit(trx, unit.parent_id);
      if (parent?.archived_at) throw errors.conflict('PARENT_ARCHIVED', `上级单位“${parent.name}”已归档，请先恢复上级单位`);
    }
  },
};

export const archiveUnit = (db: Database, ctx: ActorCtx, id: string, version: number) => setArchived(db, ctx, archiving, id, version, true);
export const restoreUnit = (db: Database, ctx: ActorCtx, id: string, version: number) => setArchived(db, ctx, archiving, id, version, false);
