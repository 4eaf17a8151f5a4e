import type { z } from 'zod';
import { ADMIN_DUTIES, ROLE_LABELS, type Role } from '../../../common/roles';
import type { AccountView, accountCreate, accountResetPassword, accountUpdate } from '../../../common/schemas/org';
import type { Database } from '../../db';
import { writeAudit } from '../../platform/audit';
import type { Actor, ActorCtx } from '../../platform/context';
import { errors, isUniqueViolation } from '../../platform/errors';
import { newId, nowIso } from '../../platform/ids';
import { hashPassword, refusePasswordOf } from '../../platform/passwords';
import { inUnitScope } from '../../platform/scope';
import { contains } from '../../platform/search';
import { deleteSessionsOfAccount } from '../../platform/sessions';
import { pageOf, updateVersioned, visibleRow } from '../../platform/records';
import { inTx } from '../../platform/tx';
import { getVisiblePerson, lockPerson } from '../people/service';
import { getActiveUnit, getVisibleUnit, unitScope } from '../units/service';

type AccountRow = {
  id: string; username: string; display_name: string; role: string; unit_id: string; person_id: string | null;
  disabled: number; locked_until: string | null; last_login_at: string | null; version: number; unit_name: string; unit_path: string;
};

function toView(r: AccountRow): AccountView {
  return {
    id: r.id, username: r.username, displayName: r.display_name, role: r.role as Role, unitId: r.unit_id, unitName: r.unit_name,
    personId: r.person_id, disabled: Boolean(r.disabled),
    lockedUntil: r.locked_until && r.locked_until > nowIso() ? r.locked_until : null,
    lastLoginAt: r.last_login_at, version: r.version,
  };
}

/** Audit rows never carry the password hash. */
function auditView(r: AccountRow) {
  const { lockedUntil, lastLoginAt, ...rest } = toView(r);
  return rest;
}

function selectAccounts(db: Database) {
  return db
    .selectFrom('accounts as a')
    .innerJoin('units as u', 'u.id', 'a.unit_id')
    .select([
      'a.id', 'a.username', 'a.display_name', 'a.role', 'a.unit_id', 'a.person_id', 'a.disabled', 'a.locked_until',
      'a.last_login_at', 'a.version', 'u.name as unit_name', 'u.path as unit_path',
    ]);
}

async function getVisibleAccount(db: Database, actor: Actor, id: string): Promise<AccountRow> {
  return visibleRow(await selectAccounts(db).where('a.id', '=', id).executeTakeFirst(), actor, '账号');
}

/** A person linked to an account must be visible, active, and not linked to another account. */
async function checkPersonLink(db: Database, actor: Actor, personId: string | null | undefined, accountId: string | null) {
  if (!personId) return null;
  // On PostgreSQL two requests linking the same person wait for each other here, so the second sees the first's link.
  await lockPerson(db, personId);
  const person = await getVisiblePerson(db, actor, personId, 'personId');
  if (person.archived_at) throw errors.validation('所选人员已归档', 'personId');
  let q = db.selectFrom('accounts').select('username').where('person_id', '=', personId);
  if (accountId) q = q.where('id', '!=', accountId);
  const other = await q.executeTakeFirst();
  if (other) throw errors.conflict('PERSON_HAS_ACCOUNT', `该人员已有账号“${other.username}”`, 'personId');
  return person.id;
}

export async function listAccounts(db: Database, actor: Actor, query: { unitId?: string; q?: string; page: number; pageSize: number }) {
  const scope = await unitScope(db, actor, query);
  let q = selectAccounts(db).where((eb) => inUnitScope(eb, { unitId: 'a.unit_id', path: 'u.path' }, scope));
  if (query.q) {
    const words = query.q;
    q = q.where((eb) => eb.or([contains('a.username', words), contains('a.display_name', words)]));
  }
  return pageOf(q, query, (q) => q.orderBy('u.path').orderBy('a.username'), (rows) => rows.map(toView));
}

