/**
 * Shapes of the platform's answers that every register shares (history, attachments, the audit
 * log, the session), and the one shape in which a record tells the page what the caller may do.
 */
import type { Permission, Role } from './roles';
import type { UnitKind } from './labels';

/** One step of a record's history, read from the audit log (server/platform/audit.ts entityHistory). */
export interface HistoryEntry {
  seq: number;
  at: string;
  actorName: string;
  action: string;
  /** Fields whose value changed, with before and after (both null-safe). */
  changes: { field: string; before: unknown; after: unknown }[];
  /** The record as written by this step (for steps that carry a note, a reason …). */
  after: Record<string, unknown> | null;
}

export interface AttachmentView {
  id: string;
  filename: string;
  size: number;
  mime: string;
  entity: string;
  entityId: string;
  createdAt: string;
}

/** One row of the audit log page. */
export interface AuditItem {
  seq: number;
  at: string;
  actorName: string;
  action: string;
  actionLabel: string;
  entity: string;
  entityLabel: string;
  entityId: string | null;
  unitName: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  ip: string | null;
  requestId: string | null;
}

export interface SessionView {
  account: { id: string; username: string; displayName: string; role: Role; unitId: string; unitName: string };
  /** The account's unit: its kind and how deep it sits (0 = a top unit), which shape the menu. */
  unit: { kind: UnitKind; depth: number };
  /** Minutes without a request after which the server ends the session (config sessionIdleMinutes). */
  idleMinutes: number;
  permissions: Permission[];
  csrfToken: string;
  /** Two factors are required for this account and it has not enrolled: only enrolment works. */
  twoFactorRequired: boolean;
}

/** Who must sign in with two factors: `roles` everywhere, unless the nearest unit rule up the tree says otherwise. */
export interface TwoFactorPolicy {
  roles: Role[];
  units: { unitId: string; unitName: string; roles: Role[] }[];
}

/** What the login page knows before anyone signs in. */
export interface PublicInfo {
  appName: string;
  setupNeeded: boolean;
  demo: boolean;
  demoAccounts?: { username: string; password: string; role: Role; roleLabel: string; unitName: string }[];
}

export interface Paged<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

// ---------------------------------------------------------------------------------------------
// What the caller may do: one shape for every module

/**
 * A module's policy (`server/modules/<m>/policy.ts`) answers, for each action on a record, a
 * Chinese reason why the caller may not do it now, or null. The record's view carries the
 * answers in this one shape: `can` for every action, `why` for the refused ones; the page shows
 * a refused action as a disabled button with its reason (web `PermitButton`).
 */
export interface Permits<A extends string> {
  can: Record<A, boolean>;
  why: Partial<Record<A, string>>;
}

export type Refusals<A extends string> = Record<A, string | null>;

export function permits<A extends string>(refusals: Refusals<A>): Permits<A> {
  const can = {} as Record<A, boolean>;
  const why: Partial<Record<A, string>> = {};
  for (const [action, reason] of Object.entries(refusals) as [A, string | null][]) {
    can[action] = reason === null;
    if (reason !== null) why[action] = reason;
  }
  return { can, why };
}
