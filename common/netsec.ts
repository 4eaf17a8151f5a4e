/** 网络安全 basics: terminals by network, measures, maintenance contracts, inspection findings — shared by server and web. */
import { z } from 'zod';
import { day, id, int, optionalText, page, text, version } from './fields';

/** Security measures a unit has in place. */
export const NETSEC_MEASURES = ['antivirus', 'strong_password', 'removable_media', 'encryption', 'other'] as const;
export type NetsecMeasure = (typeof NETSEC_MEASURES)[number];
export const NETSEC_MEASURE_LABELS: Record<NetsecMeasure, string> = {
  antivirus: '防病毒', strong_password: '强口令', removable_media: '移动存储管理', encryption: '数据加密', other: '其他',
};

/** 涉密 networks are outside netduty by design: only 内网 (政务内网/办公内网) and 外网 terminals are counted. */
export const profileSet = z.object({
  unitId: id('单位'),
  intranetTerminals: int('内网终端数', 0, 100000),
  internetTerminals: int('外网终端数', 0, 100000),
  measures: z.array(z.enum(NETSEC_MEASURES, { error: '安全措施的取值无效' }), { error: '安全措施应为列表' }).max(NETSEC_MEASURES.length),
  otherMeasure: optionalText('其他措施', 200),
  checkedDay: day('核对日期'),
  /** The version loaded; null when the unit had no record yet. */
  version: z.number().int().min(0).nullable(),
}).superRefine((v, ctx) => {
  if (v.measures.includes('other') && !v.otherMeasure) ctx.addIssue({ code: 'custom', message: '请填写其他措施', path: ['otherMeasure'] });
});

export interface ProfileView {
  unitId: string;
  unitName: string;
  intranetTerminals: number;
  internetTerminals: number;
  measures: NetsecMeasure[];
  otherMeasure: string | null;
  checkedDay: string;
  version: number;
}

const contractFields = {
  vendor: text('服务单位', { max: 200 }),
  scope: text('服务内容', { max: 500 }),
  signedDay: day('签订日期'),
  expiresDay: day('到期日期'),
};
const checkContract = (v: { signedDay: string; expiresDay: string }, ctx: z.RefinementCtx) => {
  if (v.expiresDay <= v.signedDay) ctx.addIssue({ code: 'custom', message: '到期日期应晚于签订日期', path: ['expiresDay'] });
};
export const contractCreate = z.object({ unitId: id('单位'), ...contractFields }).superRefine(checkContract);
export const contractUpdate = z.object({ ...contractFields, version }).superRefine(checkContract);
export const contractQuery = page.extend({
  unitId: z.string().max(64).optional(),
  includeSubunits: z.enum(['true', 'false']).optional(),
  expiring: z.enum(['true', 'false']).optional(),
  archived: z.enum(['true', 'false']).optional(),
});

export interface ContractView {
  id: string;
  unitId: string;
  unitName: string;
  vendor: string;
  scope: string;
  signedDay: string;
  expiresDay: string;
  /** Days until it expires (negative: expired). */
  daysLeft: number;
  archived: boolean;
  version: number;
}

/** A finding of a security inspection: raised as a rectification of the inspected unit. */
export const findingCreate = z.object({
  problem: text('发现的问题', { max: 2000 }),
  measures: text('整改措施', { max: 5000 }),
  dueDay: day('整改时限'),
  ownerPersonId: z.string().max(64).optional().nullable().transform((v) => v || null),
});

export interface FindingView {
  id: string;
  rectificationId: string;
  problem: string;
  status: string;
  dueDay: string | null;
}

export interface NetsecFigures {
  /** Units of the subtree with a profile, and their terminals. */
  unitsProfiled: number;
  intranetTerminals: number;
  internetTerminals: number;
  /** Units with each measure in place. */
  measureUnits: Record<NetsecMeasure, number>;
  inspections: number;
  findings: number;
  findingsClosed: number;
  contractsInForce: number;
  /** In force at the period's end and expiring within 30 days of it. */
  contractsExpiringSoon: number;
}
