/**
 * What a step of an event announces, and to whom (server/platform/events.ts): the unit a case
 * is assigned or returned to, the superiors it is reported up to, the leaders who approve its
 * closure, the handling unit that gets a 批示 or 催办. Group messages never carry a case's
 * title or text (a citizen wrote them): `subject` is null.
 */
import type { CaseStep } from '../../../common/cases';
import type { Database } from '../../db';
import { emitEvents, type WorkEvent } from '../../platform/events';
import type { EventRow } from './rows';

const short = (s: string) => (s.length > 30 ? `${s.slice(0, 30)}…` : s);
const ACT = ['staff', 'leader', 'liaison'] as const;

export async function announceStep(
  trx: Database, e: EventRow, kind: CaseStep, change: { handling_unit_id?: string | null }, data: Record<string, unknown> | undefined,
  then: { step: CaseStep; data?: unknown }[], at: string, stepId: string,
): Promise<void> {
  const link = `/cases/${e.id}`;
  const title = short(e.title);
  const out: WorkEvent[] = [];
  const handling = change.handling_unit_id ?? e.handling_unit_id;
  if ((kind === 'assign' || kind === 'triage') && change.handling_unit_id && change.handling_unit_id !== e.unit_id) {
    out.push({ kind: 'case.assigned', unitId: handling, roles: ACT, title: `交办：“${title}”，请核实处置`, subject: null, link, key: `case-assigned:${e.id}:${handling}`, dueAt: at });
  }
  if (kind === 'return') {
    out.push({ kind: 'case.returned', unitId: handling, roles: ['staff', 'leader'], title: `退回：“${title}”由${e.handling_name}退回，请重新研判或交办`, subject: null, link, key: `case-returned:${stepId}`, dueAt: at });
  }
  if (kind === 'request_close') {
    out.push({ kind: 'case.close_requested', unitId: e.unit_id, roles: ['leader'], title: `办结申请：“${title}”，请审批`, subject: null, link, key: `case-close:${stepId}`, dueAt: at });
  }
  if (kind === 'reply_draft') {
    out.push({ kind: 'case.reply_review', unitId: handling, roles: ['staff', 'leader'], title: `答复待审核：“${title}”的公开答复须由另一人审核后公开`, subject: null, link, key: `case-reply:${stepId}`, dueAt: at });
  }
  if (kind === 'instruct') {
    out.push({ kind: 'case.instructed', unitId: handling, roles: ['staff', 'leader'], title: `批示：“${title}”有新的批示`, subject: null, link, key: `case-instruct:${stepId}`, dueAt: at });
  }
  if (kind === 'urge') {
    out.push({ kind: 'urge', unitId: handling, roles: ACT, title: `催办：“${title}”，请抓紧办理${data?.note ? `(${String(data.note)})` : ''}`, subject: null, link, key: `case-urge:${stepId}`, dueAt: at });
  }
  const reported = then.filter((t) => t.step === 'direct_report').flatMap((t) => ((t.data as { units?: string[] } | undefined)?.units ?? []));
  if (reported.length) {
    const rows = await trx.selectFrom('case_direct_reports').select(['id', 'unit_id']).where('event_id', '=', e.id).where('unit_id', 'in', reported).execute();
    for (const d of rows) out.push({ kind: 'case.direct_report', unitId: d.unit_id, roles: ['leader', 'staff'], title: `直报：“${title}”，请阅示`, subject: null, link, key: `case-direct:${d.id}`, dueAt: at });
  }
  await emitEvents(trx, out, at);
}
