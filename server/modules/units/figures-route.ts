/**
 * The one route shape every register's figures share: GET <url>?unitId=&from=&to= answers the
 * module's figures for a unit in the caller's subtree (default: the caller's own unit) and a
 * period (default: this Shanghai year). Modules contribute `figures` in module.ts; index.ts
 * serves them all through this plugin.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { optionalDay } from '../../../common/fields';
import type { Database } from '../../db';
import { actorOf } from '../../platform/http';
import type { FiguresDef } from '../../platform/modules';
import { periodOr } from '../../platform/period';
import { getVisibleUnit } from './service';

const figuresQuery = z.object({ unitId: z.string().max(64).optional(), from: optionalDay('开始日期'), to: optionalDay('结束日期') });

export function figuresRoutes(db: Database, defs: readonly FiguresDef[]): FastifyPluginAsyncZod {
  return async (app) => {
    for (const def of defs) {
      app.get(def.url, {
        config: { permission: def.permission },
        schema: { tags: [def.tag], summary: def.summary, querystring: figuresQuery },
      }, async (req) => {
        const actor = actorOf(req);
        const unit = req.query.unitId ? await getVisibleUnit(db, actor, req.query.unitId) : null;
        return def.compute(db, { unitPath: unit?.path ?? actor.unitPath, ...periodOr(req.query) });
      });
    }
  };
}
