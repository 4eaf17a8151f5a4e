import { CLOCK_LABELS, type ClockKey } from '../../../common/cases';
import type { ReminderSource } from '../../platform/reminders';
import { DUE_COLUMN, MET_COLUMN } from './settings';

const short = (s: string) => (s.length > 30 ? `${s.slice(0, 30)}…` : s);

/**
 * Case clocks: the handling unit hears when a clock is within two hours (hour clocks matter
 * within the day) or passed; superiors hear of each direct report until someone reads it;
 * the handling unit hears of each case sent to it.
 */
export const caseReminders: ReminderSource = async ({ db, now }) => {
  const at = now.toISOString();
  const soon = new Date(now.getTime() + 2 * 3600_000).toISOString();
  const open = await db
    .selectFrom('case_events')
    .select(['id', 'title', 'handling_unit_id', 'due_report_at', 'due_first_info_at', 'due_response_at', 'due_close_at', 'reported_up_at', 'first_info_at', 'responded_at', 'closed_at', 'supervise_due_at'])
    .where('status', '!=', 'closed')
    .where('archived_at', 'is', null)
    .where('paused_at', 'is', null)
    .where((eb) => eb.or([eb('due_report_at', '<=', soon), eb('due_first_info_at', '<=', soon), eb('due_response_at', '<=', soon), eb('due_close_at', '<=', soon), eb('supervise_due_at', '<=', soon)]))
    .execute();
  const out = [];
  for (const e of open) {
    const base = { unitId: e.handling_unit_id, roles: ['staff' as const, 'leader' as const, 'liaison' as const], link: `/cases/${e.id}` };
    for (const key of Object.keys(DUE_COLUMN) as ClockKey[]) {
      const due = e[DUE_COLUMN[key]];
      if (!due || e[MET_COLUMN[key]] || due > soon) continue;
      const late = due < at;
      out.push({ ...base, dueAt: due, key: `case:${e.id}:${key}:${due}:${late ? 'overdue' : 'soon'}`, kind: late ? ('overdue' as const) : ('due_soon' as const), title: `“${short(e.title)}”${CLOCK_LABELS[key]}${late ? '已超时' : '即将到时'}` });
    }
    if (e.supervise_due_at && e.supervise_due_at <= soon) {
      const late = e.supervise_due_at < at;
      out.push({ ...base, dueAt: e.supervise_due_at, key: `case:${e.id}:supervise:${e.supervise_due_at}:${late ? 'overdue' : 'soon'}`, kind: late ? ('overdue' as const) : ('due_soon' as const), title: `督办事项“${short(e.title)}”${late ? '已超过督办时限' : '即将到督办时限'}` });
    }
  }
  // 研判: an event nobody has triaged, within its clock (SLA policy `triage`) or past it.
  const untriaged = await db.selectFrom('case_events').select(['id', 'title', 'unit_id', 'due_triage_at'])
    .where('status', '=', 'registered').where('archived_at', 'is', null).where('due_triage_at', '<=', soon).execute();
  for (const e of untriaged) {
    const late = e.due_triage_at! < at;
    out.push({ unitId: e.unit_id, roles: ['staff' as const, 'leader' as const], link: `/cases/${e.id}`, dueAt: e.due_triage_at!, key: `case:${e.id}:triage:${late ? 'overdue' : 'soon'}`, kind: late ? ('overdue' as const) : ('due_soon' as const), title: `“${short(e.title)}”研判${late ? '已超时' : '即将到时'}` });
  }
  const unread = await db
    .selectFrom('case_direct_reports as d')
    .innerJoin('case_events as e', 'e.id', 'd.event_id')
    .select(['d.id', 'd.unit_id', 'd.sent_at', 'e.id as event_id', 'e.title'])
    .where('d.read_at', 'is', null)
    .execute();
  for (const d of unread) {
    out.push({ unitId: d.unit_id, roles: ['leader' as const, 'staff' as const], link: `/cases/${d.event_id}`, dueAt: d.sent_at, key: `case-direct:${d.id}`, kind: 'notice' as const, about: 'case.direct_report', title: `直报：“${short(d.title)}”，请阅示` });
  }
  const assigned = await db
    .selectFrom('case_events')
    .select(['id', 'title', 'handling_unit_id', 'updated_at'])
    .where('status', '=', 'assigned')
    .where('archived_at', 'is', null)
    .execute();
  for (const e of assigned) {
    out.push({ unitId: e.handling_unit_id, roles: ['staff' as const, 'leader' as const, 'liaison' as const], link: `/cases/${e.id}`, dueAt: e.updated_at, key: `case-assigned:${e.id}:${e.handling_unit_id}`, kind: 'notice' as const, about: 'case.assigned', title: `交办：“${short(e.title)}”，请核实处置` });
  }
  return out;
};
