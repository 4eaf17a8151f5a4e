/**
 * The robots' outbox. An announced event (platform/events.ts) becomes one row per subscribed
 * robot of the unit that must act (subscribed to its kind, or to the kind of the item a
 * reminder is about), at most one per robot and event key, written in the event's own
 * transaction; the delivery job
 * sends them later. A row is claimed by a conditional update (pending → sending, by this
 * server) before it is sent, so two app servers never send the same row, and a row left
 * `sending` by a server that stopped mid-send is given up (`unknown`), not sent again: a
 * message may be lost in a crash, never doubled.
 *
 * Per robot and run: nothing in its quiet hours unless a watch period is in force for its unit
 * (modules/watch/periods.ts); nothing beyond its platform's rate; everything waiting folded
 * into one digest message; a failure retried after 30 s, 1, 2, 4 … minutes, given up after 6
 * attempts. Every send is logged with the code the platform returned.
 */
import { eventKindLabel, type EventHandler } from '../../platform/events';
import { newId } from '../../platform/ids';
import { shanghaiDay, shanghaiParts } from '../../platform/period';
import type { Database } from '../../db';
import type { RobotProvider } from '../../../common/robots';
import { inWatchPeriod } from '../watch/periods';
import { PROVIDERS, sendText } from './providers';
import { credentialsOf, finalText } from './service';

export const MAX_ATTEMPTS = 6;
const BACKOFF_MS = 30_000;
/** A row `sending` for longer than this was left by a server that stopped mid-send. */
const ABANDONED_MS = 10 * 60_000;
/** Rows folded into one digest at most (the rest wait for the next one). */
const DIGEST_MAX = 30;

/** The message a group sees: what happened, to which unit, a link; the record's title only where it is not a citizen's words and the robot allows titles. */
export function messageText(kindLabel: string, unitName: string, subject: string | null, withTitles: boolean, link: string, publicUrl?: string): string {
  const what = subject && withTitles ? `“${subject.length > 60 ? `${subject.slice(0, 60)}…` : subject}”` : '';
  const where = publicUrl ? `${publicUrl}${link}` : '请登录网信工作台查看';
  return `【网信工作台】${kindLabel}：${unitName}${what ? ` ${what}` : ''}\n${where}`;
}

export function outboxHandler(publicUrl?: string): EventHandler {
  return async (trx, events, at) => {
    const unitIds = [...new Set(events.map((e) => e.unitId))];
    const robots = await trx.selectFrom('robots as r').innerJoin('units as u', 'u.id', 'r.unit_id').select(['r.id', 'r.unit_id', 'r.kinds', 'r.with_titles', 'u.name as unit_name'])
      .where('r.unit_id', 'in', unitIds).where('r.archived_at', 'is', null).execute();
    if (!robots.length) return;
    const rows = [];
    const seen = new Set<string>();
    for (const e of events) {
      for (const r of robots) {
        const kinds = JSON.parse(r.kinds) as string[];
        if (r.unit_id !== e.unitId || !(kinds.includes(e.kind) || (e.about && kinds.includes(e.about))) || seen.has(`${r.id}\u0000${e.key}`)) continue;
        seen.add(`${r.id}\u0000${e.key}`);
        rows.push({
          id: newId(), robot_id: r.id, kind: e.kind, key: e.key.slice(0, 200), text: messageText(eventKindLabel(e.kind), r.unit_name, e.subject, r.with_titles === 1, e.link, publicUrl),
          status: 'pending', attempts: 0, next_at: at, claimed_by: null, claimed_at: null, delivery_id: null, created_at: at, sent_at: null,
        });
      }
    }
    // One message per robot and key: an event announced again (the reminders job's next run) adds nothing.
    for (let i = 0; i < rows.length; i += 200) await trx.insertInto('robot_outbox').values(rows.slice(i, i + 200)).onConflict((oc) => oc.columns(['robot_id', 'key']).doNothing()).execute();
  };
}

/** Whether `hhmm` of Shanghai lies in [from, to) (a range past midnight wraps). */
export function inQuietHours(from: string | null, to: string | null, now: Date): boolean {
  if (!from || !to) return false;
  const p = shanghaiParts(now.toISOString());
  const t = `${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`;
  return from < to ? t >= from && t < to : t >= from || t < to;
}

/** One message of the rows: the row itself, or a digest listing each. */
export function digestOf(texts: string[]): string {
  if (texts.length === 1) return texts[0];
  const lines = texts.map((t, i) => `${i + 1}. ${t.replace(/^【网信工作台】/, '').replace(/\n/g, ' ')}`);
  return `【网信工作台】${texts.length} 条提醒：\n${lines.join('\n')}`;
}

