/**
 * 舆情诉求 by month for home and the unit figures page: events first received in each month,
 * those of them closed, and the on-time share of the closed ones (closed by the supervision
 * deadline where a superior set one, else by the level's closure clock; as 办结按时率 counts it).
 * Each point links to the case list with the same filters, so its count is the list's total.
 */
import { link } from '../../documents/content';
import type { ChartDef } from '../../platform/modules';
import { monthDays } from '../../platform/months';
import { endOfShanghaiDay, shanghaiDayStartUtc } from '../../platform/period';
import { sql } from 'kysely';
import { inSubtreeOf } from '../../platform/scope';
import { periodColumn } from '../../platform/subtree-batch';

export const caseChart: ChartDef = {
  key: 'cases', title: '舆情诉求受理与办结', permission: 'case.read', order: 10,
  series: [
    { key: 'received', label: '受理', type: 'bar', format: 'count' },
    { key: 'closed', label: '已办结', type: 'bar', format: 'count' },
    { key: 'onTimeRate', label: '按时办结率', type: 'line', format: 'rate' },
  ],
  async build(db, unit, months) {
    if (!months.length) return { received: [], closed: [], onTimeRate: [] };
    // Counted in the database by month: the month an event was received in (Shanghai) is the
    // number of month starts (as UTC instants) at or before its receipt, less one.
    const starts = months.map((m) => shanghaiDayStartUtc(monthDays(m).from));
    const month = months.length === 1 ? sql<number>`${sql.lit(0)}` : sql<number>`case ${sql.join(starts.slice(1).map((s, i) => sql`when e.first_received_at < ${s} then ${sql.lit(i)}`), sql` `)} else ${sql.lit(months.length - 1)} end`;
    const closed = sql`e.status = 'closed' and e.closed_at is not null`;
    const due = sql`coalesce(e.supervise_due_at, e.due_close_at)`;
    const rows = await db.selectFrom('case_events as e')
      .select([
        month.as('month'),
        sql<number | string>`count(*)`.as('received'),
        sql<number | string>`sum(case when ${closed} then 1 else 0 end)`.as('closed'),
        sql<number | string>`sum(case when ${closed} and ${due} is not null then 1 else 0 end)`.as('with_due'),
        sql<number | string>`sum(case when ${closed} and e.closed_at <= ${due} then 1 else 0 end)`.as('on_time'),
      ])
      .where((eb) => inSubtreeOf(eb, 'e.owner_path', unit.path))
      .where('e.archived_at', 'is', null)
      .where((eb) => eb.between(periodColumn(eb, db, 'e.first_received_at', [unit]), starts[0], endOfShanghaiDay(monthDays(months[months.length - 1]).to)))
      .groupBy(sql`1`)
      .execute();
    const by = new Map(months.map((m) => [m, { received: 0, closed: 0, withDue: 0, onTime: 0 }]));
    for (const g of rows) {
      const b = by.get(months[Number(g.month)])!;
      b.received += Number(g.received);
      b.closed += Number(g.closed ?? 0);
      b.withDue += Number(g.with_due ?? 0);
      b.onTime += Number(g.on_time ?? 0);
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
