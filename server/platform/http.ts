import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { z, ZodError } from 'zod';
import { CONTROL_CHARS, controlCharMessage } from '../../common/fields';
import { can, type Permission } from '../../common/roles';
import type { Config } from '../config';
import type { Database } from '../db';
import { exportContext } from './export-stamp';
import type { Actor, ActorCtx, Ctx } from './context';
import { AppError, errors, isTransactionConflict, isUniqueViolation } from './errors';
import { nowIso } from './ids';
import { CSRF_COOKIE, type LoadedSession, loadSession, SESSION_COOKIE, sessionNeedsTouch, touchSession } from './sessions';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Routes are private unless they say `public: true`; private routes name the permission they need. */
    public?: boolean;
    permission?: Permission;
  }
  interface FastifyRequest {
    session: LoadedSession | null;
    sessionExpired: boolean;
    idempotencyKey: string | null;
  }
}

export function ctxOf(req: FastifyRequest): Ctx {
  return { actor: req.session?.actor ?? null, requestId: req.id, ip: req.ip ?? null };
}

/** The acting user of a private route (the auth hook has already refused anonymous calls). */
export function actorOf(req: FastifyRequest): Actor {
  if (!req.session) throw errors.unauthenticated();
  return req.session.actor;
}

export function cookieSecure(config: Config, req: FastifyRequest): boolean {
  if (config.cookieSecure === 'auto') return req.protocol === 'https';
  return config.cookieSecure === 'true';
}

export function setSessionCookies(reply: FastifyReply, config: Config, token: string, csrfToken: string) {
  const secure = cookieSecure(config, reply.request);
  reply.setCookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure });
  // Readable by the page so it can echo it in X-CSRF-Token; useless to another site.
  reply.setCookie(CSRF_COOKIE, csrfToken, { path: '/', httpOnly: false, sameSite: 'strict', secure });
}

