import type { Database } from '../../db';
import { WorkCalendar } from '../../platform/calendar';
import { newId } from '../../platform/ids';
import type { JobDef } from '../../platform/jobs';
import { type Reminder, type ReminderContext, reminderSources } from '../../platform/reminders';
import { switchedOff } from './events';
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

/**
 * Turns every registered reminder source's reminders into in-app notifications: one per
 * (account, reminder key), never twice. The unique index on (account_id, key) makes this hold
 * across repeated runs and across several app servers; the pre-check only saves work.
 * Recipients: the accounts of `reminder.unitId` whose role is in `reminder.roles`, plus
 * `reminder.accountIds`; disabled accounts never get notifications.
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
  const recipients = await resolveRecipients(db, valid);
  const created = await insertNotifications(db, valid, recipients, now);

  if (failed.length) {
    throw new Error(`提醒来源出错：${failed.map((f) => `${f.source}：${f.message}`).join('；')}(其余来源已处理，新增 ${created} 条提醒)`);
  }
  return { sources: sources.length, reminders: valid.length, created, failed };
}

type Recipients = { byUnit: Map<string, { id: string; role: string }[]>; enabled: Set<string> };

async function resolveRecipients(db: Database, reminders: Reminder[]): Promise<Recipients> {
  const unitIds = [...new Set(reminders.filter((r) => r.roles?.length).map((r) => r.unitId))];
  const accountIds = [...new Set(reminders.flatMap((r) => r.accountIds ?? []))];
  const byUnit = new Map<string, { id: string; role: string }[]>();
  for (const part of chunks(unitIds)) {
    const rows = await db.selectFrom('accounts').select(['id', 'role', 'unit_id']).where('unit_id', 'in', part).where('disabled', '=', 0).execute();
    for (const r of rows) {
      const list = byUnit.get(r.unit_id) ?? [];
      list.push({ id: r.id, role: r.role });
      byUnit.set(r.unit_id, list);
    }
  }
  const enabled = new Set<string>();
  for (const part of chunks(accountIds)) {
    const rows = await db.selectFrom('accounts').select('id').where('id', 'in', part).where('disabled', '=', 0).execute();
    for (const r of rows) enabled.add(r.id);
  }
  return { byUnit, enabled };
}

async function insertNotifications(db: Database, reminders: Reminder[], recipients: Recipients, now: Date): Promise<number> {
  const pending = new Map<string, { account_id: string; r: Reminder }>();
  for (const r of reminders) {
    const roles = new Set<string>(r.roles ?? []);
    const to = new Set<string>();
    for (const a of recipients.byUnit.get(r.unitId) ?? []) if (roles.has(a.role)) to.add(a.id);
    for (const id of r.accountIds ?? []) if (recipients.enabled.has(id)) to.add(id);
    for (const accountId of to) {
      const k = `${accountId}\u0000${r.key}`;
      if (!pending.has(k)) pending.set(k, { account_id: accountId, r });
    }
  }
  if (!pending.size) return 0;

  // Kinds a person switched off do not reach them (their own preference).
  const off = await switchedOff(db, [...new Set([...pending.values()].map((p) => p.account_id))], [...new Set(reminders.map((r) => r.kind))]);
  for (const [k, p] of pending) if (off.has(`${p.account_id}\u0000${p.r.kind}`)) pending.delete(k);
  if (!pending.size) return 0;

  // Skip what earlier runs already wrote (the unique index would refuse it anyway).
  const keys = [...new Set([...pending.values()].map((p) => p.r.key))];
  for (const part of chunks(keys)) {
    const rows = await db.selectFrom('notifications').select(['account_id', 'key']).where('key', 'in', part).execute();
    for (const row of rows) pending.delete(`${row.account_id}\u0000${row.key}`);
  }

  const createdAt = now.toISOString();
  let created = 0;
  for (const part of chunks([...pending.values()], 200)) {
    const res = await db
      .insertInto('notifications')
      .values(part.map(({ account_id, r }) => ({
        id: newId(), account_id, kind: r.kind, title: r.title.slice(0, 300), link: safeLink(r.link), key: r.key,
        due_at: r.dueAt ?? null, created_at: createdAt, read_at: null,
      })))
      .onConflict((oc) => oc.columns(['account_id', 'key']).doNothing())
      .executeTakeFirst();
    created += Number(res.numInsertedOrUpdatedRows ?? 0);
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
