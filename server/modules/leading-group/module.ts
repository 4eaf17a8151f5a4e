/** Leading groups (领导小组) and responsibility roles; words the 工作总结's organisation section. */
import type { Module } from '../../platform/modules';
import { link } from '../../documents/content';
import { groupCompleteMany, leadingGroupOf } from './figures';
import { leadingGroupRoutes } from './routes';
import { organisationSection } from './summary';

export const leadingGroupModule: Module = {
  key: 'leading-group',
  routes: ({ db }) => leadingGroupRoutes(db),
  summarySections: [organisationSection],
  indicators: [
    {
      // The assessed unit's own group (a township's, not its villages'): what 成立领导小组 asks of it.
      key: 'leading_group.complete', label: '本单位领导小组健全(设组长并有组员)', format: 'count', unitWord: '个',
      value: async (db, s) => {
        const g = await leadingGroupOf(db, s.unitId);
        return { value: g.members.some((m) => m.groupRole === 'leader') && g.members.length >= 2 ? 1 : 0, link: link('/leading-group', { unitId: s.unitId }) };
      },
      valuesFor: (db, units) => groupCompleteMany(db, units),
    },
  ],
};
