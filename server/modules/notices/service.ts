/**
 * 通知/通报 sent down the tree. A notice belongs to the sending unit; each receiving unit has
 * a receipt (who read it, when) that the sending side sees. Receivers are the sender's units
 * below it: all of them, or the ones chosen; a unit outside the sender's subtree is refused.
 */
import type { SelectQueryBuilder } from 'kysely';
import type { z } from 'zod';
import {
  NOTICE_KIND_LABELS, type NoticeDetailView, type NoticeKind, type NoticeView, type noticeCreate, type noticeQuery,
} from '../../../common/notices';
import type { Database } from '../../db';
import { builtOnce } from '../../db/batch';
import { writeAudit } from '../../platform/audit';
import type { Actor, ActorCtx } from '../../platform/context';
import { errors } from '../../platform/errors';
import { emitEvents } from '../../platform/events';
import { newId, nowIso } from '../../platform/ids';
import { shapedPage } from '../../platform/records';
import { boundScope, inSubtree, inSubtreeOf } from '../../platform/scope';
import { inTx, updatedRows } from '../../platform/tx';
import { getActiveUnit } from '../units/service';

type NoticeRow = {
  id: string; unit_id: string; kind: string; title: string; body: string; sent_by_name: string; sent_at: string;
  unit_name: string; unit_path: string; receivers: number | string | bigint; read: number | string | bigint;
};

/** Built once per database handle (builtOnce): each list extends it. */
const selectNotices = builtOnce((db: Database) => {
  return db.selectFrom('notices as n')
    .innerJoin('units as u', 'u.id', 'n.unit_id')
    .select(['n.id', 'n.unit_id', 'n.kind', 'n.title', 'n.body', 'n.sent_by_name', 'n.sent_at', 'u.name as unit_name', 'u.path as unit_path'])
    .select((eb) => [
      eb.selectFrom('notice_receipts as r').select((e) => e.fn.countAll().as('c')).whereRef('r.notice_id', '=', 'n.id').as('receivers'),
      eb.selectFrom('notice_receipts as r').select((e) => e.fn.countAll().as('c')).whereRef('r.notice_id', '=', 'n.id').where('r.read_at', 'is not', null).as('read'),
    ])
    .where('n.archived_at', 'is', null);
});

function toView(r: NoticeRow, myReadAt?: string | null): NoticeView {
  return {
    id: r.id, kind: r.kind as NoticeKind, kindLabel: NOTICE_KIND_LABELS[r.kind as NoticeKind] ?? r.kind, unitId: r.unit_id, unitName: r.unit_name,
    title: r.title, sentByName: r.sent_by_name, sentAt: r.sent_at, receivers: Number(r.receivers ?? 0), read: Number(r.read ?? 0),
    ...(myReadAt !== undefined ? { myReadAt } : {}),
  };
}

/** The sending side: the sending unit or a unit above it. */
const onSenderSide = (actor: Actor, r: Pick<NoticeRow, 'unit_path'>) => inSubtree(actor.unitPath, r.unit_path);

async function receiptOf(db: Database, noticeId: string, unitId: string) {
  return db.selectFrom('notice_receipts').selectAll().where('notice_id', '=', noticeId).where('unit_id', '=', unitId).executeTakeFirst();
}

/** A notice the caller may see: its unit received it, or the caller is on the sending side. */
export async function getVisibleNotice(db: Database, actor: Actor, id: string) {
  const r = (await selectNotices(db).where('n.id', '=', id).executeTakeFirst()) as NoticeRow | undefined;
  if (!r) throw errors.notFound('通知');
  const receipt = await receiptOf(db, id, actor.unitId);
  if (!onSenderSide(actor, r) && !receipt) throw errors.outOfScope();
  return { row: r, receipt };
}

export async function sendNotice(db: Database, ctx: ActorCtx, input: z.infer<typeof noticeCreate>): Promise<NoticeDetailView> {
  const id = await inTx(db, async (trx) => {
    const from = await getActiveUnit(trx, ctx.actor, input.unitId, 'unitId');
    let targets: { id: string; name: string; path: string }[];
    if (input.to === 'all') {
      targets = await trx.selectFrom('units').select(['id', 'name', 'path']).where((eb) => inSubtreeOf(eb, 'path', from.path)).where('id', '!=', from.id).where('archived_at', 'is', null).orderBy('path').execute();
      if (!targets.length) throw errors.validation(`${from.name}没有下级单位`, 'to');
    } else {
      const ids = [...new Set(input.unitIds)];
      if (!ids.length) throw errors.validation('请选择接收单位', 'unitIds');
      const rows = await trx.selectFrom('units').select(['id', 'name', 'path', 'archived_at']).where('id', 'in', ids).execute();
      if (rows.length !== ids.length) throw errors.validation('接收单位不存在', 'unitIds');
      for (const u of rows) {
        if (u.id === from.id || !inSubtree(from.path, u.path)) throw errors.validation(`“${u.name}”不是${from.name}的下级单位，不能发送`, 'unitIds');
        if (u.archived_at) throw errors.validation(`单位“${u.name}”已归档`, 'unitIds');
      }
      targets = rows.sort((a, b) => (a.path < b.path ? -1 : 1));
    }
    const now = nowIso();
    const noticeId = newId();
    await trx.insertInto('notices').values({
      id: noticeId, unit_id: from.id, kind: input.kind, title: input.title, body: input.body, sent_by: ctx.actor.accountId,
      sent_by_name: ctx.actor.displayName, sent_at: now, archived_at: null, version: 0, created_at: now, updated_at: now,
    }).execute();
    for (let i = 0; i < targets.length; i += 200) {
      await trx.insertInto('notice_receipts').values(targets.slice(i, i + 200).map((u) => ({ id: newId(), notice_id: noticeId, unit_id: u.id, read_at: null, read_by: null, read_by_name: null }))).execute();
    }
    await writeAudit(trx, ctx, {
      action: 'create', entity: 'notice', entityId: noticeId, unitPath: from.path,
      after: { kind: input.kind, title: input.title, to: targets.map((u) => u.name) },
    });
    const label = NOTICE_KIND_LABELS[input.kind];
    await emitEvents(trx, targets.map((u) => ({
      kind: 'notice.received', unitId: u.id, roles: ['admin', 'leader', 'staff', 'liaison', 'inspector'] as const,
      title: `${from.name}${label}：“${input.title.length > 40 ? `${input.title.slice(0, 40)}…` : input.title}”，请查阅`,
      subject: input.title, link: `/notices/${noticeId}`, key: `notice:${noticeId}:${u.id}`,
    })), now);
    return noticeId;
  });
  return getNotice(db, ctx.actor, id);
}

