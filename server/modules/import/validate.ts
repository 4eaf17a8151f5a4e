import type { UnitKind } from '../../../common/labels';
import { UNIT_KIND_LABELS } from '../../../common/labels';
import type { Database } from '../../db';
import type { Actor } from '../../platform/context';
import type { UnitRow } from '../units/repo';
import { cellErrors, check, parseKind, parseSortOrder, personName, personPhone, personPosition, unitCode, unitName } from './cells';
import type { ImportPreview, PersonPreviewRow, UnitPreviewRow } from './preview';
import { joinChain, loadExisting, loadPeopleNames, Pool, resolveRef, SEPARATORS, splitRef, type UnitNode } from './refs';
import { KIND_LABEL_LIST, PEOPLE_COLUMNS, type SheetRow, UNIT_COLUMNS } from './workbook';

/** What a valid file will write: units (parents first) and people, each with the node it resolved to. */
export interface UnitPlan {
  row: number;
  name: string;
  kind: UnitKind;
  code: string | null;
  sortOrder: number;
  parent: UnitNode;
  node: UnitNode;
}

export interface PersonPlan {
  row: number;
  name: string;
  position: string | null;
  phone: string | null;
  unit: UnitNode;
}

export interface Validation {
  preview: ImportPreview;
  units: UnitPlan[];
  people: PersonPlan[];
}

/** The row where each name first stands under each unit: a later row with that name repeats it. */
function firstRows() {
  const byNode = new Map<UnitNode, Map<string, number>>();
  return {
    of: (node: UnitNode, name: string) => byNode.get(node)?.get(name),
    add(node: UnitNode, name: string, row: number) {
      const m = byNode.get(node) ?? new Map<string, number>();
      m.set(name, row);
      byNode.set(node, m);
    },
  };
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
  const newChildren = firstRows();

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
      const earlier = newChildren.of(parent, nameCell.text);
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
      if (parent) newChildren.add(parent, nameCell.text, r.row);
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
  const newPeople = firstRows();

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
      const earlier = newPeople.of(unit, nameCell.text);
      if (already) errs.push(`${p}：人员“${nameCell.text}”已在“${unitCell.text}”中，请勿重复导入`);
      else if (earlier !== undefined) errs.push(`${p}：人员“${nameCell.text}”与第 ${earlier} 行重复(同一单位中同名)`);
      else newPeople.add(unit, nameCell.text, r.row);
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
