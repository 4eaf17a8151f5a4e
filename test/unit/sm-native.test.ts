/**
 * The audit chain's HMAC-SM3, the data key's id and the sealing of contacts (SM4-CBC) moved from
 * the pure-JS `sm-crypto` to Node's native SM3/SM4: the digests and ciphertexts must be the very
 * same hex, or chains written before would no longer verify and sealed values no longer open.
 */
import smCrypto from 'sm-crypto';
import { describe, expect, it } from 'vitest';
import { hmacSm3Hex, sm3Hex, sm4CbcEncryptHex } from '../../server/platform/sm-native';

const TEXTS = [
  '',
  'abc',
  '网信办：某某村自来水发黄浑浊，请尽快处理。',
  JSON.stringify([1, '2026-12-06T08:00:00.000Z', null, '系统', 'case.intake', 'case', 'x', '/a/b/', null, '{"title":"路灯不亮"}', null, null, '0'.repeat(64)]),
  '繁體與全角ＡＢＣ１２３，emoji 🚧 too',
  'x'.repeat(1000),
];

describe('native SM3 gives the digests of sm-crypto', () => {
  it('hashes (SM3) to the same hex, including the empty string and Chinese text', () => {
    for (const t of TEXTS) expect(sm3Hex(t)).toBe(smCrypto.sm3(t));
    // The standard's own example (GB/T 32905 A.1): "abc".
    expect(sm3Hex('abc')).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
  });

  it('keys (HMAC-SM3) to the same hex, for short keys, 32-byte keys and keys longer than a block', () => {
    const keys = ['00112233445566778899aabbccddeeff', 'ab'.repeat(32), 'cd'.repeat(80)];
    for (const key of keys) for (const t of TEXTS) expect(hmacSm3Hex(t, key)).toBe(smCrypto.sm3(t, { key }));
    // Another key after the first: the kept key buffer follows.
    expect(hmacSm3Hex('abc', keys[0])).not.toBe(hmacSm3Hex('abc', keys[1]));
  });
});

describe('native SM4-CBC seals as sm-crypto does', () => {
  it('gives the same ciphertext for the same key and IV, and each opens the other', () => {
    const key = '0123456789abcdeffedcba9876543210';
    const iv = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
    // One byte, a whole block (16 bytes: a full padding block follows), Chinese text, longer than two blocks.
    for (const t of ['1', 'x'.repeat(16), '张三 13912345678 某某村五组', '联系人：李某，电话 0851-12345678，微信同号，地址在城关镇新华社区']) {
      const native = sm4CbcEncryptHex(t, key, iv);
      expect(native).toBe(smCrypto.sm4.encrypt(t, key, { mode: 'cbc', iv }));
      expect(smCrypto.sm4.decrypt(native, key, { mode: 'cbc', iv })).toBe(t);
    }
  });
});
