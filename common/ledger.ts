/** 工作台账: activity types, targets, emergency plans — schemas and views shared by server and web. */
import { z } from 'zod';
import { day, id, int, optionalDay, optionalText, page, text, version } from './fields';

export const ACTIVITY_TYPES = [
  'central_group', 'collective_study', 'special_meeting', 'analysis_meeting', 'training', 'lecture', 'drill',
  'debriefing', 'democratic_life', 'org_life', 'security_inspection', 'other',
] as const;
export type ActivityType = (typeof ACTIVITY_TYPES)[number];
export const ACTIVITY_TYPE_LABELS: Record<ActivityType, string> = {
  central_group: '中心组学习', collective_study: '集中学习', special_meeting: '专题研究会议', analysis_meeting: '研判会',
  training: '培训', lecture: '宣讲', drill: '应急演练',
  debriefing: '述职', democratic_life: '民主生活会', org_life: '组织生活会', security_inspection: '网络安全检查', other: '其他',
};

/** 民主生活会 and 组织生活会: whether this work was covered, with the self-examination attached. */
/** 学习研讨: 中心组学习 and 集中学习 (what the study-session figures and indicators count). */
export const STUDY_TYPES = ['central_group', 'collective_study'] as const;
export const LIFE_MEETING_TYPES: readonly ActivityType[] = ['democratic_life', 'org_life'];
/** Entries that reach an audience (宣讲, 培训, 其他 such as 普法 or 网络安全宣传周): audience and materials counts. */
export const PUBLICITY_TYPES: readonly ActivityType[] = ['lecture', 'training', 'other'];

const entryFields = {
  type: z.enum(ACTIVITY_TYPES, { error: '活动类型的取值无效' }),
  day: day('活动日期'),
  topic: text('主题', { max: 200 }),
  onTopic: z.boolean({ error: '“涉及本项工作”应为是或否' }),
  participantIds: z.array(id('参加人员'), { error: '参加人员应为人员列表' }).max(500, { error: '参加人员最多 500 人' }).default([]),
  othersCount: int('其他参加人数', 0, 100000).default(0),
  hostPersonId: z.string().max(64).optional().nullable().transform((v) => v || null),
  summary: optionalText('内容摘要', 5000),
  minutes: optionalText('会议记录', 50000),
  planId: z.string().max(64).optional().nullable().transform((v) => v || null),
  /** 述职: whether the leader reported this work separately. */
  reportedSeparately: z.boolean({ error: '“专门报告本项工作”应为是或否' }).optional().nullable().transform((v) => v ?? null),
  audienceCount: int('受众人次', 0, 10_000_000).optional().nullable().transform((v) => v ?? null),
  materialsCount: int('发放资料份数', 0, 10_000_000).optional().nullable().transform((v) => v ?? null),
  /** 专项行动 named by the unit or a superior. */
  campaignId: z.string().max(64).optional().nullable().transform((v) => v || null),
};

export const entryCreate = z.object({ unitId: id('单位'), ...entryFields });
export const entryUpdate = z.object({ ...entryFields, version });

export const entryQuery = page.extend({
  unitId: z.string().max(64).optional(),
  includeSubunits: z.enum(['true', 'false']).optional(),
  type: z.enum(ACTIVITY_TYPES, { error: '活动类型的取值无效' }).optional(),
  onTopic: z.enum(['true', 'false']).optional(),
  planId: z.string().max(64).optional(),
  campaignId: z.string().max(64).optional(),
  /** 述职 that reported this work separately (true) or not (false). */
  reportedSeparately: z.enum(['true', 'false']).optional(),
  /** 民主生活会 and 组织生活会 together. */
  lifeMeeting: z.enum(['true', 'false']).optional(),
  /** 中心组学习 and 集中学习 together (学习研讨). */
  study: z.enum(['true', 'false']).optional(),
  /** Publicity entries with an audience count. */
  withAudience: z.enum(['true', 'false']).optional(),
  archived: z.enum(['true', 'false']).optional(),
  q: z.string().trim().max(50, { error: '搜索词不能超过 50 个字' }).optional(),
  from: optionalDay('开始日期'),
  to: optionalDay('结束日期'),
});

export interface EntryView {
  id: string;
  unitId: string;
  unitName: string;
  type: ActivityType;
  day: string;
  topic: string;
  onTopic: boolean;
  participants: { id: string; name: string }[];
  othersCount: number;
  /** Participants from the list plus others. */
  headcount: number;
  hostPersonId: string | null;
  hostName: string | null;
  summary: string | null;
  minutes: string | null;
  planId: string | null;
  planTitle: string | null;
  campaignId: string | null;
  campaignName: string | null;
  reportedSeparately: boolean | null;
  audienceCount: number | null;
  materialsCount: number | null;
  attachmentCount: number;
  /** Self-examination materials attached (民主生活会, 组织生活会). */
  selfExamCount: number;
  createdByName: string;
  archived: boolean;
  version: number;
}

// --- Annual targets ---------------------------------------------------------------------

