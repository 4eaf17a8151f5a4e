import { taskQuery } from '../../../common/tasks';
import type { TodoSource } from '../../platform/modules';
import { listTodo } from '../../platform/todos';
import { listTasks } from './service';

/**
 * What waits in the task register: for the people of a unit, its own tasks overdue and those
 * just sent to it (not started); for leaders, also every overdue task below them.
 */
export const taskTodos: TodoSource = {
  key: 'tasks',
  async list(db, actor) {
    if (actor.role === 'secadmin' || actor.role === 'auditadmin' || actor.role === 'inspector') return [];
    const list = (q: Parameters<typeof listTasks>[2]) => listTasks(db, actor, q);
    const own = { unitId: actor.unitId, includeSubunits: 'false', leaf: 'true' };
    const out = [
      await listTodo({ key: 'tasks.overdue', label: '本单位逾期任务', path: '/tasks', filters: { ...own, overdue: 'true' }, schema: taskQuery, list, urgent: true }),
      await listTodo({ key: 'tasks.new', label: '本单位待开始的任务', path: '/tasks', filters: { ...own, status: 'pending' }, schema: taskQuery, list }),
    ];
    if (actor.role === 'leader') out.push(await listTodo({ key: 'tasks.overdue_below', label: '本单位及下级逾期任务', path: '/tasks', filters: { leaf: 'true', overdue: 'true' }, schema: taskQuery, list, urgent: true }));
    return out;
  },
};
