/**
 * 述职, 民主生活会/组织生活会 and publicity in a subtree and a period: what the summary and the
 * checks state about leaders reporting this work, life meetings covering it (with the
 * self-examination attached) and the audience reached.
 */
import { LIFE_MEETING_TYPES, PUBLICITY_TYPES, type ReportFigures } from '../../../common/ledger';
import type { Database } from '../../db';
import { sql } from 'kysely';
import type { DayRange, Range } from '../../platform/period';
import { currentInSubtree } from '../../platform/records';
import { type BatchUnit, inAnySubtree, rollUp } from '../../platform/subtree-batch';

export async function reportFigures(db: Database, r: Range): Promise<ReportFigures> {
  const rows = await db
    .selectFrom('ledger_entries as e')
    .innerJoin('units as u', 'u.id', 'e.unit_id')
    .leftJoin('people as h', 'h.id', 'e.host_person_id')
    .select(['e.id', 'e.type', 'e.on_topic', 'e.reported_separately', 'e.audience_count', 'e.materials_count', 'h.name as host_name'])
    .select((eb) => [
      eb.selectFrom('attachments as a').select((x) => x.fn.countAll().as('n')).whereRef('a.entity_id', '=', 'e.id').where('a.entity', '=', 'ledger_self_exam').where('a.archived_at', 'is', null).as('self_exam'),
    ])
    .where((eb) => currentInSubtree(eb, { path: 'u.path', archivedAt: 'e.archived_at' }, r.unitPath))
    .where('e.day', '>=', r.from)
    .where('e.day', '<=', r.to)
    .orderBy('e.day')
    .execute();
  const debriefings = rows.filter((x) => x.type === 'debriefing');
  const separate = debriefings.filter((x) => x.reported_separately === 1);
  const life = rows.filter((x) => LIFE_MEETING_TYPES.includes(x.type as never));
  const covered = life.filter((x) => x.on_topic === 1);
  const publicity = rows.filter((x) => PUBLICITY_TYPES.includes(x.type as never) && x.audience_count !== null);
  return {
    debriefings: debriefings.length,
    debriefingsSeparate: separate.length,
    separateLeaders: [...new Set(separate.map((x) => x.host_name).filter((n): n is string => !!n))],
    lifeMeetings: life.length,
    lifeMeetingsCovered: covered.length,
    lifeMeetingsWithSelfExam: covered.filter((x) => Number(x.self_exam ?? 0) > 0).length,
    publicityEvents: publicity.length,
    audience: publicity.reduce((a, x) => a + (x.audience_count ?? 0), 0),
    materials: publicity.reduce((a, x) => a + (x.materials_count ?? 0), 0),
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
