/**
 * A unit's group robots: added, changed and tested by the unit's admin (or an admin above);
 * webhook address and signing secret sealed at rest (SM4, DATA_KEY: platform/personal-data.ts),
 * never sent back to the browser and hidden in the audit log.
 */
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { z } from 'zod';
import { ROBOT_PROVIDER_LABELS, type RobotDeliveryView, type RobotProvider, type RobotView, type robotCreate, type robotUpdate } from '../../../common/robots';
import type { Database } from '../../db';
import type { RobotTable } from '../../db/schema';
import { writeAudit } from '../../platform/audit';
import type { Actor, ActorCtx } from '../../platform/context';
import { errors } from '../../platform/errors';
import { eventKinds } from '../../platform/events';
import { newId, nowIso } from '../../platform/ids';
import { openText, sealText } from '../../platform/personal-data';
import { updateVersioned, visibleRow } from '../../platform/records';
import { inSubtreeOf } from '../../platform/scope';
import { inTx } from '../../platform/tx';
import { isPrivate } from '../feeds/fetch';
import { getActiveUnit } from '../units/service';
import { cutBytes, PROVIDERS, secretProblem, sendText, webhookProblem } from './providers';

type RobotRow = RobotTable & { unit_name: string; unit_path: string; pending?: number | string | bigint | null };
const HIDDEN = '[已隐藏]';

function selectRobots(db: Database) {
  return db.selectFrom('robots as r').innerJoin('units as u', 'u.id', 'r.unit_id').selectAll('r').select(['u.name as unit_name', 'u.path as unit_path'])
    .select((eb) => eb.selectFrom('robot_outbox as o').select((e) => e.fn.countAll().as('c')).whereRef('o.robot_id', '=', 'r.id').where('o.status', 'in', ['pending', 'sending']).as('pending'));
}

export function toView(r: RobotRow): RobotView {
  return {
    id: r.id, unitId: r.unit_id, unitName: r.unit_name, name: r.name, provider: r.provider as RobotProvider, providerLabel: ROBOT_PROVIDER_LABELS[r.provider as RobotProvider],
    webhookHint: r.webhook_hint, hasSecret: !!r.secret_sealed, keyword: r.keyword, kinds: JSON.parse(r.kinds), withTitles: r.with_titles === 1,
    quietFrom: r.quiet_from, quietTo: r.quiet_to, pending: Number(r.pending ?? 0), archived: r.archived_at !== null, version: r.version,
  };
}

export async function getVisibleRobot(db: Database, actor: Actor, id: string): Promise<RobotRow> {
  return visibleRow(await selectRobots(db).where('r.id', '=', id).executeTakeFirst(), actor, '机器人') as RobotRow;
}

export async function listRobots(db: Database, actor: Actor) {
  const rows = (await selectRobots(db).where((eb) => inSubtreeOf(eb, 'u.path', actor.unitPath)).orderBy('u.path').orderBy('r.created_at').execute()) as RobotRow[];
  return { items: rows.map(toView) };
}

export async function getRobot(db: Database, actor: Actor, id: string) {
  return toView(await getVisibleRobot(db, actor, id));
}

/** Host and a masked tail: enough to recognise the robot, not enough to post to it. */
function hintOf(url: URL): string {
  const cred = url.searchParams.get('access_token') ?? url.searchParams.get('key') ?? url.pathname.split('/').pop() ?? '';
  return `${url.host}/…${cred.slice(-4)}`;
}

/**
 * A webhook must be https and reach the public internet: an address on the server's own
 * network (cloud metadata, admin pages) is refused unless the deployment allows private hosts
 * (FEED_PRIVATE_HOSTS=allow, the setting intranet feeds use); then an intranet relay may also
 * be plain http.
 */
export async function checkWebhook(provider: RobotProvider, raw: string, allowPrivate: boolean): Promise<URL> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw errors.validation('Webhook 地址不是有效的网址', 'webhook');
  }
  if (url.username || url.password) throw errors.validation('Webhook 地址中不能包含用户名或密码', 'webhook');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  try {
    addresses = isIP(host) ? [host] : (await lookup(host, { all: true })).map((a) => a.address);
  } catch {
    throw errors.validation(`无法解析 Webhook 地址的域名 ${host}`, 'webhook');
  }
  const inside = addresses.some(isPrivate);
  if (inside && !allowPrivate) throw errors.validation('Webhook 地址指向内网或本机地址，系统设置不允许(可由运维开启 FEED_PRIVATE_HOSTS=allow)', 'webhook');
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && inside && allowPrivate)) throw errors.validation('Webhook 地址应以 https:// 开头', 'webhook');
  const shape = webhookProblem(provider, url);
  if (shape) throw errors.validation(shape, 'webhook');
  return url;
}

