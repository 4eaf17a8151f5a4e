import { can } from '../../../common/roles';
import type { Todo, TodoSource } from '../../platform/modules';
import { countsByUnit, monthOf, monthRange } from './service';

/** Items sent to my unit awaiting their outcome, and my unit's monthly quota while it is not met. */
export const infoTodos: TodoSource = {
  key: 'information',
  async list(db, actor, today) {
    const out: Todo[] = [];
    if (can(actor.role, 'info.review')) {
      const n = await db.selectFrom('info_items').select((eb) => eb.fn.countAll().as('n')).where('to_unit_id', '=', actor.unitId).where('outcome', 'is', null).where('archived_at', 'is', null).executeTakeFirstOrThrow();
      if (Number(n.n)) out.push({ key: 'information.outcome', label: '待登记采用情况的报送信息', count: Number(n.n), link: `/information?direction=received&unitId=${actor.unitId}&includeSubunits=false&outcome=pending` });
    }
    if (can(actor.role, 'info.submit')) {
      const q = await db.selectFrom('info_quotas').select('min_per_month').where('unit_id', '=', actor.unitId).executeTakeFirst();
      const month = monthOf(today);
      const sent = (await countsByUnit(db, [actor.unitId], month)).get(actor.unitId)?.sent ?? 0;
      if (q && q.min_per_month > sent) {
        const { from, to } = monthRange(month);
        out.push({ key: 'information.quota', label: `本月还需报送的信息(任务${q.min_per_month}条)`, count: q.min_per_month - sent, link: `/information?unitId=${actor.unitId}&includeSubunits=false&from=${from}&to=${to}`, urgent: to <= today });
      }
    }
    return out;
  },
};
