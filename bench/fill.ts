/**
 * What the province-filling benchmarks share: a batched row writer (every table flushed in the
 * order first seen, parents before children, so foreign keys hold) and units on it.
 */
import type { Database } from '../server/db';

type Row = Record<string, unknown>;

export interface BenchUnit { id: string; path: string; depth: number; name: string; kind: string }

export function rowWriter(db: Database, newId: () => string, batch = 400) {
  const buffers = new Map<string, Row[]>();
  const now = new Date().toISOString();
  const w = {
    inserted: 0,
    async put(table: string, row: Row) {
      const b = buffers.get(table) ?? [];
      b.push(row);
      buffers.set(table, b);
      if (b.length >= batch) await w.flush();
    },
    async flush() {
      for (const [t, rows] of buffers) {
        if (rows.length) await db.insertInto(t as never).values(rows as never).execute();
        w.inserted += rows.length;
        buffers.set(t, []);
      }
    },
    async unit(parent: BenchUnit | null, name: string, kind: string): Promise<BenchUnit> {
      const u = { id: newId(), path: '', depth: parent ? parent.depth + 1 : 0, name, kind };
      u.path = `${parent?.path ?? '/'}${u.id}/`;
      await w.put('units', { id: u.id, parent_id: parent?.id ?? null, path: u.path, depth: u.depth, name, kind, code: null, sort_order: 0, archived_at: null, version: 0, created_at: now, updated_at: now });
      return u;
    },
  };
  return w;
}
