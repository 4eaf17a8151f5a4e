import type { z } from 'zod';
import { type ActivityType, type entryCreate, type EntryView, type entryQuery, type entryUpdate, LIFE_MEETING_TYPES, PUBLICITY_TYPES, STUDY_TYPES } from '../../../common/ledger';
import type { Database } from '../../db';
import { builtOnce } from '../../db/batch';
import { entityHistory, writeAudit } from '../../platform/audit';
import { shanghaiDay } from '../../platform/calendar';
import type { Actor, ActorCtx } from '../../platform/context';
import { errors } from '../../platform/errors';
import { contains } from '../../platform/search';
import { archiver, editable, inRegisterList, insertRecord, pageOf, updateVersioned, visibleRow } from '../../platform/records';
import { inTx } from '../../platform/tx';
import { checkCampaign } from '../campaigns/service';
import { getActiveUnit, unitScope } from '../units/service';

type EntryRow = {
  id: string; unit_id: string; type: string; day: string; topic: string; on_topic: number; others_count: number; host_person_id: string | null;
  summary: string | null; minutes: string | null; plan_id: string | null; created_by_name: string; archived_at: string | null; version: number;
  unit_name: string; unit_path: string; host_name: string | null; plan_title: string | null; attachment_count?: number | string | null;
  reported_separately: number | null; audience_count: number | null; materials_count: number | null; self_exam_count?: number | string | null;
  campaign_id: string | null; campaign_name: string | null;
};

/** Built once per database handle (builtOnce): each list extends it. */
const selectEntries = builtOnce((db: Database) => {
  return db
    .selectFrom('ledger_entries as e')
    .innerJoin('units as u', 'u.id', 'e.unit_id')
    .leftJoin('people as h', 'h.id', 'e.host_person_id')
    .leftJoin('emergency_plans as p', 'p.id', 'e.plan_id')
    .leftJoin('campaigns as cp', 'cp.id', 'e.campaign_id')
    .select(['e.campaign_id', 'cp.name as campaign_name'])
    .select([
      'e.id', 'e.unit_id', 'e.type', 'e.day', 'e.topic', 'e.on_topic', 'e.others_count', 'e.host_person_id', 'e.summary', 'e.minutes', 'e.plan_id',
      'e.created_by_name', 'e.archived_at', 'e.version', 'u.name as unit_name', 'u.path as unit_path', 'h.name as host_name', 'p.title as plan_title',
      'e.reported_separately', 'e.audience_count', 'e.materials_count',
    ])
    .select((eb) => [
      eb.selectFrom('attachments as a').select((x) => x.fn.countAll().as('n')).whereRef('a.entity_id', '=', 'e.id').where('a.entity', '=', 'ledger_entry').where('a.archived_at', 'is', null).as('attachment_count'),
      eb.selectFrom('attachments as a').select((x) => x.fn.countAll().as('n')).whereRef('a.entity_id', '=', 'e.id').where('a.entity', '=', 'ledger_self_exam').where('a.archived_at', 'is', null).as('self_exam_count'),
    ]);
});

async function participantsOf(db: Database, ids: string[]) {
  if (ids.length === 0) return new Map<string, { id: string; name: string }[]>();
  const rows = await db
    .selectFrom('ledger_participants as lp')
    .innerJoin('people as p', 'p.id', 'lp.person_id')
    .select(['lp.entry_id', 'p.id', 'p.name'])
    .where('lp.entry_id', 'in', ids)
    .orderBy('p.name')
    .execute();
  const m = new Map<string, { id: string; name: string }[]>();
  for (const r of rows) m.set(r.entry_id, [...(m.get(r.entry_id) ?? []), { id: r.id, name: r.name }]);
  return m;
}

function toView(r: EntryRow, participants: { id: string; name: string }[]): EntryView {
  return {
    id: r.id, unitId: r.unit_id, unitName: r.unit_name, type: r.type as ActivityType, day: r.day, topic: r.topic, onTopic: r.on_topic === 1,
    participants, othersCount: r.others_count, headcount: participants.length + r.others_count, hostPersonId: r.host_person_id, hostName: r.host_name,
    summary: r.summary, minutes: r.minutes, planId: r.plan_id, planTitle: r.plan_title, campaignId: r.campaign_id, campaignName: r.campaign_name, attachmentCount: Number(r.attachment_count ?? 0),
    reportedSeparately: r.reported_separately === null ? null : r.reported_separately === 1, audienceCount: r.audience_count, materialsCount: r.materials_count,
    selfExamCount: Number(r.self_exam_count ?? 0),
    createdByName: r.created_by_name, archived: r.archived_at !== null, version: r.version,
  };
}

