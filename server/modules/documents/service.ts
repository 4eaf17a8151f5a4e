/**
 * Document drafts: one per unit, type and period (or inspection batch). Generating writes the
 * content from the records; saving keeps the user's slot paragraphs; regenerating rewrites the
 * content from the current records and keeps the paragraphs. Every save and regeneration is a
 * version that can be listed and opened, and a row in the audit log.
 */
import type { z } from 'zod';
import {
  BRIEF_TYPES, DOC_TYPE_LABELS, DOC_TYPE_SUBJECT, HEAD_SLOTS, DRAFT_ACTION_LABELS, type DocContent, type DocType, type DraftSummary, type DraftVersionView,
  type DraftView, type draftCreate, type draftQuery, type draftRegenerate, type draftSave,
} from '../../../common/documents';
import type { Database } from '../../db';
import type { GenContext } from '../../documents/content';
import { generate } from './generate';
import { halfYear, periodLabel, wholeYear } from '../../documents/dates';
import { writeAudit } from '../../platform/audit';
import { shanghaiDay } from '../../platform/calendar';
import { shanghaiDayStartUtc, shanghaiYear } from '../../platform/period';
import { nextSerial } from './settings';
import type { Actor, ActorCtx } from '../../platform/context';
import { errors, isUniqueViolation } from '../../platform/errors';
import { newId, nowIso } from '../../platform/ids';
import { updateVersioned } from '../../platform/records';
import { assertInScope, inSubtreeOf } from '../../platform/scope';
import { generatorOf } from '../../platform/modules';
import { inTx } from '../../platform/tx';
import { getActiveUnit, getVisibleUnit } from '../units/service';

type DraftRow = {
  id: string; unit_id: string; type: string; period_from: string | null; period_to: string | null; subject: string | null; draft_key: string;
  title: string; content_json: string; slots_json: string; updated_by_name: string; version: number; created_at: string; updated_at: string;
  unit_name: string; unit_path: string; serial_year?: number | null; serial_no?: number | null;
};

const who = (a: Actor) => `${a.displayName}(${a.username})`;

/** The period a request names, as days and the label documents use. */
export function resolvePeriod(input: z.infer<typeof draftCreate>): { from: string; to: string } | null {
  if (DOC_TYPE_SUBJECT[input.type] === 'batch' || DOC_TYPE_SUBJECT[input.type] === 'case') return null;
  const p = input.period!;
  if (p.kind === 'year') return wholeYear(p.year!);
  if (p.kind === 'half') return halfYear(p.year!, p.half!);
  return { from: p.from!, to: p.to! };
}

function contextOf(db: Database, unit: { id: string; name: string; path: string }, row: { period_from: string | null; period_to: string | null; subject: string | null }): GenContext {
  const today = shanghaiDay();
  const year = Number(today.slice(0, 4));
  const from = row.period_from ?? `${year}-01-01`;
  const to = row.period_to ?? `${year}-12-31`;
  const label = row.period_from && row.period_to ? periodLabel({ from, to }) : '';
  return { db, unit: { id: unit.id, name: unit.name, path: unit.path }, from, to, periodLabel: label, subject: row.subject, today };
}

function summaryOf(r: DraftRow): DraftSummary {
  return {
    id: r.id, unitId: r.unit_id, unitName: r.unit_name, type: r.type as DocType, periodFrom: r.period_from, periodTo: r.period_to, subject: r.subject,
    serial: r.serial_no && r.serial_year ? { year: r.serial_year, no: r.serial_no } : null, title: r.title, version: r.version, updatedAt: r.updated_at, updatedByName: r.updated_by_name,
  };
}

function slotKeys(content: DocContent): Set<string> {
  const keys = new Set(content.sections.flatMap((s) => s.items.flatMap((i) => (i.kind === 'slot' ? [i.key] : []))));
  if (content.recipientEditable) keys.add(HEAD_SLOTS.recipient);
  if (content.briefing) keys.add(HEAD_SLOTS.distribution);
  return keys;
}

/** The 期号 a brief was given, as its head prints it. */
export const issueOf = (no: number | null | undefined) => (no ? `第${no}期` : null);

/** A draft's content as stored, with the number its row holds (given once, kept across regenerations). */
export function contentOf(r: Pick<DraftRow, 'content_json' | 'serial_no'>): DocContent {
  const content = JSON.parse(r.content_json) as DocContent;
  if (content.briefing) content.briefing = { ...content.briefing, issue: issueOf(r.serial_no) };
  return content;
}

function viewOf(r: DraftRow): DraftView {
  const content = contentOf(r);
  const slots = JSON.parse(r.slots_json) as Record<string, string>;
  const keys = slotKeys(content);
  return { ...summaryOf(r), content, slots, orphanSlots: Object.keys(slots).filter((k) => !keys.has(k) && slots[k].trim()) };
}

