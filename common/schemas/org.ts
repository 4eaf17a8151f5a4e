import { z } from 'zod';
import { DUTY_KINDS, type DutyKind, GROUP_ROLES, type GroupRole, UNIT_KINDS } from '../labels';
import { ROLES } from '../roles';
import { id, oneOf, optionalText, page, password, passwordProblems, phone, text, version } from '../fields';

export const unitCreate = z.object({
  parentId: id('上级单位'),
  name: text('单位名称', { max: 60 }),
  kind: oneOf('单位类型', UNIT_KINDS),
  code: optionalText('单位编码', 40),
  sortOrder: z.number({ error: '排序应为数字' }).int().min(0).max(100000).optional(),
});
export const unitUpdate = z.object({
  name: text('单位名称', { max: 60 }),
  kind: oneOf('单位类型', UNIT_KINDS),
  code: optionalText('单位编码', 40),
  /** 发文机关署名, e.g. 中共示例县委网信办; absent leaves it as it is, empty clears it. */
  officeName: optionalText('发文机关署名', 60),
  sortOrder: z.number({ error: '排序应为数字' }).int().min(0).max(100000).optional(),
  version,
});
export const unitMove = z.object({ newParentId: id('新的上级单位'), version });
export const unitArchive = z.object({ version });

export const unitView = z.object({
  id: z.string(),
  parentId: z.string().nullable(),
  name: z.string(),
  kind: z.enum(UNIT_KINDS),
  code: z.string().nullable(),
  officeName: z.string().nullable().optional(),
  path: z.string(),
  depth: z.number(),
  sortOrder: z.number(),
  archived: z.boolean(),
  version: z.number(),
  childCount: z.number().optional(),
  personCount: z.number().optional(),
});
export type UnitView = z.infer<typeof unitView>;

export const personCreate = z.object({
  unitId: id('所属单位'),
  name: text('姓名', { max: 30 }),
  position: optionalText('职务', 60),
  phone,
});
export const personUpdate = personCreate.extend({ version });
export const personQuery = page.extend({
  unitId: z.string().max(64).optional(),
  q: z.string().max(50, { error: '搜索词不能超过 50 个字' }).optional(),
  includeSubunits: z.enum(['true', 'false']).optional(),
  archived: z.enum(['true', 'false']).optional(),
});
export const personView = z.object({
  id: z.string(),
  unitId: z.string(),
  unitName: z.string(),
  name: z.string(),
  position: z.string().nullable(),
  phone: z.string().nullable(),
  archived: z.boolean(),
  version: z.number(),
  hasAccount: z.boolean(),
});
export type PersonView = z.infer<typeof personView>;

export const username = z
  .string({ error: '请填写登录名' })
  .trim()
  .min(3, { error: '登录名至少 3 个字符' })
  .max(32, { error: '登录名不能超过 32 个字符' })
  .regex(/^[a-zA-Z0-9_.-]+$/, { error: '登录名只能包含字母、数字和 _ . -' });

/** A password that contains the login name is refused, whatever its character classes. */
function passwordWithoutName(label: string) {
  return (v: { username: string; password: string }, ctx: z.RefinementCtx) => {
    const p = v.password && v.username ? passwordProblems(v.password, v.username) : null;
    if (p) ctx.addIssue({ code: 'custom', path: ['password'], message: p.replace('密码', label) });
  };
}

export const accountCreate = z.object({
  username,
  displayName: text('显示名称', { max: 30 }),
  role: oneOf('角色', ROLES),
  unitId: id('所属单位'),
  personId: z.string().max(64).optional().nullable(),
  password: password('初始密码'),
}).superRefine(passwordWithoutName('初始密码'));
export const accountUpdate = z.object({
  displayName: text('显示名称', { max: 30 }),
  role: oneOf('角色', ROLES),
  unitId: id('所属单位'),
  personId: z.string().max(64).optional().nullable(),
  disabled: z.boolean({ error: '停用应为是或否' }),
  version,
});
export const accountRole = z.object({ role: oneOf('角色', ROLES), version });
export const accountResetPassword = z.object({ password: password('新密码'), version });
export const accountView = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
  unitId: z.string(),
  unitName: z.string(),
  personId: z.string().nullable(),
  disabled: z.boolean(),
  lockedUntil: z.string().nullable(),
  lastLoginAt: z.string().nullable(),
  version: z.number(),
});
export type AccountView = z.infer<typeof accountView>;

export const groupMemberCreate = z.object({
  unitId: id('单位'),
  personId: id('人员'),
  groupRole: oneOf('小组职务', GROUP_ROLES),
  duties: optionalText('分工', 200),
});
export const groupMemberUpdate = z.object({
  groupRole: oneOf('小组职务', GROUP_ROLES),
  duties: optionalText('分工', 200),
  version,
});
export const dutyAssignmentCreate = z.object({
  unitId: id('单位'),
  personId: id('责任人'),
  kind: oneOf('责任类型', DUTY_KINDS),
  /** 一岗双责: the departments (units) this leader answers for. */
  scopeUnitIds: z.array(id('分管单位'), { error: '分管单位应为列表' }).max(200).default([]),
  note: optionalText('说明', 200),
});
export const dutyAssignmentUpdate = dutyAssignmentCreate.omit({ unitId: true, personId: true }).extend({ version });

export const loginBody = z.object({
  username: z.string({ error: '请填写登录名' }).trim().min(1, { error: '请填写登录名' }).max(64, { error: '登录名过长' }),
  password: z.string({ error: '请填写密码' }).min(1, { error: '请填写密码' }).max(256, { error: '密码过长' }),
});
export const changePasswordBody = z.object({
  oldPassword: z.string({ error: '请填写原密码' }).min(1, { error: '请填写原密码' }).max(256),
  newPassword: password('新密码'),
});
export const setupBody = z.object({
  unitName: text('单位名称', { max: 60 }),
  unitKind: oneOf('单位类型', UNIT_KINDS),
  adminName: text('管理员姓名', { max: 30 }),
  username,
  password: password(),
}).superRefine(passwordWithoutName('密码'));

// ---------------------------------------------------------------------------------------------
// Org import: what the preview answers (server/modules/import)

export interface UnitPreviewRow {
  row: number;
  name: string;
  parent: string;
  /** 单位类型 as its Chinese label when recognised (乡镇 → 乡镇(街道)), else as written. */
  kind: string;
  code: string | null;
  sortOrder: number | null;
  /** Where the unit will go, e.g. "示例县/城关镇" — known once the parent resolves. */
  parentResolved: string | null;
  errors: string[];
}

export interface PersonPreviewRow {
  row: number;
  name: string;
  unit: string;
  position: string | null;
  phone: string | null;
  unitResolved: string | null;
  errors: string[];
}

export interface ImportPreview {
  valid: boolean;
  units: UnitPreviewRow[];
  people: PersonPreviewRow[];
  fileErrors: string[];
  /** Number of problems in all: every row error plus every file error. */
  problemCount: number;
}

// ---------------------------------------------------------------------------------------------
// Leading group (领导小组) and responsibility roles of one unit

export interface LeadingGroupView {
  members: { id: string; personId: string; personName: string; position: string | null; groupRole: GroupRole; duties: string | null; version: number }[];
  duties: { id: string; personId: string; personName: string; position: string | null; kind: DutyKind; note: string | null; scopeUnits: { id: string; name: string }[]; version: number }[];
}
