/**
 * The public submission page: a citizen, without an account, sends a concern to a unit and
 * later reads its status and the public reply with a tracking code — nothing else of the case.
 *
 * Abuse is held off without any outside service: rate limits per address on the routes, size
 * limits in the schema, an arithmetic challenge signed by the server (HMAC, expires, usable
 * once), and tracking codes of 60 random bits looked up only whole, answered the same way
 * whether a code is unknown or malformed.
 */
import { createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import type { z } from 'zod';
import { PUBLIC_STATUS_LABELS, type EventStatus, type PublicUnit, type publicSubmit, type TrackView } from '../../../common/cases';
import type { Database } from '../../db';
import type { Ctx } from '../../platform/context';
import { AppError, errors, isUniqueViolation } from '../../platform/errors';
import { nowIso } from '../../platform/ids';
import { getSetting, setSetting } from '../../platform/settings';
import { inTx } from '../../platform/tx';
import { intake } from './intake';

const SECRET_KEY = 'cases.publicSecret';
const CHALLENGE_TTL_MS = 30 * 60_000;
const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

async function secret(db: Database): Promise<Buffer> {
  let s = await getSetting<string>(db, SECRET_KEY);
  if (!s) {
    // Shared by every app server through the database, so a challenge from one is accepted by another.
    s = randomBytes(32).toString('hex');
    try {
      await inTx(db, async (trx) => {
        if (!(await getSetting<string>(trx, SECRET_KEY))) await setSetting(trx, SECRET_KEY, s);
      });
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
    }
    s = (await getSetting<string>(db, SECRET_KEY))!;
  }
  return Buffer.from(s, 'hex');
}

const sign = (key: Buffer, payload: string) => createHmac('sha256', key).update(payload).digest('base64url');

/** A sum of two small numbers in Chinese words, e.g. "三加五等于几？", and a signed token for it. */
export async function newChallenge(db: Database) {
  const a = randomInt(1, 10);
  const b = randomInt(1, 10);
  const nonce = randomBytes(12).toString('base64url');
  const expires = Date.now() + CHALLENGE_TTL_MS;
  const payload = `${nonce}.${expires}`;
  const key = await secret(db);
  // The answer is bound into the signature but not readable from the token.
  const token = `${payload}.${sign(key, `${payload}.${a + b}`)}`;
  return { question: `${DIGITS[a]}加${DIGITS[b]}等于几？(请填写阿拉伯数字)`, token };
}

const challengeError = (message: string) => new AppError(400, 'CHALLENGE', message, 'answer');

async function checkChallenge(trx: Database, token: string, answer: string) {
  const [nonce, expires, mac] = token.split('.');
  if (!nonce || !expires || !mac) throw challengeError('验证题无效，请刷新验证题');
  if (Number(expires) < Date.now()) throw challengeError('验证题已过期，请刷新验证题');
  const expected = Buffer.from(sign(await secret(trx), `${nonce}.${expires}.${answer.replace(/\s/g, '')}`));
  const given = Buffer.from(mac);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw challengeError('验证题答案不正确');
  try {
    await trx.insertInto('public_nonces').values({ nonce, expires_at: new Date(Number(expires)).toISOString() }).execute();
  } catch (err) {
    if (isUniqueViolation(err)) throw challengeError('该验证题已使用，请刷新验证题');
    throw err;
  }
}

/** Units a citizen may address: every active unit, by name only. */
export async function publicUnits(db: Database): Promise<{ items: PublicUnit[] }> {
  const rows = await db.selectFrom('units').select(['id', 'name', 'parent_id', 'depth']).where('archived_at', 'is', null).orderBy('path').execute();
  return { items: rows.map((r) => ({ id: r.id, name: r.name, parentId: r.parent_id, depth: r.depth })) };
}

export async function submitPublic(db: Database, ctx: Ctx, input: z.infer<typeof publicSubmit>) {
  return inTx(db, async (trx) => {
    await checkChallenge(trx, input.challenge, input.answer);
    const unit = await trx.selectFrom('units').select(['id', 'path', 'name', 'archived_at']).where('id', '=', input.unitId).executeTakeFirst();
    if (!unit || unit.archived_at) throw errors.validation('请从列表中选择反映对象单位', 'unitId');
    const r = await intake(trx, ctx, {
      unit, source: 'online_petition', via: 'public', receivedAt: nowIso(), title: input.title, content: input.content,
      channel: '网信工作台公众提交页面', contact: input.contact, withTrackingCode: true,
    });
    return { trackingCode: r.trackingCode!, unitName: unit.name, receivedAt: nowIso() };
  });
}

/** Status and public reply for a tracking code; nothing else of the case leaves the server. */
export async function track(db: Database, code: string): Promise<TrackView> {
  const normal = code.toUpperCase().replace(/[^0-9A-Z]/g, '');
  if (normal.length !== 12) throw errors.notFound('查询码对应的诉求');
  const formatted = `${normal.slice(0, 4)}-${normal.slice(4, 8)}-${normal.slice(8)}`;
  const row = await db
    .selectFrom('cases as c')
    .innerJoin('case_events as e', 'e.id', 'c.event_id')
    .innerJoin('units as u', 'u.id', 'c.unit_id')
    .select(['c.tracking_code', 'c.title', 'c.received_at', 'u.name as unit_name', 'e.status', 'e.public_reply', 'e.responded_at', 'e.first_info_at', 'e.closed_at'])
    .where('c.tracking_code', '=', formatted)
    .executeTakeFirst();
  if (!row) throw errors.notFound('查询码对应的诉求');
  return {
    trackingCode: row.tracking_code!, title: row.title, unitName: row.unit_name, receivedAt: row.received_at,
    status: PUBLIC_STATUS_LABELS[row.status as EventStatus], reply: row.public_reply,
    repliedAt: row.responded_at ?? (row.public_reply ? row.first_info_at : null), closedAt: row.closed_at,
  };
}