function selectDrafts(db: Database) {
  return db
    .selectFrom('document_drafts as d')
    .innerJoin('units as u', 'u.id', 'd.unit_id')
    .selectAll('d')
    .select(['u.name as unit_name', 'u.path as unit_path']);
}

export async function getVisibleDraft(db: Database, actor: Actor, id: string): Promise<DraftRow> {
  const row = await selectDrafts(db).where('d.id', '=', id).executeTakeFirst();
  if (!row) throw errors.notFound('文稿');
  assertInScope(actor, row.unit_path);
  return row as DraftRow;
}

export async function getDraft(db: Database, actor: Actor, id: string): Promise<DraftView> {
  return viewOf(await getVisibleDraft(db, actor, id));
}

export async function listDrafts(db: Database, actor: Actor, q: z.infer<typeof draftQuery>) {
  const unit = q.unitId ? await getVisibleUnit(db, actor, q.unitId) : null;
  let base = selectDrafts(db).where((eb) => inSubtreeOf(eb, 'u.path', unit?.path ?? actor.unitPath));
  if (q.type) base = base.where('d.type', '=', q.type);
  // The unit's own 舆情专报 series, issued in the period (what the summary counts: briefsIssued).
  if (q.series === 'brief') {
    base = base.where('d.unit_id', '=', unit?.id ?? actor.unitId).where('d.serial_no', 'is not', null);
    if (q.from) base = base.where('d.created_at', '>=', shanghaiDayStartUtc(q.from));
    if (q.to) base = base.where('d.created_at', '<', shanghaiDayStartUtc(q.to, 1));
  }
  const total = await base.clearSelect().select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  const rows = await base.orderBy('d.updated_at', 'desc').orderBy('d.id').limit(q.pageSize).offset((q.page - 1) * q.pageSize).execute();
  return { items: (rows as DraftRow[]).map(summaryOf), total: Number(total.n), page: q.page, pageSize: q.pageSize };
}

const cleanSlots = (slots: Record<string, string>) => Object.fromEntries(Object.entries(slots).map(([k, v]) => [k, v.replace(/\r\n/g, '\n').trim()]).filter(([, v]) => v));

/** What the audit log keeps of a draft's content: its title and every figure's value. */
const auditContent = (c: DocContent) => ({ title: c.title, figures: Object.fromEntries(c.figures.map((f) => [f.key, f.value])), missing: c.missing.map((m) => m.text) });

async function addVersion(trx: Database, draftId: string, version: number, action: DraftVersionView['action'], title: string, content: string, slots: string, byName: string, at: string) {
  await trx.insertInto('document_versions').values({ id: newId(), draft_id: draftId, version, action, title, content_json: content, slots_json: slots, by_name: byName, created_at: at }).execute();
}

/**
 * Opens the draft of a unit, type and period (or batch), generating it from the records the
 * first time. Returns whether it was created.
 */
export async function createDraft(db: Database, ctx: ActorCtx, input: z.infer<typeof draftCreate>): Promise<{ created: boolean; draft: DraftView }> {
  const unit = await getActiveUnit(db, ctx.actor, input.unitId, 'unitId');
  const period = resolvePeriod(input);
  const batch = DOC_TYPE_SUBJECT[input.type] === 'batch' ? input.batch : null;
  const caseId = DOC_TYPE_SUBJECT[input.type] === 'case' ? input.caseId : null;
  // The module that writes the document says whether its subject (an event, a batch) may be written about.
  const checkSubject = generatorOf(input.type).checkSubject;
  if (caseId) await checkSubject?.(db, ctx.actor, unit, caseId);
  const subject = batch ?? caseId;
  const key = `${input.type}|${period?.from ?? ''}|${period?.to ?? ''}|${subject ?? ''}`;
  const existing = await selectDrafts(db).where('d.unit_id', '=', unit.id).where('d.draft_key', '=', key).executeTakeFirst();
  if (existing) return { created: false, draft: viewOf(existing as DraftRow) };
  if (batch) await checkSubject?.(db, ctx.actor, unit, batch);
  const row = { period_from: period?.from ?? null, period_to: period?.to ?? null, subject };
  const content = await generate(input.type, contextOf(db, unit, row));
  const write = () => inTx(db, async (trx) => {
    const now = nowIso();
    // A 舆情专报 takes the next number of the unit's series for the year, once: the counter's row is held until this commits.
    const year = shanghaiYear(now);
    const serial = BRIEF_TYPES.includes(input.type) ? { serial_year: year, serial_no: await nextSerial(trx, unit.id, 'brief', year) } : {};
    const draft = {
      id: newId(), unit_id: unit.id, type: input.type, ...row, draft_key: key, title: content.title, content_json: JSON.stringify(content), slots_json: '{}',
      updated_by_name: who(ctx.actor), version: 0, created_at: now, updated_at: now, ...serial,
    };
    await trx.insertInto('document_drafts').values(draft).execute();
    await addVersion(trx, draft.id, 0, 'generate', draft.title, draft.content_json, '{}', draft.updated_by_name, now);
    await writeAudit(trx, ctx, {
      action: 'generate', entity: 'document_draft', entityId: draft.id, unitPath: unit.path,
      after: { type: DOC_TYPE_LABELS[input.type], ...('serial_no' in serial ? { issue: issueOf(serial.serial_no) } : {}), ...auditContent(content) },
    });
    return { created: true, draft: viewOf({ ...draft, unit_name: unit.name, unit_path: unit.path }) };
  });
  try {
    return await write();
  } catch (err) {
    // The same draft generated twice at once: the second finds the first's (and its number was not used).
    if (!isUniqueViolation(err)) throw err;
    const first = await selectDrafts(db).where('d.unit_id', '=', unit.id).where('d.draft_key', '=', key).executeTakeFirst();
    if (!first) throw err;
    return { created: false, draft: viewOf(first as DraftRow) };
  }
}

