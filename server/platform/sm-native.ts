import { createCipheriv, createHash, createHmac } from 'node:crypto';

/**
 * SM3 (GB/T 32905), HMAC-SM3 and SM4-CBC encryption (GB/T 32907) through Node's OpenSSL. They
 * give the same hex as the pure-JS `sm-crypto` (`sm3(text)`, `sm3(text, { key })` with a hex
 * key, `sm4.encrypt(text, key, { mode: 'cbc', iv })`), so chains, key ids and sealed values
 * written with it still verify and open (test/unit/sm-native.test.ts); natively they cost a
 * fraction, which counts where every report of an import seals an audit row and a contact.
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

/** SM4-CBC with PKCS#7 padding of `text` (UTF-8) under a 128-bit key and IV given as hex: the ciphertext as hex. */
export function sm4CbcEncryptHex(text: string, keyHex: string, ivHex: string): string {
  const cipher = createCipheriv('sm4-cbc', Buffer.from(keyHex, 'hex'), Buffer.from(ivHex, 'hex'));
  return Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]).toString('hex');
}
