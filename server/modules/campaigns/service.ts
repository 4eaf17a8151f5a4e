/**
 * 专项行动: a unit names a campaign (e.g. 清朗, or a local one) for its subtree. Tasks and activity
 * entries of that subtree may carry it (checkCampaign); figures and the summary count by it.
 */
import type { z } from 'zod';
import type { CampaignView, campaignCreate, campaignQuery, campaignUpdate } from '../../../common/campaigns';
import type { Database } from '../../db';
import { writeAudit } from '../../platform/audit';
import type { Actor, ActorCtx } from '../../platform/context';
import { errors } from '../../platform/errors';
import { archiver, editable, insertRecord, recordReads, updateVersioned } from '../../platform/records';
import { inSubtreeOf } from '../../platform/scope';
import { inTx } from '../../platform/tx';
import { getActiveUnit, getVisibleUnit } from '../units/service';

type CampaignRow = {
  id: string; unit_id: string; name: string; description: string | null; from_day: string; to_day: string | null; archived_at: string | null; version: number;
  unit_name: string; unit_path: string;
};

const select = (db: Database) => db.selectFrom('campaigns as c').innerJoin('units as u', 'u.id', 'c.unit_id').selectAll('c').select(['u.name as unit_name', 'u.path as unit_path']);

/** The unit paths above and including `path` ('/a/b/' → ['/a/', '/a/b/']). */
const chainOf = (path: string) => {
  const ids = path.split('/').filter(Boolean);
  return ids.map((_, i) => `/${ids.slice(0, i + 1).join('/')}/`);
};

const view = (actor: Actor) => (r: CampaignRow): CampaignView => ({
  id: r.id, unitId: r.unit_id, unitName: r.unit_name, name: r.name, description: r.description, fromDay: r.from_day, toDay: r.to_day,
  editable: r.unit_path.startsWith(actor.unitPath), archived: r.archived_at !== null, version: r.version,
});

/**
 * Campaigns the actor deals with: those named in its subtree and by its superiors (which its
 * records may carry). With `forUnitId`, only those a record of that unit may carry.
 */
export async function listCampaigns(db: Database, actor: Actor, query: z.infer<typeof campaignQuery>) {
  const unit = query.forUnitId ? await getVisibleUnit(db, actor, query.forUnitId, 'forUnitId') : null;
  const chain = chainOf(unit ? unit.path : actor.unitPath);
  let q = select(db).where((eb) => (unit ? eb('u.path', 'in', chain) : eb.or([eb('u.path', 'in', chain), inSubtreeOf(eb, 'u.path', actor.unitPath)])));
  q = q.where('c.archived_at', query.archived === 'true' ? 'is not' : 'is', null);
  const rows = (await q.orderBy('c.from_day', 'desc').orderBy('c.name').execute()) as CampaignRow[];
  return { items: rows.map(view(actor)) };
}

const reads = recordReads('专项行动', (db, id) => select(db).where('c.id', '=', id).executeTakeFirst() as Promise<CampaignRow | undefined>, (r) => r);

/** One campaign, read by the naming unit's subtree (units below see their superiors' campaigns in the list). */
export async function getCampaign(db: Database, actor: Actor, id: string) {
  return view(actor)(await reads.getVisible(db, actor, id));
}

/** A record of the unit at `unitPath` may carry the campaign: it exists, is current and was named by the unit or a superior. */
export async function checkCampaign(db: Database, unitPath: string, campaignId: string | null | undefined, field = 'campaignId'): Promise<void> {
  if (!campaignId) return;
  const c = await db.selectFrom('campaigns as c').innerJoin('units as u', 'u.id', 'c.unit_id').select(['c.name', 'c.archived_at', 'u.path']).where('c.id', '=', campaignId).executeTakeFirst();
  if (!c || !unitPath.startsWith(c.path)) throw errors.validation('所选专项行动不存在，或不是本单位及上级单位发起的', field);
  if (c.archived_at) throw errors.validation(`专项行动“${c.name}”已归档`, field);
}

const audit = (v: CampaignView) => ({ name: v.name, description: v.description, fromDay: v.fromDay, toDay: v.toDay, unitName: v.unitName });

export async function createCampaign(db: Database, ctx: ActorCtx, input: z.infer<typeof campaignCreate>) {
  return inTx(db, async (trx) => {
    const unit = await getActiveUnit(trx, ctx.actor, input.unitId, 'unitId');
    const same = await trx.selectFrom('campaigns').select('id').where('unit_id', '=', unit.id).where('name', '=', input.name).where('archived_at', 'is', null).executeTakeFirst();
    if (same) throw errors.validation(`${unit.name}已发起名为“${input.name}”的专项行动`, 'name');
    const row = await insertRecord(trx, 'campaigns', { unit_id: unit.id, name: input.name, description: input.description, from_day: input.fromDay, to_day: input.toDay });
    const v = await getCampaign(trx, ctx.actor, row.id);
    await writeAudit(trx, ctx, { action: 'create', entity: 'campaign', entityId: row.id, unitPath: unit.path, after: audit(v) });
    return v;
  });
}

export async function updateCampaign(db: Database, ctx: ActorCtx, id: string, input: z.infer<typeof campaignUpdate>) {
  return inTx(db, async (trx) => {
    const before = editable(await reads.getVisible(trx, ctx.actor, id), input.version, '该专项行动已归档，请先恢复');
    const same = await trx.selectFrom('campaigns').select('id').where('unit_id', '=', before.unit_id).where('name', '=', input.name).where('id', '!=', id).where('archived_at', 'is', null).executeTakeFirst();
    if (same) throw errors.validation(`${before.unit_name}已发起名为“${input.name}”的专项行动`, 'name');
    await updateVersioned(trx, 'campaigns', id, input.version, { name: input.name, description: input.description, from_day: input.fromDay, to_day: input.toDay });
    const after = await getCampaign(trx, ctx.actor, id);
    await writeAudit(trx, ctx, { action: 'update', entity: 'campaign', entityId: id, unitPath: before.unit_path, before: audit(view(ctx.actor)(before)), after: audit(after) });
    return after;
  });
}

export const setCampaignArchived = archiver<CampaignRow, CampaignView>({
  table: 'campaigns', entity: 'campaign', noun: '专项行动', load: reads.getVisible, view: (trx, actor, r) => getCampaign(trx, actor, r.id),
});
