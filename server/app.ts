import fs from 'node:fs';
import path from 'node:path';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest, LogController } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Config } from './config';
import type { DbHandle } from './db';
import { registerModules } from './modules';
import { auditCheckpointJob, initAuditKey, writeAuditCheckpoint } from './platform/audit';
import { registerAuthHooks, registerErrorHandler } from './platform/http';
import { initDataKey } from './platform/personal-data';
import { databaseRateStore } from './platform/rate-limit';
import { sweepResidue } from './platform/temp-files';
import { newId } from './platform/ids';
import { Scheduler } from './platform/jobs';

declare module 'fastify' {
  interface FastifyInstance {
    routeAccess: Map<string, { permission?: string; public?: boolean }>;
  }
}

/**
 * Scripts only from this origin (the built app has no inline script); antd writes its styles
 * into <style> elements at run time, hence 'unsafe-inline' for styles only.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'", "script-src 'self'", "style-src 'self' 'unsafe-inline'", "img-src 'self' data: blob:",
  "font-src 'self' data:", "connect-src 'self'", "object-src 'none'", "base-uri 'self'", "form-action 'self'", "frame-ancestors 'none'",
].join('; ');

/**
 * One log line per answered API request (Fastify writes two: received and completed); none for the
 * web app's files, which every page load fetches by the dozen.
 */
class OneLinePerRequest extends LogController {
  override incomingRequest() {}
  override requestCompleted(error: Error | null | undefined, req: FastifyRequest, reply: FastifyReply) {
    if (!req.url.startsWith('/api/')) return;
    const line = { method: req.method, url: req.url, status: reply.statusCode, ms: Math.round(reply.elapsedTime) };
    if (error) reply.log.error({ ...line, err: error }, `${req.method} ${req.url} ${reply.statusCode}`);
    else reply.log.info(line, `${req.method} ${req.url} ${reply.statusCode}`);
  }
}

export interface App {
  app: FastifyInstance;
  scheduler: Scheduler;
}

/** `logger`: true logs to stdout; a stream (tests) receives the same JSON lines. */
export async function buildApp(config: Config, handle: DbHandle, opts: { logger?: boolean | { stream: NodeJS.WritableStream } } = {}): Promise<App> {
  initAuditKey(config, { create: true });
  initDataKey(config, { create: true });
  // What a killed process left in temporary directories goes now (not awaited: a large files tree takes a while).
  void sweepResidue(config.dataDir).catch((err) => console.warn(`清理临时文件失败: ${err instanceof Error ? err.message : err}`));
  // The head at start (an unmigrated database, as for the API docs script, has none yet).
  await writeAuditCheckpoint(handle.db, config.auditCheckpointFile).catch((err) => console.warn(`未写入审计检查点: ${err instanceof Error ? err.message : err}`));
  const app = Fastify({
    logger: opts.logger ? { level: config.logLevel, ...(typeof opts.logger === 'object' ? { stream: opts.logger.stream } : {}) } : false,
    logController: new OneLinePerRequest(),
    trustProxy: config.trustProxy,
    bodyLimit: 1024 * 1024,
    genReqId: () => newId(),
    requestIdHeader: false,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  await app.register(cookie);
  await app.register(multipart, { limits: { fileSize: config.uploadLimitBytes, files: 1, fields: 10, fieldSize: 1000 } });
  // Counted in the database, so several app servers enforce one limit (platform/rate-limit.ts).
  await app.register(rateLimit, { global: false, store: databaseRateStore(handle.db) });
  await app.register(swagger, {
    openapi: { info: { title: '网信工作台 API', version: '0.1.0' } },
    transform: jsonSchemaTransform,
  });
  // The web app's files are public; the API docs are for signed-in users; every other /api route declares its own access.
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/api/docs')) route.config = { ...(route.config as object), permission: 'self' };
    else if (!route.url.startsWith('/api/')) route.config = { ...(route.config as object), public: true };
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', uiConfig: { docExpansion: 'list' } });

  // Which permission each route declared: the route-walking access test and the API docs read this.
  const routeAccess = new Map<string, { permission?: string; public?: boolean }>();
  app.decorate('routeAccess', routeAccess);
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const cfg = (route.config ?? {}) as { permission?: string; public?: boolean };
    for (const m of methods) if (m !== 'HEAD') routeAccess.set(`${m} ${route.url}`, { permission: cfg.permission, public: cfg.public });
  });

  registerErrorHandler(app);
  registerAuthHooks(app, handle.db, config);

  const scheduler = new Scheduler(handle.db, { tickMs: config.jobTickMs });
  await registerModules(app, handle, config, scheduler);
  scheduler.register(auditCheckpointJob(config.auditCheckpointFile));

  // Callback style: nothing to await, and an async hook costs every request a promise.
  app.addHook('onSend', (_req, reply, payload, done) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'same-origin');
    reply.header('x-frame-options', 'DENY');
    reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
    done(null, payload);
  });

  const indexHtml = path.join(config.webDir, 'index.html');
  if (fs.existsSync(indexHtml)) {
    await app.register(fastifyStatic, {
      root: config.webDir, prefix: '/', wildcard: true, index: false, decorateReply: true,
      // The build writes .br and .gz beside each asset (scripts/vite-assets.ts): sent as they are, never compressed per request.
      preCompressed: true,
      cacheControl: false,
      // Files under /assets/ carry a hash of their content in the name: a browser keeps them a year without asking again.
      // The page itself is asked for each time, so a new build is picked up at once.
      setHeaders: (res, file) => {
        res.setHeader('cache-control', path.basename(path.dirname(file)) === 'assets' ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
    // The static handler answers a directory request (/) with 403; the home page is the app.
    app.get('/', { schema: { hide: true } }, (_req, reply) => reply.type('text/html').sendFile('index.html'));
  }
  app.setNotFoundHandler((req, reply) => {
    // Missing API routes and missing asset files get a real 404, never the page.
    if (req.url.startsWith('/api/') || req.url.startsWith('/assets/') || req.method !== 'GET') {
      return reply.code(404).send({ code: 'NOT_FOUND', message: '接口不存在' });
    }
    // Client-side routes: the single-page app answers every other GET.
    if (fs.existsSync(indexHtml)) return reply.type('text/html').sendFile('index.html');
    return reply.code(404).type('text/plain').send('网页尚未构建：请先运行 npm run build');
  });

  app.addHook('onClose', async () => {
    scheduler.stop();
  });
  return { app, scheduler };
}
