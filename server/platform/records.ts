import { type Compilable, CompiledQuery, type Expression, type ExpressionBuilder, type Insertable, type Kysely, type SelectQueryBuilder, sql, type SqlBool, type StringReference, type Updateable } from 'kysely';
import type { Database } from '../db';
import { dialectOf } from '../db/dialect';
import type { DB } from '../db/schema';
import { writeAudit } from './audit';
import type { Actor, ActorCtx } from './context';
import { errors } from './errors';
import { newId, nowIso } from './ids';
import { assertInScope, inSubtreeOf, inUnitScope, type UnitScope } from './scope';
import { inTx } from './tx';

/**
 * The register kit: the steps every register repeats (versioned write, archive/restore, a page
 * of a list). Plain functions; each service passes what it has and keeps its own rules.
 */

/** Tables whose rows carry an optimistic-lock `version`. */
export type VersionedTable = { [T in keyof DB]: DB[T] extends { id: string; version: number } ? T : never }[keyof DB];
export type ArchivableTable = { [T in VersionedTable]: DB[T] extends { archived_at: string | null } ? T : never }[VersionedTable];

type Unstamped = { [T in VersionedTable]: 'updated_at' extends keyof DB[T] ? never : T }[VersionedTable];
/** Versioned tables without `updated_at` (the compiler checks this list against the schema). */
const UNSTAMPED: Record<Unstamped, true> = { clues: true, agreement_signatories: true, document_versions: true };
type Stamp<T extends VersionedTable> = T extends Unstamped ? { version: number } : { version: number; updated_at: string };

/**
 * UPDATE table SET changes, version + 1 WHERE id = ? AND version = ?. When no row changed,
 * someone else saved in between: 409 STALE, thrown inside the caller's transaction, so nothing
 * of the request (no audit row) is kept. Returns what was written, version and updated_at included.
 */
export async function updateVersioned<T extends VersionedTable, S extends Updateable<DB[T]>>(
  trx: Database, table: T, id: string, version: number, changes: S,
): Promise<S & Stamp<T>> {
  // A caller may stamp updated_at itself, to keep it equal to other times the request writes.
  const set = { ...(table in UNSTAMPED ? {} : { updated_at: nowIso() }), ...changes, version: version + 1 } as S & Stamp<T>;
  // The table is a type parameter here, which Kysely cannot resolve column names against; the signature above checks them.
  const res = await (trx as unknown as Kysely<Record<string, { id: string; version: number }>>)
    .updateTable(table as string).set(set).where('id', '=', id).where('version', '=', version).executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) throw errors.stale();
  return set;
}

type Stamped = 'id' | 'archived_at' | 'version' | 'created_at' | 'updated_at';

/** Inserts a new register record: a fresh id, version 0, not archived, created and updated now. Returns the row written. */
export async function insertRecord<T extends ArchivableTable, F extends Omit<Insertable<DB[T]>, Stamped>>(trx: Database, table: T, fields: F) {
  const now = nowIso();
  const row = { id: newId(), ...fields, archived_at: null, version: 0, created_at: now, updated_at: now };
  await (trx as unknown as Kysely<Record<string, Record<string, unknown>>>).insertInto(table as string).values(row).execute();
  return row;
}

/** What archive/restore needs to know of a row. */
export interface ArchivableRow { id: string; version: number; archived_at: string | null; unit_path: string }

/** How one register archives and restores its records. */
export interface Archiving<R extends ArchivableRow, V> {
  table: ArchivableTable;
  /** The audit log's entity name. */
  entity: string;
  /** The record's Chinese name in refusals: 该{noun}已归档. */
  noun: string;
  /** Loads the record the actor may see, or refuses. */
  load: (trx: Database, actor: Actor, id: string) => Promise<R>;
  /** What the request answers, from the row as written. */
  view: (trx: Database, actor: Actor, row: R) => V | Promise<V>;
  /** What the audit log keeps of the row before and after; `{ archived }` when not given. */
  audit?: (row: R) => unknown;
  /** Refusals beyond "already archived" (a unit that still has members). */
  guard?: (trx: Database, ctx: ActorCtx, row: R, archived: boolean) => Promise<void> | void;
  /** Writes that go with it (an assignment's children), after the record's own. */
  cascade?: (trx: Database, row: R) => Promise<unknown>;
  /** Refusal when archiving an archived record, if not 该{noun}已归档. */
  alreadyArchived?: string;
}

