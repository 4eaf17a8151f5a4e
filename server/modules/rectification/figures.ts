import { RECT_ORIGINS, type RectFigures, type RectOrigin } from '../../../common/rectification';
import type { Database } from '../../db';
import { shanghaiDay } from '../../platform/calendar';
import { shanghaiDayStartUtc } from '../../platform/ids';
import { subtreeFilter } from '../../platform/scope';
import type { Range } from '../tasks/figures';

/**
 * Rectification counts for a unit subtree and a period: raised in it (by origin), signed off
 * in it (and how many by their due day), and what is still open now (and overdue).
 */
export async function rectFigures(db: Database, r: Range): Promise<RectFigures> {
  const base = db
    .selectFrom('rectifications as x')
    .innerJoin('units as u', 'u.id', 'x.unit_id')
    .where(subtreeFilter<any, any>('u.path', r.unitPath))
    .where('x.archived_at', 'is', null);
  const opened = await base.select(['x.origin', (e) => e.fn.countAll().as('n')]).where('x.start_day', '>=', r.from).where('x.start_day', '<=', r.to).groupBy('x.origin').execute();
  const byOrigin = Object.fromEntries(RECT_ORIGINS.map((o) => [o, 0])) as Record<RectOrigin, number>;
  for (const o of opened) byOrigin[o.origin as RectOrigin] = Number(o.n);
  const closed = await base
    .select(['x.signed_off_at', 'x.due_day'])
    .where('x.status', '=', 'closed')
    .where('x.signed_off_at', '>=', shanghaiDayStartUtc(r.from))
    .where('x.signed_off_at', '<', shanghaiDayStartUtc(r.to, 1))
    .execute();
  const onTime = closed.filter((c) => shanghaiDay(c.signed_off_at!) <= c.due_day).length;
  const open = await base.select(['x.due_day']).where('x.status', '!=', 'closed').execute();
  const today = shanghaiDay();
  return {
    opened: Object.values(byOrigin).reduce((a, b) => a + b, 0),
    byOrigin,
    closed: closed.length,
    closedOnTime: onTime,
    onTimeRate: closed.length ? onTime / closed.length : null,
    open: open.length,
    overdueOpen: open.filter((o) => o.due_day < today).length,
  };
}
