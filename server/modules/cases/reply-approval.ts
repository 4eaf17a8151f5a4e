/**
 * Second-person approval of public replies: a unit may require that a reply to a citizen be
 * approved by someone other than its author before the citizen sees it. The setting holds for
 * the unit and every unit below it, so a county can require it of all its townships and a
 * township of itself. Stored per unit in the settings table (`cases.replyApproval:<unitId>`),
 * with a version so that two admins saving at once do not overwrite each other silently.
 */
import type { z } from 'zod';
import type { ReplyApprovalView, replyApprovalBody } from '../../../common/cases';
import type { Database } from '../../db';
import { writeAudit } from '../../platform/audit';
import type { Actor, ActorCtx } from '../../platform/context';
import { errors } from '../../platform/errors';
import { nowIso } from '../../platform/ids';
import { inTx, updatedRows } from '../../platform/tx';

interface Stored { required: boolean; version: number; updatedByName: string; updatedAt: string }
const keyOf = (unitId: string) => `cases.replyApproval:${unitId}`;

/** The unit that requires approval for replies of a unit at `unitPath` (itself or one above), or null. */
export async function replyApprovalBy(db: Database, unitPath: string): Promise<{ unitId: string; unitName: string } | null> {
  const ids = unitPath.split('/').filter(Boolean);
  if (!ids.length) return null;
  const rows = await db.selectFrom('settings').select(['key', 'value']).where('key', 'in', ids.map(keyOf)).execute();
  const requiring = new Set(rows.filter((r) => (JSON.parse(r.value) as Stored).required).map((r) => r.key));
  // The nearest unit up the path that requires it names the rule.
  const id = [...ids].reverse().find((u) => requiring.has(keyOf(u)));
  if (!id) return null;
  const unit = await db.selectFrom('units').select(['id', 'name']).where('id', '=', id).executeTakeFirstOrThrow();
  return { unitId: unit.id, unitName: unit.name };
}

export async function getReplyApproval(db: Database, actor: Actor): Promise<ReplyApprovalView> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', keyOf(actor.unitId)).executeTakeFirst();
  const own = row ? (JSON.parse(row.value) as Stored) : null;
  const parentPath = actor.unitPath.split('/').filter(Boolean).slice(0, -1);
  const above = parentPath.length ? await replyApprovalBy(db, `/${parentPath.join('/')}/`) : null;
  return {
    unitId: actor.unitId, unitName: actor.unitName, required: own?.required ?? false, requiredBy: above?.unitName ?? null,
    version: own?.version ?? 0, updatedByName: own?.updatedByName ?? null, updatedAt: own?.updatedAt ?? null,
  };
}

/** An admin sets it for their own unit; a stale version answers 409; audited. */
export async function setReplyApproval(db: Database, ctx: ActorCtx, input: z.infer<typeof replyApprovalBody>): Promise<ReplyApprovalView> {
  await inTx(db, async (trx) => {
    const key = keyOf(ctx.actor.unitId);
    const row = await trx.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
    const before = row ? (JSON.parse(row.value) as Stored) : null;
    if ((before?.version ?? 0) !== input.version) throw errors.stale();
    const after: Stored = { required: input.required, version: input.version + 1, updatedByName: ctx.actor.displayName, updatedAt: nowIso() };
    if (row) {
      // Compare and set on the stored text: of two saves from the same version, one wins.
      const res = await trx.updateTable('settings').set({ value: JSON.stringify(after) }).where('key', '=', key).where('value', '=', row.value).executeTakeFirst();
      if (updatedRows(res) === 0) throw errors.stale();
    } else {
      await trx.insertInto('settings').values({ key, value: JSON.stringify(after) }).execute();
    }
    await writeAudit(trx, ctx, {
      action: 'case.reply_approval', entity: 'unit', entityId: ctx.actor.unitId, unitPath: ctx.actor.unitPath,
      before: { required: before?.required ?? false }, after: { required: input.required },
    });
  });
  return getReplyApproval(db, ctx.actor);
}