function checkKinds(kinds: string[]) {
  const known = new Set(eventKinds().map((k) => k.key));
  const bad = kinds.find((k) => !known.has(k));
  if (bad) throw errors.validation(`没有“${bad}”这种事件`, 'kinds');
  return [...new Set(kinds)];
}

function checkQuiet(from: string | null, to: string | null) {
  if ((from === null) !== (to === null)) throw errors.validation('免打扰时段应同时填写开始和结束时间', from === null ? 'quietFrom' : 'quietTo');
  if (from !== null && from === to) throw errors.validation('免打扰开始和结束时间不能相同', 'quietTo');
}

const auditView = (r: { name: string; provider: string; webhook_hint: string; keyword: string | null; kinds: string; with_titles: number; quiet_from: string | null; quiet_to: string | null }, secret: boolean) => ({
  name: r.name, provider: r.provider, webhook: HIDDEN, webhookHint: r.webhook_hint, secret: secret ? HIDDEN : null, keyword: r.keyword, kinds: JSON.parse(r.kinds),
  withTitles: r.with_titles === 1, quietFrom: r.quiet_from, quietTo: r.quiet_to,
});

function assertAdminOf(actor: Actor, unitPath: string) {
  if (actor.role !== 'admin' || !unitPath.startsWith(actor.unitPath)) throw errors.forbidden('群机器人由本单位或上级单位的管理员设置');
}

export async function createRobot(db: Database, ctx: ActorCtx, input: z.infer<typeof robotCreate>, allowPrivate: boolean) {
  const url = await checkWebhook(input.provider, input.webhook, allowPrivate);
  const sp = secretProblem(input.provider, input.secret);
  if (sp) throw errors.validation(sp, 'secret');
  const kinds = checkKinds(input.kinds);
  checkQuiet(input.quietFrom, input.quietTo);
  const id = await inTx(db, async (trx) => {
    const unit = await getActiveUnit(trx, ctx.actor, input.unitId, 'unitId');
    assertAdminOf(ctx.actor, unit.path);
    const now = nowIso();
    const row = {
      id: newId(), unit_id: unit.id, name: input.name, provider: input.provider, webhook_sealed: sealText(url.toString())!, webhook_hint: hintOf(url),
      secret_sealed: sealText(input.secret), keyword: input.keyword, kinds: JSON.stringify(kinds), with_titles: input.withTitles ? 1 : 0,
      quiet_from: input.quietFrom, quiet_to: input.quietTo, archived_at: null, version: 0, created_at: now, updated_at: now,
    };
    await trx.insertInto('robots').values(row).execute();
    await writeAudit(trx, ctx, { action: 'create', entity: 'robot', entityId: row.id, unitPath: unit.path, after: auditView(row, !!input.secret) });
    return row.id;
  });
  return getRobot(db, ctx.actor, id);
}

export async function updateRobot(db: Database, ctx: ActorCtx, id: string, input: z.infer<typeof robotUpdate>, allowPrivate: boolean) {
  const before = await getVisibleRobot(db, ctx.actor, id);
  assertAdminOf(ctx.actor, before.unit_path);
  const provider = before.provider as RobotProvider;
  const url = input.webhook ? await checkWebhook(provider, input.webhook, allowPrivate) : null;
  const sp = secretProblem(provider, input.secret);
  if (sp) throw errors.validation(sp, 'secret');
  const kinds = checkKinds(input.kinds);
  checkQuiet(input.quietFrom, input.quietTo);
  await inTx(db, async (trx) => {
    const secretSealed = input.secret ? sealText(input.secret) : input.keepSecret ? before.secret_sealed : null;
    const change = {
      name: input.name, keyword: input.keyword, kinds: JSON.stringify(kinds), with_titles: input.withTitles ? 1 : 0, quiet_from: input.quietFrom, quiet_to: input.quietTo,
      secret_sealed: secretSealed, ...(url ? { webhook_sealed: sealText(url.toString())!, webhook_hint: hintOf(url) } : {}),
    };
    await updateVersioned(trx, 'robots', id, input.version, change);
    await writeAudit(trx, ctx, {
      action: 'update', entity: 'robot', entityId: id, unitPath: before.unit_path, before: auditView(before, !!before.secret_sealed),
      after: { ...auditView({ ...before, ...change }, !!secretSealed), webhookChanged: !!url, secretChanged: !!input.secret || (!input.keepSecret && !!before.secret_sealed) },
    });
  });
  return getRobot(db, ctx.actor, id);
}