async function getVisibleEntry(db: Database, actor: Actor, id: string): Promise<EntryRow> {
  return visibleRow(await selectEntries(db).where('e.id', '=', id).executeTakeFirst(), actor, '台账记录') as EntryRow;
}

export async function getEntry(db: Database, actor: Actor, id: string) {
  const row = await getVisibleEntry(db, actor, id);
  return toView(row, (await participantsOf(db, [id])).get(id) ?? []);
}

export async function listEntries(db: Database, actor: Actor, query: z.infer<typeof entryQuery>) {
  const scope = await unitScope(db, actor, query);
  let q = selectEntries(db).where((eb) => inRegisterList(eb, { unitId: 'e.unit_id', path: 'u.path', archivedAt: 'e.archived_at' }, scope, query.archived));
  if (query.type) q = q.where('e.type', '=', query.type);
  if (query.onTopic) q = q.where('e.on_topic', '=', query.onTopic === 'true' ? 1 : 0);
  if (query.planId) q = q.where('e.plan_id', '=', query.planId);
  if (query.campaignId) q = q.where('e.campaign_id', '=', query.campaignId);
  if (query.reportedSeparately) q = q.where('e.type', '=', 'debriefing').where('e.reported_separately', '=', query.reportedSeparately === 'true' ? 1 : 0);
  if (query.lifeMeeting === 'true') q = q.where('e.type', 'in', [...LIFE_MEETING_TYPES]);
  if (query.study === 'true') q = q.where('e.type', 'in', [...STUDY_TYPES]);
  if (query.withAudience === 'true') q = q.where('e.type', 'in', [...PUBLICITY_TYPES]).where('e.audience_count', 'is not', null);
  if (query.from) q = q.where('e.day', '>=', query.from);
  if (query.to) q = q.where('e.day', '<=', query.to);
  if (query.q) {
    const words = query.q;
    q = q.where((eb) => eb.or([contains('e.topic', words), contains('e.summary', words)]));
  }
  return pageOf(q, query, (q) => q.orderBy('e.day', 'desc').orderBy('e.created_at', 'desc').orderBy('e.id', 'desc'), async (rows) => {
    const parts = await participantsOf(db, rows.map((r) => r.id));
    return rows.map((r) => toView(r as EntryRow, parts.get(r.id) ?? []));
  });
}

type Extra = 'reportedSeparately' | 'audienceCount' | 'materialsCount' | 'campaignId';
type Fields = Omit<z.infer<typeof entryCreate>, 'unitId' | Extra> & Partial<Pick<z.infer<typeof entryCreate>, Extra>>;

/** Participants and host are people of the entry's unit or below; a drill may name a plan of the unit or above. */
async function checkRefs(db: Database, unitPath: string, f: Fields) {
  const ids = [...new Set(f.participantIds)];
  if (ids.length) {
    const found = await db.selectFrom('people as p').innerJoin('units as u', 'u.id', 'p.unit_id').select(['p.id', 'p.name', 'p.archived_at', 'u.path']).where('p.id', 'in', ids).execute();
    if (found.length !== ids.length) throw errors.validation('参加人员中有不存在的人员', 'participantIds');
    const outside = found.find((p) => !p.path.startsWith(unitPath));
    if (outside) throw errors.validation(`参加人员“${outside.name}”不是本单位或下级单位的人员`, 'participantIds');
  }
  if (f.hostPersonId) {
    const h = await db.selectFrom('people as p').innerJoin('units as u', 'u.id', 'p.unit_id').select(['p.name', 'u.path']).where('p.id', '=', f.hostPersonId).executeTakeFirst();
    if (!h) throw errors.validation('主持人不存在', 'hostPersonId');
    if (!h.path.startsWith(unitPath)) throw errors.validation(`主持人“${h.name}”不是本单位或下级单位的人员`, 'hostPersonId');
  }
  if (f.planId) {
    if (f.type !== 'drill') throw errors.validation('只有应急演练可以关联应急预案', 'planId');
    const p = await db.selectFrom('emergency_plans as p').innerJoin('units as u', 'u.id', 'p.unit_id').select(['u.path']).where('p.id', '=', f.planId).executeTakeFirst();
    if (!p || !unitPath.startsWith(p.path)) throw errors.validation('所选应急预案不存在或不属于本单位及上级单位', 'planId');
  }
  if (f.type === 'debriefing') {
    if (!f.hostPersonId) throw errors.validation('请选择述职的领导', 'hostPersonId');
    if ((f.reportedSeparately ?? null) === null) throw errors.validation('请选择述职中是否专门报告网络意识形态工作', 'reportedSeparately');
  } else if ((f.reportedSeparately ?? null) !== null) {
    throw errors.validation('只有述职记录“是否专门报告本项工作”', 'reportedSeparately');
  }
  if (f.day > shanghaiDay()) throw errors.validation('活动日期不能晚于今天', 'day');
  await checkCampaign(db, unitPath, f.campaignId);
  return ids;
}

