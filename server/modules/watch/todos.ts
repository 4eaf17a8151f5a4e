import { can } from '../../../common/roles';
import type { Todo, TodoSource } from '../../platform/modules';
import { addDays, shanghaiDayStartUtc } from '../../platform/period';
import { inSubtreeOf } from '../../platform/scope';
import { coverageOf } from './periods-service';
import { watchPeriodsFor } from './periods';
import { daysOf, personOfActor } from './shared';

/**
 * What waits for the signed-in user: shifts of their own unit from today on that miss someone,
 * coming watch periods their unit has no complete roster for, swaps to approve, their own
 * duty today, and exchanges of shifts proposed to them.
 */
export const watchTodos: TodoSource = {
  key: 'watch',
  async list(db, actor, today) {
    const out: Todo[] = [];
    if (can(actor.role, 'watch.manage')) {
      const gaps = await db.selectFrom('watch_shifts as s').innerJoin('watch_rosters as r', 'r.id', 's.roster_id').select((eb) => [eb.fn.countAll().as('n'), eb.fn.min('s.day').as('first')])
        .where('s.unit_id', '=', actor.unitId).where('r.archived_at', 'is', null).where('s.day', '>=', today)
        .where((eb) => eb.or([eb('s.leader_person_id', 'is', null), eb('s.staff_person_id', 'is', null)])).executeTakeFirstOrThrow();
      if (Number(gaps.n)) {
        out.push({ key: 'watch.gaps', label: '值班表中缺人的班次', count: Number(gaps.n), link: `/watch?unitId=${actor.unitId}&includeSubunits=false&gaps=true&from=${today}`, urgent: String(gaps.first) <= addDays(today, 1) });
      }
      const periods = await watchPeriodsFor(db, actor.unitId, { from: today, to: addDays(today, 14) });
      let uncovered = 0;
      for (const p of periods) {
        const days = daysOf(p.startsOn > today ? p.startsOn : today, p.endsOn);
        const unit = await db.selectFrom('units').select('path').where('id', '=', actor.unitId).executeTakeFirstOrThrow();
        const c = (await coverageOf(db, unit.path, days)).get(actor.unitId);
        if (c && c.uncoveredDays.length) uncovered++;
      }
      if (uncovered) out.push({ key: 'watch.uncovered', label: '敏感时期未排全24小时值班', count: uncovered, link: `/watch?unitId=${actor.unitId}&includeSubunits=false`, urgent: true });
      const swaps = await db.selectFrom('watch_swaps as w').innerJoin('units as u', 'u.id', 'w.unit_id').select((eb) => eb.fn.countAll().as('n'))
        .where('w.status', '=', 'pending').where('w.other_shift_id', 'is', null).where((eb) => inSubtreeOf(eb, 'u.path', actor.unitPath)).executeTakeFirstOrThrow();
      if (Number(swaps.n)) out.push({ key: 'watch.swaps', label: '待审批的换班申请', count: Number(swaps.n), link: '/watch/swaps?status=pending' });
    }
    const me = await personOfActor(db, actor);
    if (me) {
      const mine = await db.selectFrom('watch_shifts as s').innerJoin('watch_rosters as r', 'r.id', 's.roster_id').select((eb) => eb.fn.countAll().as('n'))
        .where('r.archived_at', 'is', null).where('s.handed_over_at', 'is', null)
        .where('s.starts_at', '<', shanghaiDayStartUtc(today, 1)).where('s.ends_at', '>', shanghaiDayStartUtc(today))
        .where((eb) => eb.or([eb('s.leader_person_id', '=', me), eb('s.staff_person_id', '=', me)])).executeTakeFirstOrThrow();
      if (Number(mine.n)) out.push({ key: 'watch.today', label: '今天我的值班', count: Number(mine.n), link: '/watch/my', urgent: true });
      const asked = await db.selectFrom('watch_swaps').select((eb) => eb.fn.countAll().as('n')).where('status', '=', 'pending').where('to_person_id', '=', me)
        .where('other_shift_id', 'is not', null).executeTakeFirstOrThrow();
      if (Number(asked.n)) out.push({ key: 'watch.exchange', label: '待我确认的互换班次', count: Number(asked.n), link: '/watch/swaps?status=pending', urgent: true });
    }
    return out;
  },
};
