import { type Expression, type SqlBool, sql } from 'kysely';

/** Case-insensitive "contains" that treats % and _ in the user's words literally, on SQLite and PostgreSQL alike. */
export function contains(column: string, words: string): Expression<SqlBool> {
  const pattern = `%${words.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return sql<SqlBool>`lower(${sql.ref(column)}) like ${pattern} escape '\\'`;
}
