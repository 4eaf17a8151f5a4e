/**
 * Quiet outlets (未按期更新, 睡眠) and expiring filings, from the publication records and the
 * registry's dates. Pure rules plus the one query that reads the last publication per outlet, so
 * the registry, the figures, the reminders and home all judge alike on a given day.
 */
import { DEFAULT_QUIET_DAYS, EXPIRY_REMINDER_DAYS, type OutletExpiry, type OutletType, type QuietState } from '../../../common/outlets';
import type { Database } from '../../db';
import { addDays } from '../../platform/period';
import { getSetting } from '../../platform/settings';

export const QUIET_SETTING = 'outlets.quiet';
export type QuietThresholds = Partial<Record<OutletType, { quiet: number; dormant: number } | null>>;

export async function quietThresholds(db: Database): Promise<Record<OutletType, { quiet: number; dormant: number } | null>> {
  const own = (await getSetting<QuietThresholds>(db, QUIET_SETTING)) ?? {};
  return { ...DEFAULT_QUIET_DAYS, ...own };
}

/** Whole days from one Shanghai day to another. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);
}

export interface QuietInput {
  type: string;
  status: string;
  start_day: string;
  quiet_days: number | null;
  lastPostDay: string | null;
}

/**
 * An outlet running on `asOf` with no publication for more than its threshold (the outlet's own
 * or its type's) is 未按期更新; for more than the dormant threshold, 睡眠. Outlets not yet open,
 * closed, or of a type not checked are 'unchecked'. Before the first post, days count from opening.
 */
export function quietState(o: QuietInput, thresholds: Record<OutletType, { quiet: number; dormant: number } | null>, asOf: string): { state: QuietState; days: number | null } {
  const t = thresholds[o.type as OutletType];
  if ((o.status !== 'running' && o.status !== 'changed') || (!t && !o.quiet_days) || o.start_day > asOf) return { state: 'unchecked', days: o.lastPostDay ? daysBetween(o.lastPostDay, asOf) : null };
  const quiet = o.quiet_days ?? t!.quiet;
  const dormant = Math.max(t?.dormant ?? quiet * 4, quiet + 1);
  const days = daysBetween(o.lastPostDay ?? o.start_day, asOf);
  return { state: days > dormant ? 'dormant' : days > quiet ? 'late' : 'ok', days: o.lastPostDay ? days : null };
}

/** Last publication day (on or before `asOf`) of each outlet given. */
export async function lastPostDays(db: Database, outletIds: string[], asOf: string): Promise<Map<string, string>> {
  if (!outletIds.length) return new Map();
  const rows = await db.selectFrom('post_targets').select(['outlet_id', (e) => e.fn.max('published_on').as('last')])
    .where('outlet_id', 'in', outletIds).where('published_on', 'is not', null).where('published_on', '<=', asOf).groupBy('outlet_id').execute();
  return new Map(rows.map((r) => [r.outlet_id, r.last as string]));
}

export interface ExpiryInput { domain_expires: string | null; filing_expires: string | null; contract_expires: string | null; status: string }

/** Domain, filing and contract dates from `asOf` up to 30 days ahead (or already past) of an outlet not closed. */
export function expiries(o: ExpiryInput, asOf: string): OutletExpiry[] {
  if (o.status === 'closed') return [];
  const out: OutletExpiry[] = [];
  const horizon = addDays(asOf, EXPIRY_REMINDER_DAYS[0]);
  for (const [what, d] of [['域名', o.domain_expires], ['备案', o.filing_expires], ['运维合同', o.contract_expires]] as const) {
    if (d && d <= horizon) out.push({ what, day: d, daysLeft: daysBetween(asOf, d) });
  }
  return out;
}

/** The reminder threshold (30, 15, 7, 1) a date has reached, or null when further than 30 days or past. */
export function expiryBucket(daysLeft: number): number | null {
  if (daysLeft < 0) return null;
  let bucket: number | null = null;
  for (const b of EXPIRY_REMINDER_DAYS) if (daysLeft <= b) bucket = b;
  return bucket;
}
