import type { Database } from '../../db';
import type { Actor } from '../../platform/context';
import { inSubtreeOf } from '../../platform/scope';
import type { UnitRow } from '../units/repo';

// Unit references: "城关镇" or "示例县/城关镇/党政办", resolved inside the actor's subtree.

/** A unit a reference may name: an existing one in the actor's subtree, or a row of the file. */
export interface UnitNode {
  name: string;
  /** Names from the actor's unit down to this one. */
  chain: string[];
  existing: UnitRow | null;
  archived: boolean;
  /** Row in the 单位 sheet that creates this unit. */
  fileRow: number | null;
  /** A file row whose own parent did not resolve: its chain is only what the row says. */
  broken?: boolean;
}

export const SEPARATORS = /[/／\\]/;

export function splitRef(ref: string): string[] {
  return ref.split(SEPARATORS).map((s) => s.trim()).filter(Boolean);
}

function endsWith(chain: string[], segs: string[]) {
  if (segs.length > chain.length) return false;
  const off = chain.length - segs.length;
  return segs.every((s, i) => chain[off + i] === s);
}

export class Pool {
  private byName = new Map<string, UnitNode[]>();
  add(n: UnitNode) {
    const list = this.byName.get(n.name);
    if (list) list.push(n);
    else this.byName.set(n.name, [n]);
  }
  match(segs: string[]): UnitNode[] {
    const list = this.byName.get(segs[segs.length - 1]) ?? [];
    return list.filter((n) => endsWith(n.chain, segs));
  }
}

type Resolved = { node: UnitNode } | { error: string };

export function joinChain(chain: string[]) {
  return chain.join('/');
}

export function resolveRef(pool: Pool, segs: string[], column: string, ref: string, laterRow?: (name: string) => number | undefined): Resolved {
  const all = pool.match(segs);
  const active = all.filter((n) => !n.archived);
  if (active.length === 1) return { node: active[0] };
  if (active.length > 1) {
    const example = joinChain(active[0].chain);
    return {
      error:
        segs.length === 1
          ? `${column}名称“${ref}”不唯一，请写完整路径(如“${example}”)`
          : `${column}“${ref}”不唯一，请写更完整的路径(如“${example}”)`,
    };
  }
  if (all.length > 0) return { error: `${column}“${ref}”已归档，不能使用` };
  const later = laterRow?.(segs[segs.length - 1]);
  if (later !== undefined) return { error: `${column}“${ref}”在第 ${later} 行，须写在本行之前(请调整行的顺序)` };
  return { error: `${column}“${ref}”不存在或不在本单位管辖范围内` };
}

// Loading what the file refers to, without reading the whole subtree.

const CHUNK = 500;

function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

const UNIT_COLS = ['id', 'parent_id', 'path', 'depth', 'name', 'kind', 'code', 'sort_order', 'archived_at', 'version', 'created_at', 'updated_at'] as const;

/** Units of the actor's subtree bearing any of `names`, plus the names of their ancestors up to the actor's unit. */
export async function loadExisting(db: Database, actor: Actor, names: Set<string>) {
  const found = new Map<string, UnitRow>();
  for (const part of chunks([...names])) {
    const rows = await db
      .selectFrom('units')
      .select(UNIT_COLS)
      .where((eb) => inSubtreeOf(eb, 'path', actor.unitPath))
      .where('name', 'in', part)
      .execute();
    for (const r of rows) found.set(r.id, r);
  }
  const rootDepth = splitPath(actor.unitPath).length - 1;
  const missing = new Set<string>();
  for (const u of found.values()) for (const id of splitPath(u.path).slice(rootDepth)) if (!found.has(id)) missing.add(id);
  const nameById = new Map<string, string>();
  for (const u of found.values()) nameById.set(u.id, u.name);
  for (const part of chunks([...missing])) {
    const rows = await db.selectFrom('units').select(['id', 'name']).where('id', 'in', part).execute();
    for (const r of rows) nameById.set(r.id, r.name);
  }
  const nodes: UnitNode[] = [];
  for (const u of found.values()) {
    const chain = splitPath(u.path).slice(rootDepth).map((id) => nameById.get(id) ?? '');
    nodes.push({ name: u.name, chain, existing: u, archived: u.archived_at !== null, fileRow: null });
  }
  return nodes;
}

export function splitPath(path: string) {
  return path.split('/').filter(Boolean);
}

/** Active people, by unit, in the existing units the file's people are going to. */
export async function loadPeopleNames(db: Database, unitIds: string[]) {
  const byUnit = new Map<string, Set<string>>();
  for (const part of chunks(unitIds)) {
    const rows = await db.selectFrom('people').select(['unit_id', 'name']).where('unit_id', 'in', part).where('archived_at', 'is', null).execute();
    for (const r of rows) {
      const set = byUnit.get(r.unit_id) ?? new Set<string>();
      set.add(r.name);
      byUnit.set(r.unit_id, set);
    }
  }
  return byUnit;
}
