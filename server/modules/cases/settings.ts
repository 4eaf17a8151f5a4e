/**
 * Case settings (categories, grouping threshold, SLA policy) and the deadline arithmetic of
 * the SLA clocks. One policy for the whole tree, changed by an admin of a top-level unit.
 */
import type { z } from 'zod';
import {
  CLOCK_KEYS, CLOCK_LABELS, CLOCK_UNIT_LABELS, DEFAULT_CATEGORIES, DEFAULT_SLA_POLICY, DEFAULT_TRIAGE_CLOCK, caseSettings,
  type CaseLevel, type CaseSettings, type ClockKey, type ClockView, type SlaClock,
} from '../../../common/cases';
import type { Database } from '../../db';
import type { CaseEventTable } from '../../db/schema';
import { writeAudit } from '../../platform/audit';
import { deadlineAfter, type WorkCalendar } from '../../platform/calendar';
import type { ActorCtx } from '../../platform/context';
import { errors } from '../../platform/errors';
import { getSetting, setSetting } from '../../platform/settings';
import { inTx } from '../../platform/tx';

const KEY = 'cases.settings';
export const DEFAULT_THRESHOLD = 10;
/** 补录 of a step that happened more than a day ago needs a reason, unless an admin sets otherwise. */
export const DEFAULT_LATE_ENTRY_REASON_HOURS = 24;

export async function getCaseSettings(db: Database): Promise<CaseSettings> {
  const stored = await getSetting<Partial<CaseSettings>>(db, KEY);
  return {
    categories: stored?.categories ?? DEFAULT_CATEGORIES,
    groupingThreshold: stored?.groupingThreshold ?? DEFAULT_THRESHOLD,
    sla: stored?.sla ?? DEFAULT_SLA_POLICY,
    lateEntryReasonHours: stored?.lateEntryReasonHours ?? DEFAULT_LATE_ENTRY_REASON_HOURS,
  };
}

export async function setCaseSettings(db: Database, ctx: ActorCtx, input: z.infer<typeof caseSettings>): Promise<CaseSettings> {
  if (ctx.actor.unitPath.split('/').filter(Boolean).length !== 1) throw errors.forbidden('只有最上级单位的管理员可以修改舆情与诉求的设置');
  return inTx(db, async (trx) => {
    const before = await getCaseSettings(trx);
    const categories = [...new Set(input.categories)];
    const after: CaseSettings = { ...input, categories };
    await setSetting(trx, KEY, after);
    await writeAudit(trx, ctx, { action: 'case.settings', entity: 'setting', entityId: KEY, unitPath: ctx.actor.unitPath, before, after });
    return after;
  });
}

/** The end of a clock that started at `start` (already moved on by the time spent waiting). */
export function clockDue(calendar: WorkCalendar, start: string, c: SlaClock): string {
  if (c.unit === 'hours') return new Date(Date.parse(start) + c.amount * 3600_000).toISOString();
  return deadlineAfter(calendar, start, c.amount, 'working_days');
}

type DueColumns = Pick<CaseEventTable, 'due_report_at' | 'due_first_info_at' | 'due_response_at' | 'due_close_at'>;
export const DUE_COLUMN: Record<ClockKey, keyof DueColumns> = {
  report_up: 'due_report_at', first_info: 'due_first_info_at', response: 'due_response_at', close: 'due_close_at',
};
export const MET_COLUMN: Record<ClockKey, 'reported_up_at' | 'first_info_at' | 'responded_at' | 'closed_at'> = {
  report_up: 'reported_up_at', first_info: 'first_info_at', response: 'responded_at', close: 'closed_at',
};

/**
 * Deadlines of an event's clocks for its level: each clock runs from the first report, moved
 * on by the time the event has waited on something outside the unit.
 */
export function computeDues(calendar: WorkCalendar, policy: CaseSettings['sla'], level: CaseLevel, firstReceivedAt: string, pausedMs: number): DueColumns {
  const start = new Date(Date.parse(firstReceivedAt) + pausedMs).toISOString();
  const out: DueColumns = { due_report_at: null, due_first_info_at: null, due_response_at: null, due_close_at: null };
  for (const c of policy.levels[level]) out[DUE_COLUMN[c.key]] = clockDue(calendar, start, c);
  return out;
}

/** The clocks as the timeline shows them: each deadline, when it was met, and whether in time. */
export function clockViews(e: CaseEventTable, policy: CaseSettings['sla'], now = new Date().toISOString()): ClockView[] {
  const level = e.level as CaseLevel | null;
  const out: ClockView[] = [];
  // 研判 first: from the first report until someone triages the event (the policy's triage clock).
  if (e.due_triage_at) {
    const t = policy.triage ?? DEFAULT_TRIAGE_CLOCK;
    out.push({ key: 'triage', label: '研判', limit: `${t.amount}${CLOCK_UNIT_LABELS[t.unit]}`, dueAt: e.due_triage_at, metAt: e.triaged_at, state: clockState(e, e.due_triage_at, e.triaged_at, now) });
  }
  if (!level) return out;
  const limits = new Map(policy.levels[level].map((c) => [c.key, `${c.amount}${CLOCK_UNIT_LABELS[c.unit]}`]));
  for (const key of CLOCK_KEYS) {
    const dueAt = e[DUE_COLUMN[key]];
    if (!dueAt) continue;
    const metAt = e[MET_COLUMN[key]];
    out.push({ key, label: CLOCK_LABELS[key], limit: limits.get(key) ?? '', dueAt, metAt, state: clockState(e, dueAt, metAt, now) });
  }
  return out;
}

function clockState(e: { paused_at: string | null }, dueAt: string, metAt: string | null, now: string): ClockView['state'] {
  if (metAt) return metAt <= dueAt ? 'met' : 'late';
  if (e.paused_at) return 'paused';
  return now > dueAt ? 'overdue' : 'open';
}
