/**
 * What a module contributes, as a plain TypeScript value. Each `server/modules/<m>/module.ts`
 * exports one `Module`; `server/modules/index.ts` lists them and installs the list at start.
 * The platform, packs, documents and notifications then iterate over what was contributed and
 * never name another module's tables.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { DocContent, DocItem, DocRun, DocType, FigureRef, MissingNotice } from '../../common/documents';
import type { Permission, Role } from '../../common/roles';
import type { Config } from '../config';
import type { Database, DbHandle } from '../db';
import type { Attachable } from './attachable';
import type { Actor, Ctx } from './context';
import type { JobDef } from './jobs';
import type { DayRange, Range, UnitPeriod } from './period';
import { type ReminderSource, setModuleReminderSources } from './reminders';
import type { EventKindDef } from '../../common/events';
import { type EventHandler, setEventContributions } from './events';

/** What a module's routes and jobs are built from. */
export interface ModuleDeps {
  db: Database;
  handle: DbHandle;
  config: Config;
  /** The app's logger, for work that outlives a request (a pack build). */
  logError(msg: string, err: unknown): void;
}

/** One .xlsx ledger of a register, as the export route and the inspection pack build it. */
export interface LedgerDef {
  /** Stable key, e.g. tasks. */
  key: string;
  /** Chinese name; the file in the pack is `<name>.xlsx`. */
  name: string;
  /** Topic folder of the pack it goes in (PACK_FOLDERS). */
  folder: string;
  /** The register's own ledger for the unit's subtree and the period, as the actor may see it. */
  build(db: Database, actor: Actor, scope: { unitId: string } & DayRange): Promise<Buffer>;
}

/** One record whose attachments an inspection pack holds. */
export interface SourceRecord {
  id: string;
  /** YYYY-MM-DD, or YYYY for records of a year, or '' when undated. */
  day: string;
  /** How the pack's index names the record (its title, topic, problem …). */
  title: string;
  unitName: string;
}

/**
 * Which records' attachments of one entity go into a pack for a unit's subtree and a period.
 * Dated records count when their date lies in the period; standing registers count when they
 * stood by its end. Archived records never count.
 */
export interface PackAttachmentSource {
  /** `attachments.entity` of these records. */
  entity: string;
  folder: string;
  /** Sub-folder of the topic folder, e.g. 活动记录附件. */
  label: string;
  /** What the index calls one record, e.g. 活动记录. */
  recordType: string;
  records(db: Database, scope: UnitPeriod): Promise<SourceRecord[]>;
  /** Only attachments uploaded by the end of the period (standing files not tied to a date). */
  uploadedByPeriodEnd?: boolean;
}

/** A generated document to put in a pack. `build` runs only when the pack gets to it. */
export interface PackDocument {
  /** Topic folder, usually PACK_FOLDERS.documents. */
  folder: string;
  /** File name with its extension, e.g. 2026年上半年网络意识形态工作总结.docx. */
  name: string;
  /** What the index shows as its source (e.g. 根据系统记录生成); optional. */
  source?: string;
  build(): Promise<Buffer>;
}

/** The documents a module generates for a pack's unit and period (may be none). */
export type PackDocumentProvider = (db: Database, actor: Actor, scope: UnitPeriod) => Promise<PackDocument[]>;

/** Records of one entity (`attachments.entity`), by id. */
export interface RecordRefs {
  entity: string;
  ids: string[];
}

/**
 * A pack arranged by a structure other than the topic folders: one folder per checklist item,
 * each claiming the records whose attachments belong in it and the generated files it cites
 * (by name: a phrase of the item's expected evidence found in a ledger's or document's name).
 */
export interface PackOutline {
  /** What the pack is arranged by, e.g. the framework's name. */
  name: string;
  folders: { path: string; label: string; records: RecordRefs[]; cites: string[] }[];
}

/** Builds the outline for the pack's unit and period from the structure `id` (a framework); validation error when it is not visible. */
export type PackOutlineProvider = (db: Database, actor: Actor, scope: UnitPeriod, id: string) => Promise<PackOutline>;

