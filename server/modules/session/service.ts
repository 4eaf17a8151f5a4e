import type { SessionView } from '../../../common/platform';
import { can, PERMISSIONS, type Permission, type Role } from '../../../common/roles';
import type { Database } from '../../db';
import { writeAudit } from '../../platform/audit';
import type { Actor, ActorCtx, RequestMeta } from '../../platform/context';
import { errors } from '../../platform/errors';
import { formatShanghaiDateTime, nowIso } from '../../platform/ids';
import { dummyPasswordHash, hashPassword, verifyPassword } from '../../platform/passwords';
import { createSession, deleteSessionsOfAccount } from '../../platform/sessions';
import { inTx } from '../../platform/tx';

export const MAX_FAILURES = 5;
export const FAILURE_WINDOW_MS = 15 * 60_000;
export const LOCK_MS = 15 * 60_000;

export function sessionView(actor: Actor, csrfToken: string): SessionView {
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
 * Five failures within fifteen minutes lock the account for fifteen minutes. Failures
 * are counted per login name, so guessing at a name that does not exist costs the same.
 */
export async function login(db: Database, meta: RequestMeta & { userAgent: string | null }, username: string, password: string) {
  const account = await db
    .selectFrom('accounts as a')
    .innerJoin('units as u', 'u.id', 'a.unit_id')
    .select(['a.id', 'a.username', 'a.password_hash', 'a.display_name', 'a.role', 'a.disabled', 'a.locked_until', 'a.unit_id', 'u.name as unit_name', 'u.path as unit_path', 'u.archived_at'])
    .where('a.username', '=', username)
    .executeTakeFirst();
  const now = nowIso();
  if (account?.locked_until && account.locked_until > now) throw errors.locked(formatShanghaiDateTime(account.locked_until));

  const ok = await verifyPassword(account?.password_hash ?? (await dummyPasswordHash()), password);
  if (!ok || !account) {
    await inTx(db, async (trx) => {
      await trx.insertInto('login_failures').values({ username, at: now, ip: meta.ip }).execute();
      const since = new Date(Date.now() - FAILURE_WINDOW_MS).toISOString();
      const { n } = await trx
        .selectFrom('login_failures')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('username', '=', username)
        .where('at', '>', since)
        .executeTakeFirstOrThrow();
      if (account) {
        const locked = Number(n) >= MAX_FAILURES;
        if (locked) {
          await trx.updateTable('accounts').set({ locked_until: new Date(Date.now() + LOCK_MS).toISOString() }).where('id', '=', account.id).execute();
        }
        await writeAudit(trx, { ...meta, actor: null }, {
          action: 'login_failed', entity: 'account', entityId: account.id, unitPath: account.unit_path,
          after: { username, failures: Number(n), locked },
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
    await trx.deleteFrom('login_failures').where('username', '=', username).execute();
    await trx.updateTable('accounts').set({ last_login_at: now, locked_until: null }).where('id', '=', account.id).execute();
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
  const account = await db.selectFrom('accounts').select('password_hash').where('id', '=', ctx.actor.accountId).executeTakeFirstOrThrow();
  if (!(await verifyPassword(account.password_hash, oldPassword))) throw errors.validation('原密码不正确', 'oldPassword');
  if (oldPassword === newPassword) throw errors.validation('新密码不能与原密码相同', 'newPassword');
  const hash = await hashPassword(newPassword);
  await inTx(db, async (trx) => {
    await trx
      .updateTable('accounts')
      // The version read before hashing may be old by now: count up from what is stored.
      .set((eb) => ({ password_hash: hash, password_changed_at: nowIso(), version: eb('version', '+', 1), updated_at: nowIso() }))
      .where('id', '=', ctx.actor.accountId)
      .execute();
    // Other devices signed in with the old password are signed out.
    await deleteSessionsOfAccount(trx, ctx.actor.accountId, tokenHash);
    await writeAudit(trx, ctx, { action: 'password_change', entity: 'account', entityId: ctx.actor.accountId, unitPath: ctx.actor.unitPath });
  });
}
