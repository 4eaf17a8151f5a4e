/**
 * Which records' attachments go into a pack for a unit's subtree and a period, one entry per
 * attachable record type. Dated records count when their date lies in the period (the same
 * date their ledger filters on); standing registers (plans, risk points, unit files) count when
 * they stood by the end of the period. Archived records and archived attachments never count.
 */
import { sql } from 'kysely';
import { ACTIVITY_TYPE_LABELS, type ActivityType } from '../../../common/ledger';
import { PACK_FOLDERS } from '../../../common/packs';
import type { Database } from '../../db';
import { shanghaiDay } from '../../platform/calendar';
import { shanghaiDayStartUtc } from '../../platform/ids';
import { subtreeFilter } from '../../platform/scope';
import type { PackScope } from './registry';

/** One record whose attachments the pack holds. */
export interface SourceRecord {
  id: string;
  /** YYYY-MM-DD, or YYYY for records of a year, or '' when undated. */
  day: string;
  /** How the index names the record (its title, topic, problem …). */
  title: string;
  unitName: string;
}

export interface AttachmentSource {
  /** `attachments.entity` of these records. */
  entity: string;
  folder: string;
  /** Sub-folder of the topic folder, e.g. 活动记录附件. */
  label: string;
  /** What the index calls one record, e.g. 活动记录. */
  recordType: string;
  records(db: Database, scope: PackScope): Promise<SourceRecord[]>;
  /** Only attachments uploaded by the end of the period (for standing files not tied to a date). */
  uploadedByPeriodEnd?: boolean;
}

/** Live records of `table` in the subtree whose `day` column lies in the period, oldest first, with a title column and their unit's name. */
function inPeriod(db: Database, table: 'tasks' | 'rectifications' | 'risk_assessments' | 'ledger_entries', day: string, title: string, s: PackScope) {
  return db
    .selectFrom(`${table} as x` as 'tasks as x')
    .innerJoin('units as u', 'u.id', 'x.unit_id')
    .select((eb) => ['x.id', eb.ref(`x.${day}` as 'x.start_day').as('day'), eb.ref(`x.${title}` as 'x.title').as('title'), 'u.name'])
    .where(subtreeFilter<any, any>('u.path', s.unitPath))
    .where('x.archived_at', 'is', null)
    .where(`x.${day}` as 'x.start_day', '>=', s.from)
    .where(`x.${day}` as 'x.start_day', '<=', s.to)
    .orderBy(`x.${day}` as 'x.start_day');
}

