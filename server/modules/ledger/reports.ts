/**
 * 述职, 民主生活会/组织生活会 and publicity in a subtree and a period: what the summary and the
 * checks state about leaders reporting this work, life meetings covering it (with the
 * self-examination attached) and the audience reached.
 */
import { LIFE_MEETING_TYPES, PUBLICITY_TYPES, type ReportFigures } from '../../../common/ledger';
import type { Database } from '../../db';
import { dialectOf } from '../../db/dialect';
import { sql } from 'kysely';
import type { DayRange, Range } from '../../platform/period';
import { currentInSubtree } from '../../platform/records';
import { type BatchUnit, inAnySubtree, rollUp } from '../../platform/subtree-batch';

/**
 * One grouped statement for the counts (a province's year is some hundred thousand activities:
 * no row of them travels to the process), the self-examination looked up only for the life
 * meetings that cover this work, and the names of the leaders who reported it separately from
 * those few debriefings alone.
 */
export async function reportFigures(db: Database, r: Range): Promise<ReportFigures> {
  const life = sql.join(LIFE_MEETING_TYPES.map((t) => sql.lit(t)));
  const publicity = sql.join(PUBLICITY_TYPES.map((t) => sql.lit(t)));
  const counts = await db
    .selectFrom('ledger_entries as e')
    .innerJoin('units as u', 'u.id', 'e.unit_id')
    .select([
      sql<number>`sum(case when e.type = 'debriefing' then 1 else 0 end)`.as('debriefings'),
      sql<number>`sum(case when e.type = 'debriefing' and e.reported_separately = 1 then 1 else 0 end)`.as('separate'),
      sql<number>`sum(case when e.type in (${life}) then 1 else 0 end)`.as('life'),
      sql<number>`sum(case when e.type in (${life}) and e.on_topic = 1 then 1 else 0 end)`.as('covered'),
      sql<number>`sum(case when e.type in (${life}) and e.on_topic = 1 and exists (select 1 from attachments a where a.entity = 'ledger_self_exam' and a.entity_id = e.id and a.archived_at is null) then 1 else 0 end)`.as('self_exam'),
      sql<number>`sum(case when e.type in (${publicity}) and e.audience_count is not null then 1 else 0 end)`.as('publicity'),
      sql<number>`sum(case when e.type in (${publicity}) and e.audience_count is not null then e.audience_count else 0 end)`.as('audience'),
      sql<number>`sum(case when e.type in (${publicity}) and e.audience_count is not null then coalesce(e.materials_count, 0) else 0 end)`.as('materials'),
    ])
    // The subtree's units, each read by (unit_id, day) as before: a filter on the types would
    // have SQLite read the province's activities of those types by (type, day) for a county, so
    // there the filter is on `+e.type`, checked in the (unit_id, day, type, …) index before the
    // row is read: activities of the other types are not read from the table at all.
    .where((eb) => currentInSubtree(eb, { path: 'u.path', archivedAt: 'e.archived_at' }, r.unitPath))
    .where('e.day', '>=', r.from)
    .where('e.day', '<=', r.to)
    .where(sql<boolean>`${dialectOf(db) === 'sqlite' ? sql`+e.type` : sql`e.type`} in (${sql.join(['debriefing', ...LIFE_MEETING_TYPES, ...PUBLICITY_TYPES].map((t) => sql.lit(t)))})`)
    .executeTakeFirstOrThrow();
  const leaders = await db
    .selectFrom('ledger_entries as e')
    .innerJoin('units as u', 'u.id', 'e.unit_id')
    .innerJoin('people as h', 'h.id', 'e.host_person_id')
    .select(['h.name as host_name'])
    .where((eb) => currentInSubtree(eb, { path: 'u.path', archivedAt: 'e.archived_at' }, r.unitPath))
    .where('e.type', '=', 'debriefing')
    .where('e.reported_separately', '=', 1)
    .where('e.day', '>=', r.from)
    .where('e.day', '<=', r.to)
    .orderBy('e.day')
    .orderBy('e.id')
    .execute();
  const n = (v: unknown) => Number(v ?? 0);
  return {
    debriefings: n(counts.debriefings),
    debriefingsSeparate: n(counts.separate),
    separateLeaders: [...new Set(leaders.map((x) => x.host_name).filter((name) => !!name))],
    lifeMeetings: n(counts.life),
    lifeMeetingsCovered: n(counts.covered),
    lifeMeetingsWithSelfExam: n(counts.self_exam),
    publicityEvents: n(counts.publicity),
    audience: n(counts.audience),
    materials: n(counts.materials),
  };
}

/**
 * The three indicator counts of reportFigures (述职 reporting this work separately, life meetings
 * covering it, the publicity audience) for many units at once: one grouped query, rolled up to
 * each unit's subtree.
 */
export async function reportCountsMany(db: Database, units: BatchUnit[], r: DayRange) {
  const life = sql.join(LIFE_MEETING_TYPES.map((t) => sql.lit(t)));
  const publicity = sql.join(PUBLICITY_TYPES.map((t) => sql.lit(t)));
  const rows = await db.selectFrom('ledger_entries as e').innerJoin('units as u', 'u.id', 'e.unit_id')
    .select([
      'u.path',
      sql<number>`sum(case when e.type = 'debriefing' and e.reported_separately = 1 then 1 else 0 end)`.as('separate'),
      sql<number>`sum(case when e.type in (${life}) and e.on_topic = 1 then 1 else 0 end)`.as('covered'),
      sql<number>`sum(case when e.type in (${publicity}) then coalesce(e.audience_count, 0) else 0 end)`.as('audience'),
    ])
    .where('e.archived_at', 'is', null).where('e.day', '>=', r.from).where('e.day', '<=', r.to)
    .where((eb) => inAnySubtree(eb, 'u.path', units)).groupBy('u.path').execute();
  return {
    debriefingsSeparate: rollUp(units, rows, (x) => Number(x.separate)),
    lifeMeetingsCovered: rollUp(units, rows, (x) => Number(x.covered)),
    audience: rollUp(units, rows, (x) => Number(x.audience)),
  };
}