/** Saves the user's paragraphs (all slots of the form at once; an empty text clears a slot). */
export async function saveDraft(db: Database, ctx: ActorCtx, id: string, input: z.infer<typeof draftSave>): Promise<DraftView> {
  return inTx(db, async (trx) => {
    const before = await getVisibleDraft(trx, ctx.actor, id);
    if (before.version !== input.version) throw errors.stale();
    const slots = JSON.stringify(cleanSlots(input.slots));
    const now = nowIso();
    const set = await updateVersioned(trx, 'document_drafts', id, input.version, { slots_json: slots, updated_by_name: who(ctx.actor), updated_at: now });
    await addVersion(trx, id, set.version, 'save', before.title, before.content_json, slots, set.updated_by_name, now);
    await writeAudit(trx, ctx, { action: 'update', entity: 'document_draft', entityId: id, unitPath: before.unit_path, before: { slots: JSON.parse(before.slots_json) }, after: { slots: JSON.parse(slots) } });
    return viewOf({ ...before, ...set });
  });
}

/** Rewrites the content from the records as they are now; the user's paragraphs stay. */
export async function regenerateDraft(db: Database, ctx: ActorCtx, id: string, input: z.infer<typeof draftRegenerate>): Promise<DraftView> {
  const first = await getVisibleDraft(db, ctx.actor, id);
  if (first.version !== input.version) throw errors.stale();
  const content = await generate(first.type as DocType, contextOf(db, { id: first.unit_id, name: first.unit_name, path: first.unit_path }, first));
  return inTx(db, async (trx) => {
    const before = await getVisibleDraft(trx, ctx.actor, id);
    if (before.version !== input.version) throw errors.stale();
    const now = nowIso();
    const set = await updateVersioned(trx, 'document_drafts', id, input.version, { title: content.title, content_json: JSON.stringify(content), updated_by_name: who(ctx.actor), updated_at: now });
    await addVersion(trx, id, set.version, 'regenerate', set.title, set.content_json, before.slots_json, set.updated_by_name, now);
    await writeAudit(trx, ctx, {
      action: 'regenerate', entity: 'document_draft', entityId: id, unitPath: before.unit_path,
      before: auditContent(JSON.parse(before.content_json) as DocContent), after: auditContent(content),
    });
    return viewOf({ ...before, ...set });
  });
}

export async function listVersions(db: Database, actor: Actor, id: string): Promise<{ items: DraftVersionView[] }> {
  await getVisibleDraft(db, actor, id);
  const rows = await db.selectFrom('document_versions').select(['version', 'action', 'title', 'by_name', 'created_at']).where('draft_id', '=', id).orderBy('version', 'desc').execute();
  return {
    items: rows.map((r) => ({
      version: r.version, action: r.action as DraftVersionView['action'], actionLabel: DRAFT_ACTION_LABELS[r.action as DraftVersionView['action']], at: r.created_at, byName: r.by_name, title: r.title,
    })),
  };
}

/** One earlier version, read-only: its content and paragraphs as they were. */
export async function getVersion(db: Database, actor: Actor, id: string, n: number): Promise<DraftView> {
  const draft = await getVisibleDraft(db, actor, id);
  const v = await db.selectFrom('document_versions').selectAll().where('draft_id', '=', id).where('version', '=', n).executeTakeFirst();
  if (!v) throw errors.notFound('文稿版本');
  return viewOf({ ...draft, title: v.title, content_json: v.content_json, slots_json: v.slots_json, version: v.version, updated_at: v.created_at, updated_by_name: v.by_name });
}
