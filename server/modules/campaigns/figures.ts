import type { CampaignFigures } from '../../../common/campaigns';
import type { Database } from '../../db';
import { link } from '../../documents/content';
import type { Range } from '../../platform/period';
import { currentInSubtree } from '../../platform/records';

/** The unit id at the end of a unit path ('/a/b/' → 'b'). */
const unitIdOf = (path: string) => path.split('/').filter(Boolean).at(-1) ?? '';

/**
 * Per campaign, what the subtree did under it in the period: tasks started (each receiving unit's
 * task once: assignments count at their units, as the task figures count them) and how many are
 * done, and activities held. Each count links to the records behind it.
 */
export async function campaignFigures(db: Database, r: Range): Promise<CampaignFigures> {
  const tasks = await db.selectFrom('tasks as t').innerJoin('units as u', 'u.id', 't.unit_id')
    .select(['t.campaign_id', 't.status'])
    .where('t.campaign_id', 'is not', null)
    .where((eb) => currentInSubtree(eb, { path: 'u.path', archivedAt: 't.archived_at' }, r.unitPath))
    .where((eb) => eb.not(eb.exists(eb.selectFrom('tasks as c').select('c.id').whereRef('c.parent_id', '=', 't.id'))))
    .where('t.start_day', '>=', r.from).where('t.start_day', '<=', r.to)
    .execute();
  const entries = await db.selectFrom('ledger_entries as e').innerJoin('units as u', 'u.id', 'e.unit_id')
    .select(['e.campaign_id'])
    .where('e.campaign_id', 'is not', null)
    .where((eb) => currentInSubtree(eb, { path: 'u.path', archivedAt: 'e.archived_at' }, r.unitPath))
    .where('e.day', '>=', r.from).where('e.day', '<=', r.to)
    .execute();
  const ids = [...new Set([...tasks.map((t) => t.campaign_id!), ...entries.map((e) => e.campaign_id!)])];
  if (!ids.length) return { items: [] };
  const campaigns = await db.selectFrom('campaigns as c').innerJoin('units as u', 'u.id', 'c.unit_id').select(['c.id', 'c.name', 'c.from_day', 'u.name as unit_name'])
    .where('c.id', 'in', ids).orderBy('c.from_day').orderBy('c.name').execute();
  const unitId = unitIdOf(r.unitPath);
  return {
    items: campaigns.map((c) => {
      const mine = tasks.filter((t) => t.campaign_id === c.id);
      return {
        campaignId: c.id, name: c.name, unitName: c.unit_name, tasks: mine.length, tasksDone: mine.filter((t) => t.status === 'done').length,
        activities: entries.filter((e) => e.campaign_id === c.id).length,
        tasksLink: link('/tasks', { unitId, campaignId: c.id, leaf: true, from: r.from, to: r.to }),
        tasksDoneLink: link('/tasks', { unitId, campaignId: c.id, leaf: true, status: 'done', from: r.from, to: r.to }),
        activitiesLink: link('/activities', { unitId, campaignId: c.id, from: r.from, to: r.to }),
      };
    }),
  };
}
