import { createHash, randomBytes, randomInt } from 'node:crypto';
import * as OTPAuth from 'otpauth';
import QRCode from 'qrcode';
import { ROLES, type Role } from '../../common/roles';
import type { Config } from '../config';
import type { Database } from '../db';
import { inSubtree } from './scope';
import { getSetting } from './settings';

/** TOTP as every authenticator app reads it (RFC 6238: SHA-1, 6 digits, 30 seconds). */
const ISSUER = '网信工作台';
const PERIOD = 30;

function totp(secret: string, label = 'user') {
  return new OTPAuth.TOTP({ issuer: ISSUER, label, algorithm: 'SHA1', digits: 6, period: PERIOD, secret: OTPAuth.Secret.fromBase32(secret) });
}

export function newTotpSecret(): string {
  return new OTPAuth.Secret({ size: 20 }).base32;
}

/** The otpauth:// URI and its QR code (a PNG data URL) for enrolment. */
export async function enrolment(secret: string, username: string): Promise<{ uri: string; qr: string }> {
  const uri = totp(secret, username).toString();
  return { uri, qr: await QRCode.toDataURL(uri, { margin: 1, width: 220 }) };
}

/**
 * The time step a code belongs to (one step of drift either way), or null. A step at or
 * before `lastStep` is refused: a code works once, so one seen over a shoulder is useless.
 */
export function acceptedStep(secret: string, code: string, lastStep: number | null, now = Date.now()): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = totp(secret).validate({ token: code, timestamp: now, window: 1 });
  if (delta === null) return null;
  const step = Math.floor(now / 1000 / PERIOD) + delta;
  return lastStep !== null && step <= lastStep ? null : step;
}

/** The current code (tests and the enrolment check use it). */
export function currentCode(secret: string, now = Date.now()): string {
  return totp(secret).generate({ timestamp: now });
}

const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** Ten one-time recovery codes like `k7m2-p9qx-4hta`, shown once; only their hashes are kept. */
export function newRecoveryCodes(n = 10): string[] {
  return Array.from({ length: n }, () =>
    Array.from({ length: 3 }, () => Array.from({ length: 4 }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]).join('')).join('-'),
  );
}

export function recoveryHash(code: string): string {
  return createHash('sha256').update(`netduty-recovery:${code.trim().toLowerCase().replace(/\s/g, '')}`).digest('hex');
}

export function newTicket(): string {
  return randomBytes(24).toString('base64url');
}

/**
 * Who must sign in with two factors. The role list is the root rule: the security
 * administrator's once set; until then the administrators (TWO_FACTOR_ROLES) in production and
 * nobody in demo mode. Unit rules name a unit and the roles required in its subtree; for an
 * account the nearest rule up its unit's path decides (a rule with no roles exempts a subtree).
 */
export const TWO_FACTOR_POLICY = 'security.two_factor';

export interface UnitTwoFactorRule { unitId: string; roles: Role[] }
interface StoredPolicy { roles: Role[]; units?: UnitTwoFactorRule[] }

export async function twoFactorPolicy(db: Database, config: Pick<Config, 'twoFactorRoles'>): Promise<{ roles: Role[]; units: UnitTwoFactorRule[] }> {
  const set = await getSetting<StoredPolicy>(db, TWO_FACTOR_POLICY);
  if (set) return { roles: set.roles, units: set.units ?? [] };
  const demo = await getSetting(db, 'demo_accounts');
  return { roles: demo ? [] : (config.twoFactorRoles.filter((r) => (ROLES as readonly string[]).includes(r)) as Role[]), units: [] };
}

export async function twoFactorRoles(db: Database, config: Pick<Config, 'twoFactorRoles'>): Promise<Role[]> {
  return (await twoFactorPolicy(db, config)).roles;
}

/** The roles that must use two factors in the unit at `unitPath`: the nearest unit rule up the tree, else the root rule. */
export async function requiredRolesAt(db: Database, config: Pick<Config, 'twoFactorRoles'>, unitPath: string): Promise<Role[]> {
  const policy = await twoFactorPolicy(db, config);
  if (policy.units.length === 0) return policy.roles;
  // Paths are read now, not stored with the rule, so a unit moved later keeps its rule.
  const units = await db.selectFrom('units').select(['id', 'path']).where('id', 'in', policy.units.map((u) => u.unitId)).where('archived_at', 'is', null).execute();
  const pathOf = new Map(units.map((u) => [u.id, u.path]));
  let best: { depth: number; roles: Role[] } | null = null;
  for (const rule of policy.units) {
    const path = pathOf.get(rule.unitId);
    if (path && inSubtree(path, unitPath) && (!best || path.length > best.depth)) best = { depth: path.length, roles: rule.roles };
  }
  return best ? best.roles : policy.roles;
}
