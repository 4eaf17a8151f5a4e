import type { Role } from '../../common/roles';
import type { Database } from '../db';
import type { WorkCalendar } from './calendar';

/**
 * Something a person should be told about: a deadline coming up or passed. Modules
 * contribute sources (module.ts `reminders`); the reminders job (modules/notifications) turns what they return
 * into in-app notifications, once per `key`.
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
