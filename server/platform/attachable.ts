import type { Permission } from '../../common/roles';
import type { Database } from '../db';
import type { Actor } from './context';

/**
 * A record type that can hold attachments. A module contributes one per entity (in its
 * module.ts): how to find the unit a record belongs to (for access) and which permission
 * attaching to it needs.
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
  /** Where fewer may attach than may see (a notice's receivers read its files, only its sender adds them). */
  writableBy?(db: Database, actor: Actor, id: string): Promise<boolean>;
}

/** Tables whose rows carry their own `unit_id`. */
type UnitOwned = 'tasks' | 'rectifications' | 'duty_items' | 'agreements' | 'ledger_entries' | 'emergency_plans' | 'risk_points' | 'risk_assessments' | 'case_events' | 'watch_rosters' | 'info_items' | 'outlets' | 'posts';

/** A record whose own `unit_id` decides access: one join to its unit. */
export function ownedByUnit(table: UnitOwned, def: Omit<Attachable, 'findUnit'>): Attachable {
  return {
    ...def,
    async findUnit(db, id) {
      const r = await db.selectFrom(`${table} as x` as 'tasks as x').innerJoin('units as u', 'u.id', 'x.unit_id').select(['u.id', 'u.path']).where('x.id', '=', id).executeTakeFirst();
      return r ? { unitId: r.id, unitPath: r.path } : null;
    },
  };
}

/** Child tables and the parent row (with its own `unit_id`) they hang off. */
type ChildOf = { table: 'task_progress'; parentKey: 'task_id'; parent: 'tasks' } | { table: 'agreement_signatories'; parentKey: 'agreement_id'; parent: 'agreements' } | { table: 'cases'; parentKey: 'event_id'; parent: 'case_events' };

/** A record that belongs to a parent record (a progress note of a task): the parent's unit decides. */
export function ownedThrough(child: ChildOf, def: Omit<Attachable, 'findUnit'>): Attachable {
  return {
    ...def,
    async findUnit(db, id) {
      const r = await db
        .selectFrom(`${child.table} as c` as 'task_progress as c')
        .innerJoin(`${child.parent} as x` as 'tasks as x', 'x.id', `c.${child.parentKey}` as 'c.task_id')
        .innerJoin('units as u', 'u.id', 'x.unit_id')
        .select(['u.id', 'u.path'])
        .where('c.id', '=', id)
        .executeTakeFirst();
      return r ? { unitId: r.id, unitPath: r.path } : null;
    },
  };
}
