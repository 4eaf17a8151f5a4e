import type { Permission } from '../../../common/roles';
import type { Database } from '../../db';
import type { Actor } from '../../platform/context';

/**
 * Records that can hold attachments. Each module registers its own: how to find the unit a
 * record belongs to (for access) and which permission attaching to it needs.
 */
export interface Attachable {
  label: string;
  writePermission: Permission;
  findUnit(db: Database, id: string): Promise<{ unitId: string; unitPath: string } | null>;
  /**
   * Where a record is visible beyond its unit's subtree (a case sent down to a village), the
   * module says who may see it; otherwise the unit's subtree decides.
   */
  visibleTo?(db: Database, actor: Actor, id: string): Promise<boolean>;
}

const attachables = new Map<string, Attachable>();

export function registerAttachable(entity: string, def: Attachable) {
  attachables.set(entity, def);
}

export function attachable(entity: string): Attachable | undefined {
  return attachables.get(entity);
}

export function attachableEntities(): string[] {
  return [...attachables.keys()];
}

registerAttachable('unit', {
  label: '单位文件',
  writePermission: 'unit.manage',
  async findUnit(db, id) {
    const u = await db.selectFrom('units').select(['id', 'path']).where('id', '=', id).executeTakeFirst();
    return u ? { unitId: u.id, unitPath: u.path } : null;
  },
});
