import type { Kysely } from 'kysely';

/**
 * Activity entries that say what the units' documents state: whether a leader's 述职 reported this
 * work separately, and for publicity (宣讲, 普法, 网络安全宣传周) the audience reached and the
 * materials handed out.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('ledger_entries').addColumn('reported_separately', 'integer').execute();
  await db.schema.alterTable('ledger_entries').addColumn('audience_count', 'integer').execute();
  await db.schema.alterTable('ledger_entries').addColumn('materials_count', 'integer').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const c of ['materials_count', 'audience_count', 'reported_separately']) await db.schema.alterTable('ledger_entries').dropColumn(c).execute();
}
