import type { SessionView, TwoFactorPolicy } from '../../../common/platform';
import type { UnitKind } from '../../../common/labels';
import { can, PERMISSIONS, type Permission, type Role } from '../../../common/roles';
import type { Database } from '../../db';
import { writeAudit } from '../../platform/audit';
import type { Actor, ActorCtx, RequestMeta } from '../../platform/context';
import { errors } from '../../platform/errors';
import { formatShanghaiDateTime, nowIso } from '../../platform/ids';
import { dummyPasswordHash, hashPassword, refusePasswordOf, verifyPassword } from '../../platform/passwords';
import { createSession, deleteSessionsOfAccount, tokenHash } from '../../platform/sessions';
import { acceptedStep, enrolment, newRecoveryCodes, newTicket, newTotpSecret, recoveryHash, TWO_FACTOR_POLICY, twoFactorPolicy, type UnitTwoFactorRule } from '../../platform/two-factor';
import { assertInScope } from '../../platform/scope';
import { setSetting } from '../../platform/settings';
import type { Config } from '../../config';
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

export async function sessionView(db: Database, config: Pick<Config, 'sessionIdleMinutes'>, actor: Actor, csrfToken: string, o: { twoFactorPending?: boolean } = {}): Promise<SessionView> {
  const permissions = (Object.keys(PERMISSIONS) as Permission[]).filter((p) => can(actor.role, p));
  const unit = await db.selectFrom('units').select('kind').where('id', '=', actor.unitId).executeTakeFirst();
  return {
    account: {
      id: actor.accountId, username: actor.username, displayName: actor.displayName, role: actor.role,
      unitId: actor.unitId, unitName: actor.unitName,
    },
    // "/a/b/" is a top unit's path: depth 0.
    unit: { kind: (unit?.kind ?? 'other') as UnitKind, depth: actor.unitPath.split('/').filter(Boolean).length - 1 },
    idleMinutes: config.sessionIdleMinutes,
    permissions,
    csrfToken,
    /** Two factors are required for this account and it has not enrolled: only /two-factor works. */
    twoFactorRequired: o.twoFactorPending ?? false,
  };
}

const BAD_LOGIN = () => errors.validation('登录名或密码错误', 'password');

/**
 * Five failures within fifteen minutes from one address lock that address out of that login
 * name (longer each time within a day); other addresses are not affected, so a correct
 * password from elsewhere still works. A name that does not exist counts and locks exactly
 * like one that does, so the answers tell nothing about which names exist.
 */
export async function login(db: Database, meta: RequestMeta & { userAgent: string | null }, username: string, password: string, requiredRolesAt: (unitPath: string) => Promise<readonly Role[]> = async () => []) {
  const ip = meta.ip ?? '';
  const now = nowIso();
  const lock = await db.selectFrom('login_locks').select('locked_until').where('username', '=', username).where('ip', '=', ip).executeTakeFirst();
  if (lock && lock.locked_until > now) {
    await auditLockedAttempt(db, meta, username, lock.locked_until);
    throw errors.locked(formatShanghaiDateTime(lock.locked_until));
  }
  const account = await db
    .selectFrom('accounts as a')
    .innerJoin('units as u', 'u.id', 'a.unit_id')
    .select(['a.id', 'a.username', 'a.password_hash', 'a.display_name', 'a.role', 'a.disabled', 'a.unit_id', 'a.totp_enabled_at', 'u.name as unit_name', 'u.path as unit_path', 'u.archived_at'])
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
  if (account.totp_enabled_at) {
    // The password was right; the session waits for the second factor.
    const ticket = newTicket();
    await inTx(db, async (trx) => {
      await trx.deleteFrom('login_failures').where('username', '=', username).where('ip', '=', ip).execute();
      await trx.insertInto('login_tickets').values({ ticket_hash: tokenHash(ticket), account_id: account.id, expires_at: new Date(Date.now() + TICKET_MS).toISOString() }).execute();
      await writeAudit(trx, { ...meta, actor }, { action: 'login_password_ok', entity: 'session', entityId: account.id, unitPath: account.unit_path });
    });
    return { twoFactor: true as const, ticket };
  }
  const twoFactorPending = (await requiredRolesAt(actor.unitPath)).includes(actor.role);
  return { twoFactor: false as const, actor, twoFactorPending, ...(await openSession(db, meta, actor, { method: 'password', twoFactorPending })) };
}

/**
 * A sign-in refused because (address, name) is locked is audited like a failure, also for a
 * name that does not exist (then under the top unit, so the audit administrator sees it); the
 * caller gets the same answer either way.
 */
async function auditLockedAttempt(db: Database, meta: RequestMeta, username: string, lockedUntil: string) {
  const account = await db.selectFrom('accounts as a').innerJoin('units as u', 'u.id', 'a.unit_id').select(['a.id', 'u.path']).where('a.username', '=', username).executeTakeFirst();
  const unitPath = account?.path ?? (await db.selectFrom('units').select('path').where('parent_id', 'is', null).orderBy('path').executeTakeFirst())?.path ?? null;
  await inTx(db, (trx) => writeAudit(trx, { ...meta, actor: null }, {
    action: 'login_locked', entity: 'account', entityId: account?.id ?? null, unitPath, after: { username, lockedUntil },
  }));
}

