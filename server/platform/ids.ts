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

/** UTC instant at which a calendar day (YYYY-MM-DD, Asia/Shanghai, UTC+8 all year) begins, plus `addDays`. */
export function shanghaiDayStartUtc(day: string, addDays = 0): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + addDays, -8)).toISOString();
}
