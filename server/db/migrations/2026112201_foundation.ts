import { type Kysely, sql } from 'kysely';
import { dialectOf } from '../dialect';
import { idKey, recordColumns, unitIndex, unitOwned, versioned } from './columns';

/** Units, people, accounts, sessions, leading group, audit log, files, settings, jobs. */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = dialectOf(db) === 'postgres';
  // Byte-order comparison on the materialised path, so prefix ranges work whatever the database's locale.
  const pathCollate = pg ? sql`collate "C"` : sql``;
  const serial = pg ? 'serial' : 'integer';

  await db.schema.createTable('units').$call(idKey)
    .addColumn('parent_id', 'varchar(40)', (c) => c.references('units.id'))
    .addColumn('path', 'varchar(1000)', (c) => c.notNull().modifyEnd(pathCollate))
    .addColumn('depth', 'integer', (c) => c.notNull())
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('kind', 'varchar(20)', (c) => c.notNull())
    .addColumn('code', 'varchar(40)')
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .$call(recordColumns)
    .execute();
  await db.schema.createIndex('units_path').on('units').column('path').unique().execute();
  await db.schema.createIndex('units_parent').on('units').column('parent_id').execute();

  await db.schema.createTable('people').$call(unitOwned)
    .addColumn('name', 'varchar(100)', (c) => c.notNull())
    .addColumn('position', 'varchar(200)')
    .addColumn('phone', 'varchar(60)')
    .$call(recordColumns)
    .execute();
  await unitIndex(db, 'people');

  await db.schema.createTable('accounts').$call(idKey)
    .addColumn('username', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('password_hash', 'varchar(200)', (c) => c.notNull())
    .addColumn('display_name', 'varchar(100)', (c) => c.notNull())
    .addColumn('role', 'varchar(20)', (c) => c.notNull())
    .addColumn('unit_id', 'varchar(40)', (c) => c.notNull().references('units.id'))
    .addColumn('person_id', 'varchar(40)', (c) => c.references('people.id'))
    .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_until', 'varchar(30)')
    .addColumn('last_login_at', 'varchar(30)')
    .addColumn('password_changed_at', 'varchar(30)')
    .$call(versioned)
    .execute();
  await unitIndex(db, 'accounts');

  await db.schema.createTable('login_failures')
    .addColumn('id', serial as any, (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('username', 'varchar(64)', (c) => c.notNull())
    .addColumn('at', 'varchar(30)', (c) => c.notNull())
    .addColumn('ip', 'varchar(64)')
    .execute();
  await db.schema.createIndex('login_failures_user_at').on('login_failures').columns(['username', 'at']).execute();

  await db.schema.createTable('sessions')
    .addColumn('token_hash', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('account_id', 'varchar(40)', (c) => c.notNull().references('accounts.id'))
    .addColumn('csrf_token', 'varchar(64)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('last_seen_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('ip', 'varchar(64)')
    .addColumn('user_agent', 'varchar(300)')
    .execute();
  await db.schema.createIndex('sessions_account').on('sessions').column('account_id').execute();

  await db.schema.createTable('group_members').$call(unitOwned)
    .addColumn('person_id', 'varchar(40)', (c) => c.notNull().references('people.id'))
    .addColumn('group_role', 'varchar(20)', (c) => c.notNull())
    .addColumn('duties', 'varchar(400)')
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .$call(recordColumns)
    .execute();
  await unitIndex(db, 'group_members');

  await db.schema.createTable('duty_assignments').$call(unitOwned)
    .addColumn('person_id', 'varchar(40)', (c) => c.notNull().references('people.id'))
    .addColumn('kind', 'varchar(20)', (c) => c.notNull())
    .addColumn('note', 'varchar(400)')
    .$call(recordColumns)
    .execute();
  await unitIndex(db, 'duty_assignments');

  await db.schema.createTable('duty_scopes')
    .addColumn('assignment_id', 'varchar(40)', (c) => c.notNull().references('duty_assignments.id'))
    .addColumn('unit_id', 'varchar(40)', (c) => c.notNull().references('units.id'))
    .addPrimaryKeyConstraint('duty_scopes_pk', ['assignment_id', 'unit_id'])
    .execute();

  await db.schema.createTable('audit_log')
    .addColumn('seq', 'integer', (c) => c.primaryKey())
    .addColumn('at', 'varchar(30)', (c) => c.notNull())
    .addColumn('actor_id', 'varchar(40)')
    .addColumn('actor_name', 'varchar(100)')
    .addColumn('action', 'varchar(40)', (c) => c.notNull())
    .addColumn('entity', 'varchar(40)', (c) => c.notNull())
    .addColumn('entity_id', 'varchar(40)')
    .addColumn('unit_path', 'varchar(1000)', (c) => c.modifyEnd(pathCollate))
    .addColumn('before_json', 'text')
    .addColumn('after_json', 'text')
    .addColumn('request_id', 'varchar(64)')
    .addColumn('ip', 'varchar(64)')
    .addColumn('prev_hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('hash', 'varchar(64)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('audit_log_unit_path').on('audit_log').column('unit_path').execute();
  await db.schema.createIndex('audit_log_entity').on('audit_log').columns(['entity', 'entity_id']).execute();

  await db.schema.createTable('file_blobs')
    .addColumn('sha256', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('mime', 'varchar(100)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .execute();

  await db.schema.createTable('attachments').$call(idKey)
    .addColumn('sha256', 'varchar(64)', (c) => c.notNull().references('file_blobs.sha256'))
    .addColumn('filename', 'varchar(300)', (c) => c.notNull())
    .addColumn('entity', 'varchar(40)', (c) => c.notNull())
    .addColumn('entity_id', 'varchar(40)', (c) => c.notNull())
    .addColumn('unit_id', 'varchar(40)', (c) => c.notNull().references('units.id'))
    .addColumn('uploaded_by', 'varchar(40)')
    .addColumn('archived_at', 'varchar(30)')
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('attachments_entity').on('attachments').columns(['entity', 'entity_id']).execute();

  await db.schema.createTable('settings')
    .addColumn('key', 'varchar(100)', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();

  await db.schema.createTable('jobs')
    .addColumn('name', 'varchar(100)', (c) => c.primaryKey())
    .addColumn('next_run_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('lease_owner', 'varchar(100)')
    .addColumn('lease_until', 'varchar(30)')
    .addColumn('last_started_at', 'varchar(30)')
    .addColumn('last_finished_at', 'varchar(30)')
    .addColumn('last_status', 'varchar(20)')
    .addColumn('last_error', 'text')
    .execute();

  await db.schema.createTable('idempotency_keys')
    .addColumn('key', 'varchar(100)', (c) => c.notNull())
    .addColumn('account_id', 'varchar(40)', (c) => c.notNull())
    .addColumn('route', 'varchar(200)', (c) => c.notNull())
    .addColumn('status', 'integer')
    .addColumn('response', 'text')
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addPrimaryKeyConstraint('idempotency_keys_pk', ['account_id', 'key'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'idempotency_keys', 'jobs', 'settings', 'attachments', 'file_blobs', 'audit_log', 'duty_scopes',
    'duty_assignments', 'group_members', 'sessions', 'login_failures', 'accounts', 'people', 'units',
  ]) {
    await db.schema.dropTable(t).execute();
  }
}
