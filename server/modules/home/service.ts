/**
 * Home: what waits for the signed-in user, from every module's `todos` (urgent first), and the
 * figures of a unit of the subtree: every module's `charts` for the months of a year with the
 * same months a year earlier (同比), and the units directly below ranked by the rates modules
 * contribute as `indicators`. Home names no module: it iterates over what was contributed.
 */
import type { z } from 'zod';
import type { ChartView, HomeFiguresView, homeFiguresQuery, RankingView, TodoView } from '../../../common/home';
import { can } from '../../../common/roles';
import type { Database } from '../../db';
import type { Actor } from '../../platform/context';
import { chartDefs, type Indicator, indicators, todoSources } from '../../platform/modules';
import { monthsOf } from '../../platform/months';
import { shanghaiDay } from '../../platform/period';
import { getVisibleUnit } from '../units/service';

export async function listTodos(db: Database, actor: Actor): Promise<{ items: TodoView[] }> {
  const today = shanghaiDay();
  const lists = await Promise.all(todoSources().map((s) => s.list(db, actor, today)));
  const items = lists.flat();
  // Urgent first, then the source order; a zero count stays listed (nothing waits: good news).
  return { items: [...items.filter((t) => t.urgent && t.count > 0), ...items.filter((t) => !(t.urgent && t.count > 0))] };
}

export async function homeFigures(db: Database, actor: Actor, query: z.infer<typeof homeFiguresQuery>, today = shanghaiDay()): Promise<HomeFiguresView> {
  const unit = await getVisibleUnit(db, actor, query.unitId ?? actor.unitId, 'unitId');
  const year = query.year ?? Number(today.slice(0, 4));
  const months = monthsOf(year, today);
  const lastYearMonths = months.map((m) => `${year - 1}${m.slice(4)}`);
  const u = { id: unit.id, path: unit.path };
  const charts: ChartView[] = [];
  for (const def of chartDefs()) {
    if (!can(actor.role, def.permission)) continue;
    const [now, before] = await Promise.all([def.build(db, u, months), def.build(db, u, lastYearMonths)]);
    charts.push({
      key: def.key, title: def.title,
      series: def.series.map((s) => ({ ...s, points: now[s.key] ?? [], lastYear: (before[s.key] ?? []).map((p) => p.value) })),
    });
  }
  const children = await db.selectFrom('units').select(['id', 'name', 'path']).where('parent_id', '=', unit.id).where('archived_at', 'is', null).orderBy('path').execute();
  const rates = indicators().filter((i) => i.format === 'rate');
  const from = `${year}-01-01`;
  const to = year === Number(today.slice(0, 4)) ? today : `${year}-12-31`;
  const ranking: RankingView = { indicators: rates.map((i) => ({ key: i.key, label: i.label })), units: [] };
  // One units array for every indicator: a module's rates that share a query compute it once (oncePerBatch).
  const byRate = new Map<string, Map<string, { value: number | null; link: string }>>();
  for (const i of children.length ? rates : []) byRate.set(i.key, await valuesOf(db, i, children, from, to));
  for (const c of children) {
    const values: RankingView['units'][number]['values'] = {};
    for (const i of rates) values[i.key] = byRate.get(i.key)!.get(c.id)!;
    ranking.units.push({ unitId: c.id, unitName: c.name, values });
  }
  return { unit: { id: unit.id, name: unit.name, hasChildren: children.length > 0 }, year, months, charts, ranking };
}

/**
 * An indicator's value and link for each of `units`: from its grouped form (`valuesFor`, one
 * query for all) where it has one and says where its records are listed (`link`); else its
 * `value` for each unit in turn.
 */
export async function valuesOf(db: Database, i: Indicator, units: { id: string; path: string }[], from: string, to: string): Promise<Map<string, { value: number | null; link: string }>> {
  const out = new Map<string, { value: number | null; link: string }>();
  if (i.valuesFor && i.link) {
    const values = await i.valuesFor(db, units, { from, to });
    for (const u of units) out.set(u.id, { value: values.get(u.id) ?? null, link: i.link({ unitId: u.id, unitPath: u.path, from, to }) });
    return out;
  }
  for (const u of units) out.set(u.id, await i.value(db, { unitId: u.id, unitPath: u.path, from, to }));
  return out;
}
