import { createHash, createHmac } from 'node:crypto';

/**
 * SM3 (GB/T 32905) and HMAC-SM3 through Node's OpenSSL, hex digests. They give the same hex as
 * the pure-JS `sm-crypto` (`sm3(text)`, `sm3(text, { key })` with a hex key) for any text, so
 * chains and key ids written with it still verify (test/unit/sm3.test.ts); natively they cost a
 * fraction, which counts where every report of an import seals an audit row.
 */
export function sm3Hex(text: string): string {
  return createHash('sm3').update(text, 'utf8').digest('hex');
}

let lastKey: { hex: string; bytes: Buffer } | null = null;

/** HMAC-SM3 of `text` under a key given as hex. */
export function hmacSm3Hex(text: string, keyHex: string): string {
  if (lastKey?.hex !== keyHex) lastKey = { hex: keyHex, bytes: Buffer.from(keyHex, 'hex') };
  return createHmac('sm3', lastKey.bytes).update(text, 'utf8').digest('hex');
}