export interface DeliveryRun {
  sent: number;
  failed: number;
  /** Robots skipped for quiet hours or rate. */
  held: number;
}

/**
 * Sends what is due. `owner` names this server (two instances pass different names); `now` and
 * `send` are for tests. Safe to run on several servers at once: rows are claimed one by one.
 */
export async function deliverDue(db: Database, o: { owner: string; now?: Date; publicUrl?: string } = { owner: 'app' }): Promise<DeliveryRun> {
  const now = o.now ?? new Date();
  const at = now.toISOString();
  const run: DeliveryRun = { sent: 0, failed: 0, held: 0 };
  // Left mid-send by a server that stopped: give up rather than risk a second copy.
  await db.updateTable('robot_outbox').set({ status: 'unknown' }).where('status', '=', 'sending').where('claimed_at', '<', new Date(now.getTime() - ABANDONED_MS).toISOString()).execute();
  const due = await db.selectFrom('robot_outbox').select('robot_id').distinct().where('status', '=', 'pending').where('next_at', '<=', at).limit(200).execute();
  for (const { robot_id } of due) {
    const r = await db.selectFrom('robots as r').innerJoin('units as u', 'u.id', 'r.unit_id').selectAll('r').select('u.name as unit_name').where('r.id', '=', robot_id).executeTakeFirst();
    if (!r || r.archived_at) continue;
    if (inQuietHours(r.quiet_from, r.quiet_to, now) && !(await inWatchPeriod(db, r.unit_id, shanghaiDay(now)))) {
      run.held++;
      continue;
    }
    const spec = PROVIDERS[r.provider as RobotProvider];
    const count = async (ms: number) => Number((await db.selectFrom('robot_deliveries').select((eb) => eb.fn.countAll<number>().as('c')).where('robot_id', '=', r.id).where('at', '>', new Date(now.getTime() - ms).toISOString()).executeTakeFirstOrThrow()).c);
    if ((await count(60_000)) >= spec.perMinute || (spec.perSecond !== null && (await count(1000)) >= spec.perSecond)) {
      run.held++;
      continue;
    }
    const candidates = await db.selectFrom('robot_outbox').select('id').where('robot_id', '=', r.id).where('status', '=', 'pending').where('next_at', '<=', at)
      .orderBy('created_at').orderBy('id').limit(DIGEST_MAX).execute();
    if (!candidates.length) continue;
    // Claim: only rows still pending become ours; another server's claim wins the rest.
    await db.updateTable('robot_outbox').set({ status: 'sending', claimed_by: o.owner, claimed_at: at })
      .where('id', 'in', candidates.map((c) => c.id)).where('status', '=', 'pending').execute();
    const mine = await db.selectFrom('robot_outbox').select(['id', 'text', 'attempts']).where('id', 'in', candidates.map((c) => c.id)).where('status', '=', 'sending').where('claimed_by', '=', o.owner).where('claimed_at', '=', at)
      .orderBy('created_at').orderBy('id').execute();
    if (!mine.length) continue;
    const text = finalText(r, digestOf(mine.map((m) => m.text)));
    const { webhook, secret } = credentialsOf(r);
    const res = await sendText(r.provider as RobotProvider, webhook, secret, text, now.getTime());
    const deliveryId = newId();
    const ids = mine.map((m) => m.id);
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('robot_deliveries').values({
        id: deliveryId, robot_id: r.id, at, messages: mine.length, text, http_status: res.httpStatus, errcode: res.errcode,
        errmsg: res.errmsg?.slice(0, 500) ?? null, ok: res.ok ? 1 : 0, test: 0,
      }).execute();
      if (res.ok) {
        await trx.updateTable('robot_outbox').set({ status: 'sent', sent_at: at, delivery_id: deliveryId }).where('id', 'in', ids).execute();
        return;
      }
      for (const m of mine) {
        const attempts = m.attempts + 1;
        await trx.updateTable('robot_outbox').set(attempts >= MAX_ATTEMPTS
          ? { status: 'failed', attempts, delivery_id: deliveryId }
          : { status: 'pending', attempts, next_at: new Date(now.getTime() + BACKOFF_MS * 2 ** (attempts - 1)).toISOString(), claimed_by: null, claimed_at: null, delivery_id: deliveryId })
          .where('id', '=', m.id).execute();
      }
    });
    if (res.ok) run.sent += mine.length;
    else run.failed += mine.length;
  }
  return run;
}
