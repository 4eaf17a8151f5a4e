/**
 * Demo 报告制度 for the demo county: the county office's monthly report for every village and
 * community (the last four months, a realistic mix of on-time, late, nil and missing reports,
 * one returned for correction, most of the older ones signed) and a quarterly report for the
 * townships. Dates are relative to today; the scheduler itself creates the expected reports.
 * Every history entry is dated as what it records: a schedule when it was set up (the working
 * morning before its first period), a report when it was submitted, a review when it was done.
 */
import type { Database } from '../../db';
import { writeAudit } from '../../platform/audit';
import type { Ctx } from '../../platform/context';
import { insertRecord } from '../../platform/records';
import { addDays, shanghaiDay, shanghaiDayStartUtc } from '../../platform/period';
import { periodKeyOf, periodRange } from '../../../common/reporting';
import { actorsFor, who } from '../demo/lookups';
import { runScheduler } from './scheduler';

type Outcome = 'on_time' | 'late' | 'nil' | 'missing' | 'returned';
/** A fixed pattern over units and periods: mostly on time, some late, some nil, a few missing. */
const PATTERN: Outcome[] = ['on_time', 'on_time', 'nil', 'on_time', 'late', 'on_time', 'nil', 'on_time', 'missing', 'on_time', 'late', 'on_time', 'on_time', 'nil', 'missing'];

export async function seedReportingDemo(db: Database, system: Ctx): Promise<void> {
  const [staff] = await actorsFor(db, ['staff']);
  if (!staff) return;
  const today = shanghaiDay();
  const start = periodRange('monthly', periodKeyOf('monthly', addDays(periodRange('monthly', periodKeyOf('monthly', today)).from, -100))).from;
  const common = { created_through: null, created_by: who(staff), open_before_end_days: null, ends_on: null, due_date: null, watch_only: 0, target_unit_ids_json: '[]' };
  const monthly = await insertRecord(db, 'report_schedules', {
    ...common, unit_id: staff.unitId, name: '村(社区)网络意识形态工作月报', form_id: 'builtin-monthly', target_mode: 'kinds', target_kinds_json: JSON.stringify(['village', 'community']),
    cycle: 'monthly', starts_on: start, due_mode: 'working_days', due_n: 5, lock_after_days: 10,
  });
  const quarterly = await insertRecord(db, 'report_schedules', {
    ...common, unit_id: staff.unitId, name: '乡镇(街道)网络意识形态工作季度报告', form_id: 'builtin-quarterly', target_mode: 'kinds', target_kinds_json: JSON.stringify(['township']),
    cycle: 'quarterly', starts_on: periodRange('quarterly', periodKeyOf('quarterly', addDays(today, -100))).from, due_mode: 'working_days', due_n: 10, lock_after_days: null,
  });
  for (const s of [monthly, quarterly]) {
    // Set up at 9:00 the day before its first period begins.
    const setUp = new Date(Date.parse(shanghaiDayStartUtc(addDays(s.starts_on, -1))) + 9 * 3600_000).toISOString();
    await db.updateTable('report_schedules').set({ created_at: setUp, updated_at: setUp }).where('id', '=', s.id).execute();
    await writeAudit(db, { ...system, actor: staff }, { action: 'create', entity: 'report_schedule', entityId: s.id, unitPath: staff.unitPath, after: { name: s.name, cycle: s.cycle, formId: s.form_id }, at: setUp });
  }
  await runScheduler(db, today);

  const now = new Date();
  const rows = await db.selectFrom('report_submissions as s').innerJoin('units as u', 'u.id', 's.unit_id')
    .select(['s.id', 's.schedule_id', 's.period_key', 's.due_at', 's.opens_at', 'u.path', 'u.name'])
    .where('s.schedule_id', 'in', [monthly.id, quarterly.id]).orderBy('s.period_key').orderBy('u.path').execute();
  let i = 0;
  for (const r of rows) {
    const due = Date.parse(r.due_at);
    const pastDue = due < now.getTime();
    let outcome = PATTERN[i++ % PATTERN.length];
    // Not yet due: about half have reported already, on time; the others are simply not due yet.
    if (!pastDue) outcome = i % 2 ? 'on_time' : 'missing';
    if (r.schedule_id === quarterly.id && outcome === 'nil') outcome = 'on_time';
    if (outcome === 'missing') continue;
    const at = new Date(outcome === 'late' ? due + 2 * 86_400_000 : Math.max(Date.parse(r.opens_at) + 3600_000, Math.min(due - 86_400_000 * 2, now.getTime() - 3600_000)));
    if (at.getTime() > now.getTime()) continue;
    const nil = outcome === 'nil';
    const values = nil ? {} : r.schedule_id === monthly.id
      ? { situation: `${r.name}组织党员干部学习网络意识形态工作有关要求，检查村(社区)工作群和公众号，未发现有害信息。`, opinion_found: i % 3, opinion_handled: i % 3, study_sessions: 1 + (i % 2), positions_checked: 2 + (i % 4) }
      : { summary: `${r.name}本季度召开党委会专题研究网络意识形态工作，开展网络安全宣传进村入户。`, meetings: 1, opinion_handled: 2 + (i % 3), risks_found: i % 2, next_plan: '继续抓好阵地管理和舆情处置。' };
    const signed = pastDue && outcome !== 'returned' && i % 4 !== 0;
    const returned = pastDue && i % 23 === 5;
    const iso = at.toISOString();
    const reviewedAt = signed || returned ? new Date(Math.min(at.getTime() + 86_400_000, now.getTime() - 60_000)).toISOString() : null;
    await db.updateTable('report_submissions').set({
      status: returned ? 'returned' : signed ? 'signed' : 'submitted', nil: nil ? 1 : 0, values_json: JSON.stringify(values), first_submitted_at: iso, submitted_at: iso,
      submitted_by: `${r.name}联络员`, reviewed_at: reviewedAt, reviewed_by: signed || returned ? who(staff) : null,
      return_reason: returned ? '本月处置舆情条数与舆情台账不一致，请核实后重报' : null, version: signed || returned ? 2 : 1, updated_at: iso,
    }).where('id', '=', r.id).execute();
    await writeAudit(db, system, { action: nil ? 'nil' : 'submit', entity: 'report_submission', entityId: r.id, unitPath: r.path, after: { status: 'submitted', nil, values }, at: iso });
    if (signed || returned) {
      await writeAudit(db, { ...system, actor: staff }, {
        action: returned ? 'return' : 'receive', entity: 'report_submission', entityId: r.id, unitPath: r.path,
        after: { status: returned ? 'returned' : 'signed', ...(returned ? { reason: '本月处置舆情条数与舆情台账不一致，请核实后重报' } : {}) }, at: reviewedAt!,
      });
    }
  }
}