export function clearSessionCookies(reply: FastifyReply) {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
  reply.clearCookie(CSRF_COOKIE, { path: '/' });
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** What an export made in a request finds (platform/export-stamp.ts): the database and the signed-in user. */
class RequestExport {
  cached?: Promise<string | null>;
  constructor(readonly db: Database, private readonly req: FastifyRequest) {}
  actor(): Actor | null {
    return this.req.session?.actor ?? null;
  }
}

/** Session, permission, CSRF and double-submit protection, applied to every route. */
export function registerAuthHooks(app: FastifyInstance, db: Database, config: Config) {
  app.decorateRequest('session', null);
  app.decorateRequest('sessionExpired', false);
  app.decorateRequest('idempotencyKey', null);

  app.addHook('preValidation', async (req) => {
    const token = req.cookies[SESSION_COOKIE];
    if (token) {
      const found = await loadSession(db, token, config.sessionIdleMinutes, config.sessionMaxHours);
      if (found.status === 'ok') {
        req.session = found.session;
        // Awaited only when it writes (once a minute per session): a GET list pays no promise for it.
        if (sessionNeedsTouch(found.session)) await touchSession(db, found.session);
      } else if (found.status === 'expired') {
        req.sessionExpired = true;
      }
    }
    const routeConfig = req.routeOptions.config;
    if (!req.routeOptions.url) return; // 404s are answered by the not-found handler
    if (routeConfig.public) return;
    if (!req.session) throw req.sessionExpired ? errors.sessionExpired() : errors.unauthenticated();
    if (!SAFE_METHODS.has(req.method)) {
      const sent = req.headers['x-csrf-token'];
      if (typeof sent !== 'string' || sent !== req.session.csrfToken) throw errors.csrf();
    }
    if (!routeConfig.permission) throw new Error(`route ${req.routeOptions.url} declares no permission`);
    // Two factors required but not enrolled yet: only the own session (binding an authenticator, signing out).
    if (req.session.twoFactorPending && routeConfig.permission !== 'self' && routeConfig.permission !== 'notification.read') {
      throw new AppError(403, 'TWO_FACTOR_REQUIRED', '请先在“双因素认证”页面绑定手机验证器，再使用系统');
    }
    if (!can(req.session.actor.role, routeConfig.permission)) throw errors.forbidden();
    // Only a POST can claim a key (claimIdempotencyKey checks again): other requests pay no promise for it.
    if (req.method === 'POST' && req.headers['idempotency-key'] !== undefined) await claimIdempotencyKey(db, req);
  });

  // Exports made in this request find the signed-in user (platform/export-stamp.ts); callback style, so the handler runs inside it.
  // The context is an object of a class, not a literal with an arrow: a closure made per request cost a defineProperty each (tsx keeps function names).
  app.addHook('preHandler', (req, _reply, done) => exportContext.run(new RequestExport(db, req), done));

  // Second line behind the field builders: no text anywhere in a request (query strings and
  // fields declared as plain strings included) carries a C0 control character into a database.
  // Callback-style hooks where nothing is awaited: an async hook costs every request a promise (and its async-context hooks).
  app.addHook('preHandler', (req, _reply, done) => {
    const bad = controlCharPath(req.query, 0) ?? controlCharPath(req.params, 0) ?? controlCharPath(req.body, 0);
    done(bad !== undefined ? errors.validation(controlCharMessage(bad ? `字段 ${bad} ` : '请求内容'), bad || undefined) : undefined);
  });

  app.addHook('onSend', (req, reply, payload, done) => {
    if (!req.idempotencyKey || !req.session) return done(null, payload);
    keepIdempotentAnswer(db, req, reply, payload).then(() => done(null, payload), done);
  });
}

/** The answer to a request that claimed an Idempotency-Key: kept for a repeat, or the key released when the request was refused. */
async function keepIdempotentAnswer(db: Database, req: FastifyRequest, reply: FastifyReply, payload: unknown) {
  if (!req.idempotencyKey || !req.session) return;
  const where = { account: req.session.actor.accountId, key: req.idempotencyKey };
  if (reply.statusCode < 400) {
    await db
      .updateTable('idempotency_keys')
      .set({ status: reply.statusCode, response: typeof payload === 'string' ? payload : null })
      .where('account_id', '=', where.account)
      .where('key', '=', where.key)
      .execute();
  } else {
    // A refused request may be corrected and sent again with the same form.
    await db.deleteFrom('idempotency_keys').where('account_id', '=', where.account).where('key', '=', where.key).execute();
  }
}

/**
 * A form sends one Idempotency-Key per opening. The first request with the key runs;
 * a repeat gets the first answer again (or 409 while the first is still running).
 */
async function claimIdempotencyKey(db: Database, req: FastifyRequest) {
  const key = req.headers['idempotency-key'];
  if (req.method !== 'POST' || typeof key !== 'string' || !req.session) return;
  if (key.length < 8 || key.length > 100) throw errors.validation('Idempotency-Key 长度应为 8 到 100 个字符');
  const accountId = req.session.actor.accountId;
  const route = `${req.method} ${req.url}`.slice(0, 200);
  try {
    await db
      .insertInto('idempotency_keys')
      .values({ key, account_id: accountId, route, status: null, response: null, created_at: nowIso() })
      .execute();
    req.idempotencyKey = key;
  } catch {
    const existing = await db
      .selectFrom('idempotency_keys')
      .select(['status', 'response', 'route'])
      .where('account_id', '=', accountId)
      .where('key', '=', key)
      .executeTakeFirst();
    if (existing?.status && existing.route === route) {
      throw new ReplayResponse(existing.status, existing.response);
    }
    throw errors.duplicateSubmit();
  }
}

/** Path of the first string holding a control character ('' for the value itself), or undefined. */
function controlCharPath(v: unknown, depth: number): string | undefined {
  if (typeof v === 'string') return CONTROL_CHARS.test(v) ? '' : undefined;
  if (!v || typeof v !== 'object' || depth > 20 || Buffer.isBuffer(v)) return undefined;
  for (const [k, x] of Object.entries(v)) {
    if (CONTROL_CHARS.test(k)) return k.replace(CONTROL_CHARS, '?');
    const inner = controlCharPath(x, depth + 1);
    if (inner !== undefined) return inner ? `${k}.${inner}` : k;
  }
  return undefined;
}

class ReplayResponse extends Error {
  constructor(
    readonly status: number,
    readonly body: string | null,
  ) {
    super('replay');
  }
}

const FIELD_LABELS_FALLBACK = '请求内容有误';

export function registerErrorHandler(app: FastifyInstance) {
  app.setErrorHandler((err: FastifyError | Error, req, reply) => {
    if (err instanceof ReplayResponse) {
      reply.header('idempotent-replay', 'true').code(err.status).type('application/json');
      return reply.send(err.body ?? '');
    }
    if (err instanceof AppError) return reply.code(err.status).send(err.toJSON());
    if (hasZodFastifySchemaValidationErrors(err)) {
      const first = err.validation[0];
      const field = first.instancePath.replace(/^\//, '').replace(/\//g, '.') || undefined;
      return reply.code(400).send({ code: 'VALIDATION', message: first.message || FIELD_LABELS_FALLBACK, ...(field ? { field } : {}) });
    }
    if (err instanceof ZodError) {
      const first = err.issues[0];
      const field = first?.path.join('.') || undefined;
      return reply.code(400).send({ code: 'VALIDATION', message: first?.message ?? FIELD_LABELS_FALLBACK, ...(field ? { field } : {}) });
    }
    const fe = err as FastifyError;
    switch (fe.code) {
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return reply.code(400).send({ code: 'BAD_JSON', message: '请求内容不是有效的 JSON' });
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return reply.code(413).send({ code: 'TOO_LARGE', message: '请求内容过大' });
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return reply.code(415).send({ code: 'UNSUPPORTED_MEDIA_TYPE', message: '不支持的请求内容类型' });
      case 'FST_REQ_FILE_TOO_LARGE':
        return reply.code(413).send({ code: 'TOO_LARGE', message: '文件超过大小上限', field: 'file' });
      case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
        return reply.code(400).send({ code: 'BAD_FILE', message: '请以文件上传的方式提交', field: 'file' });
    }
    // Two requests wrote the same thing at the same moment and the database refused one of them.
    if (isUniqueViolation(err) || isTransactionConflict(err)) {
      return reply.code(409).send({ code: 'CONFLICT', message: '该记录正被他人同时修改，请刷新后再试' });
    }
    // PostgreSQL refuses NUL and invalid byte sequences in text (the fields refuse them first).
    const pgCode = (err as { code?: unknown }).code;
    if (pgCode === '22021' || pgCode === '22P05') {
      return reply.code(400).send({ code: 'VALIDATION', message: '内容包含无法保存的字符(如控制字符)' });
    }
    if (fe.statusCode === 429) return reply.code(429).send({ code: 'RATE_LIMITED', message: '请求过于频繁，请稍后再试' });
    if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
      return reply.code(fe.statusCode).send({ code: 'BAD_REQUEST', message: '请求有误' });
    }
    req.log.error({ err }, 'unhandled error');
    return reply.code(500).send({ code: 'INTERNAL', message: `服务器内部错误，请稍后再试(请求编号 ${req.id})` });
  });
}

/** Context of a private route's request, with its (authenticated) actor. */
export function actorCtx(req: FastifyRequest): ActorCtx {
  return { ...ctxOf(req), actor: actorOf(req) };
}

/** `:id` path parameter of every record route. */
export const idParams = z.object({ id: z.string().min(1).max(64) });

export const versionBody = z.object({ version: z.number({ error: '缺少版本号(请刷新页面后重试)' }).int().min(0) });
