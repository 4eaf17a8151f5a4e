import type { Kysely } from 'kysely';
import { idKey, unitOwned, versioned } from './columns';

/**
 * Document drafts (工作总结, 工作方案, 整改方案, 整改报告 …): one per unit, type and period (or
 * batch), with the generated content, the user's own paragraphs, and every version kept.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('document_drafts').$call(unitOwned)
    .addColumn('type', 'varchar(30)', (c) => c.notNull())
    .addColumn('period_from', 'varchar(10)')
    .addColumn('period_to', 'varchar(10)')
    /** What a document is about besides the period: the inspection batch of 整改方案/报告 (a case brief would name its case). */
    .addColumn('subject', 'varchar(200)')
    /** type|from|to|subject: what makes a draft the same draft. */
    .addColumn('draft_key', 'varchar(200)', (c) => c.notNull())
    .addColumn('title', 'varchar(300)', (c) => c.notNull())
    .addColumn('content_json', 'text', (c) => c.notNull())
    .addColumn('slots_json', 'text', (c) => c.notNull())
    .addColumn('updated_by_name', 'varchar(200)', (c) => c.notNull())
    .$call(versioned)
    .execute();
  await db.schema.createIndex('document_drafts_key').on('document_drafts').columns(['unit_id', 'draft_key']).unique().execute();
  await db.schema.createIndex('document_drafts_type').on('document_drafts').columns(['type', 'updated_at']).execute();

  await db.schema.createTable('document_versions').$call(idKey)
    .addColumn('draft_id', 'varchar(40)', (c) => c.notNull().references('document_drafts.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('action', 'varchar(20)', (c) => c.notNull())
    .addColumn('title', 'varchar(300)', (c) => c.notNull())
    .addColumn('content_json', 'text', (c) => c.notNull())
    .addColumn('slots_json', 'text', (c) => c.notNull())
    .addColumn('by_name', 'varchar(200)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('document_versions_draft').on('document_versions').columns(['draft_id', 'version']).unique().execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['document_versions', 'document_drafts']) await db.schema.dropTable(t).execute();
}
