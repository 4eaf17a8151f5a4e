import type { CreateTableBuilder, Kysely } from 'kysely';

/**
 * The columns most tables share, written once. Each helper adds columns in the order the
 * migrations always wrote them, so the schema they produce is the same as when every table
 * spelled them out (migrations that already ran are recorded by name only). Use them with
 * `.$call(…)`; a table's own columns stay written out where the table is created.
 *
 * Never change what an existing helper writes: migrations that already ran call it too, and a
 * fresh database would then differ from a migrated one. Another shape is another helper.
 */
type Table = CreateTableBuilder<any, any>;

/** `id`: the record's generated key. */
export function idKey(t: Table): Table {
  return t.addColumn('id', 'varchar(40)', (c) => c.primaryKey());
}

/** `id`, then `unit_id`: the unit that owns the record (what the subtree filter scopes on). */
export function unitOwned(t: Table): Table {
  return idKey(t).addColumn('unit_id', 'varchar(40)', (c) => c.notNull().references('units.id'));
}

/** `version` (optimistic locking, starts at 0), `created_at`, `updated_at`. */
export function versioned(t: Table): Table {
  return t
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull());
}

/** The tail of an editable register: `archived_at` (null while live), then {@link versioned}. */
export function recordColumns(t: Table): Table {
  return versioned(t.addColumn('archived_at', 'varchar(30)'));
}

/** The index `<table>_unit` on `unit_id`. */
export async function unitIndex(db: Kysely<any>, table: string): Promise<void> {
  await db.schema.createIndex(`${table}_unit`).on(table).column('unit_id').execute();
}
