/** Home to-dos of 报告制度: reports my unit owes, submissions to sign, requests to reopen, and missing reports escalated to my unit. */
import { can } from '../../../common/roles';
import type { Database } from '../../db';
import type { Actor } from '../../platform/context';
import { WorkCalendar } from '../../platform/calendar';
import type { Todo, TodoSource } from '../../platform/modules';
import { endOfShanghaiDay } from '../../platform/period';
import { inSubtreeOf } from '../../platform/scope';
import { escalationTimes } from './reminders';

async function list(db: Database, actor: Actor, today: string): Promise<Todo[]> {
  const now = new Date().toISOString();
  const out: Todo[] = [];
  if (can(actor.role, 'report.submit')) {
    const due = await db.selectFrom('report_submissions').select(['due_at']).where('unit_id', '=', actor.unitId).where('status', 'in', ['expected', 'draft', 'returned'])
      .where('opens_at', '<=', now).where((eb) => eb.or([eb('locks_at', 'is', null), eb('locks_at', '>', now)])).execute();
    if (due.length) out.push({ key: 'reporting.due', label: '待报送的报告', count: due.length, link: '/reporting/mine', urgent: due.some((d) => d.due_at <= endOfShanghaiDay(today)) });
  }
  if (can(actor.role, 'report.review')) {
    const base = db.selectFrom('report_submissions as s').innerJoin('report_schedules as h', 'h.id', 's.schedule_id').innerJoin('units as hu', 'hu.id', 'h.unit_id')
      .where((eb) => inSubtreeOf(eb, 'hu.path', actor.unitPath)).where('s.unit_id', '!=', actor.unitId);
    const sign = await base.select((eb) => eb.fn.countAll().as('n')).where('s.status', '=', 'submitted').executeTakeFirstOrThrow();
    if (Number(sign.n)) out.push({ key: 'reporting.sign', label: '待签收的报告', count: Number(sign.n), link: '/reporting/submissions?view=toSign' });
    const reopen = await base.select((eb) => eb.fn.countAll().as('n')).where('s.reopen_requested_at', 'is not', null).executeTakeFirstOrThrow();
    if (Number(reopen.n)) out.push({ key: 'reporting.reopen', label: '申请重新开放的报告', count: Number(reopen.n), link: '/reporting/submissions?view=reopen', urgent: true });
    // Escalated: missing five working days past due, in schedules set by this unit.
    const missing = await db.selectFrom('report_submissions as s').innerJoin('report_schedules as h', 'h.id', 's.schedule_id').select(['s.due_at'])
      .where('h.unit_id', '=', actor.unitId).where('h.archived_at', 'is', null).where('s.first_submitted_at', 'is', null).where('s.due_at', '<', now)
      .where('s.due_at', '>=', new Date(Date.now() - 120 * 86_400_000).toISOString()).execute();
    const calendar = missing.length ? await WorkCalendar.load(db) : null;
    const escalated = missing.filter((m) => escalationTimes(calendar!, m.due_at).superior < now).length;
    if (escalated) out.push({ key: 'reporting.missing', label: '下级逾期未报的报告', count: escalated, link: '/reporting/rates', urgent: true });
  }
  return out;
}

export const reportingTodos: TodoSource[] = [{ key: 'reporting', list }];
