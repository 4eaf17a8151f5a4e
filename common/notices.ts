/** 通知/通报 sent down the tree with read receipts: kinds, labels, request schemas and views. */
import { z } from 'zod';
import { id, oneOf, page, text } from './fields';

export const NOTICE_KINDS = ['notice', 'bulletin'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];
export const NOTICE_KIND_LABELS: Record<NoticeKind, string> = { notice: '通知', bulletin: '通报' };

export const noticeCreate = z.object({
  /** The sending unit: the user's own or one of its subtree. */
  unitId: id('发文单位'),
  kind: oneOf('类别', NOTICE_KINDS),
  title: text('标题', { max: 200 }),
  body: text('正文', { max: 20000 }),
  /** all: every unit below the sender; chosen: the units in `unitIds`. */
  to: z.enum(['all', 'chosen'], { error: '请选择发送范围' }),
  unitIds: z.array(id('接收单位'), { error: '请选择接收单位' }).max(2000, { error: '接收单位最多 2000 个' }).default([]),
});

export const noticeQuery = page.extend({
  box: z.enum(['received', 'sent'], { error: '请选择收到的或发出的' }).default('received'),
  unread: z.enum(['true', 'false'], { error: '“只看未读”的取值应为 true 或 false' }).optional(),
});

export interface NoticeView {
  id: string;
  kind: NoticeKind;
  kindLabel: string;
  unitId: string;
  unitName: string;
  title: string;
  sentByName: string;
  sentAt: string;
  /** Receiving units and how many have read it. */
  receivers: number;
  read: number;
  /** For a receiver: when its unit read it (null: unread; undefined for the sender side). */
  myReadAt?: string | null;
}

export interface NoticeReceiptView {
  unitId: string;
  unitName: string;
  readAt: string | null;
  readByName: string | null;
}

export interface NoticeDetailView extends NoticeView {
  body: string;
  /** The sender's side (its unit or above) sees every receipt; a receiver sees none. */
  receipts: NoticeReceiptView[] | null;
  /** Whether the caller's unit is a receiver. */
  received: boolean;
  canAttach: boolean;
}