/** A register's figures for a unit subtree and a period, served at `url` (default period: this Shanghai year). */
export interface FiguresDef<T = unknown> {
  key: string;
  url: string;
  permission: Permission;
  tag: string;
  summary: string;
  compute(db: Database, range: Range): Promise<T>;
}

/**
 * One named, typed value for a unit subtree and a period, for the checks (考核) module: what it
 * is called, how it is written, and where the records behind it are listed.
 */
export interface Indicator {
  key: string;
  /** Chinese name, e.g. 本年度学习研讨次数. */
  label: string;
  /** count: a whole number followed by `unitWord`; rate: a share 0–1 (null when nothing to rate). */
  format: 'count' | 'rate';
  /** 次, 项, 个 …; '%' for rates. */
  unitWord: string;
  value(db: Database, scope: Range & { unitId: string }): Promise<{ value: number | null; link: string }>;
  /**
   * The same value for many units at once (each unit's subtree, the same period), in one grouped
   * query: a campaign's checks compute every unit with it, home's ranking every unit below (with
   * `link`). Must answer exactly what `value` answers.
   */
  valuesFor?(db: Database, units: { id: string; path: string }[], range: DayRange): Promise<Map<string, number | null>>;
  /** Where the records behind the value are listed: the link `value` gives, without computing it. */
  link?(scope: Range & { unitId: string }): string;
  /** The records behind the value, by id (for the pack arranged by checklist item). */
  records?(db: Database, scope: Range & { unitId: string }): Promise<RecordRefs>;
}

/** What a document generator runs in: the unit, the period (or subject) and the day of generation. */
export interface GenContext {
  db: Database;
  unit: { id: string; name: string; path: string };
  /** The period (inclusive Shanghai days). For batch documents, the batch's own span is not used. */
  from: string;
  to: string;
  periodLabel: string;
  /** What the document is about besides the period: the inspection batch of 整改方案/报告. */
  subject: string | null;
  /** Shanghai day of generation. */
  today: string;
}

/** A document type's generator (one per DocType); the kit (server/documents/) lays out what it returns. */
export interface Generator {
  type: DocType;
  /** The title the document gets for this unit and period/batch. */
  title(ctx: GenContext): string;
  /** May return its own title when it depends on the records (a brief about one event). */
  build(ctx: GenContext): Promise<Omit<DocContent, 'title' | 'signer' | 'periodLabel' | 'generatedAt'> & { title?: string }>;
  /** For a document about a subject (a batch, an event): refuses, with a 4xx naming the field, a subject this unit may not write about. */
  checkSubject?(db: Database, actor: Actor, unit: { id: string; name: string; path: string }, subject: string): Promise<void>;
}

/** What a section hands back: its items, its figures, what is missing, and what it found short or left to do. */
export interface SectionOutput {
  items: DocItem[];
  figures?: FigureRef[];
  missing?: MissingNotice[];
  /** Shortfalls for 存在的问题 (each one paragraph of runs). */
  shortfalls?: DocRun[][];
  /** Work left for 下一步工作打算 (each one numbered item). */
  nextSteps?: DocRun[][];
}

/** A part of the 工作总结 a module contributes: the sentences that word its own figures. */
export interface SummarySection {
  /** Stable key: slot keys of the section start with it, so the user's paragraphs survive regeneration. */
  key: string;
  /** First-level heading text (the "一、" is numbered by the layout). */
  heading: string;
  /** Position among sections: built-in ones use 10 (organisation) … 50 (cases); leave gaps. */
  order: number;
  build(ctx: GenContext): Promise<SectionOutput>;
}

/** What a demo seeding step gets: the running transaction and the system actor. */
export interface DemoContext {
  ctx: Ctx;
  /** The demo accounts' one password (the login page lists it in demo mode), and its hash, computed once outside the transaction. */
  password: string;
  passwordHash: string;
}

/** A demo account as the login page lists it in demo mode (setting `demo_accounts`). */
export interface DemoAccount {
  username: string;
  password: string;
  role: Role;
  unitName: string;
}

