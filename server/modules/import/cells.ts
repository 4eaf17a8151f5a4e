import type { z } from 'zod';
import { UNIT_KIND_LABELS, UNIT_KINDS, type UnitKind } from '../../../common/labels';
import { personCreate, unitCreate } from '../../../common/schemas/org';
import type { CellText } from './workbook';

// Cells → values, with the same rules as the forms (common/schemas/org.ts).

export const unitName = unitCreate.shape.name;
export const unitCode = unitCreate.shape.code;
export const personName = personCreate.shape.name;
export const personPosition = personCreate.shape.position;
export const personPhone = personCreate.shape.phone;

export function check<T>(schema: z.ZodType<T>, value: string, errs: string[], prefix: string): T | undefined {
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
export function cellErrors(cells: CellText[], columns: readonly string[], errs: string[], prefix: string): (i: number) => boolean {
  cells.forEach((c, i) => {
    if (c.error) errs.push(`${prefix}${columns[i]}单元格是错误值 ${c.error}，请改为文字`);
  });
  return (i) => !cells[i].error;
}

export function parseSortOrder(text: string, errs: string[], prefix: string): number | null {
  if (text === '') return null;
  const n = Number(text);
  if (!/^\d+(\.0+)?$/.test(text) || !Number.isInteger(n) || n < 0 || n > 100000) {
    errs.push(`${prefix}：排序应为 0 到 100000 的整数`);
    return null;
  }
  return n;
}
