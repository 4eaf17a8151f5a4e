/**
 * The attachments of the records the modules name for a pack (module.ts `packSources`): read in
 * batches, oldest first, archived ones left out.
 */
import type { Database } from '../../db';

export interface PackAttachment {
  id: string;
  entityId: string;
  filename: string;
  sha256: string;
  size: number;
  mime: string;
  createdAt: string;
}

/** The live attachments of some records of one entity, oldest first, in batches that keep IN lists short. */
export async function attachmentsOf(db: Database, entity: string, ids: string[], uploadedBefore?: string): Promise<PackAttachment[]> {
  const out: PackAttachment[] = [];
  for (let i = 0; i < ids.length; i += 500) {
    let q = db.selectFrom('attachments as a').innerJoin('file_blobs as b', 'b.sha256', 'a.sha256')
      .select(['a.id', 'a.entity_id', 'a.filename', 'a.sha256', 'a.created_at', 'b.size', 'b.mime'])
      .where('a.entity', '=', entity).where('a.entity_id', 'in', ids.slice(i, i + 500)).where('a.archived_at', 'is', null);
    if (uploadedBefore) q = q.where('a.created_at', '<', uploadedBefore);
    const rows = await q.orderBy('a.created_at').orderBy('a.id').execute();
    out.push(...rows.map((r) => ({ id: r.id, entityId: r.entity_id, filename: r.filename, sha256: r.sha256, size: Number(r.size), mime: r.mime, createdAt: r.created_at })));
  }
  return out;
}