const TICKET_MS = 5 * 60_000;
const TICKET_ATTEMPTS = 5;

async function openSession(db: Database, meta: RequestMeta & { userAgent: string | null }, actor: Actor, how: { method: 'password' | 'totp' | 'recovery'; twoFactorPending?: boolean }) {
  const ip = meta.ip ?? '';
  return inTx(db, async (trx) => {
    await trx.deleteFrom('login_failures').where('username', '=', actor.username).where('ip', '=', ip).execute();
    await trx.deleteFrom('login_locks').where('username', '=', actor.username).where('ip', '=', ip).execute();
    await trx.updateTable('accounts').set({ last_login_at: nowIso() }).where('id', '=', actor.accountId).execute();
    const s = await createSession(trx, actor.accountId, meta, { twoFactorPending: how.twoFactorPending });
    await writeAudit(trx, { ...meta, actor }, {
      action: 'login', entity: 'session', entityId: actor.accountId, unitPath: actor.unitPath,
      after: how.method !== 'password' ? { secondFactor: how.method } : how.twoFactorPending ? { twoFactorEnrolmentRequired: true } : null,
    });
    return s;
  });
}

/**
 * The second step: a current authenticator code (each works once) or one unused recovery code.
 * Five wrong codes end the ticket; the user starts again from the password.
 */
export async function loginSecondFactor(db: Database, meta: RequestMeta & { userAgent: string | null }, ticket: string, code: string) {
  const h = tokenHash(ticket);
  const row = await db
    .selectFrom('login_tickets as t')
    .innerJoin('accounts as a', 'a.id', 't.account_id')
    .innerJoin('units as u', 'u.id', 'a.unit_id')
    .select(['t.expires_at', 't.attempts', 'a.id', 'a.username', 'a.display_name', 'a.role', 'a.unit_id', 'a.disabled', 'a.totp_secret', 'a.totp_last_step', 'u.name as unit_name', 'u.path as unit_path'])
    .where('t.ticket_hash', '=', h)
    .executeTakeFirst();
  if (!row || row.expires_at < nowIso() || row.attempts >= TICKET_ATTEMPTS || row.disabled || !row.totp_secret) {
    if (row) await db.deleteFrom('login_tickets').where('ticket_hash', '=', h).execute();
    throw errors.validation('验证已过期，请重新输入登录名和密码', 'code');
  }
  const actor: Actor = {
    accountId: row.id, username: row.username, displayName: row.display_name, role: row.role as Role,
    unitId: row.unit_id, unitName: row.unit_name, unitPath: row.unit_path,
  };
  const trimmed = code.replace(/\s/g, '');
  const step = acceptedStep(row.totp_secret, trimmed, row.totp_last_step ?? null);
  let method: 'totp' | 'recovery' | null = null;
  if (step !== null) {
    // Conditional on the step seen, so the same code sent twice at once opens one session.
    const moved = await db.updateTable('accounts').set({ totp_last_step: step })
      .where('id', '=', row.id)
      .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
      .executeTakeFirst();
    if (Number(moved.numUpdatedRows) === 1) method = 'totp';
  } else if (!/^\d{6}$/.test(trimmed)) {
    const used = await db.updateTable('recovery_codes').set({ used_at: nowIso() })
      .where('account_id', '=', row.id).where('code_hash', '=', recoveryHash(trimmed)).where('used_at', 'is', null)
      .executeTakeFirst();
    if (Number(used.numUpdatedRows) === 1) method = 'recovery';
  }
  if (!method) {
    await inTx(db, async (trx) => {
      await trx.updateTable('login_tickets').set((eb) => ({ attempts: eb('attempts', '+', 1) })).where('ticket_hash', '=', h).execute();
      await writeAudit(trx, { ...meta, actor: null }, { action: 'login_failed', entity: 'account', entityId: row.id, unitPath: row.unit_path, after: { username: row.username, secondFactor: true, attempts: row.attempts + 1 } });
    });
    throw errors.validation('验证码不正确或已使用', 'code');
  }
  await db.deleteFrom('login_tickets').where('ticket_hash', '=', h).execute();
  return { actor, ...(await openSession(db, meta, actor, { method })) };
}

/** Enrolment, step one: a new secret kept as pending until a code from the app confirms it. */
export async function startTotp(db: Database, ctx: ActorCtx) {
  const secret = newTotpSecret();
  await db.updateTable('accounts').set({ totp_pending: secret }).where('id', '=', ctx.actor.accountId).execute();
  return { secret, ...(await enrolment(secret, ctx.actor.username)) };
}

