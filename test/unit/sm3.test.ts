/**
 * The audit chain's HMAC-SM3 and the data key's id moved from the pure-JS `sm-crypto` to Node's
 * native SM3: the digests must be the very same hex, or chains written before would no longer verify.
 */
import smCrypto from 'sm-crypto';
import { describe, expect, it } from 'vitest';
import { hmacSm3Hex, sm3Hex } from '../../server/platform/sm3';

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
