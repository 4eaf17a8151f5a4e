/** Group robots (企业微信, 钉钉, 飞书): providers, request schemas and views. Secrets never appear in a view. */
import { z } from 'zod';
import { id, oneOf, text } from './fields';

export const ROBOT_PROVIDERS = ['wecom', 'dingtalk', 'feishu'] as const;
export type RobotProvider = (typeof ROBOT_PROVIDERS)[number];
export const ROBOT_PROVIDER_LABELS: Record<RobotProvider, string> = { wecom: '企业微信', dingtalk: '钉钉', feishu: '飞书' };

const hhmm = (label: string) => z.string({ error: `${label}应为时间` }).regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: `${label}应为 HH:MM，如 22:00` }).nullish().transform((v) => v || null);

const fields = {
  name: text('机器人名称', { max: 100 }),
  /** The group's webhook address as the platform shows it (DingTalk: …/robot/send?access_token=…; WeCom: …/webhook/send?key=…; Feishu: …/bot/v2/hook/…). */
  webhook: z.string({ error: '请填写 Webhook 地址' }).trim().min(1, { error: '请填写 Webhook 地址' }).max(500, { error: 'Webhook 地址过长' }),
  /** 加签 secret (DingTalk SEC…, Feishu); empty when the group uses keywords instead. */
  secret: z.string({ error: '签名密钥应为文字' }).trim().max(100, { error: '签名密钥过长' }).nullish().transform((v) => v || null),
  /** 自定义关键词: every message carries it. */
  keyword: z.string({ error: '关键词应为文字' }).trim().max(50, { error: '关键词不能超过 50 字' }).nullish().transform((v) => v || null),
  kinds: z.array(z.string({ error: '订阅的事件应为文字' }).max(60), { error: '请选择订阅的事件' }).max(100),
  withTitles: z.boolean({ error: '“消息带标题”应为是或否' }).default(true),
  quietFrom: hhmm('免打扰开始时间'),
  quietTo: hhmm('免打扰结束时间'),
};

export const robotCreate = z.object({ unitId: id('所属单位'), provider: oneOf('平台', ROBOT_PROVIDERS), ...fields });
/** Editing: leave webhook and secret empty to keep the stored ones. */
export const robotUpdate = z.object({
  version: z.number({ error: '缺少版本号(请刷新页面后重试)' }).int().min(0),
  ...fields,
  webhook: fields.webhook.optional().or(z.literal('')).transform((v) => v || null),
  keepSecret: z.boolean().default(true),
});

export interface RobotView {
  id: string;
  unitId: string;
  unitName: string;
  name: string;
  provider: RobotProvider;
  providerLabel: string;
  /** The webhook's host and a masked tail, e.g. oapi.dingtalk.com/…a1b2: the address itself is a credential. */
  webhookHint: string;
  hasSecret: boolean;
  keyword: string | null;
  kinds: string[];
  withTitles: boolean;
  quietFrom: string | null;
  quietTo: string | null;
  pending: number;
  archived: boolean;
  version: number;
}

export interface RobotDeliveryView {
  id: string;
  at: string;
  messages: number;
  text: string;
  httpStatus: number | null;
  errcode: number | null;
  errmsg: string | null;
  ok: boolean;
  test: boolean;
}