/** Enrolment, step two: the first code confirms the app holds the secret; recovery codes are shown once. */
export async function enableTotp(db: Database, ctx: ActorCtx, code: string) {
  const row = await db.selectFrom('accounts').select(['totp_pending', 'totp_enabled_at']).where('id', '=', ctx.actor.accountId).executeTakeFirstOrThrow();
  if (!row.totp_pending) throw errors.validation('请先生成二维码并用验证器扫描', 'code');
  const step = acceptedStep(row.totp_pending, code.replace(/\s/g, ''), null);
  if (step === null) throw errors.validation('验证码不正确，请核对手机时间后重试', 'code');
  const codes = newRecoveryCodes();
  await inTx(db, async (trx) => {
    await trx.updateTable('accounts').set({ totp_secret: row.totp_pending, totp_pending: null, totp_enabled_at: nowIso(), totp_last_step: step }).where('id', '=', ctx.actor.accountId).execute();
    await trx.deleteFrom('recovery_codes').where('account_id', '=', ctx.actor.accountId).execute();
    await trx.insertInto('recovery_codes').values(codes.map((c) => ({ account_id: ctx.actor.accountId, code_hash: recoveryHash(c), used_at: null }))).execute();
    await trx.updateTable('sessions').set({ two_factor_pending: 0 }).where('account_id', '=', ctx.actor.accountId).execute();
    await writeAudit(trx, ctx, { action: row.totp_enabled_at ? 'totp_reenrol' : 'totp_enrol', entity: 'account', entityId: ctx.actor.accountId, unitPath: ctx.actor.unitPath });
  });
  return { recoveryCodes: codes };
}

export async function twoFactorStatus(db: Database, actor: Actor) {
  const row = await db.selectFrom('accounts').select('totp_enabled_at').where('id', '=', actor.accountId).executeTakeFirstOrThrow();
  const left = await db.selectFrom('recovery_codes').select((eb) => eb.fn.countAll<number>().as('n')).where('account_id', '=', actor.accountId).where('used_at', 'is', null).executeTakeFirstOrThrow();
  return { enabled: !!row.totp_enabled_at, enabledAt: row.totp_enabled_at ?? null, recoveryCodesLeft: Number(left.n) };
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
  refusePasswordOf(ctx.actor.username, newPassword, 'newPassword');
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

async function describePolicy(db: Database, policy: { roles: Role[]; units: UnitTwoFactorRule[] }): Promise<TwoFactorPolicy> {
  const ids = policy.units.map((u) => u.unitId);
  const units = ids.length ? await db.selectFrom('units').select(['id', 'name', 'path']).where('id', 'in', ids).execute() : [];
  const byId = new Map(units.map((u) => [u.id, u]));
  return {
    roles: policy.roles,
    units: policy.units
      .filter((r) => byId.has(r.unitId))
      .map((r) => ({ unitId: r.unitId, unitName: byId.get(r.unitId)!.name, roles: r.roles, path: byId.get(r.unitId)!.path }))
      .sort((x, y) => (x.path < y.path ? -1 : 1))
      .map(({ path: _path, ...r }) => r),
  };
}

export async function getTwoFactorPolicy(db: Database, config: Pick<Config, 'twoFactorRoles'>) {
  return describePolicy(db, await twoFactorPolicy(db, config));
}

/**
 * The security administrator's two-factor policy (audited): the roles required everywhere and
 * the unit rules that override them in a subtree. Without `units` the unit rules stay as they
 * are. A unit rule may be added, changed or removed only inside the administrator's subtree;
 * rules elsewhere must be sent back unchanged.
 */
export async function setTwoFactorPolicy(db: Database, config: Pick<Config, 'twoFactorRoles'>, ctx: ActorCtx, roles: Role[], units?: UnitTwoFactorRule[]) {
  return inTx(db, async (trx) => {
    const before = await twoFactorPolicy(trx, config);
    const next = units ?? before.units;
    const seen = new Set<string>();
    for (const r of next) {
      if (seen.has(r.unitId)) throw errors.validation('单位规则：同一单位只能有一条规则', 'units');
      seen.add(r.unitId);
    }
    const beforeOf = new Map(before.units.map((r) => [r.unitId, r.roles]));
    const same = (a: Role[] | undefined, b: Role[] | undefined) => !!a && !!b && a.length === b.length && a.every((x) => b.includes(x));
    const changed = [...new Set([...beforeOf.keys(), ...seen])].filter((id) => !same(beforeOf.get(id), next.find((r) => r.unitId === id)?.roles));
    if (changed.length) {
      const found = await trx.selectFrom('units').select(['id', 'path', 'archived_at']).where('id', 'in', changed).execute();
      for (const id of changed) {
        const unit = found.find((u) => u.id === id);
        if (!unit || (unit.archived_at && seen.has(id))) throw errors.validation('单位规则：单位不存在或已撤销', 'units');
        assertInScope(ctx.actor, unit.path);
      }
    }
    await setSetting(trx, TWO_FACTOR_POLICY, { roles, units: next });
    await writeAudit(trx, ctx, {
      action: 'update', entity: 'security_policy', entityId: TWO_FACTOR_POLICY, unitPath: ctx.actor.unitPath,
      before: { roles: before.roles, units: before.units }, after: { roles, units: next },
    });
    return describePolicy(trx, { roles, units: next });
  });
}