export interface DemoSeed {
  /** Steps run in ascending order inside one transaction: the org tree (10) before the registers that use it. */
  order: number;
  run(trx: Database, demo: DemoContext): Promise<void>;
}

export interface Module {
  key: string;
  routes?(deps: ModuleDeps): FastifyPluginAsyncZod;
  jobs?(deps: ModuleDeps): JobDef[];
  /** Deadlines and notices the reminders job turns into notifications. */
  reminders?: ReminderSource;
  /** Record types that can hold attachments, by `attachments.entity`. */
  attachables?: Record<string, Attachable>;
  ledgers?: LedgerDef[];
  packSources?: PackAttachmentSource[];
  packDocuments?: PackDocumentProvider[];
  /** Arranges a pack by its own structure (checks: by checklist item). */
  packOutline?: PackOutlineProvider;
  summarySections?: SummarySection[];
  generators?: Generator[];
  figures?: FiguresDef<any>[];
  indicators?: Indicator[];
  /** What waits for the signed-in user, for home (待办). */
  todos?: TodoSource[];
  /** Its charts on home and the unit figures page: monthly series, each point linked to its records. */
  charts?: ChartDef[];
  /** Kinds of event it announces (preferences and robot subscriptions list them). */
  eventKinds?: EventKindDef[];
  /** What it does with every announced event, inside the event's transaction (platform/events.ts). */
  eventHandlers?: EventHandler[];
  /** The watermark text an export by this user carries, or null (platform/export-stamp.ts). */
  exportWatermark?(db: Database, actor: Actor): Promise<string | null>;
  /** The handling mark (内部资料, 注意保存) a unit's documents and pack index carry, or null. */
  handlingMark?(db: Database, unitId: string): Promise<string | null>;
  demo?: DemoSeed;
  /**
   * Tables that keep a copy of their unit's materialised path (units.path), so that a subtree
   * is one range on an index that also serves the list's order. Moving a unit rewrites every
   * declared copy in the move's transaction (platform/unit-paths.ts).
   */
  unitPathCopies?: UnitPathCopy[];
}

/** A column holding a copy of `units.path` of the row's unit. */
export interface UnitPathCopy {
  table: string;
  column: string;
  /** Called in the move's transaction once the column's rows under the moved unit hold `newPath`: what the module derives from them follows. */
  rewritten?: (trx: Database, newPath: string) => Promise<void>;
}

/**
 * One kind of thing waiting for a user (reports due, posts to review, items to assess): its
 * count and the link that opens exactly the records counted. A source answers [] for roles or
 * units it does not concern; the home page lists every source's items, urgent ones first.
 */
export interface Todo {
  /** Stable key, e.g. reporting.due. */
  key: string;
  /** Chinese label, e.g. 待报送的报告. */
  label: string;
  count: number;
  /** The app path (with filters) of exactly these records. */
  link: string;
  /** Late or due today: shown first. */
  urgent?: boolean;
}

/** One series of a chart: bars or a line, counts or rates (0–1). */
export interface ChartSeriesDef {
  key: string;
  label: string;
  type: 'bar' | 'line';
  format: 'count' | 'rate';
}

/** A value of one month and the register page (with its filters) listing the records behind it; null link: a computed line (a target). */
export interface ChartPoint {
  value: number | null;
  link: string | null;
}

/**
 * A chart a module contributes (module.ts `charts`): monthly series for a unit (its subtree
 * unless the module says otherwise) over the given months (YYYY-MM), every point linked to the
 * records it counts, so a click opens exactly them.
 */
export interface ChartDef {
  key: string;
  title: string;
  permission: Permission;
  /** Position on the page: leave gaps (cases 10, tasks 20, activities 30). */
  order: number;
  series: ChartSeriesDef[];
  build(db: Database, unit: { id: string; path: string }, months: string[]): Promise<Record<string, ChartPoint[]>>;
}

export interface TodoSource {
  key: string;
  list(db: Database, actor: Actor, today: string): Promise<Todo[]>;
}

