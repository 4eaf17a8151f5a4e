/** 直报 queue: the events reported to the actor's unit, unread first, with the instructions written on them. */
import { sql } from 'kysely';
import type { z } from 'zod';
import type { directReportQuery } from '../../../common/cases';
import type { Database } from '../../db';
import type { Actor } from '../../platform/context';
import { type EventRow, selectEvents } from './rows';
import { views } from './service';

export async function listDirectReports(db: Database, actor: Actor, query: z.infer<typeof directReportQuery>) {
  let q = db.selectFrom('case_direct_reports as d').where('d.unit_id', '=', actor.unitId);
  if (query.unread === 'true') q = q.where('d.read_at', 'is', null);
  const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const unread = await db.selectFrom('case_direct_reports').select((eb) => eb.fn.countAll<number>().as('n')).where('unit_id', '=', actor.unitId).where('read_at', 'is', null).executeTakeFirstOrThrow();
  const rows = await q.select(['d.event_id', 'd.sent_at', 'd.read_at', 'd.read_by_name']).orderBy(sql`case when d.read_at is null then 0 else 1 end`).orderBy('d.sent_at', 'desc').orderBy('d.id', 'desc')
    .limit(query.pageSize).offset((query.page - 1) * query.pageSize).execute();
  const events = rows.length ? ((await selectEvents(db).where('e.id', 'in', rows.map((r) => r.event_id)).execute()) as EventRow[]) : [];
  const byId = new Map((await views(db, actor, events)).map((v) => [v.id, v]));
  const instructions = rows.length
    ? await db.selectFrom('case_steps').select(['event_id', 'comment', 'actor_name', 'actor_unit_name', 'at']).where('step', '=', 'instruct').where('event_id', 'in', rows.map((r) => r.event_id)).orderBy('at').execute()
    : [];
  return {
    items: rows.map((r) => ({
      event: byId.get(r.event_id)!, sentAt: r.sent_at, readAt: r.read_at, readByName: r.read_by_name,
      instructions: instructions.filter((i) => i.event_id === r.event_id).map((i) => ({ text: i.comment ?? '', by: i.actor_name, unitName: i.actor_unit_name, at: i.at })),
    })),
    total: Number(total.n), unread: Number(unread.n), page: query.page, pageSize: query.pageSize,
  };
}
