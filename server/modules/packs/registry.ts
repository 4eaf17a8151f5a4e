/**
 * What goes into an inspection pack, declared in one place:
 *  - LEDGERS: one .xlsx ledger per register, built in-process by the register's own function;
 *  - ATTACHMENT_SOURCES (sources.ts): which records' attachments belong to a period;
 *  - document providers: generated documents contributed by other modules at start-up.
 * Adding a register to the pack is one entry in LEDGERS (and one in ATTACHMENT_SOURCES when its
 * records carry attachments).
 */
import { PACK_FOLDERS } from '../../../common/packs';
import type { Database } from '../../db';
import type { Actor } from '../../platform/context';
import { caseLedger } from '../cases/ledger';
import { agreementLedger, dutyLedger } from '../duty/ledger';
import { entryLedger, planLedger } from '../ledger/ledger';
import { rectLedger } from '../rectification/ledger';
import { assessmentLedger, riskLedger } from '../risks/ledger';
import { taskLedger } from '../tasks/ledger';

/** The unit (in the actor's subtree) and the period a pack or a ledger is built for. */
export interface PackScope {
  unitId: string;
  unitName: string;
  unitPath: string;
  /** YYYY-MM-DD, Asia/Shanghai days, both included. */
  from: string;
  to: string;
}

export interface LedgerDef {
  /** Stable key, e.g. tasks. */
  key: string;
  /** Chinese name; the file in the pack is `<name>.xlsx`. */
  name: string;
  /** Topic folder of the pack it goes in. */
  folder: string;
  /** The register's own ledger for the unit's subtree and the period, as the actor may see it. */
  build(db: Database, actor: Actor, scope: { unitId: string; from: string; to: string }): Promise<Buffer>;
}

export const LEDGERS: LedgerDef[] = [
  { key: 'duty_items', name: '责任清单', folder: PACK_FOLDERS.duty, build: async (db, actor, s) => (await dutyLedger(db, actor, s)).buffer },
  { key: 'agreements', name: '责任书签订情况', folder: PACK_FOLDERS.duty, build: async (db, actor, s) => (await agreementLedger(db, actor, s)).buffer },
  { key: 'ledger_entries', name: '活动台账', folder: PACK_FOLDERS.study, build: (db, actor, s) => entryLedger(db, actor, s) },
  { key: 'tasks', name: '任务台账', folder: PACK_FOLDERS.tasks, build: (db, actor, s) => taskLedger(db, actor, s) },
  { key: 'rectifications', name: '整改台账', folder: PACK_FOLDERS.rectification, build: (db, actor, s) => rectLedger(db, actor, s) },
  { key: 'risk_points', name: '风险点台账', folder: PACK_FOLDERS.risks, build: (db, actor, s) => riskLedger(db, actor, s) },
  { key: 'risk_assessments', name: '重大决策舆情风险评估台账', folder: PACK_FOLDERS.risks, build: (db, actor, s) => assessmentLedger(db, actor, s) },
  { key: 'emergency_plans', name: '应急预案台账', folder: PACK_FOLDERS.risks, build: (db, actor, s) => planLedger(db, actor, s) },
  { key: 'cases', name: '舆情与诉求台账', folder: PACK_FOLDERS.cases, build: (db, actor, s) => caseLedger(db, actor, s) },
];

/** A generated document to put in the pack. `build` runs only when the pack gets to it. */
export interface PackDocument {
  /** Topic folder, usually PACK_FOLDERS.documents. */
  folder: string;
  /** File name with its extension, e.g. 2026年上半年网络意识形态工作总结.docx. */
  name: string;
  /** What the index shows as its source (e.g. 根据系统记录生成); optional. */
  source?: string;
  build(): Promise<Buffer>;
}

/** Contributed by a module: the documents it generates for a unit and a period (may be none). */
export type PackDocumentProvider = (db: Database, actor: Actor, scope: PackScope) => Promise<PackDocument[]>;

const documentProviders = new Set<PackDocumentProvider>();

/** Adds a module's documents to every pack built from now on; returns a function that removes them again. */
export function registerPackDocuments(provider: PackDocumentProvider): () => void {
  documentProviders.add(provider);
  return () => void documentProviders.delete(provider);
}

export function packDocumentProviders(): PackDocumentProvider[] {
  return [...documentProviders];
}
