/**
 * Work announces itself. A module that changes something others must act on calls
 * `emitEvents(trx, …)` inside the transaction of that change: the handlers contributed by the
 * modules (module.ts `eventHandlers`: in-app notifications, the group robots' outbox) write
 * their rows in the same transaction, so the event and what it announces commit together or
 * not at all, and nobody waits for the reminders job.
 *
 * An event names the unit whose people must act (`unitId`, with the roles that act, and/or
 * `accountIds`), a title for the app (it may name the record), a `subject` safe to show in a
 * chat group (null when the record's title could carry a citizen's words: cases), and a
 * dedupe `key` (a person gets one notification per key; the reminders job uses the same keys,
 * so a later run does not repeat what the event already said).
 */
import type { EventKindDef } from '../../common/events';
import { BASE_EVENT_KINDS } from '../../common/events';
import type { Role } from '../../common/roles';
import type { Database } from '../db';

export interface WorkEvent {
  /** One of eventKinds(), e.g. task.assigned. */
  kind: string;
  /** The unit whose people must act. */
  unitId: string;
  /** Accounts of `unitId` with one of these roles are told. */
  roles?: readonly Role[];
  /** And these accounts, wherever they are. */
  accountIds?: readonly string[];
  /** In-app text, e.g. 县委网信办派发任务“网络安全宣传周”. */
  title: string;
  /** What a group message may name besides the kind and the unit: a task's title; null for anything a citizen wrote. */
  subject: string | null;
  /** App path of the record, e.g. /tasks/<id>. */
  link: string;
  /** Dedupe key, unique per occurrence (e.g. task-assigned:<child id>): one notification per person and key, one message per robot and key. */
  key: string;
  dueAt?: string | null;
  /**
   * For a generic kind (a reminder's due_soon, overdue, notice): the module kind of the item it
   * concerns. Switching either kind off keeps it from the person; a robot subscribed to either gets it.
   */
  about?: string;
}

/** What receives events: the notifications and robots modules contribute one each. */
export type EventHandler = (trx: Database, events: WorkEvent[], at: string) => Promise<void>;

let handlers: EventHandler[] = [];
let kinds: EventKindDef[] = [...BASE_EVENT_KINDS];

/** Set by installModules from the modules' `eventHandlers` and `eventKinds`. */
export function setEventContributions(hs: EventHandler[], ks: EventKindDef[]) {
  handlers = hs;
  const seen = new Set<string>();
  kinds = [...BASE_EVENT_KINDS, ...ks].filter((k) => (seen.has(k.key) ? false : (seen.add(k.key), true)));
}

/** Every kind of event, the platform's first, then each module's. */
export function eventKinds(): EventKindDef[] {
  return kinds;
}

export function eventKindLabel(key: string): string {
  return kinds.find((k) => k.key === key)?.label ?? key;
}

/**
 * Announces events: call it inside the transaction of the change (the `trx` of `inTx`). Every
 * handler writes its rows there; nothing is sent from here (robots deliver from their outbox).
 */
export async function emitEvents(trx: Database, events: WorkEvent | WorkEvent[], at = new Date().toISOString()): Promise<void> {
  const list = (Array.isArray(events) ? events : [events]).filter((e) => e.unitId && e.key && e.title);
  if (!list.length) return;
  for (const h of handlers) await h(trx, list, at);
}
