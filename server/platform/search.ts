import { type Expression, type SqlBool, sql } from 'kysely';

/** Case-insensitive "contains" that treats % and _ in the user's words literally, on SQLite and PostgreSQL alike. */
export function contains(column: string, words: string): Expression<SqlBool> {
  return containsPattern(column, likePattern(words));
}

/** The LIKE pattern `contains` matches the words with. */
export function likePattern(words: string): string {
  return `%${words.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** `contains` with its pattern made beforehand (likePattern): a list compiled once per shape binds the pattern. */
export function containsPattern(column: string, pattern: string): Expression<SqlBool> {
  return sql<SqlBool>`lower(${sql.ref(column)}) like ${pattern} escape '\\'`;
}
