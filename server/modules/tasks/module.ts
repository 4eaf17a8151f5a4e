/**
 * 任务台账: tasks with deadlines, assignment to many units, progress with evidence. The module
 * to copy when adding one: routes, service, figures, ledger, pack sources, reminders, summary
 * section, indicators and demo data, each in its own file and listed here.
 */
import { PACK_FOLDERS } from '../../../common/packs';
import { link } from '../../documents/content';
import { ownedByUnit, ownedThrough } from '../../platform/attachable';
import type { Module } from '../../platform/modules';
import { seedTaskDemo } from './demo';
import { taskFigures, taskOnTimeMany, taskOverdueMany } from './figures';
import { taskLedger } from './ledger';
import { taskPackSources } from './pack';
import { taskReminders } from './reminders';
import { taskRoutes } from './routes';
import { taskSection } from './summary';
import { taskTodos } from './todos';
import { taskChart } from './charts';

/** The completed tasks 按期完成率 rates, as the task list filters them. */
const doneTasksOf = (s: { unitId: string; from: string; to: string }) => link('/tasks', { unitId: s.unitId, from: s.from, to: s.to, span: 'period', leaf: true, status: 'done' });

export const tasksModule: Module = {
  key: 'tasks',
  routes: ({ db, config }) => taskRoutes(db, config),
  reminders: taskReminders,
  eventKinds: [{ key: 'task.assigned', label: '收到派发的任务' }, { key: 'task.progress', label: '下级报送任务进展' }],
  attachables: {
    task: ownedByUnit('tasks', { label: '任务附件', writePermission: 'task.manage' }),
    task_progress: ownedThrough({ table: 'task_progress', parentKey: 'task_id', parent: 'tasks' }, { label: '任务进展佐证', writePermission: 'task.progress' }),
  },
  ledgers: [{ key: 'tasks', name: '任务台账', folder: PACK_FOLDERS.tasks, build: taskLedger }],
  packSources: taskPackSources,
  summarySections: [taskSection],
  figures: [{ key: 'tasks', url: '/api/tasks/figures', permission: 'task.read', tag: '任务台账', summary: '任务统计(按状态、来源、按期完成率；本单位及下级，指定期间)', compute: taskFigures }],
  indicators: [
    {
      key: 'tasks.overdue', label: '逾期未完成任务数', format: 'count', unitWord: '项',
      value: async (db, s) => ({ value: (await taskFigures(db, s)).overdueOpen, link: link('/tasks', { unitId: s.unitId, overdue: true }) }),
      valuesFor: taskOverdueMany,
    },
    {
      key: 'tasks.on_time_rate', label: '任务按期完成率', format: 'rate', unitWord: '%',
      value: async (db, s) => ({ value: (await taskFigures(db, s)).onTimeRate, link: doneTasksOf(s) }),
      valuesFor: taskOnTimeMany,
      link: doneTasksOf,
    },
  ],
  todos: [taskTodos],
  charts: [taskChart],
  unitPathCopies: [{ table: 'tasks', column: 'unit_path' }],
  demo: { order: 40, run: (trx, d) => seedTaskDemo(trx, d.ctx) },
};