/** self: the unit's own target; subordinates: the default for every unit below it. */
export const TARGET_SCOPES = ['self', 'subordinates'] as const;
export type TargetScope = (typeof TARGET_SCOPES)[number];

export const targetSet = z.object({
  unitId: id('单位'),
  year: int('年度', 2000, 2100),
  scope: z.enum(TARGET_SCOPES, { error: '目标适用范围的取值无效' }),
  items: z
    .array(
      z.object({
        type: z.enum(ACTIVITY_TYPES, { error: '活动类型的取值无效' }),
        minTotal: int('全年至少次数', 0, 1000),
        minOnTopic: int('涉及本项工作至少次数', 0, 1000),
        minPerQuarter: int('每季度至少次数', 0, 250),
      }),
      { error: '请填写目标' },
    )
    .max(ACTIVITY_TYPES.length),
});

/** The typical targets the issue names: study ≥20 (≥4 on this work), dedicated meetings ≥2, training each quarter. */
export const RECOMMENDED_TARGETS: { type: ActivityType; minTotal: number; minOnTopic: number; minPerQuarter: number }[] = [
  { type: 'central_group', minTotal: 20, minOnTopic: 4, minPerQuarter: 0 },
  { type: 'special_meeting', minTotal: 2, minOnTopic: 2, minPerQuarter: 0 },
  { type: 'training', minTotal: 4, minOnTopic: 0, minPerQuarter: 1 },
];

export interface TargetRow {
  type: ActivityType;
  minTotal: number;
  minOnTopic: number;
  minPerQuarter: number;
}

export interface TargetProgress {
  type: ActivityType;
  /** Where the target comes from: the unit's own, or a superior's default for its subordinates. */
  source: { unitId: string; unitName: string; scope: TargetScope };
  target: TargetRow;
  done: number;
  doneOnTopic: number;
  /** Counts per quarter (Q1..Q4) of the year. */
  quarters: [number, number, number, number];
  /** What should be done by now, pro rata to the elapsed part of the year (rounded down). */
  expectedByNow: number;
  expectedOnTopicByNow: number;
  behind: boolean;
  /** Why the unit is behind, in words (empty when not). */
  reasons: string[];
}

export interface UnitTargetProgress {
  unitId: string;
  unitName: string;
  depth: number;
  items: TargetProgress[];
  behind: boolean;
}

// --- Emergency plans --------------------------------------------------------------------

export const PLAN_STATUSES = ['current', 'repealed'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];
export const PLAN_STATUS_LABELS: Record<PlanStatus, string> = { current: '现行', repealed: '已废止' };

const planFields = {
  title: text('预案名称', { max: 200 }),
  versionLabel: text('版本', { max: 50 }),
  effectiveDay: day('施行日期'),
  status: z.enum(PLAN_STATUSES, { error: '预案状态的取值无效' }),
  note: optionalText('说明', 2000),
  /** The rule (制度文件库) the plan implements: the unit's or a superior's. */
  ruleId: z.string().max(64).optional().nullable().transform((v) => v || null),
};
export const planCreate = z.object({ unitId: id('单位'), ...planFields });
export const planUpdate = z.object({ ...planFields, version });
export const planQuery = page.extend({
  unitId: z.string().max(64).optional(),
  status: z.enum(PLAN_STATUSES, { error: '预案状态的取值无效' }).optional(),
  archived: z.enum(['true', 'false']).optional(),
});

export interface PlanView {
  id: string;
  unitId: string;
  unitName: string;
  title: string;
  versionLabel: string;
  effectiveDay: string;
  status: PlanStatus;
  note: string | null;
  drillCount: number;
  lastDrillDay: string | null;
  ruleId: string | null;
  ruleTitle: string | null;
  archived: boolean;
  version: number;
}

export interface LedgerFigures {
  byType: Record<ActivityType, { total: number; onTopic: number }>;
  total: number;
  onTopic: number;
  /** Each unit of the subtree that recorded activities in the period (its own, not its subunits'), by path. */
  byUnit: { unitId: string; unitName: string; depth: number; total: number; onTopic: number; byType: Partial<Record<ActivityType, number>> }[];
  /** Per type: units of the subtree with a target this year, how many meet it so far and how many are behind. */
  targets: Record<ActivityType, { withTarget: number; meeting: number; behind: number }>;
  plansInForce: number;
  drills: number;
}

/** 述职, 民主生活会/组织生活会 and publicity in a period (server/modules/ledger/reports.ts). */
export interface ReportFigures {
  debriefings: number;
  /** 述职 in which this work was reported separately. */
  debriefingsSeparate: number;
  /** The leaders who reported it separately, by name. */
  separateLeaders: string[];
  lifeMeetings: number;
  /** Life meetings that covered this work. */
  lifeMeetingsCovered: number;
  /** Of those, with the self-examination attached. */
  lifeMeetingsWithSelfExam: number;
  /** Entries with an audience count, their audience and the materials handed out. */
  publicityEvents: number;
  audience: number;
  materials: number;
}