export async function getNotice(db: Database, actor: Actor, id: string): Promise<NoticeDetailView> {
  const { row, receipt } = await getVisibleNotice(db, actor, id);
  const sender = onSenderSide(actor, row);
  const receipts = sender
    ? (await db.selectFrom('notice_receipts as r').innerJoin('units as u', 'u.id', 'r.unit_id').select(['r.unit_id', 'u.name', 'r.read_at', 'r.read_by_name'])
        .where('r.notice_id', '=', id).orderBy('u.path').execute()).map((r) => ({ unitId: r.unit_id, unitName: r.name, readAt: r.read_at, readByName: r.read_by_name }))
    : null;
  return { ...toView(row, receipt ? receipt.read_at : undefined), body: row.body, receipts, received: !!receipt, canAttach: sender && actor.role !== 'inspector' };
}

/** Read receipt of the caller's unit: the first reader of the unit is recorded; later reads change nothing. */
export async function markRead(db: Database, ctx: ActorCtx, id: string): Promise<NoticeDetailView> {
  const { row, receipt } = await getVisibleNotice(db, ctx.actor, id);
  if (!receipt) throw errors.forbidden('该通知未发送给本单位');
  if (!receipt.read_at) {
    await inTx(db, async (trx) => {
      const res = await trx.updateTable('notice_receipts').set({ read_at: nowIso(), read_by: ctx.actor.accountId, read_by_name: ctx.actor.displayName })
        .where('id', '=', receipt.id).where('read_at', 'is', null).executeTakeFirst();
      if (updatedRows(res) === 0) return; // a colleague read it first: theirs is the receipt
      await writeAudit(trx, ctx, { action: 'read', entity: 'notice', entityId: id, unitPath: row.unit_path, after: { unit: ctx.actor.unitName } });
    });
  }
  return getNotice(db, ctx.actor, id);
}

/** The two boxes' count and page, compiled once per shape (shapedPage): the unit, its subtree and the page are bound. */
const noticePage = shapedPage(['unitId', 'path', 'upper'], (db, p: { box: 'received' | 'sent'; unread?: 'true' | 'false'; unitId?: string; path?: string; upper?: string }) => {
  type Row = NoticeRow & { my_read_at?: string | null };
  const order = (q: SelectQueryBuilder<any, any, Row>) => q.orderBy('n.sent_at', 'desc').orderBy('n.id', 'desc');
  if (p.box === 'received') {
    let q = selectNotices(db).innerJoin('notice_receipts as mine', (j) => j.onRef('mine.notice_id', '=', 'n.id').on('mine.unit_id', '=', p.unitId!)).select('mine.read_at as my_read_at');
    if (p.unread === 'true') q = q.where('mine.read_at', 'is', null);
    if (p.unread === 'false') q = q.where('mine.read_at', 'is not', null);
    return { q: q as unknown as SelectQueryBuilder<any, any, Row>, order };
  }
  const q = selectNotices(db).where((eb) => inSubtreeOf(eb, 'u.path', p.path!, p.upper));
  return { q: q as unknown as SelectQueryBuilder<any, any, Row>, order };
});

/** `unshaped`: the page built anew with the request's values, as before shapedPage (the tests compare the two). */
export async function listNotices(db: Database, actor: Actor, query: z.infer<typeof noticeQuery>, opts: { unshaped?: boolean } = {}) {
  const received = query.box === 'received';
  return (opts.unshaped ? noticePage.unshaped : noticePage)(
    db,
    received
      ? { box: 'received', unread: query.unread, unitId: actor.unitId }
      : { box: 'sent', ...boundScope({ path: actor.unitPath }) },
    query,
    (rows) => rows.map((r) => (received ? toView(r, r.my_read_at ?? null) : toView(r))),
  );
}

/** Unread notices of the caller's unit: for home. */
export async function unreadCount(db: Database, unitId: string): Promise<number> {
  const r = await db.selectFrom('notice_receipts as r').innerJoin('notices as n', 'n.id', 'r.notice_id').select((eb) => eb.fn.countAll<number>().as('c'))
    .where('r.unit_id', '=', unitId).where('r.read_at', 'is', null).where('n.archived_at', 'is', null).executeTakeFirstOrThrow();
  return Number(r.c);
}
