import type { FastifyInstance } from 'fastify';
import type { Config } from '../config';
import type { DbHandle } from '../db';
import { housekeepingJob } from '../platform/housekeeping';
import type { Scheduler } from '../platform/jobs';
import { accountRoutes } from './accounts/routes';
import { auditRoutes } from './audit/routes';
import { calendarRoutes } from './calendar/routes';
import { dutyRoutes } from './duty/routes';
import { feedPollJob, feedRoutes } from './feeds/routes';
import { fileRoutes } from './files/routes';
import { importRoutes } from './import/routes';
import { leadingGroupRoutes } from './leading-group/routes';
import { notificationRoutes } from './notifications/routes';
import { remindersJob } from './notifications/reminders-job';
import { peopleRoutes } from './people/routes';
import { sessionRoutes } from './session/routes';
import { setupRoutes } from './setup/routes';
import { ledgerRoutes } from './ledger/routes';
import { rectificationRoutes } from './rectification/routes';
import { riskRoutes } from './risks/routes';
import { taskRoutes } from './tasks/routes';
import { unitRoutes } from './units/routes';

/** Every module's routes and jobs, registered in one place. */
export async function registerModules(app: FastifyInstance, handle: DbHandle, config: Config, scheduler: Scheduler) {
  const { db } = handle;
  scheduler.register(housekeepingJob(config.sessionIdleMinutes));
  scheduler.register(remindersJob());
  scheduler.register(feedPollJob(config));
  await app.register(setupRoutes(db, config));
  await app.register(sessionRoutes(db, config));
  await app.register(unitRoutes(db));
  await app.register(peopleRoutes(db));
  await app.register(accountRoutes(db));
  await app.register(leadingGroupRoutes(db));
  await app.register(auditRoutes(db));
  await app.register(fileRoutes(db, config));
  await app.register(importRoutes(db, config));
  await app.register(calendarRoutes(db));
  await app.register(notificationRoutes(db));
  await app.register(feedRoutes(db, config));
  await app.register(dutyRoutes(db, config));
  await app.register(taskRoutes(db, config));
  await app.register(rectificationRoutes(db));
  await app.register(ledgerRoutes(db, config));
  await app.register(riskRoutes(db, config));
}
