import { v7 as uuidv7 } from 'uuid';

/** Time-ordered ids keep inserts at the end of each index. */
export function newId(): string {
  return uuidv7();
}

export function nowIso(): string {
  return new Date().toISOString();
}

/** 2026年11月22日 in Asia/Shanghai, as users and official documents write it. */
export function formatShanghaiDateTime(iso: string): string {
  return new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });
}

/** Where a Shanghai day begins in UTC: period.ts, re-exported for existing callers. */
export { shanghaiDayStartUtc } from './period';
