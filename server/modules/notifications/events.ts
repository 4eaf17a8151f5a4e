/**
 * In-app notifications of announced events (platform/events.ts), written in the event's own
 * transaction: the accounts of the unit with one of the event's roles, plus its named accounts,
 * minus those who switched the kind (or the kind of the item it is about) off, one
 * notification per (account, key).
 */
import type { NotificationPrefsView } from '../../../common/events';
import type { Database } from '../../db';
import type { ActorCtx, Actor } from '../../platform/context';
import { writeAudit } from '../../platform/audit';
import { errors } from '../../platform/errors';
import { type EventHandler, eventKinds, type WorkEvent } from '../../platform/events';
import { newId, nowIso } from '../../platform/ids';
import { inTx } from '../../platform/tx';

/** Accounts that switched `kind` off, among `accountIds`. */
export async function switchedOff(db: Database, accountIds: string[], kinds: string[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (let i = 0; i < accountIds.length; i += 300) {
    const rows = await db.selectFrom('notification_prefs').select(['account_id', 'kind']).where('account_id', 'in', accountIds.slice(i, i + 300)).where('kind', 'in', kinds).execute();
    for (const r of rows) out.add(`${r.account_id}\u0000${r.kind}`);
  }
  return out;
}

/** Recipients of each event: account ids, enabled accounts only, preferences applied. */
export async function recipientsOf(trx: Database, events: WorkEvent[]): Promise<Map<WorkEvent, string[]>> {
  const unitIds = [...new Set(events.filter((e) => e.roles?.length).map((e) => e.unitId))];
  const named = [...new Set(events.flatMap((e) => e.accountIds ?? []))];
  const rows = unitIds.length ? await trx.selectFrom('accounts').select(['id', 'role', 'unit_id']).where('unit_id', 'in', unitIds).where('disabled', '=', 0).execute() : [];
  const enabled = new Set(named.length ? (await trx.selectFrom('accounts').select('id').where('id', 'in', named).where('disabled', '=', 0).execute()).map((r) => r.id) : []);
  const out = new Map<WorkEvent, string[]>();
  for (const e of events) {
    const roles = new Set<string>(e.roles ?? []);
    const to = new Set<string>();
    for (const a of rows) if (a.unit_id === e.unitId && roles.has(a.role)) to.add(a.id);
    for (const id of e.accountIds ?? []) if (enabled.has(id)) to.add(id);
    out.set(e, [...to]);
  }
  const all = [...new Set([...out.values()].flat())];
  const off = all.length ? await switchedOff(trx, all, [...new Set(events.flatMap((e) => (e.about ? [e.kind, e.about] : [e.kind])))]) : new Set<string>();
  for (const [e, ids] of out) out.set(e, ids.filter((id) => !off.has(`${id}\u0000${e.kind}`) && !(e.about && off.has(`${id}\u0000${e.about}`))));
  return out;
}

export const notifyInApp: EventHandler = async (trx, events, at) => {
  const recipients = await recipientsOf(trx, events);
  const rows = [];
  const seen = new Set<string>();
  for (const [e, ids] of recipients) {
    for (const accountId of ids) {
      const k = `${accountId}\u0000${e.key}`;
      if (seen.has(k)) continue;
      seen.add(k);
      rows.push({ id: newId(), account_id: accountId, kind: e.kind, title: e.title.slice(0, 300), link: e.link || null, key: e.key.slice(0, 200), due_at: e.dueAt ?? null, created_at: at, read_at: null });
    }
  }
  for (let i = 0; i < rows.length; i += 200) {
    await trx.insertInto('notifications').values(rows.slice(i, i + 200)).onConflict((oc) => oc.columns(['account_id', 'key']).doNothing()).execute();
  }
};

export async function getPrefs(db: Database, actor: Actor): Promise<NotificationPrefsView> {
  const off = new Set((await db.selectFrom('notification_prefs').select('kind').where('account_id', '=', actor.accountId).execute()).map((r) => r.kind));
  return { items: eventKinds().map((k) => ({ ...k, inApp: !off.has(k.key) })) };
}

/** The user's own choice: which kinds reach them in the app. */
export async function setPrefs(db: Database, ctx: ActorCtx, input: { off: string[] }): Promise<NotificationPrefsView> {
  const known = new Set(eventKinds().map((k) => k.key));
  const bad = input.off.find((k) => !known.has(k));
  if (bad) throw errors.validation(`没有“${bad}”这种提醒`, 'off');
  const off = [...new Set(input.off)];
  await inTx(db, async (trx) => {
    const before = (await trx.selectFrom('notification_prefs').select('kind').where('account_id', '=', ctx.actor.accountId).execute()).map((r) => r.kind).sort();
    await trx.deleteFrom('notification_prefs').where('account_id', '=', ctx.actor.accountId).execute();
    const now = nowIso();
    if (off.length) await trx.insertInto('notification_prefs').values(off.map((kind) => ({ account_id: ctx.actor.accountId, kind, created_at: now }))).execute();
    await writeAudit(trx, ctx, { action: 'update', entity: 'notification_prefs', entityId: ctx.actor.accountId, unitPath: ctx.actor.unitPath, before: { off: before }, after: { off: off.sort() } });
  });
  return getPrefs(db, ctx.actor);
}
