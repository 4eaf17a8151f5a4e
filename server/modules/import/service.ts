import { sql } from 'kysely';
import type { Database } from '../../db';
import { dialectOf } from '../../db/dialect';
import { writeAudit } from '../../platform/audit';
import type { Actor, ActorCtx } from '../../platform/context';
import { safeFilename } from '../../platform/files';
import { inTx } from '../../platform/tx';
import type { UnitRow } from '../units/repo';
import { insertPersonAudited } from '../people/service';
import { insertUnitAudited, newUnitRow } from '../units/service';
import { type ImportPreview, ImportInvalidError } from './preview';
import type { UnitNode } from './refs';
import { validate } from './validate';
import { parseImportFile } from './workbook';

// The import of units and people: preview, commit (all or nothing), and the template.
// The steps live beside this file: preview.ts (the answer), refs.ts (unit references),
// cells.ts (cell values), validate.ts (the checks), template.ts.

export { template } from './template';
export type { ImportPreview } from './preview';

export async function preview(db: Database, actor: Actor, file: Buffer): Promise<ImportPreview> {
  const parsed = await parseImportFile(file);
  return (await validate(db, actor, parsed)).preview;
}

const IMPORT_LOCK_KEY = 727002;

/**
 * Parses and checks the file again, then writes every unit and person in one transaction,
 * or nothing at all. Parents come before children because a parent is always an existing
 * unit or an earlier row.
 */
export async function commit(db: Database, ctx: ActorCtx, file: Buffer, filename: string) {
  const parsed = await parseImportFile(file);
  return inTx(db, async (trx) => {
    // Two imports of the same file at once must not both pass the duplicate checks.
    // (SQLite runs one transaction at a time; PostgreSQL needs the lock.)
    if (dialectOf(trx) === 'postgres') await sql`select pg_advisory_xact_lock(${IMPORT_LOCK_KEY})`.execute(trx);
    const v = await validate(trx, ctx.actor, parsed);
    if (!v.preview.valid) throw new ImportInvalidError(v.preview);
    const created = new Map<UnitNode, UnitRow>();
    const rowOf = (n: UnitNode): UnitRow => {
      const r = n.existing ?? created.get(n);
      if (!r) throw new Error(`import: parent of row ${n.fileRow} not created`);
      return r;
    };
    for (const u of v.units) created.set(u.node, await insertUnitAudited(trx, ctx, newUnitRow(rowOf(u.parent), u)));
    for (const p of v.people) await insertPersonAudited(trx, ctx, rowOf(p.unit), p);
    const summary = { units: v.units.length, people: v.people.length, filename: safeFilename(filename) };
    await writeAudit(trx, ctx, { action: 'import', entity: 'unit', entityId: null, unitPath: ctx.actor.unitPath, after: summary });
    return { unitsCreated: v.units.length, peopleCreated: v.people.length };
  });
}