const auditView = (v: EntryView) => ({
  type: v.type, day: v.day, topic: v.topic, onTopic: v.onTopic, participants: v.participants.map((p) => p.name), othersCount: v.othersCount,
  hostName: v.hostName, summary: v.summary, planTitle: v.planTitle, campaignName: v.campaignName, reportedSeparately: v.reportedSeparately, audienceCount: v.audienceCount,
  materialsCount: v.materialsCount, archived: v.archived,
});

export async function insertEntry(trx: Database, ctx: ActorCtx, unit: { id: string; path: string }, f: Fields, participantIds: string[]) {
  const row = await insertRecord(trx, 'ledger_entries', {
    unit_id: unit.id, type: f.type, day: f.day, topic: f.topic, on_topic: f.onTopic ? 1 : 0, others_count: f.othersCount,
    host_person_id: f.hostPersonId, summary: f.summary, minutes: f.minutes, plan_id: f.planId, campaign_id: f.campaignId ?? null,
    reported_separately: f.reportedSeparately === null || f.reportedSeparately === undefined ? null : f.reportedSeparately ? 1 : 0,
    audience_count: f.audienceCount ?? null, materials_count: f.materialsCount ?? null,
    created_by_name: `${ctx.actor.displayName}(${ctx.actor.username})`,
  });
  if (participantIds.length) await trx.insertInto('ledger_participants').values(participantIds.map((person_id) => ({ entry_id: row.id, person_id }))).execute();
  return row;
}

export async function createEntry(db: Database, ctx: ActorCtx, input: z.infer<typeof entryCreate>) {
  return inTx(db, async (trx) => {
    const unit = await getActiveUnit(trx, ctx.actor, input.unitId, 'unitId');
    const ids = await checkRefs(trx, unit.path, input);
    const row = await insertEntry(trx, ctx, unit, input, ids);
    const view = await getEntry(trx, ctx.actor, row.id);
    await writeAudit(trx, ctx, { action: 'create', entity: 'ledger_entry', entityId: row.id, unitPath: unit.path, after: auditView(view) });
    return view;
  });
}

export async function updateEntry(db: Database, ctx: ActorCtx, id: string, input: z.infer<typeof entryUpdate>) {
  return inTx(db, async (trx) => {
    const before = editable(await getVisibleEntry(trx, ctx.actor, id), input.version, '该记录已归档，请先恢复');
    const ids = await checkRefs(trx, before.unit_path, input);
    const beforeView = await getEntry(trx, ctx.actor, id);
    await updateVersioned(trx, 'ledger_entries', id, input.version, {
      type: input.type, day: input.day, topic: input.topic, on_topic: input.onTopic ? 1 : 0, others_count: input.othersCount, host_person_id: input.hostPersonId,
      summary: input.summary, minutes: input.minutes, plan_id: input.planId, campaign_id: input.campaignId,
      reported_separately: input.reportedSeparately === null ? null : input.reportedSeparately ? 1 : 0, audience_count: input.audienceCount, materials_count: input.materialsCount,
    });
    await trx.deleteFrom('ledger_participants').where('entry_id', '=', id).execute();
    if (ids.length) await trx.insertInto('ledger_participants').values(ids.map((person_id) => ({ entry_id: id, person_id }))).execute();
    const after = await getEntry(trx, ctx.actor, id);
    await writeAudit(trx, ctx, { action: 'update', entity: 'ledger_entry', entityId: id, unitPath: before.unit_path, before: auditView(beforeView), after: auditView(after) });
    return after;
  });
}

export const setEntryArchived = archiver<EntryRow, EntryView>({
  table: 'ledger_entries', entity: 'ledger_entry', noun: '记录', load: getVisibleEntry, view: (trx, actor, r) => getEntry(trx, actor, r.id),
});

export async function entryHistory(db: Database, actor: Actor, id: string) {
  await getVisibleEntry(db, actor, id);
  return { items: await entityHistory(db, 'ledger_entry', id) };
}
