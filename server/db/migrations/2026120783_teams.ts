import type { Kysely } from 'kysely';
import { recordColumns, unitIndex, unitOwned } from './columns';

/**
 * 队伍: people holding typed roles in a unit's teams (新闻发言人, 联络员, 信息员, 网络安全管理员,
 * 宣讲员, 志愿者, and roles a unit adds for its subtree). Never a team tasked to post or comment.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('team_roles').$call(unitOwned)
    .addColumn('name', 'varchar(50)', (c) => c.notNull())
    .$call(recordColumns)
    .execute();
  await unitIndex(db, 'team_roles');
  await db.schema.createTable('team_members').$call(unitOwned)
    .addColumn('person_id', 'varchar(40)', (c) => c.notNull().references('people.id'))
    .addColumn('role', 'varchar(40)', (c) => c.notNull())
    .addColumn('since_day', 'varchar(10)')
    .addColumn('note', 'text')
    .$call(recordColumns)
    .execute();
  await unitIndex(db, 'team_members');
  await db.schema.createIndex('team_members_person').on('team_members').columns(['person_id', 'role']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['team_members', 'team_roles']) await db.schema.dropTable(t).execute();
}
