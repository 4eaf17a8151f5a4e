import { riskQuery } from '../../../common/risks';
import type { TodoSource } from '../../platform/modules';
import { listTodo } from '../../platform/todos';
import { listRisks } from './service';

/** Risk points whose review is overdue, for those who keep them. */
export const riskTodos: TodoSource = {
  key: 'risks',
  async list(db, actor) {
    if (!['admin', 'leader', 'staff'].includes(actor.role)) return [];
    return [await listTodo({ key: 'risks.overdue', label: '复核逾期的风险点', path: '/risks', filters: { overdue: 'true' }, schema: riskQuery, list: (q) => listRisks(db, actor, q), urgent: true })];
  },
};
