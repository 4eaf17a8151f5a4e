import { v7 as uuidv7 } from 'uuid';

/** Time-ordered ids keep inserts at the end of each index. */
export function newId(): string {
  return uuidv7();
}

export function nowIso(): string {
  return new Date().toISOString();
}

/** Shanghai times live in period.ts; re-exported for existing callers. */
export { formatShanghaiDateTime, shanghaiDayStartUtc } from './period';
