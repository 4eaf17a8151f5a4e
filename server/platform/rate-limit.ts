import type { FastifyRateLimitOptions, FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import { sql } from 'kysely';
import type { Database } from '../db';

/**
 * A store for @fastify/rate-limit that counts in the database: one atomic upsert per limited
 * request, so every app server sharing the database counts the same requests. A window starts
 * at a key's first request and lasts the route's time window (as the plugin's memory store does).
 */
export function databaseRateStore(db: Database): FastifyRateLimitStoreCtor {
  class DatabaseRateStore implements FastifyRateLimitStore {
    constructor(
      _options: FastifyRateLimitOptions,
      private readonly prefix = '',
    ) {}

    incr(key: string, cb: (err: Error | null, result?: { current: number; ttl: number }) => void, timeWindow: number) {
      const now = Date.now();
      const k = `${this.prefix}${key}`.slice(0, 300);
      sql<{ count: number; window_start: number }>`
        insert into rate_limits (key, window_start, count) values (${k}, ${now}, 1)
        on conflict (key) do update set
          count = case when rate_limits.window_start + ${timeWindow} > ${now} then rate_limits.count + 1 else 1 end,
          window_start = case when rate_limits.window_start + ${timeWindow} > ${now} then rate_limits.window_start else ${now} end
        returning count, window_start`
        .execute(db)
        .then((r) => {
          const row = r.rows[0];
          cb(null, { current: Number(row.count), ttl: Math.max(0, Number(row.window_start) + timeWindow - now) });
        }, (err: Error) => cb(err));
    }

    /** One store per limited route (the plugin passes the route's options with `routeInfo`). */
    child(routeOptions: Parameters<FastifyRateLimitStore['child']>[0]) {
      const route = (routeOptions as unknown as { routeInfo: { method: string | string[]; url: string } }).routeInfo;
      return new DatabaseRateStore(routeOptions as FastifyRateLimitOptions, `${route.method}${route.url}-`);
    }
  }
  return DatabaseRateStore as unknown as FastifyRateLimitStoreCtor;
}
