/**
 * Demo 值班值守 for the demo county: the county declares a watch period of its own name starting
 * in two days and 元旦; 城关镇 has a day-and-night roster from yesterday on with one shift still
 * missing its staff, a log kept yesterday and handed over, and today's shift on duty; 西河乡 has a
 * complete 24-hour roster; 东山镇 has none (flagged before the period starts). Dates are relative
 * to today so the demo always shows them, and the history is dated as what it records: 城关镇's
 * roster drawn up two days before it starts, yesterday's log entries at their times and the
 * handover at the end of that shift.
 */
import type { Database } from '../../db';
import type { Actor, ActorCtx, Ctx } from '../../platform/context';
import { addDays, shanghaiDay, shanghaiDayStartUtc } from '../../platform/period';
import { actorsFor, personAt, unitsByName } from '../demo/lookups';
import { addEntry, handover } from './log';
import { addName, createPeriod } from './periods-service';
import { createRoster, updateShift } from './rosters';

export async function seedWatchDemo(db: Database, system: Ctx): Promise<void> {
  const [staff, cgStaff] = await actorsFor(db, ['staff', 'cg_staff']);
  const [cg, xh] = await unitsByName(db, ['城关镇', '西河乡']);
  if (!staff || !cgStaff || !cg || !xh) return;
  const as = (actor: Actor, at?: string): ActorCtx => ({ ...system, actor, ...(at ? { at } : {}) });
  const dated = async (table: 'watch_rosters' | 'watch_shifts', ids: string[], at: string) => {
    if (ids.length) await db.updateTable(table).set({ created_at: at, updated_at: at }).where('id', 'in', ids).execute();
  };
  const today = shanghaiDay();
  const year = Number(today.slice(0, 4));

  await addName(db, as(staff), { unitId: staff.unitId, name: '县委全会' });
  await createPeriod(db, as(staff), { unitId: staff.unitId, name: '县委全会', startsOn: addDays(today, 2), endsOn: addDays(today, 4), note: '全会期间全县实行24小时值班和领导带班，各乡镇每日报送舆情日报' });
  const newYear = `${today.slice(5) > '12-28' ? year + 1 : year}-12-31`;
  await createPeriod(db, as(staff), { unitId: staff.unitId, name: '元旦', startsOn: newYear, endsOn: addDays(newYear, 2), note: '元旦假期值班' });

  // 城关镇: leaders rotate by day, 网信专干 and 党政办主任 by shift.
  const people = async (unitId: string, positions: string[]) => (await Promise.all(positions.map((p) => personAt(db, unitId, p)))).filter((x): x is string => !!x);
  const cgLeaders = await people(cg.id, ['党委书记', '镇长', '党委委员、宣传委员']);
  const cgStaffIds = await people(cg.id, ['网信专干', '党政办主任']);
  // Drawn up at 10:00 two days before it starts.
  const drawnUp = new Date(Date.parse(shanghaiDayStartUtc(addDays(today, -3))) + 10 * 3600_000).toISOString();
  const roster = await createRoster(db, as(cgStaff, drawnUp), {
    unitId: cg.id, title: '城关镇值班表(含县委全会期间)', startsOn: addDays(today, -1), endsOn: addDays(today, 6), shiftMode: 'day_night',
    leaderIds: cgLeaders, staffIds: cgStaffIds, note: '白班8:00—20:00，夜班20:00至次日8:00；值班电话0000-1234567',
  });
  // A night shift during the watch period still has nobody on duty.
  const gap = roster.shifts.find((s) => s.day === addDays(today, 3) && s.kind === 'night');
  await dated('watch_rosters', [roster.id], drawnUp);
  await dated('watch_shifts', roster.shifts.map((s) => s.id), drawnUp);
  if (gap) await updateShift(db, as(cgStaff, drawnUp), gap.id, { leaderPersonId: gap.leader?.personId ?? null, leaderPhone: null, staffPersonId: null, staffPhone: null, version: gap.version });
  // Yesterday's day shift kept its log and handed over.
  const me = await personAt(db, cg.id, '网信专干');
  const past = roster.shifts[0];
  const at = (h: number) => new Date(Date.parse(past.startsAt) + h * 3600_000).toISOString().slice(0, 16);
  const shanghai = (iso: string) => new Date(Date.parse(`${iso}:00Z`) + 8 * 3600_000).toISOString().slice(0, 16);
  const event = await db.selectFrom('case_events').select(['id']).where('unit_id', '=', cg.id).orderBy('created_at', 'desc').executeTakeFirst();
  const first = await addEntry(db, as(cgStaff, `${at(1)}:00.000Z`), past.id, { at: shanghai(at(1)), matter: '接县委网信办电话，通知做好县委全会期间舆情监测和值班值守', handling: '已传达至各村(社区)联络员', caseId: null });
  const second = await addEntry(db, as(cgStaff, `${at(3)}:00.000Z`), past.id, { at: shanghai(at(3)), matter: '接群众反映东街路段夜间施工噪音扰民', handling: '已登记并转镇城建办核实处理', caseId: event?.id ?? null });
  // Handed over as the shift ended.
  const handedOver = past.endsAt < new Date().toISOString() ? past.endsAt : new Date().toISOString();
  await handover(db, as(cgStaff, handedOver), past.id, { note: '东街施工噪音待城建办回复；县委全会期间须每日报送舆情日报', version: past.version });
  await db.updateTable('watch_log_entries').set({ created_at: `${at(1)}:00.000Z` }).where('id', '=', first.id).execute();
  await db.updateTable('watch_log_entries').set({ created_at: `${at(3)}:00.000Z` }).where('id', '=', second.id).execute();
  await db.updateTable('watch_shifts').set({ log_opened_at: `${at(1)}:00.000Z`, handed_over_at: handedOver, updated_at: handedOver }).where('id', '=', past.id).execute();
  // Today's day shift: 网信专干 on duty (the cg_staff demo account).
  const now = new Date().toISOString();
  const running = roster.shifts.find((s) => s.startsAt <= now && s.endsAt > now);
  if (running && me && running.staff?.personId !== me && running.leader?.personId !== me) {
    await updateShift(db, as(cgStaff), running.id, { leaderPersonId: running.leader?.personId ?? null, leaderPhone: null, staffPersonId: me, staffPhone: null, version: running.version });
  }

  // 西河乡: one 24-hour shift a day over the watch period, complete.
  const xhLeaders = await people(xh.id, ['党委书记', '乡长']);
  const xhStaff = await people(xh.id, ['网信专干', '党委委员、宣传委员']);
  await createRoster(db, as(staff), { unitId: xh.id, title: '西河乡县委全会期间值班表', startsOn: addDays(today, 2), endsOn: addDays(today, 4), shiftMode: 'full', leaderIds: xhLeaders.slice(0, 1), staffIds: xhStaff, note: null });
}
