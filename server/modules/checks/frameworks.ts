/** Checklist frameworks (考核细则) per unit and year: create, edit, copy from last year with its diff. */
import type { z } from 'zod';
import {
  type DiffLine, type FrameworkContent, type FrameworkView, frameworkCopy, frameworkCreate, frameworkProblems, frameworkUpdate, itemsOf,
} from '../../../common/checks';
import { can } from '../../../common/roles';
import type { Database } from '../../db';
import { entityHistory, writeAudit } from '../../platform/audit';
import type { Actor, ActorCtx } from '../../platform/context';
import { errors, isUniqueViolation } from '../../platform/errors';
import { insertRecord, updateVersioned } from '../../platform/records';
import { inSubtree, inSubtreeOf } from '../../platform/scope';
import { inTx } from '../../platform/tx';
import { indicatorViews } from './indicators';

export interface FrameworkRow {
  id: string; unit_id: string; year: number; name: string; total_points: number; content: string; based_on_id: string | null;
  archived_at: string | null; version: number; created_at: string; updated_at: string; unit_name: string; unit_path: string;
}

/** The paths of a unit and every unit above it: "/a/b/" → ["/a/", "/a/b/"]. */
export function ancestorPaths(path: string): string[] {
  const parts = path.split('/').filter(Boolean);
  return parts.map((_, i) => `/${parts.slice(0, i + 1).join('/')}/`);
}

function select(db: Database) {
  return db.selectFrom('check_frameworks as f').innerJoin('units as u', 'u.id', 'f.unit_id').selectAll('f').select(['u.name as unit_name', 'u.path as unit_path']);
}

export function parseContent(s: string): FrameworkContent {
  return JSON.parse(s) as FrameworkContent;
}

function toView(r: FrameworkRow, actor: Actor): FrameworkView {
  return {
    id: r.id, unitId: r.unit_id, unitName: r.unit_name, year: r.year, name: r.name, totalPoints: Number(r.total_points), content: parseContent(r.content),
    basedOnId: r.based_on_id, canEdit: can(actor.role, 'check.manage') && inSubtree(actor.unitPath, r.unit_path), version: r.version, updatedAt: r.updated_at,
  };
}

/**
 * A framework the actor may read: one kept by their unit or a unit above it (the ones it is
 * assessed by) or by a unit below it.
 */
export async function getVisibleFramework(db: Database, actor: Actor, id: string, field?: string): Promise<FrameworkRow> {
  const r = (await select(db).where('f.id', '=', id).executeTakeFirst()) as FrameworkRow | undefined;
  if (!r || r.archived_at) {
    if (field) throw errors.validation('考核细则不存在', field);
    throw errors.notFound('考核细则');
  }
  if (!inSubtree(actor.unitPath, r.unit_path) && !inSubtree(r.unit_path, actor.unitPath)) throw errors.outOfScope();
  return r;
}

export async function listFrameworks(db: Database, actor: Actor, q: { year?: number }) {
  let query = select(db)
    .where('f.archived_at', 'is', null)
    .where((eb) => eb.or([eb('u.path', 'in', ancestorPaths(actor.unitPath)), inSubtreeOf(eb, 'u.path', actor.unitPath)]));
  if (q.year) query = query.where('f.year', '=', q.year);
  const rows = (await query.orderBy('f.year', 'desc').orderBy('u.path').execute()) as FrameworkRow[];
  return { items: rows.map((r) => toView(r, actor)) };
}

export async function getFramework(db: Database, actor: Actor, id: string) {
  return toView(await getVisibleFramework(db, actor, id), actor);
}

function check(input: { totalPoints: number; content: FrameworkContent }) {
  const keys = new Set(indicatorViews().map((i) => i.key));
  const problems = frameworkProblems(input, keys);
  if (problems.length) throw errors.validation(problems[0].message, problems[0].field);
}

const auditOf = (v: { year: number; name: string; totalPoints: number; content: FrameworkContent }) => ({
  year: v.year, name: v.name, totalPoints: v.totalPoints, items: itemsOf(v.content).length,
});

