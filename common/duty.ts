/** 责任清单 and 责任书: schemas and views shared by server and web. */
import { z } from 'zod';
import { day, id, int, optionalText, page, text, version } from './fields';

const itemFields = {
  content: text('责任内容', { max: 2000 }),
  category: optionalText('类别', 50),
  leaderPersonId: z.string().max(64).optional().nullable().transform((v) => v || null),
  departmentIds: z.array(id('责任部门'), { error: '责任部门应为单位列表' }).max(50, { error: '责任部门最多 50 个' }).default([]),
  departmentsText: optionalText('其他责任部门', 200),
  basis: optionalText('依据文件', 300),
  sortOrder: int('排序', 0, 100000).default(0),
};
export const dutyItemCreate = z.object({ unitId: id('单位'), year: int('年度', 2000, 2100), ...itemFields });
export const dutyItemUpdate = z.object({ ...itemFields, version });
export const dutyItemQuery = page.extend({
  unitId: z.string().max(64).optional(),
  year: z.coerce.number({ error: '年度应为数字' }).int().min(2000).max(2100).optional(),
  archived: z.enum(['true', 'false']).optional(),
  q: z.string().trim().max(50, { error: '搜索词不能超过 50 个字' }).optional(),
});
export const dutyCopy = z.object({ unitId: id('单位'), fromYear: int('复制来源年度', 2000, 2100), toYear: int('目标年度', 2000, 2100) });

export interface DutyItemView {
  id: string;
  unitId: string;
  unitName: string;
  year: number;
  content: string;
  category: string | null;
  leaderPersonId: string | null;
  leaderName: string | null;
  departments: { id: string; name: string }[];
  departmentsText: string | null;
  basis: string | null;
  sortOrder: number;
  archived: boolean;
  version: number;
}

// --- 责任书 ---------------------------------------------------------------------------------

const agreementFields = {
  title: text('责任书名称', { max: 200 }),
  year: int('年度', 2000, 2100),
  issuedDay: day('印发日期'),
  note: optionalText('说明', 2000),
};
export const agreementCreate = z.object({
  unitId: id('印发单位'),
  ...agreementFields,
  signatoryUnitIds: z.array(id('签订单位'), { error: '签订单位应为单位列表' }).max(1000).default([]),
  signatoryPersonIds: z.array(id('签订人'), { error: '签订人应为人员列表' }).max(1000).default([]),
});
export const agreementUpdate = z.object({ ...agreementFields, version });
export const signatoriesAdd = z.object({
  unitIds: z.array(id('签订单位')).max(1000).default([]),
  personIds: z.array(id('签订人')).max(1000).default([]),
});
export const signBody = z.object({ version, signedDay: day('签订日期') });
export const agreementQuery = page.extend({
  unitId: z.string().max(64).optional(),
  year: z.coerce.number({ error: '年度应为数字' }).int().min(2000).max(2100).optional(),
  archived: z.enum(['true', 'false']).optional(),
  /** true: only agreements someone has not signed yet. */
  unsigned: z.enum(['true', 'false']).optional(),
  q: z.string().trim().max(50, { error: '搜索词不能超过 50 个字' }).optional(),
});

/** One row of the agreement ledger export: an agreement with one of its signatories. */
export interface AgreementSignatureRow {
  agreement: AgreementView;
  signatory: SignatoryView | null;
}

export interface SignatoryView {
  id: string;
  unitId: string | null;
  unitName: string | null;
  personId: string | null;
  personName: string | null;
  signedDay: string | null;
  signedByName: string | null;
  attachmentCount: number;
  version: number;
}

export interface AgreementView {
  id: string;
  unitId: string;
  unitName: string;
  title: string;
  year: number;
  issuedDay: string;
  note: string | null;
  expected: number;
  signed: number;
  archived: boolean;
  version: number;
}

export interface DutyFigures {
  /** Duty-list entries of the subtree for the year the period ends in. */
  dutyItems: number;
  unitsWithList: number;
  agreements: number;
  expectedSignatures: number;
  signed: number;
  unsigned: { agreement: string; signatory: string }[];
}

