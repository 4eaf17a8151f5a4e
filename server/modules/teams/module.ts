/** 队伍: typed roles in a unit's teams (新闻发言人, 联络员, 信息员, 网络安全管理员, 宣讲员, 志愿者, and a unit's own), members and their trainings. */
import { PACK_FOLDERS } from '../../../common/packs';
import { link } from '../../documents/content';
import type { Module } from '../../platform/modules';
import { membersMany, teamFigures } from './figures';
import { teamLedger } from './ledger';
import { teamRoutes } from './routes';
import { teamSection } from './summary';
import { seedTeamDemo } from './demo';

export const teamsModule: Module = {
  key: 'teams',
  demo: { order: 37, run: (trx, d) => seedTeamDemo(trx, d.ctx) },
  routes: ({ db }) => teamRoutes(db),
  summarySections: [teamSection],
  ledgers: [{ key: 'teams', name: '队伍台账', folder: PACK_FOLDERS.org, build: teamLedger }],
  figures: [{ key: 'teams', url: '/api/teams/figures', permission: 'team.read', tag: '队伍', summary: '队伍统计(按角色的人数、成员参加培训人次)', compute: teamFigures }],
  indicators: [
    {
      key: 'teams.members', label: '队伍成员人数', format: 'count', unitWord: '人',
      value: async (db, s) => ({ value: (await teamFigures(db, s)).members, link: link('/teams', { unitId: s.unitId }) }),
      valuesFor: (db, units) => membersMany(db, units),
    },
  ],
};
