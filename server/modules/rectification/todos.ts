import { rectQuery } from '../../../common/rectification';
import type { TodoSource } from '../../platform/modules';
import { listTodo } from '../../platform/todos';
import { listRects } from './service';

/** 待销号 for those who sign off (leaders, inspectors); the unit's own overdue items for those who report. */
export const rectTodos: TodoSource = {
  key: 'rectification',
  async list(db, actor) {
    const list = (q: Parameters<typeof listRects>[2]) => listRects(db, actor, q);
    const out = [];
    if (actor.role === 'leader' || actor.role === 'inspector') {
      out.push(await listTodo({ key: 'rectification.reported', label: '待销号整改', path: '/rectification', filters: { status: 'reported' }, schema: rectQuery, list, urgent: true }));
    }
    if (['admin', 'leader', 'staff', 'liaison'].includes(actor.role)) {
      out.push(await listTodo({ key: 'rectification.overdue', label: '本单位逾期整改', path: '/rectification', filters: { unitId: actor.unitId, includeSubunits: 'false', overdue: 'true' }, schema: rectQuery, list, urgent: true }));
    }
    return out;
  },
};
