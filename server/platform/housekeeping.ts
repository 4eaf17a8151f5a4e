import type { Database } from '../db';
import type { JobDef } from './jobs';

/** Clears what only matters for a while: idle sessions, old login failures, old double-submit keys, answered
 * challenges of the public page past their expiry. */
export function housekeepingJob(idleMinutes: number): JobDef {
  return {
    name: 'housekeeping',
    intervalMs: 10 * 60_000,
    async run(db: Database) {
      const now = Date.now();
      await db.deleteFrom('sessions').where('last_seen_at', '<', new Date(now - idleMinutes * 60_000).toISOString()).execute();
      await db.deleteFrom('login_locks').where('locked_until', '<', new Date(now).toISOString()).execute();
      await db.deleteFrom('rate_limits').where('window_start', '<', now - 24 * 3600_000).execute();
      await db.deleteFrom('login_tickets').where('expires_at', '<', new Date(now).toISOString()).execute();
      await db.deleteFrom('login_failures').where('at', '<', new Date(now - 24 * 3600_000).toISOString()).execute();
      await db.deleteFrom('public_nonces').where('expires_at', '<', new Date(now).toISOString()).execute();
      await db.deleteFrom('idempotency_keys').where('created_at', '<', new Date(now - 24 * 3600_000).toISOString()).execute();
    },
  };
}