/** Archive (or restore) one record: version checked, refused when already so, audited, in one transaction. */
export function setArchived<R extends ArchivableRow, V>(
  db: Database, ctx: ActorCtx, how: Archiving<R, V>, id: string, version: number, archived: boolean,
): Promise<V> {
  return inTx(db, async (trx) => {
    const before = await how.load(trx, ctx.actor, id);
    if (before.version !== version) throw errors.stale();
    if (archived && before.archived_at !== null) throw errors.conflict('ALREADY_ARCHIVED', how.alreadyArchived ?? `该${how.noun}已归档`);
    if (!archived && before.archived_at === null) throw errors.conflict('NOT_ARCHIVED', `该${how.noun}未归档`);
    await how.guard?.(trx, ctx, before, archived);
    const after: R = { ...before, ...(await updateVersioned(trx, how.table, id, version, { archived_at: archived ? nowIso() : null })) };
    await how.cascade?.(trx, after);
    const audit = how.audit ?? ((r: R) => ({ archived: r.archived_at !== null }));
    await writeAudit(trx, ctx, { action: archived ? 'archive' : 'restore', entity: how.entity, entityId: id, unitPath: before.unit_path, before: audit(before), after: audit(after) });
    return how.view(trx, ctx.actor, after);
  });
}

/** A register's archive/restore entry point, `(db, ctx, id, version, archived)`, from how it archives. */
export function archiver<R extends ArchivableRow, V>(how: Archiving<R, V>) {
  return (db: Database, ctx: ActorCtx, id: string, version: number, archived: boolean) => setArchived(db, ctx, how, id, version, archived);
}

/** The current (not archived) records of a subtree: what a figure counts. Columns checked against the query's tables. */
export function currentInSubtree<D, TB extends keyof D>(
  eb: ExpressionBuilder<D, TB>, columns: { path: StringReference<D, TB>; archivedAt: StringReference<D, TB> }, path: string,
): Expression<SqlBool> {
  return eb.and([inSubtreeOf(eb, columns.path, path), sql<SqlBool>`${eb.ref(columns.archivedAt)} is null`]);
}

/**
 * The filter every register list starts with: records of the units in `scope` (`unitScope` of
 * the units module), current ones or, when `archived` is 'true', archived ones. Columns are
 * checked against the query's tables.
 */
export function inRegisterList<D, TB extends keyof D>(
  eb: ExpressionBuilder<D, TB>,
  columns: { unitId: StringReference<D, TB>; path: StringReference<D, TB>; archivedAt: StringReference<D, TB> },
  scope: UnitScope,
  archived: 'true' | 'false' | undefined,
): Expression<SqlBool> {
  return eb.and([inUnitScope(eb, columns, scope), sql<SqlBool>`${eb.ref(columns.archivedAt)} is ${archived === 'true' ? sql`not null` : sql`null`}`]);
}

export interface Paging { page: number; pageSize: number }

/** The page size a caller passes to a register's list for its total alone (home's to-do counts); no request can ask for it (pageSize ≥ 1). */
export const COUNT_ONLY = 0;

/**
 * One page of a list query and the number of rows it pages through. `order` applies to the page
 * only (PostgreSQL refuses ORDER BY beside a bare count); `items` turns the page's rows into views.
 */
export async function pageOf<D, TB extends keyof D, O, V>(
  q: SelectQueryBuilder<D, TB, O>,
  paging: Paging,
  order: (q: SelectQueryBuilder<D, TB, O>) => SelectQueryBuilder<D, TB, O>,
  items: (rows: O[]) => V[] | Promise<V[]>,
): Promise<{ items: V[]; total: number; page: number; pageSize: number }> {
  const total = await q.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  // pageSize 0 (COUNT_ONLY, as home's to-dos ask): the count alone, no page sorted and read.
  const rows = paging.pageSize === COUNT_ONLY ? [] : await order(q).limit(paging.pageSize).offset((paging.page - 1) * paging.pageSize).execute();
  return { items: await items(rows), total: Number((total as { n: number | string }).n), page: paging.page, pageSize: paging.pageSize };
}

