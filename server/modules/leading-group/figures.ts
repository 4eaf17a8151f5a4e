import type { DutyKind, GroupRole } from '../../../common/labels';
import type { LeadingGroupView } from '../../../common/schemas/org';
import { sql } from 'kysely';
import type { Database } from '../../db';

const GROUP_ROLE_ORDER: Record<GroupRole, number> = { leader: 0, deputy: 1, office_director: 2, member: 3 };

/**
 * The leading group and responsibility roles of one unit, as its page shows them and the documents
 * write them. The caller has checked the unit is visible to the user.
 */
export async function leadingGroupOf(db: Database, unitId: string): Promise<LeadingGroupView> {
  const members = await db
    .selectFrom('group_members as g')
    .innerJoin('people as p', 'p.id', 'g.person_id')
    .select(['g.id', 'g.person_id', 'p.name as person_name', 'p.position', 'g.group_role', 'g.duties', 'g.version'])
    .where('g.unit_id', '=', unitId)
    .where('g.archived_at', 'is', null)
    .execute();
  const duties = await db
    .selectFrom('duty_assignments as d')
    .innerJoin('people as p', 'p.id', 'd.person_id')
    .select(['d.id', 'd.person_id', 'p.name as person_name', 'p.position', 'd.kind', 'd.note', 'd.version'])
    .where('d.unit_id', '=', unitId)
    .where('d.archived_at', 'is', null)
    .orderBy('d.created_at')
    .execute();
  const scopes = duties.length
    ? await db
        .selectFrom('duty_scopes as s')
        .innerJoin('units as u', 'u.id', 's.unit_id')
        .select(['s.assignment_id', 'u.id', 'u.name'])
        .where('s.assignment_id', 'in', duties.map((d) => d.id))
        .orderBy('u.sort_order')
        .orderBy('u.name')
        .execute()
    : [];
  return {
    members: members
      .map((m) => ({
        id: m.id, personId: m.person_id, personName: m.person_name, position: m.position,
        groupRole: m.group_role as GroupRole, duties: m.duties, version: m.version,
      }))
      .sort((a, b) => GROUP_ROLE_ORDER[a.groupRole] - GROUP_ROLE_ORDER[b.groupRole]),
    duties: duties.map((d) => ({
      id: d.id, personId: d.person_id, personName: d.person_name, position: d.position, kind: d.kind as DutyKind, note: d.note,
      scopeUnits: scopes.filter((s) => s.assignment_id === d.id).map((s) => ({ id: s.id, name: s.name })),
      version: d.version,
    })),
  };
}

export type LeadingGroupFigures = Awaited<ReturnType<typeof leadingGroupOf>>;

/**
 * Whether each unit's own leading group is complete: a 组长 and at least one other current member
 * (1 or 0), for many units in one grouped query.
 */
export async function groupCompleteMany(db: Database, units: { id: string }[]): Promise<Map<string, number>> {
  const out = new Map(units.map((u) => [u.id, 0]));
  for (let i = 0; i < units.length; i += 500) {
    const rows = await db.selectFrom('group_members as g').innerJoin('people as p', 'p.id', 'g.person_id')
      .select(['g.unit_id', (eb) => eb.fn.countAll().as('n'), sql<number>`sum(case when g.group_role = 'leader' then 1 else 0 end)`.as('leaders')])
      .where('g.archived_at', 'is', null).where('g.unit_id', 'in', units.slice(i, i + 500).map((u) => u.id)).groupBy('g.unit_id').execute();
    for (const r of rows) out.set(r.unit_id, Number(r.leaders) > 0 && Number(r.n) >= 2 ? 1 : 0);
  }
  return out;
}
