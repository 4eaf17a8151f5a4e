import type { Role } from '../../common/roles';
import type { Database } from '../db';
import type { WorkCalendar } from './calendar';

/**
 * Something a person should be told about: a deadline coming up or passed. Modules
 * contribute sources (module.ts `reminders`); the reminders job (modules/notifications)
 * announces what they return as events (platform/events.ts): in-app notifications, once per
 * person and `key`, and one message per subscribed group robot and `key`.
 */
export interface Reminder {
  /** Stable across runs, e.g. `task:<id>:overdue`, so a reminder is sent once. */
  key: string;
  /** notice: something waits for the person (an item to sign off), no deadline of theirs. */
  kind: 'due_soon' | 'overdue' | 'notice';
  /** The unit whose people are told: its accounts with one of `roles`, plus `accountIds`. */
  unitId: string;
  roles?: Role[];
  accountIds?: string[];
  title: string;
  /** Web app path of the record, e.g. /tasks/<id>. */
  link: string;
  dueAt: string;
  /**
   * The module's event kind of the item this reminds of (the event announced with the same key
   * or about the same record, e.g. watch.swap): a person who switched that kind off is not
   * reminded either, and group robots subscribed to it receive the reminder.
   */
  about?: string;
  /** What a group robot's message may name (see WorkEvent.subject); omitted: nothing beyond the kind and the unit. */
  subject?: string | null;
}

export interface ReminderContext {
  db: Database;
  calendar: WorkCalendar;
  now: Date;
  /** Settings value: how many days before a deadline to remind (default 3). */
  daysBefore: number;
}

export type ReminderSource = (ctx: ReminderContext) => Promise<Reminder[]>;

// Sources beyond the modules' own (tests add one to drive the job).
const extra = new Map<string, ReminderSource>();

export function registerReminderSource(name: string, source: ReminderSource) {
  extra.set(name, source);
}

// Every module's own source, named by the module's key: set by installModules at start.
let contributed: [string, ReminderSource][] = [];

export function setModuleReminderSources(sources: [string, ReminderSource][]) {
  contributed = sources;
}

/** The modules' sources (module.ts `reminders`), then those added with registerReminderSource. */
export function reminderSources(): [string, ReminderSource][] {
  return [...contributed, ...extra.entries()];
}