/** What a bound value stands in as while a list's statements are built (shapedPage): a string no request sends (zod refuses control characters). */
const STAND_IN = '\u0000bound:';
/** Shapes kept per list; a list whose shape took in a free value by mistake would otherwise grow without end. */
const MAX_SHAPES = 500;

type ShapedStatement = { sql: string; slots: ({ bound: string } | { value: unknown })[] };

function shapedStatement(compiled: { sql: string; parameters: readonly unknown[] }, standIns: Map<string, string>): ShapedStatement {
  // A stand-in written into the text (sql.lit, sql.raw) would be sent as it is on every request.
  if (compiled.sql.includes(STAND_IN)) throw new Error('shapedPage: a bound value was written into the statement text; pass it as a value');
  const slots = compiled.parameters.map((v) => {
    if (typeof v === 'string' && v.includes(STAND_IN)) {
      const name = standIns.get(v);
      // A value computed from a stand-in (a pattern, a bound) would be computed once for every request: refused.
      if (name === undefined) throw new Error(`shapedPage: a statement parameter was derived from a bound value (${JSON.stringify(v)}); bind the derived value instead`);
      return { bound: name };
    }
    return { value: v };
  });
  return { sql: compiled.sql, slots };
}

function runShaped<R>(db: Database, s: ShapedStatement, values: Record<string, unknown>) {
  const params = s.slots.map((slot) => ('bound' in slot ? values[slot.bound] : slot.value));
  return db.executeQuery<R>(CompiledQuery.raw(s.sql, params));
}

/** The shape of a request's values (shapedPage, shapedQuery): the dialect, which bound values are present, and every other value. */
function shapeKey(db: Database, p: Record<string, unknown>, isBound: Set<string>): string {
  let key = dialectOf(db) as string;
  for (const k in p) {
    const v = p[k];
    key += isBound.has(k) ? (v === undefined ? `|${k}-` : `|${k}+`) : typeof v === 'string' ? `|${k}=${v}` : `|${k}:${JSON.stringify(v)}`;
  }
  return key;
}

/** The request's values with a stand-in for each bound value present (`extra`: stand-ins for values the caller binds itself, as a page's limit). */
function standingIn<P extends Record<string, unknown>>(p: P, isBound: Set<string>, extra: readonly string[] = []) {
  const standIns = new Map<string, string>();
  const standing = {} as Record<string, unknown>;
  for (const k in p) {
    if (!isBound.has(k) || p[k] === undefined) standing[k] = p[k];
    else {
      standing[k] = `${STAND_IN}${k}\u0000`;
      standIns.set(standing[k] as string, k);
    }
  }
  for (const k of extra) standIns.set(`${STAND_IN}${k}\u0000`, k);
  return { standing: standing as P, standIns };
}

/**
 * pageOf for a list asked for many times a second: its two statements (the count and the page)
 * are built and compiled once per shape and dialect, then run with each request's values.
 * Building and compiling them with Kysely cost a short list as much as running them (bench/http.ts,
 * CPU profile). `p` holds the request's values: those named in `bound` become statement
 * parameters (the page's limit and offset too); `build` sees a stand-in string for each bound
 * value present and must use it as it is (a value derived from one is refused when the shape is
 * first compiled: bind the derived value instead). The rest of `p`, and which bound values are
 * present, make the shape: `build` may branch on those only.
 */
