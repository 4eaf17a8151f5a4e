/**
 * 群机器人: a unit's WeCom, DingTalk and Feishu group robots, fed by the same events as the
 * in-app notifications (an outbox row per subscribed robot, written in the event's
 * transaction) and delivered by a scheduled job within each platform's limits.
 */
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Module } from '../../platform/modules';
import { deliverDue, outboxHandler } from './outbox';
import { robotRoutes } from './routes';

/** Set at start from the configuration (PUBLIC_URL), so the messages link into netduty. */
let publicUrl: string | undefined;
const owner = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;

export const robotsModule: Module = {
  key: 'robots',
  routes: ({ db, config }) => {
    publicUrl = config.publicUrl;
    return robotRoutes(db, config);
  },
  eventHandlers: [(trx, events, at) => outboxHandler(publicUrl)(trx, events, at)],
  jobs: ({ config }) => [{ name: 'robot-delivery', intervalMs: 30_000, run: async (db) => void (await deliverDue(db, { owner, publicUrl: config.publicUrl })) }],
};
