/** 值班值守: 敏感时期, 值班表, 换班 and 值班日志 — schemas, labels and views shared by server and web. */
import { z } from 'zod';
import { day, id, oneOf, optionalDay, optionalText, page, phone, text, version } from './fields';

/** The names every unit can pick from; a unit adds its own (watch_period_names). */
export const WATCH_PERIOD_NAMES = ['元旦', '春节', '全国两会', '清明', '五一', '国庆'] as const;

/** The longest roster: one generation covers at most this many days. */
export const ROSTER_MAX_DAYS = 62;
/** The longest watch period. */
export const WATCH_PERIOD_MAX_DAYS = 62;

export const SHIFT_MODES = ['full', 'day_night', 'office'] as const;
export type ShiftMode = (typeof SHIFT_MODES)[number];
export const SHIFT_MODE_LABELS: Record<ShiftMode, string> = {
  full: '24小时一班(8:00至次日8:00)',
  day_night: '白班8:00—20:00，夜班20:00至次日8:00',
  office: '白天值班8:30—17:30(非24小时)',
};

export const SHIFT_KINDS = ['full', 'day', 'night', 'office'] as const;
export type ShiftKind = (typeof SHIFT_KINDS)[number];
export const SHIFT_KIND_LABELS: Record<ShiftKind, string> = { full: '24小时', day: '白班', night: '夜班', office: '白天' };
/** Shanghai wall-clock start and end of each kind of shift (hours, minutes); an end ≤ start is the next day. */
export const SHIFT_TIMES: Record<ShiftKind, { start: [number, number]; end: [number, number] }> = {
  full: { start: [8, 0], end: [8, 0] },
  day: { start: [8, 0], end: [20, 0] },
  night: { start: [20, 0], end: [8, 0] },
  office: { start: [8, 30], end: [17, 30] },
};
export const MODE_KINDS: Record<ShiftMode, ShiftKind[]> = { full: ['full'], day_night: ['day', 'night'], office: ['office'] };

export const SWAP_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type SwapStatus = (typeof SWAP_STATUSES)[number];
export const SWAP_STATUS_LABELS: Record<SwapStatus, string> = { pending: '待审批', approved: '已换班', rejected: '未同意' };
export const SHIFT_POSITIONS = ['leader', 'staff'] as const;
export type ShiftPosition = (typeof SHIFT_POSITIONS)[number];
export const SHIFT_POSITION_LABELS: Record<ShiftPosition, string> = { leader: '带班领导', staff: '值班人员' };

const personId = (label: string) => z.string({ error: `${label}应为人员` }).max(64).optional().nullable().transform((v) => v || null);
const personIds = (label: string) => z.array(id(label), { error: `${label}应为人员列表` }).max(60, { error: `${label}最多 60 人` }).default([]);

function checkSpan(v: { startsOn: string; endsOn: string }, ctx: z.RefinementCtx, max: number, what: string) {
  if (v.endsOn < v.startsOn) ctx.addIssue({ code: 'custom', message: '结束日期不能早于开始日期', path: ['endsOn'] });
  else if ((Date.parse(v.endsOn) - Date.parse(v.startsOn)) / 86_400_000 + 1 > max) ctx.addIssue({ code: 'custom', message: `${what}不能超过 ${max} 天`, path: ['endsOn'] });
}

// --- 敏感时期 ---------------------------------------------------------------------------------
const periodFields = {
  name: text('敏感时期名称', { max: 100 }),
  startsOn: day('开始日期'),
  endsOn: day('结束日期'),
  note: optionalText('说明', 500),
};
export const watchPeriodCreate = z.object({ unitId: id('发布单位'), ...periodFields }).superRefine((v, c) => checkSpan(v, c, WATCH_PERIOD_MAX_DAYS, '一个敏感时期'));
export const watchPeriodUpdate = z.object({ ...periodFields, version }).superRefine((v, c) => checkSpan(v, c, WATCH_PERIOD_MAX_DAYS, '一个敏感时期'));
export const watchPeriodQuery = z.object({
  unitId: z.string().max(64).optional(),
  archived: z.enum(['true', 'false']).optional(),
  from: optionalDay('开始日期'),
  to: optionalDay('结束日期'),
});
export const periodNameCreate = z.object({ unitId: id('单位'), name: text('名称', { max: 100 }) });
export const unitQuery = z.object({ unitId: z.string().max(64).optional() });

export interface WatchPeriodView {
  id: string; unitId: string; unitName: string; name: string; startsOn: string; endsOn: string; note: string | null;
  createdBy: string | null; archived: boolean; version: number;
  /** Whether the viewer's unit declared it (and may change it); otherwise it was declared above. */
  own: boolean;
}
export interface PeriodNameView { id: string | null; name: string; unitName: string | null; builtIn: boolean; version: number }

/** How one unit in scope of a watch period stands: its roster for the period's days. */
export interface CoverageRow {
  unitId: string; unitName: string; depth: number;
  /** Days of the period without shifts covering all 24 hours. */
  uncoveredDays: string[];
  /** Shifts of the period's days missing 值班人员 or 带班领导. */
  gapShifts: number;
  complete: boolean;
}

// --- 值班表 -----------------------------------------------------------------------------------
export const rosterCreate = z
  .object({
    unitId: id('值班单位'),
    title: optionalText('值班表名称', 200),
    startsOn: day('开始日期'),
    endsOn: day('结束日期'),
    shiftMode: oneOf('班次方式', SHIFT_MODES),
    leaderIds: personIds('带班领导'),
    staffIds: personIds('值班人员'),
    note: optionalText('说明', 500),
  })
  .superRefine((v, c) => checkSpan(v, c, ROSTER_MAX_DAYS, '一张值班表'));
