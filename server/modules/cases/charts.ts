/**
 * 舆情诉求 by month for home and the unit figures page: events first received in each month,
 * those of them closed, and the on-time share of the closed ones (closed by the supervision
 * deadline where a superior set one, else by the level's closure clock; as 办结按时率 counts it).
 * Each point links to the case list with the same filters, so its count is the list's total.
 */
import { link } from '../../documents/content';
import type { ChartDef } from '../../platform/modules';
import { monthDays } from '../../platform/months';
import { endOfShanghaiDay, shanghaiDay, shanghaiDayStartUtc } from '../../platform/period';
import { unitIdInSubtree } from '../../platform/scope';
import { dialectOf } from '../../db/dialect';

export const caseChart: ChartDef = {
  key: 'cases', title: '舆情诉求受理与办结', permission: 'case.read', order: 10,
  series: [
    { key: 'received', label: '受理', type: 'bar', format: 'count' },
    { key: 'closed', label: '已办结', type: 'bar', format: 'count' },
    { key: 'onTimeRate', label: '按时办结率', type: 'line', format: 'rate' },
  ],
  async build(db, unit, months) {
    if (!months.length) return { received: [], closed: [], onTimeRate: [] };
    const rows = await db.selectFrom('case_events as e')
      .select(['e.first_received_at', 'e.status', 'e.closed_at', 'e.due_close_at', 'e.supervise_due_at'])
      .where((eb) => unitIdInSubtree(eb, dialectOf(db), 'e.unit_id', unit.path))
      .where('e.archived_at', 'is', null)
      .where('e.first_received_at', '>=', shanghaiDayStartUtc(monthDays(months[0]).from))
      .where('e.first_received_at', '<=', endOfShanghaiDay(monthDays(months[months.length - 1]).to))
      .execute();
    const by = new Map(months.map((m) => [m, { received: 0, closed: 0, withDue: 0, onTime: 0 }]));
    for (const e of rows) {
      const b = by.get(shanghaiDay(e.first_received_at).slice(0, 7));
      if (!b) continue;
      b.received++;
      if (e.status !== 'closed' || !e.closed_at) continue;
      b.closed++;
      const due = e.supervise_due_at ?? e.due_close_at;
      if (due) {
        b.withDue++;
        if (e.closed_at <= due) b.onTime++;
      }
    }
    const at = (m: string, extra: Record<string, string> = {}) => link('/cases', { unitId: unit.id, ...monthDays(m), ...extra });
    return {
      received: months.map((m) => ({ value: by.get(m)!.received, link: at(m) })),
      closed: months.map((m) => ({ value: by.get(m)!.closed, link: at(m, { status: 'closed' }) })),
      onTimeRate: months.map((m) => {
        const b = by.get(m)!;
        return { value: b.withDue ? b.onTime / b.withDue : null, link: at(m, { status: 'closed' }) };
      }),
    };
  },
};
