/** Named campaigns (专项行动): schemas and views shared by server and web. */
import { z } from 'zod';
import { day, id, optionalDay, optionalText, text, version } from './fields';

const fields = {
  name: text('专项行动名称', { max: 100 }),
  description: optionalText('说明', 500),
  fromDay: day('开始日期'),
  toDay: optionalDay('结束日期'),
};
const checkDays = (v: { fromDay: string; toDay: string | null }, ctx: z.RefinementCtx) => {
  if (v.toDay && v.toDay < v.fromDay) ctx.addIssue({ code: 'custom', message: '结束日期不能早于开始日期', path: ['toDay'] });
};

export const campaignCreate = z.object({ unitId: id('发起单位'), ...fields }).superRefine(checkDays);
export const campaignUpdate = z.object({ ...fields, version }).superRefine(checkDays);
export const campaignQuery = z.object({
  /** Only those a record of this unit may carry: named by the unit or a superior. */
  forUnitId: z.string().max(64).optional(),
  archived: z.enum(['true', 'false']).optional(),
});
export const campaignFiguresQuery = z.object({ unitId: z.string().max(64).optional(), from: optionalDay('开始日期'), to: optionalDay('结束日期') });

export interface CampaignView {
  id: string;
  unitId: string;
  unitName: string;
  name: string;
  description: string | null;
  fromDay: string;
  toDay: string | null;
  /** The actor's unit named it (or one below the actor's unit did): it may edit it. */
  editable: boolean;
  archived: boolean;
  version: number;
}

/** One campaign's records in a unit's subtree and a period, each count with the link to its records. */
export interface CampaignCount {
  campaignId: string;
  name: string;
  unitName: string;
  tasks: number;
  tasksDone: number;
  activities: number;
  tasksLink: string;
  tasksDoneLink: string;
  activitiesLink: string;
}

export interface CampaignFigures {
  items: CampaignCount[];
}
