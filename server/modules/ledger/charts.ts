/**
 * Activities of a unit by month against its annual targets: the activities it recorded itself
 * each month, the running total, and the pro-rata line of its targets for the year (its own,
 * or for each activity type without one the nearest superior's default for subordinates).
 * Bars and the running total link to the activity list of the unit alone for those days.
 */
import { link } from '../../documents/content';
import type { ChartDef } from '../../platform/modules';
import { monthDays } from '../../platform/months';

export const activityChart: ChartDef = {
  key: 'activities', title: '活动开展与年度目标', permission: 'ledger.read', order: 30,
  series: [
    { key: 'month', label: '当月活动', type: 'bar', format: 'count' },
    { key: 'cumulative', label: '累计', type: 'line', format: 'count' },
    { key: 'target', label: '年度目标进度线', type: 'line', format: 'count' },
  ],
  async build(db, unit, months) {
    if (!months.length) return { month: [], cumulative: [], target: [] };
    const year = Number(months[0].slice(0, 4));
    const rows = await db.selectFrom('ledger_entries').select('day').where('unit_id', '=', unit.id).where('archived_at', 'is', null)
      .where('day', '>=', `${year}-01-01`).where('day', '<=', monthDays(months[months.length - 1]).to).execute();
    const per = new Map(months.map((m) => [m, 0]));
    for (const r of rows) {
      const m = r.day.slice(0, 7);
      if (per.has(m)) per.set(m, per.get(m)! + 1);
    }
    // Own targets first; a type without one takes the nearest superior's default for subordinates.
    const lineage = unit.path.split('/').filter(Boolean);
    const targets = await db.selectFrom('annual_targets as t').innerJoin('units as u', 'u.id', 't.unit_id').select(['t.unit_id', 't.scope', 't.type', 't.min_total', 'u.depth'])
      .where('t.year', '=', year).where('t.unit_id', 'in', lineage).execute();
    const byType = new Map<string, { depth: number; total: number }>();
    for (const t of targets) {
      const own = t.unit_id === unit.id;
      if ((own && t.scope !== 'self') || (!own && t.scope !== 'subordinates')) continue;
      const depth = own ? Number.MAX_SAFE_INTEGER : t.depth;
      const prev = byType.get(t.type);
      if (!prev || prev.depth < depth) byType.set(t.type, { depth, total: t.min_total });
    }
    const annual = [...byType.values()].reduce((a, b) => a + b.total, 0);
    let sum = 0;
    const at = (from: string, to: string) => link('/activities', { unitId: unit.id, includeSubunits: 'false', from, to });
    return {
      month: months.map((m) => ({ value: per.get(m)!, link: at(monthDays(m).from, monthDays(m).to) })),
      cumulative: months.map((m) => {
        sum += per.get(m)!;
        return { value: sum, link: at(`${year}-01-01`, monthDays(m).to) };
      }),
      target: months.map((m) => ({ value: annual ? Math.round((annual * Number(m.slice(5, 7))) / 12 * 10) / 10 : null, link: null })),
    };
  },
};
