import { type Kysely, sql } from 'kysely';
import { dialectOf } from '../dialect';

/**
 * The audit log becomes a keyed MAC chain and append-only in the database itself.
 *
 * Existing rows keep their unkeyed SHA-256 chain (alg null) and are still verified with it; the
 * first keyed row links to the last old row's hash, so the keyed chain starts from the old head
 * and the first checkpoint records where the old chain ends (legacyUpTo).
 *
 * UPDATE and DELETE (and TRUNCATE on PostgreSQL) on audit_log are refused by triggers. On
 * PostgreSQL the application should also connect as a role without those privileges
 * (docs/operations.md), since the table owner can drop a trigger.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('audit_log').addColumn('alg', 'varchar(16)').execute();
  await createAuditGuards(db);
}

/** Triggers refusing UPDATE, DELETE (and TRUNCATE) on audit_log. */
export async function createAuditGuards(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) === 'postgres') {
    await sql`create function audit_log_append_only() returns trigger language plpgsql as $$
      begin raise exception 'audit_log is append-only' using errcode = 'P0001'; end $$`.execute(db);
    await sql`create trigger audit_log_no_change before update or delete on audit_log for each row execute function audit_log_append_only()`.execute(db);
    await sql`create trigger audit_log_no_truncate before truncate on audit_log for each statement execute function audit_log_append_only()`.execute(db);
  } else {
    await sql`create trigger audit_log_no_update before update on audit_log begin select raise(abort, 'audit_log is append-only'); end`.execute(db);
    await sql`create trigger audit_log_no_delete before delete on audit_log begin select raise(abort, 'audit_log is append-only'); end`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await dropAuditGuards(db);
  await db.schema.alterTable('audit_log').dropColumn('alg').execute();
}

/** What a database owner could do; the keyed chain and the checkpoint are what catch it then. */
export async function dropAuditGuards(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) === 'postgres') {
    await sql`drop trigger audit_log_no_truncate on audit_log`.execute(db);
    await sql`drop trigger audit_log_no_change on audit_log`.execute(db);
    await sql`drop function audit_log_append_only()`.execute(db);
  } else {
    await sql`drop trigger audit_log_no_update`.execute(db);
    await sql`drop trigger audit_log_no_delete`.execute(db);
  }
}
