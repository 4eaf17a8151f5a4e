/**
 * 64-bit SimHash fingerprints of Chinese text, and an index that finds every stored
 * fingerprint within a Hamming distance k of a query without comparing against all of
 * them: split 64 bits into k+1 blocks; two fingerprints within distance k agree exactly on
 * at least one block (pigeonhole), so only items sharing a block are compared.
 */
import { hash32 } from './minhash';
import { normalise } from './normalise';
import { words } from './segment';

export type Fingerprint = bigint;

// The two seeds of hash32 give the two halves of a 64-bit feature hash.
const fnv1a = hash32;

/**
 * Features: words and adjacent word pairs (so that sharing topic words is not enough to
 * look alike: the order and company of the words count too).
 */
export function features(text: string): string[] {
  const w = words(normalise(text));
  const out = [...w];
  for (let i = 0; i + 1 < w.length; i++) out.push(`${w[i]}|${w[i + 1]}`);
  return out;
}

export function simhashOfFeatures(feats: string[]): Fingerprint {
  const acc = new Int32Array(64);
  for (const f of feats) {
    const lo = fnv1a(f, 0);
    const hi = fnv1a(f, 0x9e3779b9);
    for (let b = 0; b < 32; b++) {
      acc[b] += (lo >>> b) & 1 ? 1 : -1;
      acc[b + 32] += (hi >>> b) & 1 ? 1 : -1;
    }
  }
  let lo = 0;
  let hi = 0;
  for (let b = 0; b < 32; b++) {
    if (acc[b] > 0) lo |= 1 << b;
    if (acc[b + 32] > 0) hi |= 1 << b;
  }
  return (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
}

export function simhash(text: string): Fingerprint {
  return simhashOfFeatures(features(text));
}

export function hamming(a: Fingerprint, b: Fingerprint): number {
  let x = a ^ b;
  let n = 0;
  while (x) {
    x &= x - 1n;
    n++;
  }
  return n;
}

export function toHex(f: Fingerprint): string {
  return f.toString(16).padStart(16, '0');
}

export function fromHex(h: string): Fingerprint {
  return BigInt(`0x${h}`);
}

/** The k+1 blocks of a fingerprint, each tagged with its position, as index keys. */
export function blocks(f: Fingerprint, k: number): string[] {
  const n = k + 1;
  const keys: string[] = [];
  for (let i = 0; i < n; i++) {
    const from = Math.floor((64 * i) / n);
    const to = Math.floor((64 * (i + 1)) / n);
    const mask = (1n << BigInt(to - from)) - 1n;
    keys.push(`${i}:${((f >> BigInt(from)) & mask).toString(16)}`);
  }
  return keys;
}

export class SimHashIndex<Id> {
  private buckets = new Map<string, Set<Id>>();
  private prints = new Map<Id, Fingerprint>();

  constructor(readonly k: number) {}

  add(id: Id, f: Fingerprint) {
    this.prints.set(id, f);
    for (const key of blocks(f, this.k)) {
      let set = this.buckets.get(key);
      if (!set) this.buckets.set(key, (set = new Set()));
      set.add(id);
    }
  }

  remove(id: Id) {
    const f = this.prints.get(id);
    if (f === undefined) return;
    for (const key of blocks(f, this.k)) this.buckets.get(key)?.delete(id);
    this.prints.delete(id);
  }

  /** Stored items within distance k, nearest first; `compared` says how many were checked. */
  near(f: Fingerprint): { matches: { id: Id; distance: number }[]; compared: number } {
    const seen = new Set<Id>();
    for (const key of blocks(f, this.k)) for (const id of this.buckets.get(key) ?? []) seen.add(id);
    const matches: { id: Id; distance: number }[] = [];
    for (const id of seen) {
      const d = hamming(f, this.prints.get(id)!);
      if (d <= this.k) matches.push({ id, distance: d });
    }
    matches.sort((a, b) => a.distance - b.distance);
    return { matches, compared: seen.size };
  }

  get size() {
    return this.prints.size;
  }
}
