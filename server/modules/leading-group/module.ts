/** Leading groups (领导小组) and responsibility roles; words the 工作总结's organisation section. */
import type { Module } from '../../platform/modules';
import { leadingGroupRoutes } from './routes';
import { organisationSection } from './summary';

export const leadingGroupModule: Module = {
  key: 'leading-group',
  routes: ({ db }) => leadingGroupRoutes(db),
  summarySections: [organisationSection],
};
