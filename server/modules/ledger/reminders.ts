/**
 * What the activity ledger's registers are missing, told to the unit that keeps them:
 * - a current emergency plan with no drill this year, from the second half of the year;
 * - a unit behind on its annual targets at the end of a quarter (judged on the quarter's last day).
 * Keys carry the year or the quarter, so each is told once.
 */
import { ACTIVITY_TYPE_LABELS } from '../../../common/ledger';
import { endOfShanghaiDay, shanghaiDay } from '../../platform/calendar';
import type { Reminder, ReminderSource } from '../../platform/reminders';
import { endedQuarters, targetProgress } from './targets';

const short = (s: string) => (s.length > 30 ? `${s.slice(0, 30)}…` : s);

/** From 7月1日: by then half the year has gone without the drill. */
const DRILL_FROM = '07-01';

export async function undrilledPlans({ db, now }: Parameters<ReminderSource>[0]): Promise<Reminder[]> {
  const today = shanghaiDay(now);
  const year = today.slice(0, 4);
  if (today < `${year}-${DRILL_FROM}`) return [];
  const rows = await db
    .selectFrom('emergency_plans as p')
    .select(['p.id', 'p.unit_id', 'p.title'])
    .where('p.status', '=', 'current')
    .where('p.archived_at', 'is', null)
    .where('p.effective_day', '<=', today)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('ledger_entries as e').select('e.id').whereRef('e.plan_id', '=', 'p.id').where('e.archived_at', 'is', null)
      .where('e.day', '>=', `${year}-01-01`).where('e.day', '<=', today))))
    .execute();
  return rows.map((p) => ({
    key: `plan-drill:${p.id}:${year}`, kind: 'due_soon', unitId: p.unit_id, roles: ['staff', 'leader'],
    title: `应急预案《${short(p.title)}》今年尚未组织演练`, link: `/plans?planId=${p.id}`, dueAt: endOfShanghaiDay(`${year}-12-31`),
  }));
}

/** The last quarter ended by today: its year, number (1–4) and last day. */
export function lastEndedQuarter(today: string): { year: number; q: number; lastDay: string } {
  const y = Number(today.slice(0, 4));
  const n = endedQuarters(y, today);
  if (n === 0) return { year: y - 1, q: 4, lastDay: `${y - 1}-12-31` };
  return { year: y, q: n, lastDay: `${y}-${['03-31', '06-30', '09-30', '12-31'][n - 1]}` };
}

export async function targetsBehind({ db, now }: Parameters<ReminderSource>[0]): Promise<Reminder[]> {
  const { year, q, lastDay } = lastEndedQuarter(shanghaiDay(now));
  // Nothing to judge in a year no unit set targets for.
  if (!(await db.selectFrom('annual_targets').select('id').where('year', '=', year).executeTakeFirst())) return [];
  const roots = await db.selectFrom('units').select('path').where('parent_id', 'is', null).where('archived_at', 'is', null).execute();
  const out: Reminder[] = [];
  for (const r of roots) {
    for (const u of await targetProgress(db, r.path, year, lastDay)) {
      if (!u.behind) continue;
      const behind = u.items.filter((i) => i.behind);
      const what = behind.map((i) => ACTIVITY_TYPE_LABELS[i.type]).join('、');
      out.push({
        key: `targets-behind:${u.unitId}:${year}-Q${q}`, kind: 'notice', unitId: u.unitId, roles: ['staff', 'leader'],
        title: `${year}年第${'一二三四'[q - 1]}季度末，${what}未达年度目标进度：${behind[0].reasons[0]}`,
        link: `/targets?unitId=${u.unitId}&year=${year}`, dueAt: endOfShanghaiDay(`${year}-12-31`),
      });
    }
  }
  return out;
}

export const ledgerReminders: ReminderSource = async (ctx) => [...(await undrilledPlans(ctx)), ...(await targetsBehind(ctx))];
