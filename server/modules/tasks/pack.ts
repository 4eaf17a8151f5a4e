/** Which of the module's records lend their attachments to an inspection pack for a unit subtree and a period. */
import { PACK_FOLDERS } from '../../../common/packs';
import type { PackAttachmentSource } from '../../platform/modules';
import { recordsInPeriod } from '../../platform/pack-records';
import { inSubtreeOf } from '../../platform/scope';

export const taskPackSources: PackAttachmentSource[] = [
  {
    entity: 'task', folder: PACK_FOLDERS.tasks, label: '任务附件', recordType: '任务',
    async records(db, s) {
      const rows = await recordsInPeriod(db, 'tasks', 'start_day', 'title', s).execute();
      return rows.map((r) => ({ id: r.id, day: r.day, title: r.title, unitName: r.name }));
    },
  },
  {
    entity: 'task_progress', folder: PACK_FOLDERS.tasks, label: '任务进展佐证', recordType: '任务进展',
    async records(db, s) {
      const rows = await db.selectFrom('task_progress as g').innerJoin('tasks as t', 't.id', 'g.task_id').innerJoin('units as u', 'u.id', 't.unit_id').select(['g.id', 'g.day', 't.title', 'u.name'])
        .where((eb) => inSubtreeOf(eb, 'u.path', s.unitPath)).where('t.archived_at', 'is', null).where('g.day', '>=', s.from).where('g.day', '<=', s.to)
        .orderBy('g.day').execute();
      return rows.map((r) => ({ id: r.id, day: r.day, title: `${r.title}(进展)`, unitName: r.name }));
    },
  },
];
