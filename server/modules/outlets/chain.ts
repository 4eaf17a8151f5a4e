/**
 * 审核流程: each unit may set its chain per outlet type (or for all types); a post takes the
 * nearest one up its unit's path for its first target's type, else the default 初审 → 复审 → 终审.
 * The chain is copied onto the post at submission, so a later change does not move posts in review.
 */
import type { z } from 'zod';
import type { OutletType } from '../../../common/outlets';
import { type ChainStep, type chainSave, DEFAULT_CHAIN } from '../../../common/publishing';
import type { Database } from '../../db';
import { writeAudit } from '../../platform/audit';
import type { Actor, ActorCtx } from '../../platform/context';
import { errors } from '../../platform/errors';
import { getSetting, setSetting } from '../../platform/settings';
import { inTx } from '../../platform/tx';
import { getActiveUnit, getVisibleUnit } from '../units/service';

const key = (unitId: string, type: OutletType | null) => `publishing.chain:${unitId}:${type ?? 'all'}`;

/** The chain for a unit (by path) and an outlet type, and where it comes from. */
export async function chainFor(db: Database, unitPath: string, type: OutletType | null): Promise<{ steps: ChainStep[]; unitId: string | null; outletType: OutletType | null }> {
  const ids = unitPath.split('/').filter(Boolean).reverse();
  for (const id of ids) {
    for (const t of type ? [type, null] : [null]) {
      const steps = await getSetting<ChainStep[]>(db, key(id, t));
      if (steps) return { steps, unitId: id, outletType: t };
    }
  }
  return { steps: DEFAULT_CHAIN, unitId: null, outletType: null };
}

export async function getChain(db: Database, actor: Actor, q: { unitId?: string; outletType?: OutletType }) {
  const unit = q.unitId ? await getVisibleUnit(db, actor, q.unitId) : null;
  return chainFor(db, unit?.path ?? actor.unitPath, q.outletType ?? null);
}

export async function saveChain(db: Database, ctx: ActorCtx, input: z.infer<typeof chainSave>) {
  return inTx(db, async (trx) => {
    const unit = await getActiveUnit(trx, ctx.actor, input.unitId, 'unitId');
    for (const [i, s] of input.steps.entries()) {
      for (const id of s.accountIds) {
        const a = await trx.selectFrom('accounts as a').innerJoin('units as u', 'u.id', 'a.unit_id').select(['u.path']).where('a.id', '=', id).executeTakeFirst();
        if (!a || !unit.path.startsWith(a.path)) throw errors.validation(`“${s.label}”指定的人员应属于本单位或上级单位`, `steps.${i}.accountIds`);
      }
    }
    const before = await getSetting<ChainStep[]>(trx, key(unit.id, input.outletType));
    await setSetting(trx, key(unit.id, input.outletType), input.steps);
    await writeAudit(trx, ctx, { action: 'update', entity: 'review_chain', entityId: unit.id, unitPath: unit.path, before: before ? { steps: before } : null, after: { outletType: input.outletType, steps: input.steps } });
    return chainFor(trx, unit.path, input.outletType);
  });
}
