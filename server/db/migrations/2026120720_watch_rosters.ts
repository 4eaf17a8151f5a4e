import type { Kysely } from 'kysely';
import { idKey, recordColumns, unitIndex, unitOwned, versioned } from './columns';

/**
 * 值班值守: a unit's own names for 敏感时期 (beside the built-in ones), duty rosters (值班表) with
 * their shifts (带班领导 and 值班人员 with their duty phones, SM4-sealed), swap requests (换班) and
 * the duty log (值班日志) written during a shift and handed over to the next.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('watch_period_names')
    .$call(unitOwned)
    .addColumn('name', 'varchar(100)', (c) => c.notNull())
    .$call(recordColumns)
    .execute();
  await unitIndex(db, 'watch_period_names');

  await db.schema.createTable('watch_rosters')
    .$call(unitOwned)
    .addColumn('title', 'varchar(200)', (c) => c.notNull())
    .addColumn('starts_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('ends_on', 'varchar(10)', (c) => c.notNull())
    /** full: 24 小时一班; day_night: 白班和夜班; office: 白天值班(不满足敏感时期 24 小时值班). */
    .addColumn('shift_mode', 'varchar(20)', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('created_by', 'varchar(100)', (c) => c.notNull())
    .$call(recordColumns)
    .execute();
  await unitIndex(db, 'watch_rosters');
  await db.schema.createIndex('watch_rosters_days').on('watch_rosters').columns(['starts_on', 'ends_on']).execute();

  await db.schema.createTable('watch_shifts')
    .$call(idKey)
    .addColumn('roster_id', 'varchar(40)', (c) => c.notNull().references('watch_rosters.id'))
    .addColumn('unit_id', 'varchar(40)', (c) => c.notNull().references('units.id'))
    .addColumn('day', 'varchar(10)', (c) => c.notNull())
    .addColumn('kind', 'varchar(10)', (c) => c.notNull())
    .addColumn('starts_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('ends_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('leader_person_id', 'varchar(40)', (c) => c.references('people.id'))
    .addColumn('leader_phone', 'text')
    .addColumn('staff_person_id', 'varchar(40)', (c) => c.references('people.id'))
    .addColumn('staff_phone', 'text')
    .addColumn('log_opened_at', 'varchar(30)')
    .addColumn('handed_over_at', 'varchar(30)')
    .addColumn('handed_over_by', 'varchar(100)')
    .addColumn('handover_note', 'text')
    .$call(versioned)
    .execute();
  await db.schema.createIndex('watch_shifts_roster').on('watch_shifts').column('roster_id').execute();
  await db.schema.createIndex('watch_shifts_unit_day').on('watch_shifts').columns(['unit_id', 'day']).execute();
  await db.schema.createIndex('watch_shifts_leader').on('watch_shifts').columns(['leader_person_id', 'starts_at']).execute();
  await db.schema.createIndex('watch_shifts_staff').on('watch_shifts').columns(['staff_person_id', 'starts_at']).execute();

  await db.schema.createTable('watch_swaps')
    .$call(idKey)
    .addColumn('shift_id', 'varchar(40)', (c) => c.notNull().references('watch_shifts.id'))
    .addColumn('unit_id', 'varchar(40)', (c) => c.notNull().references('units.id'))
    /** leader | staff: which place on the shift changes hands. */
    .addColumn('position', 'varchar(10)', (c) => c.notNull())
    .addColumn('from_person_id', 'varchar(40)', (c) => c.references('people.id'))
    .addColumn('to_person_id', 'varchar(40)', (c) => c.notNull().references('people.id'))
    .addColumn('reason', 'text')
    /** pending | approved | rejected */
    .addColumn('status', 'varchar(10)', (c) => c.notNull())
    .addColumn('requested_by', 'varchar(100)', (c) => c.notNull())
    .addColumn('decided_by', 'varchar(100)')
    .addColumn('decided_at', 'varchar(30)')
    .addColumn('decision_note', 'text')
    .$call(versioned)
    .execute();
  await db.schema.createIndex('watch_swaps_shift').on('watch_swaps').column('shift_id').execute();
  await unitIndex(db, 'watch_swaps');

  await db.schema.createTable('watch_log_entries')
    .$call(idKey)
    .addColumn('shift_id', 'varchar(40)', (c) => c.notNull().references('watch_shifts.id'))
    .addColumn('unit_id', 'varchar(40)', (c) => c.notNull().references('units.id'))
    .addColumn('at', 'varchar(30)', (c) => c.notNull())
    .addColumn('matter', 'text', (c) => c.notNull())
    .addColumn('handling', 'text')
    .addColumn('case_event_id', 'varchar(40)', (c) => c.references('case_events.id'))
    .addColumn('author_name', 'varchar(100)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('watch_log_entries_shift').on('watch_log_entries').columns(['shift_id', 'at']).execute();
  await unitIndex(db, 'watch_log_entries');
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('watch_log_entries').execute();
  await db.schema.dropTable('watch_swaps').execute();
  await db.schema.dropTable('watch_shifts').execute();
  await db.schema.dropTable('watch_rosters').execute();
  await db.schema.dropTable('watch_period_names').execute();
}
