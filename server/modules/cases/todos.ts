import { directReportQuery, eventQuery } from '../../../common/cases';
import type { TodoSource } from '../../platform/modules';
import { listTodo } from '../../platform/todos';
import { listDirectReports } from './direct-reports';
import { listEvents } from './search';

/**
 * What waits in 舆情与诉求: 直报 to read (leaders and staff of the units reported to), closures
 * to approve (leaders), reports nobody has triaged (staff and leaders), events sent to the
 * user's unit to handle (everyone who handles).
 */
export const caseTodos: TodoSource = {
  key: 'cases',
  async list(db, actor) {
    if (!['admin', 'leader', 'staff', 'liaison', 'inspector'].includes(actor.role)) return [];
    const events = (q: Parameters<typeof listEvents>[2]) => listEvents(db, actor, q);
    const out = [];
    if (actor.role === 'leader' || actor.role === 'staff') {
      out.push(await listTodo({ key: 'cases.direct', label: '直报请阅示', path: '/cases/direct-reports', filters: { unread: 'true' }, schema: directReportQuery, list: (q) => listDirectReports(db, actor, q), urgent: true }));
    }
    if (actor.role === 'leader') out.push(await listTodo({ key: 'cases.approve', label: '待审批的办结申请', path: '/cases', filters: { status: 'pending_close' }, schema: eventQuery, list: events, urgent: true }));
    if (actor.role !== 'inspector' && actor.role !== 'liaison') out.push(await listTodo({ key: 'cases.triage', label: '待研判的舆情诉求', path: '/cases', filters: { status: 'registered' }, schema: eventQuery, list: events, urgent: true }));
    if (actor.role !== 'inspector') out.push(await listTodo({ key: 'cases.assigned', label: '交办给本单位待核实', path: '/cases', filters: { handlingUnitId: actor.unitId, status: 'assigned' }, schema: eventQuery, list: events, urgent: true }));
    return out;
  },
};
