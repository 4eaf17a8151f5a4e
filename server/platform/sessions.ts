import { createHash, randomBytes } from 'node:crypto';
import type { Role } from '../../common/roles';
import type { Database } from '../db';
import type { Actor } from './context';
import { nowIso } from './ids';
import { hotStatement } from '../db/batch';

export const SESSION_COOKIE = 'nd_session';
export const CSRF_COOKIE = 'nd_csrf';

export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export async function createSession(
  db: Database,
  accountId: string,
  meta: { ip: string | null; userAgent: string | null },
  opts: { twoFactorPending?: boolean } = {},
): Promise<{ token: string; csrfToken: string }> {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const now = nowIso();
  await db
    .insertInto('sessions')
    .values({
      token_hash: tokenHash(token),
      account_id: accountId,
      csrf_token: csrfToken,
      created_at: now,
      last_seen_at: now,
      ip: meta.ip,
      user_agent: meta.userAgent?.slice(0, 300) ?? null,
      two_factor_pending: opts.twoFactorPending ? 1 : 0,
    })
    .execute();
  return { token, csrfToken };
}

export interface LoadedSession {
  tokenHash: string;
  csrfToken: string;
  lastSeenAt: string;
  /** Must enrol a second factor before anything else (policy). */
  twoFactorPending: boolean;
  actor: Actor;
  /** The person (人员) the account stands for, as read with the session: a list's views use it (rectifications' sign-off permits) without reading it again. */
  personId: string | null;
}

export type SessionLookup = { status: 'ok'; session: LoadedSession } | { status: 'none' } | { status: 'expired' };

// Run on every request: written as SQL, since building it with the query builder cost more than running it.
const sessionRow = hotStatement<{
  token_hash: string; csrf_token: string; last_seen_at: string; created_at: string; two_factor_pending: number; account_id: string; username: string;
  display_name: string; role: string; disabled: number; unit_id: string; unit_name: string; unit_path: string; unit_archived_at: string | null;
  person_id: string | null;
}>(() => `
  select s.token_hash, s.csrf_token, s.last_seen_at, s.created_at, s.two_factor_pending, a.id as account_id, a.username, a.display_name,
         a.role, a.disabled, a.unit_id, u.name as unit_name, u.path as unit_path, u.archived_at as unit_archived_at, a.person_id
    from sessions s inner join accounts a on a.id = s.account_id inner join units u on u.id = a.unit_id
   where s.token_hash = ?`);

/**
 * Finds the live session for a cookie token; a session idle too long, or older than its
 * absolute lifetime, is deleted and reported as expired.
 */
export async function loadSession(db: Database, token: string, idleMinutes: number, maxHours = 12): Promise<SessionLookup> {
  const h = tokenHash(token);
  const [row] = await sessionRow(db, [h]);
  if (!row) return { status: 'none' };
  const idleMs = Date.now() - Date.parse(row.last_seen_at);
  const ageMs = Date.now() - Date.parse(row.created_at);
  if (idleMs > idleMinutes * 60_000 || ageMs > maxHours * 3600_000 || row.disabled || row.unit_archived_at) {
    await db.deleteFrom('sessions').where('token_hash', '=', h).execute();
    return { status: 'expired' };
  }
  return {
    status: 'ok',
    session: {
      tokenHash: h,
      csrfToken: row.csrf_token,
      lastSeenAt: row.last_seen_at,
      twoFactorPending: row.two_factor_pending === 1,
      personId: row.person_id,
      actor: {
        accountId: row.account_id,
        username: row.username,
        displayName: row.display_name,
        role: row.role as Role,
        unitId: row.unit_id,
        unitName: row.unit_name,
        unitPath: row.unit_path,
      },
    },
  };
}

/** Whether touchSession writes: the session was last seen a minute ago or more. */
export const sessionNeedsTouch = (session: LoadedSession) => Date.now() - Date.parse(session.lastSeenAt) >= 60_000;

/** Idle time is measured from the last request; writes are throttled to one a minute per session. */
export async function touchSession(db: Database, session: LoadedSession): Promise<void> {
  if (!sessionNeedsTouch(session)) return;
  await db.updateTable('sessions').set({ last_seen_at: nowIso() }).where('token_hash', '=', session.tokenHash).execute();
}

export async function deleteSession(db: Database, tokenHashValue: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', tokenHashValue).execute();
}

export async function deleteSessionsOfAccount(db: Database, accountId: string, exceptTokenHash?: string): Promise<void> {
  let q = db.deleteFrom('sessions').where('account_id', '=', accountId);
  if (exceptTokenHash) q = q.where('token_hash', '!=', exceptTokenHash);
  await q.execute();
}
