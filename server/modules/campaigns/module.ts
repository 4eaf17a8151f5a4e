/** 专项行动: campaigns a unit names for its subtree; tasks and activities carry them; figures and the summary count by them. */
import type { Module } from '../../platform/modules';
import { campaignFigures } from './figures';
import { campaignRoutes } from './routes';
import { campaignSection } from './summary';

export const campaignsModule: Module = {
  key: 'campaigns',
  routes: ({ db }) => campaignRoutes(db),
  summarySections: [campaignSection],
  figures: [{ key: 'campaigns', url: '/api/campaigns/figures', permission: 'task.read', tag: '专项行动', summary: '按专项行动统计任务和活动(每个数字链接到记录)', compute: campaignFigures }],
};
