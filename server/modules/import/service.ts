import { sql } from 'kysely';
import type { z } from 'zod';
import { UNIT_KIND_LABELS, UNIT_KINDS, type UnitKind } from '../../../common/labels';
import { type PersonView, personCreate, unitCreate } from '../../../common/schemas/org';
import type { Database } from '../../db';
import { dialectOf } from '../../db/dialect';
import { writeAudit } from '../../platform/audit';
import type { Actor, ActorCtx } from '../../platform/context';
import { AppError } from '../../platform/errors';
import { safeFilename } from '../../platform/files';
import { newId, nowIso } from '../../platform/ids';
import { inSubtreeOf } from '../../platform/scope';
import { inTx } from '../../platform/tx';
import type { UnitRow } from '../units/repo';
import * as unitRepo from '../units/repo';
import { toUnitView } from '../units/service';
import { buildTemplate, type CellText, KIND_LABEL_LIST, parseImportFile, type SheetRow, UNIT_COLUMNS, PEOPLE_COLUMNS } from './workbook';

// ---------------------------------------------------------------------------------------
// What the preview answers
// ---------------------------------------------------------------------------------------

export interface UnitPreviewRow {
  row: number;
  name: string;
  parent: string;
  /** 单位类型 as its Chinese label when recognised (乡镇 → 乡镇(街道)), else as written. */
  kind: string;
  code: string | null;
  sortOrder: number | null;
  /** Where the unit will go, e.g. "示例县/城关镇" — known once the parent resolves. */
  parentResolved: string | null;
  errors: string[];
}

export interface PersonPreviewRow {
  row: number;
  name: string;
  unit: string;
  position: string | null;
  phone: string | null;
  unitResolved: string | null;
  errors: string[];
}

export interface ImportPreview {
  valid: boolean;
  units: UnitPreviewRow[];
  people: PersonPreviewRow[];
  fileErrors: string[];
  /** Number of problems in all: every row error plus every file error. */
  problemCount: number;
}

/** Commit refused because the file has problems: the answer carries them so the page can list them. */
export class ImportInvalidError extends AppError {
  constructor(readonly preview: ImportPreview) {
    super(400, 'IMPORT_INVALID', `导入文件有 ${preview.problemCount} 处问题，未导入任何数据`, 'file');
  }
  override toJSON() {
    const problems = [
      ...this.preview.fileErrors,
      ...this.preview.units.flatMap((u) => u.errors.map((e) => `“单位”工作表${e}`)),
      ...this.preview.people.flatMap((p) => p.errors.map((e) => `“人员”工作表${e}`)),
    ];
    return { ...super.toJSON(), problemCount: this.preview.problemCount, problems: problems.slice(0, 200) };
  }
}

// ---------------------------------------------------------------------------------------
// Unit references: "城关镇" or "示例县/城关镇/党政办", resolved inside the actor's subtree
// ---------------------------------------------------------------------------------------

