import { randomFillSync } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';

/** Random bytes for 256 ids, filled at once: one call into the system's generator per id cost 3% of a short list's request (bench/http.ts, CPU profile; every request has an id). */
const pool = new Uint8Array(16 * 256);
let taken = pool.length;
/** uuid's own v7 state: the millisecond and a sequence that counts up within it, so ids made in one millisecond still sort in order. */
const v7State = { msecs: -Infinity, seq: 0 };

/** Time-ordered ids keep inserts at the end of each index. */
export function newId(): string {
  if (taken === pool.length) {
    randomFillSync(pool);
    taken = 0;
  }
  const random = pool.subarray(taken, (taken += 16));
  const now = Date.now();
  if (now > v7State.msecs) {
    v7State.msecs = now;
    v7State.seq = ((random[6] & 0x7f) << 24) | (random[7] << 16) | (random[8] << 8) | random[9];
  } else {
    v7State.seq = (v7State.seq + 1) | 0;
    if (v7State.seq === 0) v7State.msecs++;
  }
  return uuidv7({ random, msecs: v7State.msecs, seq: v7State.seq });
}

export function nowIso(): string {
  return new Date().toISOString();
}

/** Shanghai times live in period.ts; re-exported for existing callers. */
export { formatShanghaiDateTime, shanghaiDayStartUtc } from './period';
