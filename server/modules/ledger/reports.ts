/**
 * 述职, 民主生活会/组织生活会 and publicity in a subtree and a period: what the summary and the
 * checks state about leaders reporting this work, life meetings covering it (with the
 * self-examination attached) and the audience reached.
 */
import { LIFE_MEETING_TYPES, PUBLICITY_TYPES, type ReportFigures } from '../../../common/ledger';
import type { Database } from '../../db';
import type { Range } from '../../platform/period';
import { currentInSubtree } from '../../platform/records';

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
