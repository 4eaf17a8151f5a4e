import { TEAM_ROLE_LABELS, TEAM_ROLES, type TeamFigures, type TeamRole } from '../../../common/teams';
import type { Database } from '../../db';
import type { Range } from '../../platform/period';
import { currentInSubtree } from '../../platform/records';
import { type BatchUnit, inAnySubtree, rollUpDistinct } from '../../platform/subtree-batch';
import { trainingCounts } from './service';

/** Team members of the subtree (as recorded now) by role, and the trainings they attended in the period. */
export async function teamFigures(db: Database, r: Range): Promise<TeamFigures> {
  const rows = await db.selectFrom('team_members as m').innerJoin('units as u', 'u.id', 'm.unit_id').leftJoin('team_roles as t', 't.id', 'm.role')
    .select(['m.person_id', 'm.role', 't.name as role_name', 't.created_at as role_created'])
    .where((eb) => currentInSubtree(eb, { path: 'u.path', archivedAt: 'm.archived_at' }, r.unitPath)).execute();
  const roles = new Map<string, { label: string; people: Set<string>; order: string }>();
  for (const x of rows) {
    const std = (TEAM_ROLES as readonly string[]).indexOf(x.role);
    const e = roles.get(x.role) ?? { label: std >= 0 ? TEAM_ROLE_LABELS[x.role as TeamRole] : (x.role_name ?? x.role), people: new Set(), order: std >= 0 ? `0${std}` : `1${x.role_created ?? ''}` };
    e.people.add(x.person_id);
    roles.set(x.role, e);
  }
  const people = [...new Set(rows.map((x) => x.person_id))];
  const counts = await trainingCounts(db, people, r.from, r.to);
  return {
    byRole: [...roles.entries()].sort((a, b) => (a[1].order < b[1].order ? -1 : 1)).map(([role, e]) => ({ role, label: e.label, members: e.people.size })),
    members: people.length,
    trainingAttendances: [...counts.values()].reduce((a, b) => a + b, 0),
  };
}

/** teamFigures' members (distinct people of the subtree's teams, as recorded now) for many units at once: one query, each person counted once per subtree. */
export async function membersMany(db: Database, units: BatchUnit[]): Promise<Map<string, number>> {
  const rows = await db.selectFrom('team_members as m').innerJoin('units as u', 'u.id', 'm.unit_id').select(['u.path', 'm.person_id']).distinct()
    .where('m.archived_at', 'is', null).where((eb) => inAnySubtree(eb, 'u.path', units)).execute();
  return rollUpDistinct(units, rows, (x) => x.person_id);
}
