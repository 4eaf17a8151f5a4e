/**
 * The indicators the modules contribute, read through the manifest only: the checks module
 * names no other module's tables. A new indicator in any module shows in the framework editor
 * and can be bound without a change here.
 */
import { type CheckItem, type IndicatorView, itemsOf, type FrameworkContent, type Result, boundResult, applies, formatValue } from '../../../common/checks';
import type { Database } from '../../db';
import { type Indicator, indicators } from '../../platform/modules';

export function indicatorViews(): IndicatorView[] {
  return indicators().map((i) => ({ key: i.key, label: i.label, format: i.format, unitWord: i.unitWord }));
}

export function indicatorByKey(): Map<string, Indicator> {
  return new Map(indicators().map((i) => [i.key, i]));
}

export interface BoundValue {
  value: number | null;
  valueText: string;
  link: string;
  computed: Result;
}

/**
 * Every bound item that applies to the unit, valued for its subtree and the period: the value,
 * its link to the records behind it and the result it gives. One call per indicator, however
 * many items bind it.
 */
export async function evaluateBound(
  db: Database, content: FrameworkContent, unit: { id: string; path: string; kind: string }, period: { from: string; to: string },
  byKey: Map<string, Indicator> = indicatorByKey(),
): Promise<Map<string, BoundValue>> {
  const out = new Map<string, BoundValue>();
  const cache = new Map<string, Promise<{ value: number | null; link: string }>>();
  for (const it of itemsOf(content)) {
    if (!it.indicator || !applies(it, unit.kind)) continue;
    const ind = byKey.get(it.indicator);
    if (!ind) continue;
    if (!cache.has(ind.key)) cache.set(ind.key, ind.value(db, { unitId: unit.id, unitPath: unit.path, from: period.from, to: period.to }));
    const { value, link } = await cache.get(ind.key)!;
    out.set(it.key, { value, valueText: formatValue(value, ind), link, computed: boundResult(it as CheckItem, value) });
  }
  return out;
}

/**
 * The bound items of many units at once (a campaign): each bound indicator valued for every unit
 * in one batched call when its module offers `valuesFor`, else unit by unit. No links (the
 * assessment's own view reads them per unit).
 */
export async function evaluateBoundMany(
  db: Database, content: FrameworkContent, units: { id: string; path: string; kind: string }[], period: { from: string; to: string },
  byKey: Map<string, Indicator> = indicatorByKey(),
): Promise<Map<string, Map<string, { value: number | null; computed: Result }>>> {
  const items = itemsOf(content).filter((it) => it.indicator && byKey.has(it.indicator));
  const values = new Map<string, Map<string, number | null>>();
  for (const key of new Set(items.map((it) => it.indicator!))) {
    const ind = byKey.get(key)!;
    const wanted = units.filter((u) => items.some((it) => it.indicator === key && applies(it, u.kind)));
    if (ind.valuesFor) values.set(key, await ind.valuesFor(db, wanted, period));
    else {
      const m = new Map<string, number | null>();
      for (const u of wanted) m.set(u.id, (await ind.value(db, { unitId: u.id, unitPath: u.path, ...period })).value);
      values.set(key, m);
    }
  }
  const out = new Map<string, Map<string, { value: number | null; computed: Result }>>();
  for (const u of units) {
    const m = new Map<string, { value: number | null; computed: Result }>();
    for (const it of items) {
      if (!applies(it, u.kind)) continue;
      const value = values.get(it.indicator!)!.get(u.id) ?? null;
      m.set(it.key, { value, computed: boundResult(it as CheckItem, value) });
    }
    out.set(u.id, m);
  }
  return out;
}
