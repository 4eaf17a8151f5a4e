/**
 * A todo counted by the register's own list: the count is the list's total for the very filters
 * the link opens, so a number on home never disagrees with the page it opens.
 */
import type { z } from 'zod';
import type { Todo } from './modules';
import { COUNT_ONLY } from './records';

export async function listTodo<S extends z.ZodTypeAny>(o: {
  key: string;
  label: string;
  /** App path of the register, e.g. /tasks. */
  path: string;
  /** The filters, as the page reads them from its address. */
  filters: Record<string, string>;
  schema: S;
  list: (query: z.infer<S>) => Promise<{ total: number }>;
  urgent?: boolean;
}): Promise<Todo> {
  // Parsed as the page parses its address, then asked for the total alone.
  const { total } = await o.list({ ...(o.schema.parse({ ...o.filters, page: 1, pageSize: 1 }) as object), pageSize: COUNT_ONLY } as z.infer<S>);
  const qs = new URLSearchParams(o.filters).toString();
  return { key: o.key, label: o.label, count: total, link: qs ? `${o.path}?${qs}` : o.path, ...(o.urgent ? { urgent: true } : {}) };
}