const years = (s: PackScope) => [Number(s.from.slice(0, 4)), Number(s.to.slice(0, 4))] as const;
const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n)}…` : s);

export const ATTACHMENT_SOURCES: AttachmentSource[] = [
  {
    entity: 'unit', folder: PACK_FOLDERS.org, label: '单位文件', recordType: '单位', uploadedByPeriodEnd: true,
    async records(db, s) {
      const rows = await db.selectFrom('units as u').select(['u.id', 'u.name']).where(subtreeFilter<any, any>('u.path', s.unitPath)).orderBy('u.path').execute();
      return rows.map((r) => ({ id: r.id, day: '', title: r.name, unitName: r.name }));
    },
  },
  {
    entity: 'duty_item', folder: PACK_FOLDERS.duty, label: '责任清单依据文件', recordType: '责任清单条目',
    async records(db, s) {
      const [y1, y2] = years(s);
      const rows = await db.selectFrom('duty_items as d').innerJoin('units as u', 'u.id', 'd.unit_id').select(['d.id', 'd.year', 'd.content', 'u.name'])
        .where(subtreeFilter<any, any>('u.path', s.unitPath)).where('d.archived_at', 'is', null).where('d.year', '>=', y1).where('d.year', '<=', y2)
        .orderBy('d.year').orderBy('d.sort_order').execute();
      return rows.map((r) => ({ id: r.id, day: String(r.year), title: clip(r.content, 60), unitName: r.name }));
    },
  },
  {
    entity: 'agreement', folder: PACK_FOLDERS.duty, label: '责任书', recordType: '责任书',
    async records(db, s) {
      const [y1, y2] = years(s);
      const rows = await db.selectFrom('agreements as a').innerJoin('units as u', 'u.id', 'a.unit_id').select(['a.id', 'a.issued_day', 'a.title', 'u.name'])
        .where(subtreeFilter<any, any>('u.path', s.unitPath)).where('a.archived_at', 'is', null).where('a.year', '>=', y1).where('a.year', '<=', y2)
        .orderBy('a.issued_day').execute();
      return rows.map((r) => ({ id: r.id, day: r.issued_day, title: r.title, unitName: r.name }));
    },
  },
  {
    entity: 'agreement_signatory', folder: PACK_FOLDERS.duty, label: '责任书签订件', recordType: '责任书签订',
    async records(db, s) {
      const [y1, y2] = years(s);
      const rows = await db.selectFrom('agreement_signatories as g').innerJoin('agreements as a', 'a.id', 'g.agreement_id').innerJoin('units as u', 'u.id', 'a.unit_id')
        .leftJoin('units as su', 'su.id', 'g.unit_id').leftJoin('people as p', 'p.id', 'g.person_id')
        .select(['g.id', 'g.signed_day', 'a.issued_day', 'a.title', 'u.name', 'su.name as signer_unit', 'p.name as signer_person'])
        .where(subtreeFilter<any, any>('u.path', s.unitPath)).where('a.archived_at', 'is', null).where('a.year', '>=', y1).where('a.year', '<=', y2)
        .orderBy('a.issued_day').execute();
      return rows.map((r) => ({ id: r.id, day: r.signed_day ?? r.issued_day, title: `${r.title}(${r.signer_unit ?? r.signer_person ?? '签订人'})`, unitName: r.name }));
    },
  },
  {
    entity: 'ledger_entry', folder: PACK_FOLDERS.study, label: '活动记录附件', recordType: '活动记录',
    async records(db, s) {
      const rows = await inPeriod(db, 'ledger_entries', 'day', 'topic', s).select(sql<string>`x.type`.as('type')).execute();
      return rows.map((r) => ({ id: r.id, day: r.day, title: `${ACTIVITY_TYPE_LABELS[r.type as ActivityType] ?? ''}：${r.title}`, unitName: r.name }));
    },
  },
  {
    entity: 'task', folder: PACK_FOLDERS.tasks, label: '任务附件', recordType: '任务',
    async records(db, s) {
      const rows = await inPeriod(db, 'tasks', 'start_day', 'title', s).execute();
      return rows.map((r) => ({ id: r.id, day: r.day, title: r.title, unitName: r.name }));
    },
  },
  {
    entity: 'task_progress', folder: PACK_FOLDERS.tasks, label: '任务进展佐证', recordType: '任务进展',
    async records(db, s) {
      const rows = await db.selectFrom('task_progress as g').innerJoin('tasks as t', 't.id', 'g.task_id').innerJoin('units as u', 'u.id', 't.unit_id').select(['g.id', 'g.day', 't.title', 'u.name'])
        .where(subtreeFilter<any, any>('u.path', s.unitPath)).where('t.archived_at', 'is', null).where('g.day', '>=', s.from).where('g.day', '<=', s.to)
        .orderBy('g.day').execute();
      return rows.map((r) => ({ id: r.id, day: r.day, title: `${r.title}(进展)`, unitName: r.name }));
    },
  },
  {
    entity: 'rectification', folder: PACK_FOLDERS.rectification, label: '整改材料', recordType: '整改事项',
    async records(db, s) {
      const rows = await inPeriod(db, 'rectifications', 'start_day', 'problem', s).execute();
      return rows.map((r) => ({ id: r.id, day: r.day, title: clip(r.title, 60), unitName: r.name }));
    },
  },
  {
    entity: 'risk_point', folder: PACK_FOLDERS.risks, label: '风险点材料', recordType: '风险点',
    async records(db, s) {
      const rows = await db.selectFrom('risk_points as r').innerJoin('units as u', 'u.id', 'r.unit_id').select(['r.id', 'r.created_at', 'r.description', 'u.name'])
        .where(subtreeFilter<any, any>('u.path', s.unitPath)).where('r.archived_at', 'is', null).where('r.created_at', '<', shanghaiDayStartUtc(s.to, 1))
        .orderBy('r.created_at').execute();
      return rows.map((r) => ({ id: r.id, day: shanghaiDay(r.created_at), title: clip(r.description, 60), unitName: r.name }));
    },
  },
  {
    entity: 'risk_assessment', folder: PACK_FOLDERS.risks, label: '风险评估报告', recordType: '风险评估',
    async records(db, s) {
      const rows = await inPeriod(db, 'risk_assessments', 'assessed_day', 'subject', s).execute();
      return rows.map((r) => ({ id: r.id, day: r.day, title: r.title, unitName: r.name }));
    },
  },
  {
    entity: 'emergency_plan', folder: PACK_FOLDERS.risks, label: '应急预案文本', recordType: '应急预案',
    async records(db, s) {
      const rows = await db.selectFrom('emergency_plans as p').innerJoin('units as u', 'u.id', 'p.unit_id').select(['p.id', 'p.effective_day', 'p.title', 'p.version_label', 'u.name'])
        .where(subtreeFilter<any, any>('u.path', s.unitPath)).where('p.archived_at', 'is', null).where('p.effective_day', '<=', s.to)
        .orderBy('p.effective_day').execute();
      return rows.map((r) => ({ id: r.id, day: r.effective_day, title: `${r.title}(${r.version_label})`, unitName: r.name }));
    },
  },
  {
    entity: 'case', folder: PACK_FOLDERS.cases, label: '来信来电材料', recordType: '舆情诉求报告',
    async records(db, s) {
      const rows = await db.selectFrom('cases as c').innerJoin('case_events as e', 'e.id', 'c.event_id').innerJoin('units as u', 'u.id', 'e.unit_id')
        .select(['c.id', 'c.received_at', 'c.title', 'u.name']).where(subtreeFilter<any, any>('u.path', s.unitPath)).where('e.archived_at', 'is', null)
        .where('c.received_at', '>=', shanghaiDayStartUtc(s.from)).where('c.received_at', '<', shanghaiDayStartUtc(s.to, 1)).orderBy('c.received_at').execute();
      return rows.map((r) => ({ id: r.id, day: shanghaiDay(r.received_at), title: clip(r.title, 60), unitName: r.name }));
    },
  },
  {
    entity: 'case_event', folder: PACK_FOLDERS.cases, label: '办理材料', recordType: '舆情诉求事件',
    async records(db, s) {
      const rows = await db.selectFrom('case_events as e').innerJoin('units as u', 'u.id', 'e.unit_id')
        .select(['e.id', 'e.first_received_at', 'e.title', 'u.name']).where(subtreeFilter<any, any>('u.path', s.unitPath)).where('e.archived_at', 'is', null)
        .where('e.first_received_at', '>=', shanghaiDayStartUtc(s.from)).where('e.first_received_at', '<', shanghaiDayStartUtc(s.to, 1)).orderBy('e.first_received_at').execute();
      return rows.map((r) => ({ id: r.id, day: shanghaiDay(r.first_received_at), title: clip(r.title, 60), unitName: r.name }));
    },
  },
];

export interface PackAttachment {
  id: string;
  entityId: string;
  filename: string;
  sha256: string;
  size: number;
  mime: string;
  createdAt: string;
}

/** The live attachments of some records of one entity, oldest first, in batches that keep IN lists short. */
export async function attachmentsOf(db: Database, entity: string, ids: string[], uploadedBefore?: string): Promise<PackAttachment[]> {
  const out: PackAttachment[] = [];
  for (let i = 0; i < ids.length; i += 500) {
    let q = db.selectFrom('attachments as a').innerJoin('file_blobs as b', 'b.sha256', 'a.sha256')
      .select(['a.id', 'a.entity_id', 'a.filename', 'a.sha256', 'a.created_at', 'b.size', 'b.mime'])
      .where('a.entity', '=', entity).where('a.entity_id', 'in', ids.slice(i, i + 500)).where('a.archived_at', 'is', null);
    if (uploadedBefore) q = q.where('a.created_at', '<', uploadedBefore);
    const rows = await q.orderBy('a.created_at').orderBy('a.id').execute();
    out.push(...rows.map((r) => ({ id: r.id, entityId: r.entity_id, filename: r.filename, sha256: r.sha256, size: Number(r.size), mime: r.mime, createdAt: r.created_at })));
  }
  return out;
}
