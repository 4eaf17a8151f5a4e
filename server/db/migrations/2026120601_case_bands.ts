import type { Kysely } from 'kysely';
import { bandsOf } from '../../text/minhash';
import { createCaseEventBlocks } from './2026120201_cases';

/**
 * Issue 11:
 * - `case_event_bands` replaces `case_event_blocks`: the LSH band keys of each report's
 *   character-shingle MinHash (server/text/minhash.ts), keyed by the owner unit first like the
 *   blocks were, with the report whose text the candidate check compares. Filled here from the
 *   reports of every open event.
 * - `case_steps.entered_at` and `late_reason`: a step's `at` is when it happened, `entered_at`
 *   when it was written down (补录 when they differ); older rows were entered as they happened.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('case_event_bands')
    .addColumn('event_id', 'varchar(40)', (c) => c.notNull().references('case_events.id'))
    .addColumn('unit_id', 'varchar(40)', (c) => c.notNull().references('units.id'))
    .addColumn('band', 'varchar(16)', (c) => c.notNull())
    .addColumn('case_id', 'varchar(40)', (c) => c.notNull().references('cases.id'))
    .execute();
  await db.schema.createIndex('case_event_bands_band').on('case_event_bands').columns(['unit_id', 'band', 'event_id', 'case_id']).execute();
  await db.schema.createIndex('case_event_bands_event').on('case_event_bands').column('event_id').execute();
  const open = await db
    .selectFrom('cases as c')
    .innerJoin('case_events as e', 'e.id', 'c.event_id')
    .select(['c.id', 'c.event_id', 'e.unit_id', 'c.content'])
    .where('e.status', '!=', 'closed')
    .where('e.archived_at', 'is', null)
    .execute();
  for (let i = 0; i < open.length; i += 200) {
    const values = open.slice(i, i + 200).flatMap((r) => [...new Set(bandsOf(r.content))].map((band) => ({ event_id: r.event_id, unit_id: r.unit_id, band, case_id: r.id })));
    if (values.length) await db.insertInto('case_event_bands').values(values).execute();
  }
  await db.schema.dropTable('case_event_blocks').execute();

  await db.schema.alterTable('case_steps').addColumn('entered_at', 'varchar(30)').execute();
  await db.schema.alterTable('case_steps').addColumn('late_reason', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('case_steps').dropColumn('late_reason').execute();
  await db.schema.alterTable('case_steps').dropColumn('entered_at').execute();
  await createCaseEventBlocks(db);
  await db.schema.dropTable('case_event_bands').execute();
}
