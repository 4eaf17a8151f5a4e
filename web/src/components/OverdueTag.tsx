import dayjs from 'dayjs';
import { Tag } from 'antd';

/** The red mark of anything late, the same in every list and detail. */
export function OverdueTag({ days, label = '已逾期' }: { days: number; label?: string }) {
  if (!days || days <= 0) return null;
  return <Tag color="red" style={{ fontWeight: 600 }}>{label} {days} 天</Tag>;
}

/** 2026-11-05 → 2026年11月5日 */
export function dayText(d: string | null | undefined): string {
  if (!d) return '—';
  return `${Number(d.slice(0, 4))}年${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;
}

/** A day in a table cell: never wraps inside the date ("2026年11月29\n日"). */
export function DayCell({ day }: { day: string | null | undefined }) {
  return <span style={{ whiteSpace: 'nowrap' }}>{dayText(day)}</span>;
}

/** Today in Asia/Shanghai as a dayjs day, for forms' default days (the browser's own day is yesterday after 16:00 UTC). */
export const shanghaiDayjs = () => dayjs(shanghaiToday());

/** Today in Asia/Shanghai, YYYY-MM-DD, whatever the browser's zone. */
export function shanghaiToday(): string {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
}
