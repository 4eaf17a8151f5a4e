/** 迎检材料包 (inspection packs): request schemas, views and labels shared by server and web. */
import { z } from 'zod';
import { day, id, page } from './fields';

export const PACK_STATUSES = ['queued', 'building', 'done', 'failed', 'expired'] as const;
export type PackStatus = (typeof PACK_STATUSES)[number];
export const PACK_STATUS_LABELS: Record<PackStatus, string> = {
  queued: '排队中',
  building: '生成中',
  done: '已完成',
  failed: '失败',
  expired: '已过期',
};

/** Topic folders of a pack, in the order inspectors walk through them. */
export const PACK_FOLDERS = {
  org: '01 组织领导',
  duty: '02 责任清单与责任书',
  study: '03 学习与会议',
  tasks: '04 任务台账',
  rectification: '05 整改落实',
  risks: '06 风险防控',
  cases: '07 舆情与诉求',
  documents: '08 工作文档',
  outlets: '09 阵地管理',
  watch: '10 报告值班与信息报送',
} as const;
export type PackFolder = (typeof PACK_FOLDERS)[keyof typeof PACK_FOLDERS];

/** The folder of a pack arranged by checklist item that holds the files no item claims. */
export const PACK_UNCLAIMED_FOLDER = '未对应检查项目的材料';

/** The longest period one pack may cover: three years of records. */
export const PACK_MAX_DAYS = 3 * 366;
/** Days a finished pack is kept before housekeeping deletes its file. */
export const PACK_KEEP_DAYS = 7;

export const packCreate = z
  .object({
    unitId: id('单位'), from: day('开始日期'), to: day('结束日期'),
    /** Arrange by this checklist framework (one folder per item) instead of the topic folders. */
    frameworkId: id('考核细则').nullish(),
  })
  .superRefine((v, ctx) => {
    if (v.to < v.from) ctx.addIssue({ code: 'custom', path: ['to'], message: '结束日期不能早于开始日期' });
    else if ((Date.parse(v.to) - Date.parse(v.from)) / 86_400_000 + 1 > PACK_MAX_DAYS) ctx.addIssue({ code: 'custom', path: ['to'], message: '一个材料包的期间不能超过三年' });
  });

export const packQuery = page.extend({
  unitId: z.string().max(64).optional(),
});

export interface PackView {
  id: string;
  unitId: string;
  unitName: string;
  from: string;
  to: string;
  status: PackStatus;
  progressDone: number;
  progressTotal: number;
  /** Why the build failed, in Chinese. */
  error: string | null;
  size: number | null;
  fileCount: number | null;
  createdByName: string;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  expiresAt: string | null;
  /** The checklist framework the pack is arranged by (one folder per item); null: topic folders. */
  frameworkId: string | null;
  /** True when this answer is a build already running for the same unit and period (a repeated request). */
  reused?: boolean;
}
