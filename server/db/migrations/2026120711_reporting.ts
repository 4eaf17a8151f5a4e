import type { Kysely } from 'kysely';
import { idKey, recordColumns, unitIndex, unitOwned, versioned } from './columns';

/**
 * 报告制度: report forms (with versions; past submissions keep theirs), schedules a superior sets
 * for units of its subtree, and one submission per schedule, unit and period (unique: the
 * scheduler on several servers inserts or ignores). Built-in forms for the four kinds of report
 * the units send (unit_id null, readable by all) are written here once.
 */
const BUILTIN: { id: string; name: string; kind: string; description: string; fields: unknown[] }[] = [
  {
    id: 'builtin-monthly', name: '网络意识形态工作月报', kind: 'monthly', description: '每月报送一次；本月没有需要报告的情况时点“本期无情况”报零报告。',
    fields: [
      { key: 'situation', label: '本月工作开展情况', type: 'text', required: true },
      { key: 'opinion_found', label: '发现网络舆情(含苗头性信息)条数', type: 'number', required: true, summable: true },
      { key: 'opinion_handled', label: '其中已处置条数', type: 'number', required: true, summable: true },
      { key: 'study_sessions', label: '组织学习研讨次数', type: 'number', required: false, summable: true },
      { key: 'positions_checked', label: '检查网站、公众号、工作群等阵地个数', type: 'number', required: false, summable: true },
      { key: 'problems', label: '存在问题和下月打算', type: 'text', required: false },
      { key: 'evidence', label: '佐证材料', type: 'attachment', required: false },
    ],
  },
  {
    id: 'builtin-quarterly', name: '网络意识形态工作季度报告', kind: 'quarterly', description: '每季度报送党委(党组)和上级网信部门。',
    fields: [
      { key: 'summary', label: '本季度工作情况', type: 'text', required: true },
      { key: 'meetings', label: '党委(党组)研究网络意识形态工作次数', type: 'number', required: true, summable: true },
      { key: 'opinion_handled', label: '本季度处置网络舆情条数', type: 'number', required: true, summable: true },
      { key: 'risks_found', label: '排查风险隐患个数', type: 'number', required: false, summable: true },
      { key: 'rectified', label: '完成整改问题个数', type: 'number', required: false, summable: true },
      { key: 'practice', label: '特色做法', type: 'text', required: false },
      { key: 'next_plan', label: '下季度工作打算', type: 'text', required: true },
      { key: 'report_file', label: '季度报告正文', type: 'attachment', required: true },
    ],
  },
  {
    id: 'builtin-half-year', name: '网络意识形态工作半年专题汇报', kind: 'half_year', description: '每半年围绕一个专题向上级作书面汇报。',
    fields: [
      { key: 'topic', label: '汇报专题', type: 'choice', required: true, options: ['责任制落实情况', '网络舆情应对处置', '网络阵地建设管理', '其他专题'] },
      { key: 'content', label: '汇报内容', type: 'text', required: true },
      { key: 'measures', label: '采取的工作措施(项)', type: 'number', required: false, summable: true },
      { key: 'issues', label: '存在的问题', type: 'text', required: false },
      { key: 'deadline', label: '问题整改完成时间', type: 'date', required: false },
      { key: 'report_file', label: '专题汇报材料', type: 'attachment', required: true },
    ],
  },
  {
    id: 'builtin-watch-daily', name: '敏感时期每日报告', kind: 'watch_daily', description: '敏感时期每天报送；当天无情况时点“本期无情况”。',
    fields: [
      { key: 'duty', label: '当日值班带班情况', type: 'text', required: true },
      { key: 'opinion_found', label: '当日发现网络舆情条数', type: 'number', required: true, summable: true },
      { key: 'opinion_handled', label: '当日处置条数', type: 'number', required: true, summable: true },
      { key: 'matters', label: '需要报告的重要情况', type: 'text', required: false },
    ],
  },
];

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('report_forms')
    .$call(idKey)
    .addColumn('unit_id', 'varchar(40)', (c) => c.references('units.id'))
    .addColumn('name', 'varchar(100)', (c) => c.notNull())
    .addColumn('kind', 'varchar(20)', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('current_version_id', 'varchar(40)', (c) => c.notNull())
    .$call(recordColumns)
    .execute();
  await unitIndex(db, 'report_forms');

  await db.schema.createTable('report_form_versions')
    .$call(idKey)
    .addColumn('form_id', 'varchar(40)', (c) => c.notNull().references('report_forms.id'))
    .addColumn('version_no', 'integer', (c) => c.notNull())
    .addColumn('fields_json', 'text', (c) => c.notNull())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('report_form_versions_form').on('report_form_versions').columns(['form_id', 'version_no']).unique().execute();

  await db.schema.createTable('report_schedules')
    .$call(unitOwned)
    .addColumn('name', 'varchar(100)', (c) => c.notNull())
    .addColumn('form_id', 'varchar(40)', (c) => c.notNull().references('report_forms.id'))
    .addColumn('target_mode', 'varchar(10)', (c) => c.notNull())
    .addColumn('target_kinds_json', 'text', (c) => c.notNull())
    .addColumn('target_unit_ids_json', 'text', (c) => c.notNull())
    .addColumn('cycle', 'varchar(20)', (c) => c.notNull())
    .addColumn('watch_only', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('starts_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('ends_on', 'varchar(10)')
    .addColumn('open_before_end_days', 'integer')
    .addColumn('due_mode', 'varchar(20)', (c) => c.notNull())
    .addColumn('due_n', 'integer')
    .addColumn('due_date', 'varchar(10)')
    .addColumn('lock_after_days', 'integer')
    .addColumn('created_through', 'varchar(20)')
    .addColumn('created_by', 'varchar(120)', (c) => c.notNull())
    .$call(recordColumns)
    .execute();
  await unitIndex(db, 'report_schedules');

  await db.schema.createTable('report_submissions')
    .$call(idKey)
    .addColumn('schedule_id', 'varchar(40)', (c) => c.notNull().references('report_schedules.id'))
    .addColumn('unit_id', 'varchar(40)', (c) => c.notNull().references('units.id'))
    .addColumn('period_key', 'varchar(20)', (c) => c.notNull())
    .addColumn('period_from', 'varchar(10)', (c) => c.notNull())
    .addColumn('period_to', 'varchar(10)', (c) => c.notNull())
    .addColumn('form_version_id', 'varchar(40)', (c) => c.notNull().references('report_form_versions.id'))
    .addColumn('opens_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('due_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('locks_at', 'varchar(30)')
    .addColumn('status', 'varchar(20)', (c) => c.notNull())
    .addColumn('nil', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('values_json', 'text', (c) => c.notNull())
    .addColumn('first_submitted_at', 'varchar(30)')
    .addColumn('submitted_at', 'varchar(30)')
    .addColumn('submitted_by', 'varchar(120)')
    .addColumn('reviewed_at', 'varchar(30)')
    .addColumn('reviewed_by', 'varchar(120)')
    .addColumn('return_reason', 'text')
    .addColumn('reopen_reason', 'text')
    .addColumn('reopen_requested_at', 'varchar(30)')
    .$call(versioned)
    .execute();
  await db.schema.createIndex('report_submissions_once').on('report_submissions').columns(['schedule_id', 'unit_id', 'period_key']).unique().execute();
  // Covering what the figures read of one schedule's period, so a rate over a whole province reads the index alone.
  await db.schema.createIndex('report_submissions_period').on('report_submissions').columns(['schedule_id', 'period_key', 'unit_id', 'status', 'nil', 'first_submitted_at', 'due_at']).execute();
  await unitIndex(db, 'report_submissions');

  const now = new Date().toISOString();
  for (const f of BUILTIN) {
    const versionId = `${f.id}-v1`;
    await db.insertInto('report_forms').values({
      id: f.id, unit_id: null, name: f.name, kind: f.kind, description: f.description, current_version_id: versionId,
      archived_at: null, version: 0, created_at: now, updated_at: now,
    }).execute();
    await db.insertInto('report_form_versions').values({ id: versionId, form_id: f.id, version_no: 1, fields_json: JSON.stringify(f.fields), created_at: now }).execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('report_submissions').execute();
  await db.schema.dropTable('report_schedules').execute();
  await db.schema.dropTable('report_form_versions').execute();
  await db.schema.dropTable('report_forms').execute();
}
