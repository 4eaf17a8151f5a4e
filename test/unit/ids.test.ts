/** Ids made from a pool of random bytes are still version-7 UUIDs, distinct, and in the order they were made. */
import { validate, version } from 'uuid';
import { describe, expect, it } from 'vitest';
import { newId } from '../../server/platform/ids';

describe('newId', () => {
  it('gives distinct v7 UUIDs that sort in the order they were made, across many refills of the pool', () => {
    const ids = Array.from({ length: 20_000 }, () => newId());
    expect(ids.every((id) => validate(id) && version(id) === 7)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    // The time part is now's millisecond (or a few ahead after a burst): 48 bits of hex before the version.
    const ms = parseInt(newId().replace(/-/g, '').slice(0, 12), 16);
    expect(Math.abs(ms - Date.now())).toBeLessThan(60_000);
  });
});
