/** Reporting periods of ongoing work: months (2026-11) and quarters (2026-Q4), on Shanghai days. */
export type PeriodKind = 'monthly' | 'quarterly';

export function periodOf(kind: PeriodKind, day: string): string {
  const y = day.slice(0, 4);
  const m = Number(day.slice(5, 7));
  return kind === 'monthly' ? `${y}-${day.slice(5, 7)}` : `${y}-Q${Math.ceil(m / 3)}`;
}

export function nextPeriod(kind: PeriodKind, p: string): string {
  const y = Number(p.slice(0, 4));
  if (kind === 'monthly') {
    const m = Number(p.slice(5, 7));
    return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  }
  const q = Number(p.slice(6));
  return q === 4 ? `${y + 1}-Q1` : `${y}-Q${q + 1}`;
}

/** Last day of a period, YYYY-MM-DD. */
export function periodEnd(kind: PeriodKind, p: string): string {
  const y = Number(p.slice(0, 4));
  const lastMonth = kind === 'monthly' ? Number(p.slice(5, 7)) : Number(p.slice(6)) * 3;
  return new Date(Date.UTC(y, lastMonth, 0)).toISOString().slice(0, 10);
}

export function periodLabel(p: string): string {
  const y = p.slice(0, 4);
  return p.includes('Q') ? `${y}年第${p.slice(6)}季度` : `${y}年${Number(p.slice(5, 7))}月`;
}

/**
 * The first period, from the one containing `startDay`, that has ended by `today` without a
 * check-in (`lastCheckin` is the latest period checked in). Null when every ended period has one.
 */
export function missedPeriod(kind: PeriodKind, startDay: string, lastCheckin: string | null, today: string): string | null {
  const first = periodOf(kind, startDay);
  const candidate = lastCheckin && lastCheckin >= first ? nextPeriod(kind, lastCheckin) : first;
  return periodEnd(kind, candidate) < today ? candidate : null;
}