export async function setRobotArchived(db: Database, ctx: ActorCtx, id: string, version: number, archived: boolean) {
  const before = await getVisibleRobot(db, ctx.actor, id);
  assertAdminOf(ctx.actor, before.unit_path);
  await inTx(db, async (trx) => {
    const now = nowIso();
    await updateVersioned(trx, 'robots', id, version, { archived_at: archived ? now : null });
    // A robot switched off sends nothing more: what waited is dropped, not sent later.
    if (archived) await trx.updateTable('robot_outbox').set({ status: 'dropped' }).where('robot_id', '=', id).where('status', '=', 'pending').execute();
    await writeAudit(trx, ctx, { action: archived ? 'archive' : 'restore', entity: 'robot', entityId: id, unitPath: before.unit_path });
  });
  return getRobot(db, ctx.actor, id);
}

export function deliveryView(d: { id: string; at: string; messages: number; text: string; http_status: number | null; errcode: number | null; errmsg: string | null; ok: number; test: number }): RobotDeliveryView {
  return { id: d.id, at: d.at, messages: d.messages, text: d.text, httpStatus: d.http_status, errcode: d.errcode, errmsg: d.errmsg, ok: d.ok === 1, test: d.test === 1 };
}

export async function listDeliveries(db: Database, actor: Actor, id: string) {
  await getVisibleRobot(db, actor, id);
  const rows = await db.selectFrom('robot_deliveries').selectAll().where('robot_id', '=', id).orderBy('at', 'desc').orderBy('id', 'desc').limit(100).execute();
  return { items: rows.map(deliveryView) };
}

/** The stored webhook and secret, opened for sending only. */
export function credentialsOf(r: Pick<RobotTable, 'webhook_sealed' | 'secret_sealed'>) {
  return { webhook: openText(r.webhook_sealed)!, secret: openText(r.secret_sealed) };
}

/** Prefixes the group's keyword (a DingTalk or Feishu group set to 自定义关键词 refuses messages without it) and cuts to the platform's size. */
export function finalText(r: Pick<RobotTable, 'provider' | 'keyword'>, text: string): string {
  const withKeyword = r.keyword && !text.includes(r.keyword) ? `【${r.keyword}】${text}` : text;
  return cutBytes(withKeyword, PROVIDERS[r.provider as RobotProvider].maxBytes);
}

/** 测试: one message sent now, logged like any delivery; counts against the robot's rate. */
export async function testRobot(db: Database, ctx: ActorCtx, id: string): Promise<RobotDeliveryView> {
  const r = await getVisibleRobot(db, ctx.actor, id);
  assertAdminOf(ctx.actor, r.unit_path);
  if (r.archived_at) throw errors.conflict('ARCHIVED', '该机器人已停用');
  const spec = PROVIDERS[r.provider as RobotProvider];
  const recent = await db.selectFrom('robot_deliveries').select((eb) => eb.fn.countAll<number>().as('c')).where('robot_id', '=', id).where('at', '>', new Date(Date.now() - 60_000).toISOString()).executeTakeFirstOrThrow();
  if (Number(recent.c) >= spec.perMinute) throw errors.conflict('RATE', `该机器人一分钟内已发送 ${spec.perMinute} 条，请稍后再试`);
  const { webhook, secret } = credentialsOf(r);
  const text = finalText(r, `【网信工作台】测试消息：${r.unit_name}的群机器人“${r.name}”已连通。`);
  const res = await sendText(r.provider as RobotProvider, webhook, secret, text);
  const row = { id: newId(), robot_id: id, at: nowIso(), messages: 1, text, http_status: res.httpStatus, errcode: res.errcode, errmsg: res.errmsg?.slice(0, 500) ?? null, ok: res.ok ? 1 : 0, test: 1 };
  await inTx(db, async (trx) => {
    await trx.insertInto('robot_deliveries').values(row).execute();
    await writeAudit(trx, ctx, { action: 'test', entity: 'robot', entityId: id, unitPath: r.unit_path, after: { ok: res.ok, errcode: res.errcode, errmsg: res.errmsg } });
  });
  return deliveryView(row);
}
