import { hash, verify } from '@node-rs/argon2';
import { passwordProblems } from '../../common/password';
import { errors } from './errors';

export function hashPassword(password: string): Promise<string> {
  // @node-rs/argon2 hashes with argon2id by default (the hash starts with $argon2id$).
  return hash(password);
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/** A real hash to verify against when the login name is unknown, so timing does not reveal which names exist. */
let dummyHash: Promise<string> | null = null;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword('not-a-real-password-Aa1!');
  return dummyHash;
}

/** The checks a schema cannot make alone: a new password must not contain the account's login name. */
export function refusePasswordOf(username: string, password: string, field: string, label = '新密码') {
  const p = passwordProblems(password, username);
  if (p) throw errors.validation(p.replace('密码', label), field);
}