export async function getAccount(db: Database, actor: Actor, id: string) {
  return toView(await getVisibleAccount(db, actor, id));
}

/**
 * 三员: the system administrator gives accounts the working roles only. An administrator role is
 * granted by the security administrator (`setAccountRole`), except that while no account holds
 * the security or the audit administrator role yet, the system administrator may create that
 * first one (otherwise nobody could ever hold it).
 */
async function refuseDutyRole(trx: Database, ctx: ActorCtx, role: Role, current: Role | null) {
  if (current && ADMIN_DUTIES.includes(current) && current !== role) throw errors.forbidden(`${ROLE_LABELS[current]}的角色只能由安全管理员更改`);
  if (!ADMIN_DUTIES.includes(role) || role === current || ctx.actor.role === 'secadmin') return;
  if (role !== 'admin') {
    const holder = await trx.selectFrom('accounts').select('id').where('role', '=', role).where('disabled', '=', 0).executeTakeFirst();
    if (!holder) return;
  }
  throw errors.forbidden(`${ROLE_LABELS[role]}角色只能由安全管理员授予`);
}

export async function createAccount(db: Database, ctx: ActorCtx, input: z.infer<typeof accountCreate>) {
  const passwordHash = await hashPassword(input.password);
  return inTx(db, async (trx) => {
    await refuseDutyRole(trx, ctx, input.role, null);
    const unit = await getActiveUnit(trx, ctx.actor, input.unitId, 'unitId');
    const personId = await checkPersonLink(trx, ctx.actor, input.personId, null);
    const taken = await trx.selectFrom('accounts').select('id').where('username', '=', input.username).executeTakeFirst();
    if (taken) throw errors.conflict('USERNAME_TAKEN', `登录名“${input.username}”已被使用`, 'username');
    const now = nowIso();
    const row = {
      id: newId(), username: input.username, password_hash: passwordHash, display_name: input.displayName, role: input.role,
      unit_id: unit.id, person_id: personId, disabled: 0, locked_until: null, last_login_at: null, password_changed_at: now,
      version: 0, created_at: now, updated_at: now,
    };
    try {
      await trx.insertInto('accounts').values(row).execute();
    } catch (err) {
      // The same name sent twice at once: the check above passed for both, the unique index refuses one.
      if (isUniqueViolation(err)) throw errors.conflict('USERNAME_TAKEN', `登录名“${input.username}”已被使用`, 'username');
      throw err;
    }
    const view = { ...row, unit_name: unit.name, unit_path: unit.path };
    await writeAudit(trx, ctx, { action: 'create', entity: 'account', entityId: row.id, unitPath: unit.path, after: auditView(view) });
    return toView(view);
  });
}

export async function updateAccount(db: Database, ctx: ActorCtx, id: string, input: z.infer<typeof accountUpdate>) {
  return inTx(db, async (trx) => {
    const before = await getVisibleAccount(trx, ctx.actor, id);
    if (before.version !== input.version) throw errors.stale();
    if (id === ctx.actor.accountId && (input.disabled || input.role !== before.role || input.unitId !== before.unit_id)) {
      throw errors.forbidden('不能停用本人账号，也不能更改本人的角色或单位');
    }
    await refuseDutyRole(trx, ctx, input.role, before.role as Role);
    const unit = input.unitId === before.unit_id ? await getVisibleUnit(trx, ctx.actor, before.unit_id) : await getActiveUnit(trx, ctx.actor, input.unitId, 'unitId');
    const personId = await checkPersonLink(trx, ctx.actor, input.personId, id);
    const set = await updateVersioned(trx, 'accounts', id, input.version, {
      display_name: input.displayName, role: input.role, unit_id: unit.id, person_id: personId, disabled: input.disabled ? 1 : 0,
    });
    // A changed role, unit or a disabled account takes effect now, not when the old session idles out.
    if (set.disabled || set.role !== before.role || set.unit_id !== before.unit_id) await deleteSessionsOfAccount(trx, id);
    const after = { ...before, ...set, unit_name: unit.name, unit_path: unit.path };
    await writeAudit(trx, ctx, { action: 'update', entity: 'account', entityId: id, unitPath: unit.path, before: auditView(before), after: auditView(after) });
    return toView(after);
  });
}

