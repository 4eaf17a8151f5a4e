import { can, PERMISSIONS, type Permission, type Role } from '../../../common/roles';
import type { Database } from '../../db';
import { writeAudit } from '../../platform/audit';
import type { Actor, ActorCtx, RequestMeta } from '../../platform/context';
import { errors } from '../../platform/errors';
import { formatShanghaiDateTime, nowIso } from '../../platform/ids';
import { dummyPasswordHash, hashPassword, refusePasswordOf, verifyPassword } from '../../platform/passwords';
import { createSession, deleteSessionsOfAccount } from '../../platform/sessions';
import { inTx } from '../../platform/tx';

export const MAX_FAILURES = 5;
export const FAILURE_WINDOW_MS = 15 * 60_000;
export const LOCK_MS = 15 * 60_000;
/** Each further five failures within a day double the lock, up to a day. */
const BACKOFF_WINDOW_MS = 24 * 60 * 60_000;

/** 15 minutes for the first five failures of a day, 30 for ten, 60 for fifteen … at most a day. */
export function lockLength(failuresToday: number): number {
  const steps = Math.max(0, Math.floor(failuresToday / MAX_FAILURES) - 1);
  return Math.min(LOCK_MS * 2 ** steps, BACKOFF_WINDOW_MS);
}

export function sessionView(actor: Actor, csrfToken: string) {
  const permissions = (Object.keys(PERMISSIONS) as Permission[]).filter((p) => can(actor.role, p));
  return {
    account: {
      id: actor.accountId, username: actor.username, displayName: actor.displayName, role: actor.role,
      unitId: actor.unitId, unitName: actor.unitName,
    },
    permissions,
    csrfToken,
  };
}

const BAD_LOGIN = () => errors.validation('登录名或密码错误', 'password');

/**
 * Five failures within fifteen minutes from one address lock that address out of that login
 * name (longer each time within a day); other addresses are not affected, so a correct
 * password from elsewhere still works. A name that does not exist counts and locks exactly
 * like one that does, so the answers tell nothing about which names exist.
 */
export async function login(db: Database, meta: RequestMeta & { userAgent: string | null }, username: string, password: string) {
  const ip = meta.ip ?? '';
  const now = nowIso();
  const lock = await db.selectFrom('login_locks').select('locked_until').where('username', '=', username).where('ip', '=', ip).executeTakeFirst();
  if (lock && lock.locked_until > now) throw errors.locked(formatShanghaiDateTime(lock.locked_until));
  const account = await db
    .selectFrom('accounts as a')
    .innerJoin('units as u', 'u.id', 'a.unit_id')
    .select(['a.id', 'a.username', 'a.password_hash', 'a.display_name', 'a.role', 'a.disabled', 'a.unit_id', 'u.name as unit_name', 'u.path as unit_path', 'u.archived_at'])
    .where('a.username', '=', username)
    .executeTakeFirst();

  const ok = await verifyPassword(account?.password_hash ?? (await dummyPasswordHash()), password);
  if (!ok || !account) {
    await inTx(db, async (trx) => {
      await trx.insertInto('login_failures').values({ username, at: now, ip }).execute();
      const failuresSince = async (ms: number) => {
        const { n } = await trx
          .selectFrom('login_failures')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('username', '=', username)
          .where('ip', '=', ip)
          .where('at', '>', new Date(Date.now() - ms).toISOString())
          .executeTakeFirstOrThrow();
        return Number(n);
      };
      const recent = await failuresSince(FAILURE_WINDOW_MS);
      const locked = recent >= MAX_FAILURES;
      let today = recent;
      if (locked) {
        today = await failuresSince(BACKOFF_WINDOW_MS);
        const lockedUntil = new Date(Date.now() + lockLength(today)).toISOString();
        await trx
          .insertInto('login_locks')
          .values({ username, ip, locked_until: lockedUntil, failures: today })
          .onConflict((oc) => oc.columns(['username', 'ip']).doUpdateSet({ locked_until: lockedUntil, failures: today }))
          .execute();
        // Shown to administrators in the account list; sign-in itself only looks at login_locks.
        if (account) await trx.updateTable('accounts').set({ locked_until: lockedUntil }).where('id', '=', account.id).execute();
      }
      if (account) {
        await writeAudit(trx, { ...meta, actor: null }, {
          action: 'login_failed', entity: 'account', entityId: account.id, unitPath: account.unit_path,
          after: { username, failures: recent, failuresToday: today, locked },
        });
      }
    });
    throw BAD_LOGIN();
  }
  if (account.disabled || account.archived_at) throw errors.forbidden('账号已停用，请联系管理员');

  const actor: Actor = {
    accountId: account.id, username: account.username, displayName: account.display_name, role: account.role as Role,
    unitId: account.unit_id, unitName: account.unit_name, unitPath: account.unit_path,
  };
  const session = await inTx(db, async (trx) => {
    await trx.deleteFrom('login_failures').where('username', '=', username).where('ip', '=', ip).execute();
    await trx.deleteFrom('login_locks').where('username', '=', username).where('ip', '=', ip).execute();
    await trx.updateTable('accounts').set({ last_login_at: now }).where('id', '=', account.id).execute();
    const s = await createSession(trx, account.id, meta);
    await writeAudit(trx, { ...meta, actor }, { action: 'login', entity: 'session', entityId: account.id, unitPath: account.unit_path });
    return s;
  });
  return { actor, ...session };
}

export async function logout(db: Database, ctx: ActorCtx, tokenHash: string) {
  await inTx(db, async (trx) => {
    await trx.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
    await writeAudit(trx, ctx, { action: 'logout', entity: 'session', entityId: ctx.actor.accountId, unitPath: ctx.actor.unitPath });
  });
}

export async function changeOwnPassword(db: Database, ctx: ActorCtx, tokenHash: string, oldPassword: string, newPassword: string) {
  const account = await db.selectFrom('accounts').select(['password_hash', 'version']).where('id', '=', ctx.actor.accountId).executeTakeFirstOrThrow();
  if (!(await verifyPassword(account.password_hash, oldPassword))) throw errors.validation('原密码不正确', 'oldPassword');
  if (oldPassword === newPassword) throw errors.validation('新密码不能与原密码相同', 'newPassword');
  refusePasswordOf(ctx.actor.username, newPassword, 'newPassword');
  const hash = await hashPassword(newPassword);
  await inTx(db, async (trx) => {
    await trx
      .updateTable('accounts')
      .set({ password_hash: hash, password_changed_at: nowIso(), version: account.version + 1, updated_at: nowIso() })
      .where('id', '=', ctx.actor.accountId)
      .execute();
    // Other devices signed in with the old password are signed out.
    await deleteSessionsOfAccount(trx, ctx.actor.accountId, tokenHash);
    await writeAudit(trx, ctx, { action: 'password_change', entity: 'account', entityId: ctx.actor.accountId, unitPath: ctx.actor.unitPath });
  });
}
