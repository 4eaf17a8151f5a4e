import { randomBytes } from 'node:crypto';
import smCrypto from 'sm-crypto';
import type { Config } from '../config';
import { configuredKey } from './keys';
import { sm3Hex, sm4CbcEncryptHex } from './sm-native';

const { sm4 } = smCrypto;

/**
 * Personal information at rest (citizens' contact details): SM4-CBC with a random IV per value,
 * stored as `sm4:<key id>:<iv>:<ciphertext>`. The key is configuration (DATA_KEY, or the file
 * DATA_KEY_FILE, generated at the first start), never in the database. DATA_KEY_PREVIOUS keeps
 * values written under the previous key readable after a rotation (docs/security.md).
 */
interface Keys {
  current: { id: string; key: string };
  byId: Map<string, string>;
}
let keys: Keys | null = null;

const keyId = (key: string) => sm3Hex(`netduty-data-key:${key}`).slice(0, 8);
const HEX128 = /^[0-9a-fA-F]{32}$/;

export function initDataKey(config: Pick<Config, 'dataKey' | 'dataKeyFile' | 'dataKeyPrevious'>, opts: { create?: boolean } = {}) {
  const key = configuredKey(config.dataKey, config.dataKeyFile, {
    bytes: 16, create: opts.create, missing: `数据加密密钥文件不存在: ${config.dataKeyFile}(请设置 DATA_KEY 或 DATA_KEY_FILE)`,
  });
  if (!HEX128.test(key)) throw new Error('数据加密密钥应为 32 位十六进制字符串(SM4 128 位密钥)');
  const current = { id: keyId(key), key };
  const byId = new Map([[current.id, current.key]]);
  for (const old of config.dataKeyPrevious ?? []) if (HEX128.test(old)) byId.set(keyId(old.toLowerCase()), old.toLowerCase());
  keys = { current, byId };
}

function loaded(): Keys {
  if (!keys) throw new Error('数据加密密钥未配置(DATA_KEY 或 DATA_KEY_FILE)');
  return keys;
}

/** Encrypts one value for storage; null stays null. */
export function sealText(v: string | null | undefined): string | null {
  if (v === null || v === undefined || v === '') return v === '' ? '' : null;
  const { current } = loaded();
  const iv = randomBytes(16).toString('hex');
  return `sm4:${current.id}:${iv}:${sm4CbcEncryptHex(v, current.key, iv)}`;
}

/** Decrypts a stored value; values stored before encryption (plain text) are returned as they are. */
export function openText(v: string | null | undefined): string | null {
  if (v === null || v === undefined) return null;
  if (!v.startsWith('sm4:')) return v;
  const [, id, iv, data] = v.split(':');
  const key = loaded().byId.get(id);
  if (!key) throw new Error(`找不到加密该数据的密钥(${id})：请在 DATA_KEY_PREVIOUS 中提供轮换前的密钥`);
  return sm4.decrypt(data, key, { mode: 'cbc', iv });
}

/** Whether a stored value is encrypted under the current key (a rotation re-seals the others). */
export function sealedWithCurrentKey(v: string | null): boolean {
  return v === null || v.startsWith(`sm4:${loaded().current.id}:`);
}

/**
 * After a rotation: re-encrypts every stored contact not sealed with the current key (and any
 * still in plain text), a batch at a time. Returns how many were re-sealed.
 */
export async function resealContacts(db: import('../db').Database): Promise<number> {
  let done = 0;
  let after = '';
  for (;;) {
    const rows = await db.selectFrom('cases').select(['id', 'contact']).where('contact', 'is not', null).where('id', '>', after).orderBy('id').limit(500).execute();
    if (!rows.length) return done;
    for (const r of rows) {
      if (sealedWithCurrentKey(r.contact)) continue;
      const res = await db.updateTable('cases').set({ contact: sealText(openText(r.contact)) }).where('id', '=', r.id).where('contact', '=', r.contact).executeTakeFirst();
      done += Number(res.numUpdatedRows);
    }
    after = rows[rows.length - 1].id;
  }
}
