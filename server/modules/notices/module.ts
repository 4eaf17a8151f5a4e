/** 通知/通报: a superior sends a notice down the tree; each receiving unit's read receipt is visible to the sender. */
import type { Attachable } from '../../platform/attachable';
import type { Module } from '../../platform/modules';
import { inSubtree } from '../../platform/scope';
import { noticeReminders } from './reminders';
import { noticeRoutes } from './routes';
import { noticeTodos } from './todos';

const noticeAttachable: Attachable = {
  label: '通知附件',
  writePermission: 'notice.send',
  async findUnit(db, id) {
    const r = await db.selectFrom('notices as n').innerJoin('units as u', 'u.id', 'n.unit_id').select(['u.id', 'u.path']).where('n.id', '=', id).executeTakeFirst();
    return r ? { unitId: r.id, unitPath: r.path } : null;
  },
  // The sending side and every receiving unit read the files; only the sending side adds them.
  async visibleTo(db, actor, id) {
    const r = await db.selectFrom('notices as n').innerJoin('units as u', 'u.id', 'n.unit_id').select('u.path').where('n.id', '=', id).executeTakeFirst();
    if (!r) return false;
    if (inSubtree(actor.unitPath, r.path)) return true;
    return !!(await db.selectFrom('notice_receipts').select('id').where('notice_id', '=', id).where('unit_id', '=', actor.unitId).executeTakeFirst());
  },
  async writableBy(db, actor, id) {
    const r = await db.selectFrom('notices as n').innerJoin('units as u', 'u.id', 'n.unit_id').select('u.path').where('n.id', '=', id).executeTakeFirst();
    return !!r && inSubtree(actor.unitPath, r.path);
  },
};

export const noticesModule: Module = {
  key: 'notices',
  routes: ({ db }) => noticeRoutes(db),
  reminders: noticeReminders,
  attachables: { notice: noticeAttachable },
  eventKinds: [{ key: 'notice.received', label: '收到通知通报' }],
  todos: [noticeTodos],
};
