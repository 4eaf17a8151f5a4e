import { noticeQuery } from '../../../common/notices';
import type { TodoSource } from '../../platform/modules';
import { listTodo } from '../../platform/todos';
import { listNotices } from './service';

/** Notices that reached the user's unit and nobody there has read. */
export const noticeTodos: TodoSource = {
  key: 'notices',
  async list(db, actor) {
    if (actor.role === 'secadmin' || actor.role === 'auditadmin') return [];
    return [await listTodo({ key: 'notices.unread', label: '未读的通知通报', path: '/notices', filters: { box: 'received', unread: 'true' }, schema: noticeQuery, list: (q) => listNotices(db, actor, q), urgent: true })];
  },
};