export async function resetPassword(db: Database, ctx: ActorCtx, id: string, input: z.infer<typeof accountResetPassword>) {
  const passwordHash = await hashPassword(input.password);
  return inTx(db, async (trx) => {
    const before = await getVisibleAccount(trx, ctx.actor, id);
    refusePasswordOf(before.username, input.password, 'password');
    if (before.version !== input.version) throw errors.stale();
    const set = await updateVersioned(trx, 'accounts', id, input.version, { password_hash: passwordHash, password_changed_at: nowIso(), locked_until: null });
    await trx.deleteFrom('login_failures').where('username', '=', before.username).execute();
    await trx.deleteFrom('login_locks').where('username', '=', before.username).execute();
    await deleteSessionsOfAccount(trx, id);
    await writeAudit(trx, ctx, { action: 'password_reset', entity: 'account', entityId: id, unitPath: before.unit_path, before: null, after: { username: before.username } });
    return toView({ ...before, ...set });
  });
}

export async function unlockAccount(db: Database, ctx: ActorCtx, id: string) {
  return inTx(db, async (trx) => {
    const before = await getVisibleAccount(trx, ctx.actor, id);
    await trx.updateTable('accounts').set({ locked_until: null }).where('id', '=', id).execute();
    await trx.deleteFrom('login_failures').where('username', '=', before.username).execute();
    await trx.deleteFrom('login_locks').where('username', '=', before.username).execute();
    await writeAudit(trx, ctx, { action: 'update', entity: 'account', entityId: id, unitPath: before.unit_path, before: { lockedUntil: before.locked_until }, after: { lockedUntil: null } });
    return toView({ ...before, locked_until: null });
  });
}

/** The security administrator sets any account's role (one role per account: no account holds two duties). */
export async function setAccountRole(db: Database, ctx: ActorCtx, id: string, input: { role: Role; version: number }) {
  return inTx(db, async (trx) => {
    const before = await getVisibleAccount(trx, ctx.actor, id);
    if (id === ctx.actor.accountId) throw errors.forbidden('不能更改本人的角色');
    if (before.version !== input.version) throw errors.stale();
    const set = { role: input.role, version: before.version + 1, updated_at: nowIso() };
    const res = await trx.updateTable('accounts').set(set).where('id', '=', id).where('version', '=', input.version).executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw errors.stale();
    await deleteSessionsOfAccount(trx, id);
    await writeAudit(trx, ctx, { action: 'role_change', entity: 'account', entityId: id, unitPath: before.unit_path, before: { role: before.role }, after: { role: input.role } });
    return toView({ ...before, ...set });
  });
}

/** A lost phone: the security administrator clears the account's authenticator and recovery codes; it enrols again. */
export async function resetTwoFactor(db: Database, ctx: ActorCtx, id: string) {
  return inTx(db, async (trx) => {
    const before = await getVisibleAccount(trx, ctx.actor, id);
    await trx.updateTable('accounts').set({ totp_secret: null, totp_pending: null, totp_enabled_at: null, totp_last_step: null }).where('id', '=', id).execute();
    await trx.deleteFrom('recovery_codes').where('account_id', '=', id).execute();
    await trx.deleteFrom('login_tickets').where('account_id', '=', id).execute();
    await deleteSessionsOfAccount(trx, id);
    await writeAudit(trx, ctx, { action: 'totp_reset', entity: 'account', entityId: id, unitPath: before.unit_path, after: { username: before.username } });
    return toView(before);
  });
}
