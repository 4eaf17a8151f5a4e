import fs from 'node:fs';
import { can } from '../../../common/roles';
import type { Database } from '../../db';
import { writeAudit } from '../../platform/audit';
import type { Actor, ActorCtx } from '../../platform/context';
import { errors } from '../../platform/errors';
import { blobPath, safeFilename, sniffType, storeBlob } from '../../platform/files';
import { newId, nowIso } from '../../platform/ids';
import { assertInScope } from '../../platform/scope';
import { inTx } from '../../platform/tx';
import { attachableOf as attachable } from '../../platform/modules';
import type { AttachmentView } from '../../../common/platform';

/** The record an attachment belongs to must exist and lie in the actor's subtree. */
async function resolveRecord(db: Database, actor: Actor, entity: string, entityId: string, write: boolean) {
  const def = attachable(entity);
  if (!def) throw errors.validation('附件所属记录类型无效', 'entity');
  const rec = await def.findUnit(db, entityId);
  if (!rec) throw errors.validation(`未找到附件所属的${def.label}记录`, 'entityId');
  if (def.visibleTo) {
    if (!(await def.visibleTo(db, actor, entityId))) throw errors.outOfScope();
  } else assertInScope(actor, rec.unitPath);
  if (write && !can(actor.role, def.writePermission)) throw errors.forbidden();
  if (write && def.writableBy && !(await def.writableBy(db, actor, entityId))) throw errors.forbidden();
  return rec;
}

export async function upload(db: Database, dataDir: string, ctx: ActorCtx, input: { entity: string; entityId: string; filename: string; content: Buffer }) {
  const sniffed = sniffType(input.content);
  if (sniffed.type === null) throw errors.badFile(sniffed.reason);
  const rec = await resolveRecord(db, ctx.actor, input.entity, input.entityId, true);
  // The blob is written before the row: a rolled-back row leaves at worst an unreferenced file, never a row without its file.
  const { sha256 } = storeBlob(dataDir, input.content);
  return inTx(db, async (trx) => {
    const now = nowIso();
    const existing = await trx.selectFrom('file_blobs').select('sha256').where('sha256', '=', sha256).executeTakeFirst();
    if (!existing) await trx.insertInto('file_blobs').values({ sha256, size: input.content.length, mime: sniffed.mime, created_at: now }).execute();
    const row = {
      id: newId(), sha256, filename: safeFilename(input.filename), entity: input.entity, entity_id: input.entityId,
      unit_id: rec.unitId, uploaded_by: ctx.actor.accountId, archived_at: null, created_at: now,
    };
    await trx.insertInto('attachments').values(row).execute();
    const view: AttachmentView = { id: row.id, filename: row.filename, size: input.content.length, mime: sniffed.mime, entity: row.entity, entityId: row.entity_id, createdAt: now };
    await writeAudit(trx, ctx, { action: 'upload', entity: 'attachment', entityId: row.id, unitPath: rec.unitPath, after: { ...view, sha256 } });
    return view;
  });
}

function selectAttachments(db: Database) {
  return db
    .selectFrom('attachments as a')
    .innerJoin('file_blobs as b', 'b.sha256', 'a.sha256')
    .select(['a.id', 'a.filename', 'b.size', 'b.mime', 'a.entity', 'a.entity_id', 'a.created_at', 'a.sha256', 'a.archived_at']);
}

export async function list(db: Database, actor: Actor, entity: string, entityId: string): Promise<AttachmentView[]> {
  await resolveRecord(db, actor, entity, entityId, false);
  const rows = await selectAttachments(db).where('a.entity', '=', entity).where('a.entity_id', '=', entityId).where('a.archived_at', 'is', null).orderBy('a.created_at').execute();
  return rows.map((r) => ({ id: r.id, filename: r.filename, size: Number(r.size), mime: r.mime, entity: r.entity, entityId: r.entity_id, createdAt: r.created_at }));
}

/** Download is allowed to whoever may see the record holding the file, checked now, not at upload time. */
export async function openForDownload(db: Database, dataDir: string, actor: Actor, id: string) {
  const row = await selectAttachments(db).where('a.id', '=', id).executeTakeFirst();
  // A deleted (archived) attachment is gone for users, even to someone who kept its id.
  if (!row || row.archived_at) throw errors.notFound('附件');
  await resolveRecord(db, actor, row.entity, row.entity_id, false);
  const file = blobPath(dataDir, row.sha256);
  if (!fs.existsSync(file)) throw errors.notFound('附件文件');
  return { stream: fs.createReadStream(file), filename: row.filename, mime: row.mime, size: Number(row.size) };
}

export async function archive(db: Database, ctx: ActorCtx, id: string) {
  return inTx(db, async (trx) => {
    const row = await selectAttachments(trx).where('a.id', '=', id).executeTakeFirst();
    if (!row) throw errors.notFound('附件');
    const rec = await resolveRecord(trx, ctx.actor, row.entity, row.entity_id, true);
    if (row.archived_at) throw errors.conflict('ALREADY_ARCHIVED', '该附件已删除');
    await trx.updateTable('attachments').set({ archived_at: nowIso() }).where('id', '=', id).execute();
    await writeAudit(trx, ctx, { action: 'archive', entity: 'attachment', entityId: id, unitPath: rec.unitPath, before: { filename: row.filename }, after: { archived: true } });
    return { id };
  });
}
