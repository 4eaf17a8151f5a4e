/**
 * The start of a watch period, announced once: on its first day (or, after downtime, on the
 * first run while it still runs) every unit in its scope is told, in the app and in its
 * subscribed group robots, that 24-hour duty and the daily report begin. The conditional
 * update of `announced_at` claims a period inside the transaction that writes the events, so
 * two app servers on one database announce it once between them; a period that ended before
 * anyone ran the job is not announced at all. A period declared on or after its first day was
 * announced by its declaration (periods-service.ts marks it).
 */
import type { Database } from '../../db';
import type { JobDef } from '../../platform/jobs';
import { shanghaiDay } from '../../platform/period';
import { inSubtreeOf } from '../../platform/scope';
import { emitEvents, type WorkEvent } from '../../platform/events';
import { md, WATCH_EVENTS } from './events';

/** Announces every live period that has begun and not ended and was never announced; returns how many this call announced. */
export async function announceStarts(db: Database, now: Date = new Date()): Promise<number> {
  const at = now.toISOString();
  const today = shanghaiDay(now);
  const due = await db.selectFrom('watch_periods as w').innerJoin('units as u', 'u.id', 'w.unit_id')
    .select(['w.id', 'w.name', 'w.starts_on', 'w.ends_on', 'u.name as unit_name', 'u.path as unit_path'])
    .where('w.archived_at', 'is', null).where('w.announced_at', 'is', null).where('w.starts_on', '<=', today).where('w.ends_on', '>=', today)
    .orderBy('w.starts_on').execute();
  let announced = 0;
  for (const p of due) {
    const done = await db.transaction().execute(async (trx) => {
      const claim = await trx.updateTable('watch_periods').set({ announced_at: at })
        .where('id', '=', p.id).where('announced_at', 'is', null).where('archived_at', 'is', null).executeTakeFirst();
      if (Number(claim.numUpdatedRows) !== 1) return false;
      const units = await trx.selectFrom('units as u').select('u.id').where((eb) => inSubtreeOf(eb, 'u.path', p.unit_path)).where('u.archived_at', 'is', null).execute();
      const when = p.starts_on === today ? `今天开始，至${md(p.ends_on)}` : `已于${md(p.starts_on)}开始，至${md(p.ends_on)}`;
      const events: WorkEvent[] = units.map((u) => ({
        kind: WATCH_EVENTS.started, unitId: u.id, roles: ['staff', 'leader', 'liaison'],
        title: `敏感时期“${p.name}”${when}：请落实24小时值班和领导带班，每日报送`, subject: `${p.name}(${md(p.starts_on)}至${md(p.ends_on)})`,
        link: `/watch?unitId=${u.id}`, key: `watch:${p.id}:${u.id}:started`,
      }));
      await emitEvents(trx, events, at);
      return true;
    });
    if (done) announced++;
  }
  return announced;
}

export function watchStartJob(): JobDef {
  return { name: 'watch-start', intervalMs: 5 * 60_000, run: async (db) => void (await announceStarts(db)) };
}
