import { createRequire } from 'node:module';
import chineseDays from 'chinese-days';
import {
  type CalendarDayView, type CalendarYearView, calendarOverrideBody, CALENDAR_MAX_YEAR, CALENDAR_MIN_YEAR, DAY_SOURCE_LABELS, type DaySource,
} from '../../../common/calendar';
import type { z } from 'zod';
import type { Database } from '../../db';
import { writeAudit } from '../../platform/audit';
import { addDays, shanghaiDay } from '../../platform/calendar';
import type { Actor, ActorCtx } from '../../platform/context';
import { errors } from '../../platform/errors';
import { nowIso } from '../../platform/ids';
import { inTx } from '../../platform/tx';

type BaseSource = Exclude<DaySource, 'override'>;

/**
 * A day as the chinese-days data has it. Holidays and make-up workdays carry a name like
 * "National Day,国庆节,3"; ordinary days carry the English weekday name.
 */
export function baseDay(day: string): { workday: boolean; source: BaseSource; holidayName: string | null } {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  const weekend = weekday === 0 || weekday === 6;
  let detail: { work: boolean; name: string } | null = null;
  try {
    detail = chineseDays.getDayDetail(day);
  } catch {
    detail = null;
  }
  if (!detail) return { workday: !weekend, source: weekend ? 'weekend' : 'workday', holidayName: null };
  const parts = detail.name.split(',');
  if (parts.length >= 2) {
    const holidayName = parts[1] || parts[0];
    return detail.work ? { workday: true, source: 'makeup_workday', holidayName } : { workday: false, source: 'holiday', holidayName };
  }
  if (!detail.work) return { workday: false, source: 'weekend', holidayName: null };
  return { workday: true, source: 'workday', holidayName: null };
}

/** The package data names 元旦 on 1 January of every year it covers. */
function yearCovered(year: number): boolean {
  return baseDay(`${year}-01-01`).source === 'holiday';
}

let coverage: { from: number; to: number } | null | undefined;
/** First and last year of holiday arrangements in the shipped chinese-days data. */
export function packageCoverage(): { from: number; to: number } | null {
  if (coverage !== undefined) return coverage;
  const years: number[] = [];
  for (let y = CALENDAR_MIN_YEAR; y <= CALENDAR_MAX_YEAR; y++) if (yearCovered(y)) years.push(y);
  coverage = years.length ? { from: years[0], to: years[years.length - 1] } : null;
  return coverage;
}

export const CHINESE_DAYS_VERSION: string = (createRequire(import.meta.url)('chinese-days/package.json') as { version: string }).version;

/**
 * The calendar is one for the whole installation (deadlines of every unit are counted on it),
 * so only an admin of a top-level unit (one without a parent: the county or district) may
 * change it. The role check (calendar.manage) has already let only admins through.
 */
export async function isRootAdmin(db: Database, actor: Actor): Promise<boolean> {
  if (actor.role !== 'admin') return false;
  const unit = await db.selectFrom('units').select(['parent_id', 'archived_at']).where('id', '=', actor.unitId).executeTakeFirst();
  return !!unit && unit.parent_id === null && unit.archived_at === null;
}

export async function assertRootAdmin(db: Database, actor: Actor, what = '工作日历'): Promise<void> {
  if (!(await isRootAdmin(db, actor))) {
    throw errors.forbidden(`${what}全系统通用，只有最上级单位(如县、区)的管理员可以修改`);
  }
}

type OverrideRow = { day: string; workday: number; note: string | null; updated_at: string; updated_by: string | null; updated_by_name?: string | null };

function overrideQuery(db: Database) {
  return db
    .selectFrom('calendar_overrides as c')
    .leftJoin('accounts as a', 'a.id', 'c.updated_by')
    .select(['c.day', 'c.workday', 'c.note', 'c.updated_at', 'c.updated_by', 'a.display_name as updated_by_name']);
}

export function dayView(day: string, o: OverrideRow | undefined): CalendarDayView {
  const base = baseDay(day);
  const override = o
    ? { workday: o.workday === 1, note: o.note, updatedAt: o.updated_at, updatedBy: o.updated_by_name ?? o.updated_by }
    : null;
  return {
    day,
    weekday: new Date(`${day}T00:00:00Z`).getUTCDay(),
    workday: override ? override.workday : base.workday,
    source: override ? 'override' : base.source,
    holidayName: base.holidayName,
    base: { workday: base.workday, source: base.source },
    override,
  };
}

export async function getYear(db: Database, actor: Actor, year?: number): Promise<CalendarYearView> {
  const y = year ?? Number(shanghaiDay().slice(0, 4));
  const first = `${y}-01-01`;
  const last = `${y}-12-31`;
  const rows = await overrideQuery(db).where('c.day', '>=', first).where('c.day', '<=', last).execute();
  const byDay = new Map(rows.map((r) => [r.day, r as OverrideRow]));
  const days: CalendarDayView[] = [];
  for (let d = first; d <= last; d = addDays(d, 1)) days.push(dayView(d, byDay.get(d)));
  return {
    year: y,
    covered: yearCovered(y),
    coverage: packageCoverage(),
    packageVersion: CHINESE_DAYS_VERSION,
    canManage: await isRootAdmin(db, actor),
    days,
  };
}

async function loadDay(db: Database, day: string): Promise<CalendarDayView> {
  const row = await overrideQuery(db).where('c.day', '=', day).executeTakeFirst();
  return dayView(day, row as OverrideRow | undefined);
}

/** Sets a day to a workday or a day off, whatever the package data says; audited. */
export async function setDay(db: Database, ctx: ActorCtx, day: string, input: z.infer<typeof calendarOverrideBody>) {
  await assertRootAdmin(db, ctx.actor);
  return inTx(db, async (trx) => {
    const before = await loadDay(trx, day);
    const row = { workday: input.workday ? 1 : 0, note: input.note, updated_at: nowIso(), updated_by: ctx.actor.accountId };
    await trx.insertInto('calendar_overrides').values({ day, ...row }).onConflict((oc) => oc.column('day').doUpdateSet(row)).execute();
    const after = await loadDay(trx, day);
    await writeAudit(trx, ctx, {
      action: 'update', entity: 'calendar_day', entityId: day, unitPath: ctx.actor.unitPath,
      before: auditShape(before), after: auditShape(after),
    });
    return after;
  });
}

/** Removes the local override of a day: the package data applies again; audited. */
export async function resetDay(db: Database, ctx: ActorCtx, day: string) {
  await assertRootAdmin(db, ctx.actor);
  return inTx(db, async (trx) => {
    const before = await loadDay(trx, day);
    if (!before.override) throw errors.conflict('NOT_OVERRIDDEN', `${day} 没有本地调整，无需恢复`, 'day');
    await trx.deleteFrom('calendar_overrides').where('day', '=', day).execute();
    const after = await loadDay(trx, day);
    await writeAudit(trx, ctx, {
      action: 'reset', entity: 'calendar_day', entityId: day, unitPath: ctx.actor.unitPath,
      before: auditShape(before), after: auditShape(after),
    });
    return after;
  });
}

function auditShape(v: CalendarDayView) {
  // Values as the audit page shows them to people.
  return { day: v.day, status: v.workday ? '上班' : '休息', source: DAY_SOURCE_LABELS[v.source], holiday: v.holidayName, note: v.override?.note ?? null };
}
