import type { Reminder, ReminderSource } from '../../platform/reminders';
import { addDays, shanghaiDay, shanghaiDayStartUtc } from '../../platform/period';
import { coverageOf } from './periods-service';
import { md, WATCH_EVENTS } from './events';
import { daysOf } from './shared';

/** How long after a shift starts its log should have been opened. */
const OPEN_GRACE_MS = 3600_000;
/** How long an exchange waits for the other person's answer before they are reminded. */
const EXCHANGE_WAIT_MS = 86_400_000;

/**
 * 1. A watch period starting within the reminder window: every unit in its scope without a
 *    complete roster for its days (24 hours each day, nobody missing) is told, staff and leaders.
 * 2. A shift that began over an hour ago (within the last two days) whose log was never opened:
 *    the people on it are told (the unit's staff when neither has an account).
 * 3. A swap waiting for approval: the unit's staff and leaders.
 * 4. An exchange of two shifts unanswered for a day, before either shift begins: the person asked.
 */
export const watchReminders: ReminderSource = async ({ db, now, daysBefore }) => {
  const today = shanghaiDay(now);
  const out: Reminder[] = [];
  const coming = await db.selectFrom('watch_periods as w').innerJoin('units as u', 'u.id', 'w.unit_id')
    .select(['w.id', 'w.name', 'w.starts_on', 'w.ends_on', 'u.path']).where('w.archived_at', 'is', null)
    .where('w.starts_on', '>=', today).where('w.starts_on', '<=', addDays(today, Math.max(daysBefore, 1))).execute();
  for (const p of coming) {
    const cov = await coverageOf(db, p.path, daysOf(p.starts_on, p.ends_on));
    for (const [unitId, c] of cov) {
      if (!c.uncoveredDays.length && !c.gapShifts) continue;
      const what = c.uncoveredDays.length ? `还有${c.uncoveredDays.length}天未安排24小时值班` : `还有${c.gapShifts}个班次缺人`;
      out.push({
        key: `watch:${p.id}:${unitId}:roster`, kind: 'due_soon', about: WATCH_EVENTS.period, subject: `${p.name}值班表`, unitId, roles: ['staff', 'leader'], link: `/watch?unitId=${unitId}`,
        title: `敏感时期“${p.name}”(${Number(p.starts_on.slice(5, 7))}月${Number(p.starts_on.slice(8))}日起)值班表未排全：${what}`, dueAt: shanghaiDayStartUtc(p.starts_on),
      });
    }
  }

  const nowIso = now.toISOString();
  const unopened = await db.selectFrom('watch_shifts as s').innerJoin('watch_rosters as r', 'r.id', 's.roster_id')
    .select(['s.id', 's.unit_id', 's.day', 's.kind', 's.starts_at', 's.ends_at', 's.leader_person_id', 's.staff_person_id'])
    .where('r.archived_at', 'is', null).where('s.log_opened_at', 'is', null).where('s.handed_over_at', 'is', null)
    .where('s.starts_at', '<=', new Date(now.getTime() - OPEN_GRACE_MS).toISOString()).where('s.starts_at', '>=', new Date(now.getTime() - 2 * 86_400_000).toISOString())
    .where((eb) => eb.or([eb('s.leader_person_id', 'is not', null), eb('s.staff_person_id', 'is not', null)])).execute();
  const personIds = [...new Set(unopened.flatMap((s) => [s.leader_person_id, s.staff_person_id]).filter((x): x is string => !!x))];
  const accounts = personIds.length ? await db.selectFrom('accounts').select(['id', 'person_id']).where('person_id', 'in', personIds).where('disabled', '=', 0).execute() : [];
  for (const s of unopened) {
    const ids = accounts.filter((a) => a.person_id === s.leader_person_id || a.person_id === s.staff_person_id).map((a) => a.id);
    out.push({
      key: `watch:shift:${s.id}:log`, kind: 'overdue', subject: `${Number(s.day.slice(5, 7))}月${Number(s.day.slice(8))}日值班日志`, unitId: s.unit_id, ...(ids.length ? { accountIds: ids } : { roles: ['staff'] }), link: `/watch/shifts/${s.id}`,
      title: `${Number(s.day.slice(5, 7))}月${Number(s.day.slice(8))}日的值班日志还没有打开，请当班人员及时记录${s.ends_at <= nowIso ? '并交班' : ''}`, dueAt: s.starts_at,
    });
  }

  const swaps = await db.selectFrom('watch_swaps as w').innerJoin('watch_shifts as s', 's.id', 'w.shift_id').innerJoin('people as p', 'p.id', 'w.to_person_id')
    .select(['w.id', 'w.unit_id', 's.day', 's.starts_at', 'p.name']).where('w.status', '=', 'pending').where('w.other_shift_id', 'is', null).where('s.starts_at', '>', nowIso).execute();
  for (const w of swaps) {
    out.push({ key: `watch:swap:${w.id}`, kind: 'notice', about: WATCH_EVENTS.swap, subject: `${Number(w.day.slice(5, 7))}月${Number(w.day.slice(8))}日换班申请`, unitId: w.unit_id, roles: ['staff', 'leader'], link: '/watch/swaps?status=pending', title: `有一条${Number(w.day.slice(5, 7))}月${Number(w.day.slice(8))}日的换班申请(由${w.name}接班)待审批`, dueAt: w.starts_at });
  }

  // An exchange proposed over a day ago that the other person has not answered, while neither shift has begun.
  const exchanges = await db.selectFrom('watch_swaps as w').innerJoin('watch_shifts as s', 's.id', 'w.shift_id').innerJoin('watch_shifts as o', 'o.id', 'w.other_shift_id')
    .innerJoin('people as f', 'f.id', 'w.from_person_id').innerJoin('people as t', 't.id', 'w.to_person_id')
    .select(['w.id', 'w.unit_id', 'w.to_person_id', 't.name as to_name', 's.day', 's.starts_at', 'o.day as other_day', 'o.starts_at as other_starts_at', 'f.name as from_name'])
    .where('w.status', '=', 'pending').where('w.created_at', '<=', new Date(now.getTime() - EXCHANGE_WAIT_MS).toISOString())
    .where('s.starts_at', '>', nowIso).where('o.starts_at', '>', nowIso).execute();
  const answerers = exchanges.length
    ? await db.selectFrom('accounts').select(['id', 'person_id']).where('person_id', 'in', [...new Set(exchanges.map((w) => w.to_person_id))]).where('disabled', '=', 0).execute()
    : [];
  for (const w of exchanges) {
    const ids = answerers.filter((a) => a.person_id === w.to_person_id).map((a) => a.id);
    out.push({
      key: `watch:exchange:${w.id}:remind`, kind: 'notice', about: WATCH_EVENTS.exchange, subject: `${md(w.day)}与${md(w.other_day)}互换班次`, unitId: w.unit_id,
      // The other person answers; without an account, the roster's owner can settle it for both.
      ...(ids.length ? { accountIds: ids } : { roles: ['staff', 'leader'] }), link: '/watch/swaps?status=pending',
      title: ids.length
        ? `${w.from_name}提出与您互换${md(w.day)}和${md(w.other_day)}的班次，已超过一天未答复，请同意或不同意`
        : `${w.from_name}提出与${w.to_name}互换${md(w.day)}和${md(w.other_day)}的班次，已超过一天未答复(${w.to_name}没有账号)，请值班表管理人代为处理`, dueAt: w.starts_at < w.other_starts_at ? w.starts_at : w.other_starts_at,
    });
  }
  return out;
};