export const rosterUpdate = z.object({ title: text('值班表名称', { max: 200 }), note: optionalText('说明', 500), version });
export const rosterQuery = page.extend({
  unitId: z.string().max(64).optional(),
  includeSubunits: z.enum(['true', 'false']).optional(),
  archived: z.enum(['true', 'false']).optional(),
  /** Only rosters with a shift missing 值班人员 or 带班领导. */
  gaps: z.enum(['true', 'false']).optional(),
  from: optionalDay('开始日期'),
  to: optionalDay('结束日期'),
});
export const shiftUpdate = z.object({
  leaderPersonId: personId('带班领导'),
  leaderPhone: phone,
  staffPersonId: personId('值班人员'),
  staffPhone: phone,
  version,
});
export const swapCreate = z.object({
  position: oneOf('换班岗位', SHIFT_POSITIONS),
  toPersonId: id('接班人员'),
  reason: optionalText('换班原因', 500),
});
export const swapDecide = z.object({ version, note: optionalText('审批意见', 500) });
/** 互换班次: the proposer's place at `position` on this shift for the other person's place at the same position on `otherShiftId`. */
export const exchangeCreate = z.object({
  position: oneOf('互换岗位', SHIFT_POSITIONS),
  otherShiftId: id('对方班次'),
  reason: optionalText('换班原因', 500),
});
export const exchangeAnswer = z.object({ version, note: optionalText('意见', 500) });
/** How a pending exchange reads: it waits for the other person, not for the roster's owner. */
export const EXCHANGE_PENDING_LABEL = '待对方确认';
export const swapQuery = page.extend({ unitId: z.string().max(64).optional(), status: z.enum(SWAP_STATUSES, { error: '状态的取值无效' }).optional() });

export interface DutyPerson { personId: string; name: string; position: string | null; phone: string | null }
export interface ShiftView {
  id: string; rosterId: string; unitId: string; unitName: string; day: string; kind: ShiftKind; startsAt: string; endsAt: string;
  leader: DutyPerson | null; staff: DutyPerson | null;
  /** What the shift lacks: 值班人员, 带班领导. Empty when complete. */
  gaps: string[];
  logOpenedAt: string | null; handedOverAt: string | null; handedOverBy: string | null; handoverNote: string | null;
  logCount: number; version: number;
}
export interface RosterView {
  id: string; unitId: string; unitName: string; title: string; startsOn: string; endsOn: string; shiftMode: ShiftMode; note: string | null;
  createdBy: string; archived: boolean; version: number; shiftCount: number; gapCount: number;
}
export interface RosterDetail extends RosterView {
  shifts: ShiftView[];
  /** Watch periods in force for the unit overlapping the roster. */
  watchPeriods: { id: string; name: string; startsOn: string; endsOn: string }[];
  /** Days of those watch periods (within the roster) not covered for 24 hours. */
  uncoveredWatchDays: string[];
}
export interface SwapView {
  id: string; shiftId: string; unitId: string; unitName: string; day: string; kind: ShiftKind; position: ShiftPosition;
  fromName: string | null; toName: string; reason: string | null; status: SwapStatus; requestedBy: string;
  decidedBy: string | null; decidedAt: string | null; decisionNote: string | null; version: number; createdAt: string;
  /** An exchange of two shifts (互换): the other person's shift, whose place goes to fromName; null when one place is handed over. */
  other: { shiftId: string; day: string; kind: ShiftKind } | null;
  /** A pending exchange the signed-in user is asked to accept (they are the other person). */
  toAnswer: boolean;
}

// --- 值班日志 ---------------------------------------------------------------------------------
export const logEntryCreate = z.object({
  at: z.string({ error: '请填写时间' }).regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/, { error: '时间应为 YYYY-MM-DDTHH:mm 格式' }).optional().nullable(),
  matter: text('事项', { max: 2000 }),
  handling: optionalText('处置情况', 2000),
  caseId: z.string().max(64).optional().nullable().transform((v) => v || null),
});
export const handoverBody = z.object({ note: text('交接事项', { max: 2000 }), version });
export const logQuery = page.extend({
  unitId: z.string().max(64).optional(),
  includeSubunits: z.enum(['true', 'false']).optional(),
  from: optionalDay('开始日期'),
  to: optionalDay('结束日期'),
});
export interface LogEntryView {
  id: string; shiftId: string; unitName: string; day: string; kind: ShiftKind; at: string; matter: string; handling: string | null;
  caseId: string | null; caseTitle: string | null; authorName: string; createdAt: string;
}
export interface ShiftDetail extends ShiftView {
  rosterTitle: string;
  entries: LogEntryView[];
  previous: { id: string; day: string; kind: ShiftKind; handoverNote: string | null; handedOverAt: string | null; handedOverBy: string | null } | null;
  next: { id: string; day: string; kind: ShiftKind; names: string[] } | null;
  swaps: SwapView[];
  /** Whether the signed-in user is on this shift (writes the log, hands over). */
  mine: boolean;
}

/** 今日值班: each unit of the subtree with the shifts running today. */
export interface TodayRow { unitId: string; unitName: string; depth: number; shifts: ShiftView[] }

export interface WatchFigures {
  /** Watch periods in force in the subtree overlapping the period. */
  watchPeriods: number;
  rosters: number;
  shifts: number;
  gapShifts: number;
  logEntries: number;
  handovers: number;
  /** Unit-days of watch periods (within the period) that need 24-hour duty, and how many were fully covered. */
  watchUnitDays: number;
  watchUnitDaysCovered: number;
  /** watchUnitDaysCovered / watchUnitDays; null without watch days. */
  rosterCompleteness: number | null;
  /** Units of the subtree whose roster for a watch period of the period is not complete. */
  incompleteUnits: { unitId: string; unitName: string; periodName: string; uncoveredDays: number }[];
}
