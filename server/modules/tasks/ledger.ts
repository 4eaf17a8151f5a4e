import type { z } from 'zod';
import { RECURRENCE_LABELS, type Recurrence, TASK_SOURCE_LABELS, TASK_STATUS_LABELS, type taskQuery, type TaskView } from '../../../common/tasks';
import type { Database } from '../../db';
import type { Actor } from '../../platform/context';
import { cnDay, dayCell, listLedger } from '../../platform/ledger-xlsx';
import { unitNameOf } from '../units/service';
import { listTasks } from './service';

export function deadlineText(t: Pick<TaskView, 'dueMode' | 'dueDay' | 'recurrence'>) {
  if (t.dueMode === 'ongoing') return `长期坚持(${RECURRENCE_LABELS[t.recurrence as Recurrence]})`;
  return cnDay(t.dueDay);
}

/** 任务台账 as .xlsx: the tasks the list shows for the same filters (the period is on the start day). */
export async function taskLedger(db: Database, actor: Actor, query: Omit<z.infer<typeof taskQuery>, 'page' | 'pageSize'>): Promise<Buffer> {
  return listLedger((page, pageSize) => listTasks(db, actor, { ...query, page, pageSize }), {
    title: '任务台账',
    unitName: await unitNameOf(db, actor, query.unitId),
    from: query.from, to: query.to,
    columns: [
      { header: '任务名称', width: 30, value: (t) => t.title },
      { header: '来源', width: 12, value: (t) => TASK_SOURCE_LABELS[t.source] },
      { header: '任务内容', width: 36, value: (t) => t.content },
      { header: '责任单位', width: 16, value: (t) => t.unitName },
      { header: '责任人', width: 10, value: (t) => t.ownerPersonName },
      { header: '责任领导', width: 10, value: (t) => t.responsibleLeaderName },
      { header: '派发单位', width: 14, value: (t) => t.parentUnitName },
      { header: '开始日期', width: 14, value: (t) => dayCell(t.startDay) },
      { header: '完成时限', width: 16, value: (t) => (t.dueMode === 'ongoing' ? deadlineText(t) : dayCell(t.dueDay)) },
      { header: '状态', width: 10, value: (t) => (t.overdueDays > 0 ? `${TASK_STATUS_LABELS[t.status]}(逾期${t.overdueDays}天)` : TASK_STATUS_LABELS[t.status]) },
      { header: '最新进展', width: 36, value: (t) => (t.latestProgress ? `${cnDay(t.latestProgress.day)}：${t.latestProgress.note}` : '') },
      { header: '完成日期', width: 14, value: (t) => dayCell(t.completedDay) },
      { header: '完成情况', width: 30, value: (t) => t.completionNote },
      { header: '依据文件', width: 24, value: (t) => t.basis },
    ],
  });
}
