/** Feed watching: schemas, states and their Chinese labels, shared by server and web. */
import { z } from 'zod';
import { id, optionalText, page, text, version } from './fields';

export const CLUE_STATES = ['new', 'accepted', 'dismissed'] as const;
export type ClueState = (typeof CLUE_STATES)[number];
export const CLUE_STATE_LABELS: Record<ClueState, string> = { new: '待处理', accepted: '已转为舆情诉求', dismissed: '已忽略' };

export const FEED_STATUS_LABELS: Record<string, string> = { ok: '正常', not_modified: '无更新', error: '失败' };

export const FEED_INTERVALS = [15, 30, 60, 120, 360, 720, 1440] as const;

const keywords = (label: string) =>
  z
    .array(z.string({ error: `${label}应为文字` }).trim().min(1, { error: `${label}不能有空白项` }).max(30, { error: `${label}每项不能超过 30 个字` }), { error: `${label}应为关键词列表` })
    .max(50, { error: `${label}最多 50 个` })
    .default([]);

const feedFields = {
  name: text('订阅名称', { max: 100 }),
  url: text('订阅地址', { max: 2000 }).refine((v) => /^https?:\/\/[^\s]+$/i.test(v), { error: '订阅地址应为 http:// 或 https:// 开头的网址' }),
  any: keywords('任一关键词'),
  all: keywords('全部关键词'),
  none: keywords('排除关键词'),
  intervalMinutes: z.coerce
    .number({ error: '抓取间隔应为分钟数' })
    .int({ error: '抓取间隔应为整数分钟' })
    .min(15, { error: '抓取间隔不能少于 15 分钟' })
    .max(1440, { error: '抓取间隔不能超过 1440 分钟(一天)' }),
  enabled: z.boolean({ error: '“启用”应为是或否' }).default(true),
};

const needsKeyword = (v: { any: string[]; all: string[] }) => v.any.length + v.all.length > 0;
const keywordError = { error: '请至少填写一个“任一关键词”或“全部关键词”', path: ['any'] };

export const feedCreate = z.object({ unitId: id('单位'), ...feedFields }).refine(needsKeyword, keywordError);
export const feedUpdate = z.object({ ...feedFields, version }).refine(needsKeyword, keywordError);

export const feedQuery = page.extend({
  unitId: z.string().max(64).optional(),
  archived: z.enum(['true', 'false']).optional(),
});

export const clueQuery = page.extend({
  unitId: z.string().max(64).optional(),
  includeSubunits: z.enum(['true', 'false']).optional(),
  state: z.enum(CLUE_STATES, { error: '状态的取值无效' }).optional(),
  feedId: z.string().max(64).optional(),
  q: z.string().trim().max(50, { error: '搜索词不能超过 50 个字' }).optional(),
});

export const clueDismiss = z.object({ version, note: optionalText('忽略原因', 500) });

export interface FeedView {
  id: string;
  unitId: string;
  unitName: string;
  name: string;
  url: string;
  any: string[];
  all: string[];
  none: string[];
  intervalMinutes: number;
  enabled: boolean;
  lastPolledAt: string | null;
  lastStatus: string | null;
  lastError: string | null;
  lastNewClues: number;
  failCount: number;
  nextPollAt: string;
  newClues: number;
  archived: boolean;
  version: number;
}

export interface ClueView {
  id: string;
  unitId: string;
  unitName: string;
  feedId: string;
  feedName: string;
  title: string;
  link: string | null;
  summary: string;
  publishedAt: string | null;
  hits: string[];
  state: ClueState;
  handledBy: string | null;
  handledAt: string | null;
  note: string | null;
  caseId: string | null;
  createdAt: string;
  version: number;
}
