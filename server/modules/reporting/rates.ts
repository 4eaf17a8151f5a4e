/** Rates level by level, the matrix, the trend and the one-click reminder: pages and API over figures.ts. */
import type { z } from 'zod';
import { type Cycle, type matrixQuery, periodKeyLabel, type RatesView, type ratesQuery, type remindBody } from '../../../common/reporting';
import type { Database } from '../../db';
import { writeAudit } from '../../platform/audit';
import type { Actor, ActorCtx } from '../../platform/context';
import { errors } from '../../platform/errors';
import { nowIso } from '../../platform/ids';
import { WorkCalendar } from '../../platform/calendar';
import { emitEvents, type WorkEvent } from '../../platform/events';
import { shanghaiDay } from '../../platform/period';
import { inSubtree } from '../../platform/scope';
import { inTx } from '../../platform/tx';
import { getVisibleUnit } from '../units/service';
import { childFigures, matrixOf, missingUnits, stateOf, sumFigures, trendOf } from './figures';
import { REPORTING_EVENTS } from './events';
import { escalationTimes } from './reminders';
import { findSchedule } from './schedules';

/**
 * A schedule as the actor's subtree reports under it: set by the actor's subtree or by a unit
 * above (the county's monthly report, seen by a township for its villages).
 */
async function scheduleFor(db: Database, actor: Actor, scheduleId: string, unitId?: string) {
  const unit = unitId ? await getVisibleUnit(db, actor, unitId) : { id: actor.unitId, path: actor.unitPath, name: actor.unitName };
  const s = await findSchedule(db, scheduleId);
  if (!s) throw errors.validation('所选报送安排不存在', 'scheduleId');
  if (!inSubtree(actor.unitPath, s.unit_path) && !inSubtree(s.unit_path, actor.unitPath)) throw errors.outOfScope();
  return { s, unit };
}

export async function rates(db: Database, actor: Actor, q: z.infer<typeof ratesQuery>): Promise<RatesView> {
  const { s, unit } = await scheduleFor(db, actor, q.scheduleId, q.unitId);
  const at = nowIso();
  const own = await db.selectFrom('report_submissions as s').select(['s.id', 's.status', 's.nil', 's.first_submitted_at', 's.due_at'])
    .where('s.schedule_id', '=', s.id).where('s.period_key', '=', q.periodKey).where('s.unit_id', '=', unit.id).executeTakeFirst();
  const rows: RatesView['rows'] = [];
  if (own) {
    // The unit's own report first, then each child subtree.
    const state = stateOf(own, at);
    const timely = !!own.first_submitted_at && own.first_submitted_at <= own.due_at && own.first_submitted_at <= at;
    rows.push({ unitId: unit.id, unitName: `${unit.name}(本级)`, unitKind: 'self', drillable: false, state, submissionId: own.id, figures: ownFigures(state, timely) });
  }
  rows.push(...(await childFigures(db, s.id, q.periodKey, unit, at)));
  return {
    schedule: { id: s.id, name: s.name, cycle: s.cycle as Cycle }, periodKey: q.periodKey, periodLabel: periodKeyLabel(s.cycle as Cycle, q.periodKey),
    unit: { id: unit.id, name: unit.name }, total: sumFigures(rows.map((x) => x.figures)), rows,
    missingUnits: await missingUnits(db, s.id, q.periodKey, unit.path, at),
  };
}

function ownFigures(state: ReturnType<typeof stateOf>, timely: boolean) {
  const one = (k: boolean) => (k ? 1 : 0);
  const submitted = one(!['missing', 'pending'].includes(state));
  return {
    expected: 1, submitted, onTime: one(state === 'on_time'), late: one(state === 'late'), nil: one(state === 'nil'), returned: one(state === 'returned'),
    missing: one(state === 'missing'), pending: one(state === 'pending'), timely: one(timely), reportingRate: submitted, onTimeRate: one(timely),
  };
}

export async function matrix(db: Database, actor: Actor, q: z.infer<typeof matrixQuery>) {
  const { s, unit } = await scheduleFor(db, actor, q.scheduleId, q.unitId);
  return matrixOf(db, s, unit.path, q.periods, q.until);
}

export async function trend(db: Database, actor: Actor, q: z.infer<typeof matrixQuery>) {
  const { s, unit } = await scheduleFor(db, actor, q.scheduleId, q.unitId);
  return trendOf(db, s, unit.path, q.periods);
}

/**
 * One click: every unit of the subtree whose report of the period is missing is told at once
 * (an event: the bell and the unit's subscribed group robots), once a day: its reporters, and
 * once the report is two working days past due (the escalation's leader step) its leader too.
 */
export async function remindMissing(db: Database, ctx: ActorCtx, q: z.infer<typeof remindBody>) {
  const calendar = await WorkCalendar.load(db);
  return inTx(db, async (trx) => {
    const { s, unit } = await scheduleFor(trx, ctx.actor, q.scheduleId, q.unitId);
    if (!inSubtree(ctx.actor.unitPath, s.unit_path)) throw errors.forbidden('只有安排报送的单位可以催报');
    const missing = await missingUnits(trx, s.id, q.periodKey, unit.path);
    const label = periodKeyLabel(s.cycle as Cycle, q.periodKey);
    const now = nowIso();
    const day = shanghaiDay(now);
    const dues = new Map<string, string>();
    for (let i = 0; i < missing.length; i += 300) {
      const rows = await trx.selectFrom('report_submissions').select(['id', 'due_at']).where('id', 'in', missing.slice(i, i + 300).map((m) => m.submissionId)).execute();
      for (const r of rows) dues.set(r.id, r.due_at);
    }
    const events: WorkEvent[] = missing.map((m) => {
      const dueAt = dues.get(m.submissionId) ?? now;
      const leader = escalationTimes(calendar, dueAt).leader < now;
      return {
        kind: REPORTING_EVENTS.remind, unitId: m.unitId, roles: leader ? ['liaison', 'staff', 'leader'] : ['liaison', 'staff'],
        title: `${ctx.actor.unitName}催报：${s.name}(${label})尚未报送`, subject: `${s.name}(${label})`,
        link: `/reporting/submissions/${m.submissionId}`, key: `reporting:${m.submissionId}:remind:${day}`, dueAt,
      };
    });
    const before = await countNotifications(trx, events.map((e) => e.key));
    await emitEvents(trx, events, now);
    const notified = (await countNotifications(trx, events.map((e) => e.key))) - before;
    await writeAudit(trx, ctx, { action: 'remind', entity: 'report_schedule', entityId: s.id, unitPath: unit.path, after: { periodKey: q.periodKey, units: missing.map((m) => m.unitName) } });
    return { units: missing.length, unitNames: missing.map((m) => m.unitName), notified };
  });
}

async function countNotifications(db: Database, keys: string[]): Promise<number> {
  let n = 0;
  for (let i = 0; i < keys.length; i += 300) {
    const r = await db.selectFrom('notifications').select((eb) => eb.fn.countAll().as('n')).where('key', 'in', keys.slice(i, i + 300)).executeTakeFirstOrThrow();
    n += Number(r.n);
  }
  return n;
}