/** A unit a reference may name: an existing one in the actor's subtree, or a row of the file. */
interface UnitNode {
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

const SEPARATORS = /[/／\\]/;

export function splitRef(ref: string): string[] {
  return ref.split(SEPARATORS).map((s) => s.trim()).filter(Boolean);
}

function endsWith(chain: string[], segs: string[]) {
  if (segs.length > chain.length) return false;
  const off = chain.length - segs.length;
  return segs.every((s, i) => chain[off + i] === s);
}

class Pool {
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

function joinChain(chain: string[]) {
  return chain.join('/');
}

function resolveRef(pool: Pool, segs: string[], column: string, ref: string, laterRow?: (name: string) => number | undefined): Resolved {
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

// ---------------------------------------------------------------------------------------
// Cells → values, with the same rules as the forms (common/schemas/org.ts)
// ---------------------------------------------------------------------------------------

const unitName = unitCreate.shape.name;
const unitCode = unitCreate.shape.code;
const personName = personCreate.shape.name;
const personPosition = personCreate.shape.position;
const personPhone = personCreate.shape.phone;

function check<T>(schema: z.ZodType<T>, value: string, errs: string[], prefix: string): T | undefined {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  errs.push(`${prefix}${r.error.issues[0]?.message ?? '内容无效'}`);
  return undefined;
}

const KIND_WORDS = new Map<string, UnitKind>();
for (const k of UNIT_KINDS) {
  const label = UNIT_KIND_LABELS[k];
  KIND_WORDS.set(label, k);
  KIND_WORDS.set(k, k);
  // 县(区) also as 县 or 区; 乡镇(街道) as 乡镇 or 街道; 科室(部门) as 科室 or 部门.
  const m = /^(.+)\((.+)\)$/.exec(label);
  if (m) {
    KIND_WORDS.set(m[1], k);
    KIND_WORDS.set(m[2], k);
  }
}

export function parseKind(text: string): UnitKind | null {
  const norm = text.replace(/（/g, '(').replace(/）/g, ')').replace(/\s+/g, '');
  return KIND_WORDS.get(norm) ?? KIND_WORDS.get(norm.toLowerCase()) ?? null;
}

/** Excel error values (#N/A, #REF! …) are reported once; the cell is then treated as checked. */
function cellErrors(cells: CellText[], columns: readonly string[], errs: string[], prefix: string): (i: number) => boolean {
  cells.forEach((c, i) => {
    if (c.error) errs.push(`${prefix}${columns[i]}单元格是错误值 ${c.error}，请改为文字`);
  });
  return (i) => !cells[i].error;
}

// ---------------------------------------------------------------------------------------
// Loading what the file refers to, without reading the whole subtree
// ---------------------------------------------------------------------------------------

const CHUNK = 500;

function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

const UNIT_COLS = ['id', 'parent_id', 'path', 'depth', 'name', 'kind', 'code', 'sort_order', 'archived_at', 'version', 'created_at', 'updated_at'] as const;

/** Units of the actor's subtree bearing any of `names`, plus the names of their ancestors up to the actor's unit. */
async function loadExisting(db: Database, actor: Actor, names: Set<string>) {
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

function splitPath(path: string) {
  return path.split('/').filter(Boolean);
}

/** Active people, by unit, in the existing units the file's people are going to. */
async function loadPeopleNames(db: Database, unitIds: string[]) {
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

// ---------------------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------------------

interface UnitPlan {
  row: number;
  name: string;
  kind: UnitKind;
  code: string | null;
  sortOrder: number;
  parent: UnitNode;
  node: UnitNode;
}

interface PersonPlan {
  row: number;
  name: string;
  position: string | null;
  phone: string | null;
  unit: UnitNode;
}

interface Validation {
  preview: ImportPreview;
  units: UnitPlan[];
  people: PersonPlan[];
}

function parseSortOrder(text: string, errs: string[], prefix: string): number | null {
  if (text === '') return null;
  const n = Number(text);
  if (!/^\d+(\.0+)?$/.test(text) || !Number.isInteger(n) || n < 0 || n > 100000) {
    errs.push(`${prefix}：排序应为 0 到 100000 的整数`);
    return null;
  }
  return n;
}

export async function validate(db: Database, actor: Actor, parsed: { units: SheetRow[]; people: SheetRow[] }): Promise<Validation> {
  // Every name a reference or a new unit could bear, so one query finds what the file touches.
  const names = new Set<string>();
  for (const r of parsed.units) {
    if (r.cells[0].text) names.add(r.cells[0].text);
    for (const s of splitRef(r.cells[1].text)) names.add(s);
  }
  for (const r of parsed.people) for (const s of splitRef(r.cells[1].text)) names.add(s);
  names.delete('');

  const existing = await loadExisting(db, actor, names);
  const pool = new Pool();
  for (const n of existing) pool.add(n);
  /** Existing active children by parent id, to find a unit the file would create twice. */
  const childrenOf = new Map<string, Map<string, UnitRow>>();
  for (const n of existing) {
    if (n.archived || !n.existing?.parent_id) continue;
    const m = childrenOf.get(n.existing.parent_id) ?? new Map<string, UnitRow>();
    m.set(n.name, n.existing);
    childrenOf.set(n.existing.parent_id, m);
  }
  /** Rows of each name in the 单位 sheet, so a reference to a later row can say so. */
  const rowsByName = new Map<string, number[]>();
  for (const r of parsed.units) {
    const nm = r.cells[0].text;
    if (nm) rowsByName.set(nm, [...(rowsByName.get(nm) ?? []), r.row]);
  }

  const unitRows: UnitPreviewRow[] = [];
  const unitPlans: UnitPlan[] = [];
  /** New units by parent node, to catch the same unit twice in the file. */
  const newChildren = new Map<UnitNode, Map<string, number>>();

  for (const r of parsed.units) {
    const errs: string[] = [];
    const p = `第 ${r.row} 行`;
    const [nameCell, parentCell, kindCell, codeCell, sortCell] = r.cells;
    const ok = cellErrors(r.cells, UNIT_COLUMNS, errs, `${p}：`);
    const name = ok(0) ? check(unitName, nameCell.text, errs, `${p}：`) : undefined;
    if (name !== undefined && SEPARATORS.test(name)) errs.push(`${p}：单位名称不能含有“/”(导入时“/”用来分隔路径)`);
    const kind = kindCell.text ? parseKind(kindCell.text) : null;
    if (ok(2) && !kindCell.text) errs.push(`${p}：请填写单位类型(可选 ${KIND_LABEL_LIST.join('、')})`);
    else if (ok(2) && !kind) errs.push(`${p}：单位类型“${kindCell.text}”无效，可选 ${KIND_LABEL_LIST.join('、')}`);
    const code = ok(3) ? check(unitCode, codeCell.text, errs, `${p}：`) : undefined;
    const sortOrder = ok(4) ? parseSortOrder(sortCell.text, errs, p) : null;

    let parent: UnitNode | null = null;
    const segs = splitRef(parentCell.text);
    if (!ok(1)) {
      // an Excel error value, reported above
    } else if (segs.length === 0) {
      errs.push(`${p}：请填写上级单位(本单位的直接下级填写“${actor.unitName}”)`);
    } else if (segs.length === 1 && segs[0] === nameCell.text) {
      errs.push(`${p}：上级单位不能是本单位自己(如上级单位确与本单位同名，请写完整路径)`);
    } else {
      const laterRow = (nm: string) => rowsByName.get(nm)?.find((n) => n > r.row);
      const res = resolveRef(pool, segs, '上级单位', parentCell.text, laterRow);
      if ('error' in res) errs.push(`${p}：${res.error}`);
      else parent = res.node;
    }

    let duplicate = false;
    if (parent && nameCell.text) {
      const clash = parent.existing ? childrenOf.get(parent.existing.id)?.get(nameCell.text) : undefined;
      const earlier = newChildren.get(parent)?.get(nameCell.text);
      if (clash) {
        duplicate = true;
        errs.push(`${p}：单位“${nameCell.text}”已在“${parentCell.text}”下，请勿重复导入`);
      } else if (earlier !== undefined) {
        duplicate = true;
        errs.push(`${p}：单位“${nameCell.text}”与第 ${earlier} 行重复(同一上级单位下)`);
      }
    }

    // A row joins the pool (so later rows and people can name it) unless it repeats a unit
    // that is already there; its ancestry, if its parent is unresolved, is what the row says.
    let node: UnitNode | null = null;
    if (nameCell.text && !duplicate && !SEPARATORS.test(nameCell.text)) {
      node = {
        name: nameCell.text,
        chain: [...(parent ? parent.chain : segs), nameCell.text],
        existing: null,
        archived: false,
        fileRow: r.row,
        broken: !parent || parent.broken,
      };
      pool.add(node);
      if (parent) {
        const m = newChildren.get(parent) ?? new Map<string, number>();
        m.set(nameCell.text, r.row);
        newChildren.set(parent, m);
      }
    }

    unitRows.push({
      row: r.row,
      name: nameCell.text,
      parent: parentCell.text,
      kind: kind ? UNIT_KIND_LABELS[kind] : kindCell.text,
      code: code ?? (codeCell.text || null),
      sortOrder,
      parentResolved: parent && !parent.broken ? joinChain(parent.chain) : null,
      errors: errs,
    });
    if (!errs.length && parent && node && name !== undefined && kind) {
      unitPlans.push({ row: r.row, name, kind, code: code ?? null, sortOrder: sortOrder ?? 0, parent, node });
    }
  }

  // People: the unit may be any existing unit or any unit of the 单位 sheet.
  const peopleRows: PersonPreviewRow[] = [];
  const peoplePlans: PersonPlan[] = [];
  const resolvedUnits: (UnitNode | null)[] = [];
  for (const r of parsed.people) {
    const segs = splitRef(r.cells[1].text);
    const res = segs.length ? resolveRef(pool, segs, '所属单位', r.cells[1].text) : null;
    resolvedUnits.push(res && 'node' in res ? res.node : null);
  }
  const existingUnitIds = [...new Set(resolvedUnits.flatMap((n) => (n?.existing ? [n.existing.id] : [])))];
  const peopleByUnit = await loadPeopleNames(db, existingUnitIds);
  const newPeople = new Map<UnitNode, Map<string, number>>();

  parsed.people.forEach((r) => {
    const errs: string[] = [];
    const p = `第 ${r.row} 行`;
    const [nameCell, unitCell, posCell, phoneCell] = r.cells;
    const ok = cellErrors(r.cells, PEOPLE_COLUMNS, errs, `${p}：`);
    const name = ok(0) ? check(personName, nameCell.text, errs, `${p}：`) : undefined;
    const position = ok(2) ? check(personPosition, posCell.text, errs, `${p}：`) : undefined;
    const phone = ok(3) ? check(personPhone, phoneCell.text, errs, `${p}：`) : undefined;
    const segs = splitRef(unitCell.text);
    let unit: UnitNode | null = null;
    if (!ok(1)) {
      // an Excel error value, reported above
    } else if (segs.length === 0) {
      errs.push(`${p}：请填写所属单位`);
    } else {
      const res = resolveRef(pool, segs, '所属单位', unitCell.text);
      if ('error' in res) errs.push(`${p}：${res.error}`);
      else unit = res.node;
    }
    if (unit && nameCell.text) {
      const already = unit.existing ? peopleByUnit.get(unit.existing.id)?.has(nameCell.text) : false;
      const earlier = newPeople.get(unit)?.get(nameCell.text);
      if (already) errs.push(`${p}：人员“${nameCell.text}”已在“${unitCell.text}”中，请勿重复导入`);
      else if (earlier !== undefined) errs.push(`${p}：人员“${nameCell.text}”与第 ${earlier} 行重复(同一单位中同名)`);
      else {
        const m = newPeople.get(unit) ?? new Map<string, number>();
        m.set(nameCell.text, r.row);
        newPeople.set(unit, m);
      }
    }
    peopleRows.push({
      row: r.row,
      name: nameCell.text,
      unit: unitCell.text,
      position: position ?? (posCell.text || null),
      phone: phone ?? (phoneCell.text || null),
      unitResolved: unit && !unit.broken ? joinChain(unit.chain) : null,
      errors: errs,
    });
    if (!errs.length && unit && name !== undefined) {
      peoplePlans.push({ row: r.row, name, position: position ?? null, phone: phone ?? null, unit });
    }
  });

  const fileErrors: string[] = [];
  if (parsed.units.length === 0 && parsed.people.length === 0) {
    fileErrors.push('文件中没有可导入的数据：“单位”和“人员”工作表都是空的');
  }
  const problemCount = fileErrors.length + unitRows.reduce((s, u) => s + u.errors.length, 0) + peopleRows.reduce((s, u) => s + u.errors.length, 0);
  return {
    preview: { valid: problemCount === 0, units: unitRows, people: peopleRows, fileErrors, problemCount },
    units: unitPlans,
    people: peoplePlans,
  };
}

// ---------------------------------------------------------------------------------------
// Entry points
// ---------------------------------------------------------------------------------------

export async function preview(db: Database, actor: Actor, file: Buffer): Promise<ImportPreview> {
  const parsed = await parseImportFile(file);
  return (await validate(db, actor, parsed)).preview;
}

const IMPORT_LOCK_KEY = 727002;

/**
 * Parses and checks the file again, then writes every unit and person in one transaction,
 * or nothing at all. Parents come before children because a parent is always an existing
 * unit or an earlier row.
 */
export async function commit(db: Database, ctx: ActorCtx, file: Buffer, filename: string) {
  const parsed = await parseImportFile(file);
  return inTx(db, async (trx) => {
    // Two imports of the same file at once must not both pass the duplicate checks.
    // (SQLite runs one transaction at a time; PostgreSQL needs the lock.)
    if (dialectOf(trx) === 'postgres') await sql`select pg_advisory_xact_lock(${IMPORT_LOCK_KEY})`.execute(trx);
    const v = await validate(trx, ctx.actor, parsed);
    if (!v.preview.valid) throw new ImportInvalidError(v.preview);
    const created = new Map<UnitNode, UnitRow>();
    const rowOf = (n: UnitNode): UnitRow => {
      const r = n.existing ?? created.get(n);
      if (!r) throw new Error(`import: parent of row ${n.fileRow} not created`);
      return r;
    };
    for (const u of v.units) {
      const parent = rowOf(u.parent);
      const id = newId();
      const now = nowIso();
      const row: UnitRow = {
        id,
        parent_id: parent.id,
        path: `${parent.path}${id}/`,
        depth: parent.depth + 1,
        name: u.name,
        kind: u.kind,
        code: u.code,
        sort_order: u.sortOrder,
        archived_at: null,
        version: 0,
        created_at: now,
        updated_at: now,
      };
      await unitRepo.insertUnit(trx, row);
      created.set(u.node, row);
      await writeAudit(trx, ctx, { action: 'create', entity: 'unit', entityId: id, unitPath: row.path, after: toUnitView(row) });
    }
    for (const p of v.people) {
      const unit = rowOf(p.unit);
      const now = nowIso();
      const row = { id: newId(), unit_id: unit.id, name: p.name, position: p.position, phone: p.phone, archived_at: null, version: 0, created_at: now, updated_at: now };
      await trx.insertInto('people').values(row).execute();
      const view: PersonView = {
        id: row.id, unitId: unit.id, unitName: unit.name, name: row.name, position: row.position, phone: row.phone,
        archived: false, version: 0, hasAccount: false,
      };
      await writeAudit(trx, ctx, { action: 'create', entity: 'person', entityId: row.id, unitPath: unit.path, after: view });
    }
    const summary = { units: v.units.length, people: v.people.length, filename: safeFilename(filename) };
    await writeAudit(trx, ctx, { action: 'import', entity: 'unit', entityId: null, unitPath: ctx.actor.unitPath, after: summary });
    return { unitsCreated: v.units.length, peopleCreated: v.people.length };
  });
}

function compareChains(a: string[], b: string[]) {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const c = a[i].localeCompare(b[i], 'zh-CN');
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

/** The template, with the actor's existing units written the shortest way the importer accepts. */
export async function template(db: Database, actor: Actor): Promise<Buffer> {
  const LIMIT = 5000;
  const rows = await unitRepo.listSubtree(db, actor.unitPath, false);
  const rootDepth = splitPath(actor.unitPath).length - 1;
  const nameOf = new Map(rows.map((r) => [r.id, r.name]));
  const chains = rows.map((r) => splitPath(r.path).slice(rootDepth).map((id) => nameOf.get(id) ?? ''));
  const suffixCount = new Map<string, number>();
  for (const c of chains) for (let k = 1; k <= c.length; k++) {
    const key = c.slice(-k).join('/');
    suffixCount.set(key, (suffixCount.get(key) ?? 0) + 1);
  }
  const order = rows.map((r, i) => ({ r, chain: chains[i] })).sort((a, b) => compareChains(a.chain, b.chain));
  const existing = order.slice(0, LIMIT).map(({ r, chain }) => {
    let ref = chain.join('/');
    for (let k = 1; k <= chain.length; k++) {
      const key = chain.slice(-k).join('/');
      if (suffixCount.get(key) === 1) {
        ref = key;
        break;
      }
    }
    return { ref, path: chain.join('/'), kind: UNIT_KIND_LABELS[r.kind as UnitKind] ?? r.kind };
  });
  return buildTemplate(actor.unitName, existing, rows.length);
}
