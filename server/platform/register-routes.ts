/**
 * Route shapes every register declares the same way: archive and restore with the version the
 * page was loaded with, the .xlsx ledger export with the list's filters, and a record's history.
 * Each call names its permission; the routes are registered as plain Fastify routes, so the
 * access walk and the API docs see them like any other.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import type { Permission } from '../../common/roles';
import type { Database } from '../db';
import type { Actor, ActorCtx } from './context';
import { ALLOWED_TYPES, contentDisposition } from './files';
import { actorCtx, actorOf, idParams, versionBody } from './http';

type App = Parameters<FastifyPluginAsyncZod>[0];

interface RouteHead {
  permission: Permission;
  tags: string[];
}

/**
 * POST <path>/:id/archive and <path>/:id/restore, both answered by the register's `archiver`
 * (platform/records.ts). Summaries are 归档<noun> and 恢复<noun> unless given.
 */
export function archiveRoutes(app: App, db: Database, path: string, o: RouteHead & {
  noun: string;
  archiveSummary?: string;
  set: (db: Database, ctx: ActorCtx, id: string, version: number, archived: boolean) => Promise<unknown>;
}): void {
  for (const [action, archived, summary] of [['archive', true, o.archiveSummary ?? `归档${o.noun}`], ['restore', false, `恢复${o.noun}`]] as const) {
    app.post(`${path}/:id/${action}`, {
      config: { permission: o.permission },
      schema: { tags: o.tags, summary, params: idParams, body: versionBody },
    }, async (req) => o.set(db, actorCtx(req), req.params.id, req.body.version, archived));
  }
}

/** GET <url>: the register's ledger (.xlsx) for the list's filters, under its own file name or the one given. */
export function exportRoute<Q extends z.ZodType>(app: App, url: string, o: RouteHead & { summary: string; querystring: Q } & (
  | { filename: string; ledger: (actor: Actor, query: z.output<Q>) => Promise<Buffer> }
  | { ledger: (actor: Actor, query: z.output<Q>) => Promise<{ buffer: Buffer; filename: string }> }
)): void {
  app.get(url, {
    config: { permission: o.permission },
    schema: { tags: o.tags, summary: o.summary, querystring: o.querystring },
  }, async (req, reply) => {
    const out = await o.ledger(actorOf(req), req.query as z.output<Q>);
    const { buffer, filename } = Buffer.isBuffer(out) ? { buffer: out, filename: 'filename' in o ? o.filename : '台账.xlsx' } : out;
    reply.header('content-disposition', contentDisposition(filename));
    return reply.type(ALLOWED_TYPES.xlsx).send(buffer);
  });
}

/** GET <url> with :id: one record, or something of it, that `read` answers (its service checks it may be seen). */
export function readRoute(app: App, url: string, o: RouteHead & { summary: string; read: (actor: Actor, id: string) => Promise<unknown> }): void {
  app.get(url, {
    config: { permission: o.permission },
    schema: { tags: o.tags, summary: o.summary, params: idParams },
  }, async (req) => o.read(actorOf(req), (req.params as { id: string }).id));
}

/** GET <path>/:id/history: the record's steps from the audit log. */
export function historyRoute(app: App, path: string, o: RouteHead & { summary: string; read: (actor: Actor, id: string) => Promise<unknown> }): void {
  readRoute(app, `${path}/:id/history`, o);
}

/**
 * POST <url> with :id and a body: one step of a record's workflow (report, sign off, triage), answered
 * by `run`; `method: 'put'` for a save of the record itself.
 */
export function actionRoute<S extends z.ZodTypeAny>(app: App, url: string, o: RouteHead & {
  summary: string; body: S; method?: 'post' | 'put'; run: (ctx: ActorCtx, id: string, body: z.output<S>) => Promise<unknown>;
}): void {
  app[o.method ?? 'post'](url, {
    config: { permission: o.permission },
    schema: { tags: o.tags, summary: o.summary, params: idParams, body: o.body },
  }, async (req) => o.run(actorCtx(req), (req.params as { id: string }).id, req.body as z.output<S>));
}
