import type { Kysely } from 'kysely';
import { recordColumns, unitOwned } from './columns';

/**
 * Rectification plans as the units write them: each problem under an aspect ("在…方面"), a
 * deadline that may continue as 长期坚持 (keep_on), and per unit and inspection batch the
 * plan's basis document (title and 文号) and its 整改专班 (a leader and members, people ids as JSON).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('rectifications').addColumn('aspect', 'varchar(100)').execute();
  await db.schema.alterTable('rectifications').addColumn('keep_on', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.createTable('rect_plans').$call(unitOwned)
    .addColumn('batch', 'varchar(100)', (c) => c.notNull())
    .addColumn('basis_title', 'varchar(200)')
    .addColumn('basis_doc_no', 'varchar(100)')
    .addColumn('team_leader_id', 'varchar(40)', (c) => c.references('people.id'))
    .addColumn('team_member_ids', 'varchar(2000)', (c) => c.notNull().defaultTo('[]'))
    .$call(recordColumns)
    .execute();
  await db.schema.createIndex('rect_plans_unit_batch').on('rect_plans').columns(['unit_id', 'batch']).unique().execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('rect_plans').execute();
  await db.schema.alterTable('rectifications').dropColumn('keep_on').execute();
  await db.schema.alterTable('rectifications').dropColumn('aspect').execute();
}