export function shapedPage<P extends Record<string, unknown>, O>(
  bound: readonly (keyof P & string)[],
  build: (db: Database, p: P) => { q: SelectQueryBuilder<any, any, O>; order: (q: SelectQueryBuilder<any, any, O>) => SelectQueryBuilder<any, any, O> },
) {
  const shapes = new Map<string, { count: ShapedStatement; page: ShapedStatement }>();
  const isBound = new Set<string>(bound);
  const page = async <V>(db: Database, p: P, paging: Paging, items: (rows: O[]) => V[]): Promise<{ items: V[]; total: number; page: number; pageSize: number }> => {
    const key = shapeKey(db, p, isBound);
    let shape = shapes.get(key);
    if (shape === undefined) {
      const { standing, standIns } = standingIn(p, isBound, ['$limit', '$offset']);
      const { q, order } = build(db, standing);
      const limit = `${STAND_IN}$limit\u0000` as unknown as number;
      const offset = `${STAND_IN}$offset\u0000` as unknown as number;
      shape = {
        count: shapedStatement(q.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).compile(), standIns),
        page: shapedStatement(order(q).limit(limit).offset(offset).compile(), standIns),
      };
      if (shapes.size >= MAX_SHAPES) shapes.clear();
      shapes.set(key, shape);
    }
    const values: Record<string, unknown> = { ...p, $limit: paging.pageSize, $offset: (paging.page - 1) * paging.pageSize };
    const total = (await runShaped<{ n: number | string }>(db, shape.count, values)).rows[0];
    // pageSize 0 (COUNT_ONLY): the count alone, as pageOf.
    const rows = paging.pageSize === COUNT_ONLY ? [] : (await runShaped<O>(db, shape.page, values)).rows;
    return { items: items(rows), total: Number(total.n), page: paging.page, pageSize: paging.pageSize };
  };
  /** The same page built with the request's values and run through pageOf, as every list did before: what the tests compare with. */
  const unshaped = <V>(db: Database, p: P, paging: Paging, items: (rows: O[]) => V[]) => {
    const { q, order } = build(db, p);
    return pageOf(q, paging, order, items);
  };
  return Object.assign(page, { unshaped });
}

/**
 * One statement compiled once per shape and dialect, then run with each request's values: as
 * shapedPage, for a list whose statements are not a count and a page of one query (the cases
 * list's capped count, its page of ids). `build` follows shapedPage's rules; `unshaped` runs the
 * statement built anew with the request's values, as before.
 */
export function shapedQuery<P extends Record<string, unknown>, R>(bound: readonly (keyof P & string)[], build: (db: Database, p: P) => Compilable<R>) {
  const shapes = new Map<string, ShapedStatement>();
  const isBound = new Set<string>(bound);
  const run = async (db: Database, p: P): Promise<R[]> => {
    const key = shapeKey(db, p, isBound);
    let shape = shapes.get(key);
    if (shape === undefined) {
      const { standing, standIns } = standingIn(p, isBound);
      shape = shapedStatement(build(db, standing).compile(), standIns);
      if (shapes.size >= MAX_SHAPES) shapes.clear();
      shapes.set(key, shape);
    }
    return (await runShaped<R>(db, shape, p)).rows;
  };
  const unshaped = async (db: Database, p: P): Promise<R[]> => (await db.executeQuery<R>(build(db, p).compile())).rows;
  return Object.assign(run, { unshaped });
}

/** The row if the actor may see it: 404 when there is none, 403 when it lies outside the actor's units. */
export function visibleRow<R extends { unit_path: string }>(row: R | undefined, actor: Actor, what: string): R {
  if (!row) throw errors.notFound(what);
  assertInScope(actor, row.unit_path);
  return row;
}

/** A record a save may change: still at the version the user saw (else 409 STALE), and not archived (else 409 ARCHIVED, saying so). */
export function editable<R extends { version: number; archived_at: string | null }>(row: R, version: number, archivedMessage: string): R {
  if (row.version !== version) throw errors.stale();
  if (row.archived_at) throw errors.conflict('ARCHIVED', archivedMessage);
  return row;
}

/**
 * A register's two reads of one record by id: `getVisible`, the row the actor may see (404/403
 * otherwise, as visibleRow), and `get`, that row's view. `find` loads the row; `what` is its Chinese name.
 */
export function recordReads<R extends { unit_path: string }, V>(what: string, find: (db: Database, id: string) => Promise<R | undefined>, view: (row: R) => V) {
  const getVisible = async (db: Database, actor: Actor, id: string): Promise<R> => visibleRow(await find(db, id), actor, what);
  const get = async (db: Database, actor: Actor, id: string): Promise<V> => view(await getVisible(db, actor, id));
  return { getVisible, get };
}