// ---------------------------------------------------------------------------------------------
// The registries, filled once from the module list at start (installModules) and read by the
// platform and by packs, documents and notifications.

let installed: readonly Module[] = [];
// Kept as one array object, refilled in place, so a reference taken at import time stays current.
const ledgerList: LedgerDef[] = [];

/** Pack order: topic folder (they are numbered), then the module list's order. */
const byFolder = <T extends { folder: string }>(xs: T[]) => xs.map((x, i) => ({ x, i })).sort((a, b) => (a.x.folder < b.x.folder ? -1 : a.x.folder > b.x.folder ? 1 : a.i - b.i)).map((e) => e.x);

export function installModules(modules: readonly Module[]): void {
  const seen = new Set<string>();
  const entities = new Set<string>();
  for (const m of modules) {
    if (seen.has(m.key)) throw new Error(`module ${m.key} listed twice`);
    seen.add(m.key);
    for (const e of Object.keys(m.attachables ?? {})) {
      if (entities.has(e)) throw new Error(`attachable ${e} contributed twice`);
      entities.add(e);
    }
  }
  installed = modules;
  ledgerList.splice(0, ledgerList.length, ...byFolder(modules.flatMap((m) => m.ledgers ?? [])));
  setModuleReminderSources(modules.flatMap((m) => (m.reminders ? [[m.key, m.reminders] as [string, ReminderSource]] : [])));
  setEventContributions(modules.flatMap((m) => m.eventHandlers ?? []), modules.flatMap((m) => m.eventKinds ?? []));
}

export function installedModules(): readonly Module[] {
  return installed;
}

export function unitPathCopies(): UnitPathCopy[] {
  return installed.flatMap((m) => m.unitPathCopies ?? []);
}

export function ledgers(): readonly LedgerDef[] {
  return ledgerList;
}

export function packSources(): PackAttachmentSource[] {
  return byFolder(installed.flatMap((m) => m.packSources ?? []));
}

export function contributedPackDocuments(): PackDocumentProvider[] {
  return installed.flatMap((m) => m.packDocuments ?? []);
}

export function packOutlineProvider(): PackOutlineProvider | undefined {
  return installed.find((m) => m.packOutline)?.packOutline;
}

export function attachableOf(entity: string): Attachable | undefined {
  for (const m of installed) if (m.attachables?.[entity]) return m.attachables[entity];
  return undefined;
}

export function attachableEntityKeys(): string[] {
  return installed.flatMap((m) => Object.keys(m.attachables ?? {}));
}

export function summarySections(): SummarySection[] {
  return installed.flatMap((m) => m.summarySections ?? []).sort((a, b) => a.order - b.order);
}

export function generatorOf(type: DocType): Generator {
  for (const m of installed) for (const g of m.generators ?? []) if (g.type === type) return g;
  throw new Error(`no generator contributed for document type ${type}`);
}

export function figureDefs(): FiguresDef[] {
  return installed.flatMap((m) => m.figures ?? []);
}

export function indicators(): Indicator[] {
  return installed.flatMap((m) => m.indicators ?? []);
}

export function chartDefs(): ChartDef[] {
  return installed.flatMap((m) => m.charts ?? []).sort((a, b) => a.order - b.order);
}

export function todoSources(): TodoSource[] {
  return installed.flatMap((m) => m.todos ?? []);
}

/** Demo seeding steps of the given modules, in order. */
export function demoSeeds(modules: readonly Module[]): DemoSeed[] {
  return modules.flatMap((m) => (m.demo ? [m.demo] : [])).sort((a, b) => a.order - b.order);
}

export function exportWatermarkSources(): NonNullable<Module['exportWatermark']>[] {
  return installed.flatMap((m) => (m.exportWatermark ? [m.exportWatermark] : []));
}

/** A unit's handling mark, from the module that keeps it (documents), or null. */
export async function handlingMarkOf(db: Database, unitId: string): Promise<string | null> {
  for (const m of installed) {
    const mark = await m.handlingMark?.(db, unitId);
    if (mark) return mark;
  }
  return null;
}