/** Kept by the actor's own unit. One framework per unit and year. */
export async function createFramework(db: Database, ctx: ActorCtx, input: z.infer<typeof frameworkCreate>, basedOnId: string | null = null) {
  check(input);
  return inTx(db, async (trx) => {
    const exists = await trx.selectFrom('check_frameworks').select('id').where('unit_id', '=', ctx.actor.unitId).where('year', '=', input.year).where('archived_at', 'is', null).executeTakeFirst();
    if (exists) throw errors.conflict('FRAMEWORK_EXISTS', `本单位${input.year}年度已有考核细则，请直接修改`, 'year');
    let row;
    try {
      row = await insertRecord(trx, 'check_frameworks', {
        unit_id: ctx.actor.unitId, year: input.year, name: input.name, total_points: input.totalPoints, content: JSON.stringify(input.content), based_on_id: basedOnId,
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw errors.conflict('FRAMEWORK_EXISTS', `本单位${input.year}年度已有考核细则`, 'year');
      throw e;
    }
    await writeAudit(trx, ctx, { action: 'create', entity: 'check_framework', entityId: row.id, unitPath: ctx.actor.unitPath, after: { ...auditOf(input), basedOnId } });
    return getFramework(trx, ctx.actor, row.id);
  });
}

export async function updateFramework(db: Database, ctx: ActorCtx, id: string, input: z.infer<typeof frameworkUpdate>) {
  check(input);
  return inTx(db, async (trx) => {
    const before = await getVisibleFramework(trx, ctx.actor, id);
    // A unit reads its superiors' frameworks but changes only its own and those below it.
    if (!inSubtree(ctx.actor.unitPath, before.unit_path)) throw errors.outOfScope();
    if (before.version !== input.version) throw errors.stale();
    await updateVersioned(trx, 'check_frameworks', id, input.version, { name: input.name, total_points: input.totalPoints, content: JSON.stringify(input.content) });
    const after = await getFramework(trx, ctx.actor, id);
    await writeAudit(trx, ctx, {
      action: 'update', entity: 'check_framework', entityId: id, unitPath: before.unit_path,
      before: auditOf({ year: before.year, name: before.name, totalPoints: Number(before.total_points), content: parseContent(before.content) }), after: auditOf(after),
    });
    return after;
  });
}

/** Copies the actor's unit's framework of one year to another; refuses a year that has none. */
export async function copyFramework(db: Database, ctx: ActorCtx, input: z.infer<typeof frameworkCopy>) {
  if (input.fromYear === input.toYear) throw errors.validation('复制到的年度应与原年度不同', 'toYear');
  const src = (await select(db).where('f.unit_id', '=', ctx.actor.unitId).where('f.year', '=', input.fromYear).where('f.archived_at', 'is', null).executeTakeFirst()) as FrameworkRow | undefined;
  if (!src) throw errors.validation(`本单位${input.fromYear}年度没有考核细则，无法复制`, 'fromYear');
  const name = src.name.includes(String(input.fromYear)) ? src.name.replaceAll(String(input.fromYear), String(input.toYear)) : `${input.toYear}年度${src.name}`;
  return createFramework(db, ctx, { year: input.toYear, name, totalPoints: Number(src.total_points), content: parseContent(src.content) }, src.id);
}

const FIELD_LABELS: Record<string, string> = {
  text: '考核内容', kind: '项目类型', points: '分值', scoring: '评分方式', perOccurrence: '每次扣分', cap: '扣分上限', grades: '档次',
  indicator: '绑定指标', comparator: '比较方式', threshold: '标准值', kinds: '适用单位', evidence: '佐证材料',
};

/** What changed against the framework it was copied from, item by item (by key). */
export function diffContent(before: FrameworkContent, after: FrameworkContent): DiffLine[] {
  const a = new Map(itemsOf(before).map((i) => [i.key, i]));
  const b = new Map(itemsOf(after).map((i) => [i.key, i]));
  const out: DiffLine[] = [];
  for (const [k, it] of b) {
    const old = a.get(k);
    if (!old) { out.push({ change: 'added', key: k, text: it.text, fields: [] }); continue; }
    const fields = Object.keys(FIELD_LABELS).filter((f) => JSON.stringify((old as never)[f] ?? null) !== JSON.stringify((it as never)[f] ?? null)).map((f) => FIELD_LABELS[f]);
    if (old.sectionTitle !== it.sectionTitle) fields.push('所属部分');
    if (fields.length) out.push({ change: 'changed', key: k, text: it.text, fields });
  }
  for (const [k, it] of a) if (!b.has(k)) out.push({ change: 'removed', key: k, text: it.text, fields: [] });
  return out;
}

export async function frameworkDiff(db: Database, actor: Actor, id: string) {
  const f = await getVisibleFramework(db, actor, id);
  if (!f.based_on_id) return { basedOn: null, lines: [] as DiffLine[] };
  const src = (await select(db).where('f.id', '=', f.based_on_id).executeTakeFirst()) as FrameworkRow | undefined;
  if (!src) return { basedOn: null, lines: [] as DiffLine[] };
  return { basedOn: { id: src.id, year: src.year, name: src.name }, lines: diffContent(parseContent(src.content), parseContent(f.content)) };
}

export async function frameworkHistory(db: Database, actor: Actor, id: string) {
  await getVisibleFramework(db, actor, id);
  return { items: await entityHistory(db, 'check_framework', id) };
}
