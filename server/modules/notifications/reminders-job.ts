import type { Database } from '../../db';
import { WorkCalendar } from '../../platform/calendar';
import { emitEvents, type WorkEvent } from '../../platform/events';
import type { JobDef } from '../../platform/jobs';
import { type Reminder, type ReminderContext, reminderSources } from '../../platform/reminders';
import { recipientsOf } from './events';
import { reminderDaysBefore } from './service';

const CHUNK = 300;

function chunks<T>(items: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Only paths inside the web app become links; anything else is dropped rather than followed. */
function safeLink(link: string | undefined): string | null {
  if (!link || !link.startsWith('/') || link.startsWith('//') || link.length > 500) return null;
  return link;
}

export interface ReminderRun {
  sources: number;
  reminders: number;
  /** Notifications written by this run (those already sent earlier are not counted). */
  created: number;
  /** Sources that failed, with their messages; the others still ran. */
  failed: { source: string; message: string }[];
}

/** A reminder as the event it announces: its own kind (期限临近, 已逾期, 待办提醒), about its item's kind. */
function asEvent(r: Reminder): WorkEvent {
  return {
    kind: r.kind, about: r.about, unitId: r.unitId, roles: r.roles, accountIds: r.accountIds, title: r.title, subject: r.subject ?? null,
    link: safeLink(r.link) ?? '', key: r.key, dueAt: r.dueAt ?? null,
  };
}

/**
 * Announces every registered reminder source's reminders as events (platform/events.ts), so
 * they reach people in the app and the group robots subscribed to their kind (or to their
 * item's kind) alike: one notification per (account, reminder key), one robot message per
 * (robot, key), never twice. The unique indexes on notifications (account_id, key) and
 * robot_outbox (robot_id, key) make this hold across repeated runs and several app servers;
 * the pre-check only saves work. A reminder is announced while someone it names has not had
 * it yet, or while nobody ever had it (then a robot may still be waiting); one already told to
 * everyone is not announced again, so robots are not sent what people heard before they
 * subscribed. Recipients: the accounts of `unitId` whose role is in `roles`, plus `accountIds`;
 * disabled accounts, and those who switched the kind or the item's kind off, never.
 */
export async function runReminders(db: Database, now: Date = new Date()): Promise<ReminderRun> {
  const ctx: ReminderContext = { db, calendar: await WorkCalendar.load(db), now, daysBefore: await reminderDaysBefore(db) };
  const sources = reminderSources();
  const reminders: Reminder[] = [];
  const failed: ReminderRun['failed'] = [];
  for (const [name, source] of sources) {
    try {
      reminders.push(...(await source(ctx)));
    } catch (err) {
      failed.push({ source: name, message: err instanceof Error ? err.message : String(err) });
    }
  }

  const valid = reminders.filter((r) => r.key && r.key.length <= 200 && r.title && r.unitId);
  const created = await announce(db, valid.map(asEvent), now);

  if (failed.length) {
    throw new Error(`提醒来源出错：${failed.map((f) => `${f.source}：${f.message}`).join('；')}(其余来源已处理，新增 ${created} 条提醒)`);
  }
  return { sources: sources.length, reminders: valid.length, created, failed };
}

/** Emits the events someone still waits for, a chunk per transaction; returns the notifications written. */
async function announce(db: Database, events: WorkEvent[], now: Date): Promise<number> {
  const waiting: WorkEvent[] = [];
  for (const part of chunks(events)) {
    // Who would be told (enabled accounts, preferences applied), less who already was.
    const recipients = await recipientsOf(db, part);
    const told = new Set<string>();
    const heard = new Set<string>();
    const keys = [...new Set(part.map((e) => e.key))];
    const rows = await db.selectFrom('notifications').select(['account_id', 'key']).where('key', 'in', keys).execute();
    for (const row of rows) {
      told.add(`${row.account_id}\u0000${row.key}`);
      heard.add(row.key);
    }
    for (const e of part) {
      const pending = (recipients.get(e) ?? []).some((id) => !told.has(`${id}\u0000${e.key}`));
      if (pending || !heard.has(e.key)) waiting.push(e);
    }
  }
  const at = now.toISOString();
  let created = 0;
  // No transaction of its own: nothing else changes with a reminder, and every row it writes is
  // idempotent on its own (a second server's run writes nothing twice).
  for (const part of chunks(waiting, 200)) {
    const keys = [...new Set(part.map((e) => e.key))];
    const count = async () => Number((await db.selectFrom('notifications').select((eb) => eb.fn.countAll().as('n')).where('key', 'in', keys).executeTakeFirstOrThrow()).n);
    const before = await count();
    await emitEvents(db, part, at);
    created += (await count()) - before;
  }
  return created;
}

/** The scheduled job: every 30 minutes, on one app server at a time (the scheduler's lease). */
export function remindersJob(): JobDef {
  return {
    name: 'reminders',
    intervalMs: 30 * 60_000,
    async run(db) {
      await runReminders(db);
    },
  };
}
