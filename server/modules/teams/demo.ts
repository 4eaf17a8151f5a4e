/**
 * Demo 队伍: the county's spokesperson and security administrator, and 城关镇's liaison and
 * informant, taken from the people the org demo created. Through the service, inside the
 * seed's transaction.
 */
import type { Database } from '../../db';
import { addDays, shanghaiDay } from '../../platform/calendar';
import type { Actor, ActorCtx, Ctx } from '../../platform/context';
import { actorsFor, unitsByName } from '../demo/lookups';
import { createMember } from './service';

export async function seedTeamDemo(db: Database, system: Ctx): Promise<void> {
  const [staff, cgStaff] = await actorsFor(db, ['staff', 'cg_staff']);
  const [cg] = await unitsByName(db, ['城关镇']);
  if (!staff || !cgStaff || !cg) return;
  const as = (actor: Actor): ActorCtx => ({ ...system, actor });
  const today = shanghaiDay();
  const peopleOf = (unitId: string) => db.selectFrom('people').select('id').where('unit_id', '=', unitId).where('archived_at', 'is', null).orderBy('created_at').orderBy('id').limit(2).execute();
  const roles = [
    { actor: staff, unitId: staff.unitId, people: await peopleOf(staff.unitId), roles: ['spokesperson', 'security_admin'] },
    { actor: cgStaff, unitId: cg.id, people: await peopleOf(cg.id), roles: ['liaison', 'informant'] },
  ];
  for (const r of roles) {
    for (let i = 0; i < r.people.length; i++) {
      await createMember(db, as(r.actor), { unitId: r.unitId, personId: r.people[i].id, role: r.roles[i], sinceDay: addDays(today, -200 - 30 * i), note: null });
    }
  }
}
