/**
 * The one list of modules. Each module's module.ts says what it contributes; buildApp installs
 * this list (filling the platform's registries) and registers every module's routes and jobs.
 * Adding a module is one line here.
 *
 * Order matters in two places: routes register in this order, and pack ledgers and sources of
 * one topic folder follow it (risks before ledger: risk registers, then emergency plans).
 */
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config';
import type { DbHandle } from '../db';
import { housekeepingJob } from '../platform/housekeeping';
import type { Scheduler } from '../platform/jobs';
import { figureDefs, installModules, type Module, type ModuleDeps } from '../platform/modules';
import { accountsModule } from './accounts/module';
import { auditModule } from './audit/module';
import { calendarModule } from './calendar/module';
import { casesModule } from './cases/module';
import { checksModule } from './checks/module';
import { demoModule } from './demo/module';
import { documentsModule } from './documents/module';
import { dutyModule } from './duty/module';
import { feedsModule } from './feeds/module';
import { filesModule } from './files/module';
import { importModule } from './import/module';
import { informationModule } from './information/module';
import { leadingGroupModule } from './leading-group/module';
import { ledgerModule } from './ledger/module';
import { notificationsModule } from './notifications/module';
import { outletsModule } from './outlets/module';
import { packsModule } from './packs/module';
import { peopleModule } from './people/module';
import { rectificationModule } from './rectification/module';
import { rulesModule } from './rules/module';
import { reportingModule } from './reporting/module';
import { netsecModule } from './netsec/module';
import { teamsModule } from './teams/module';
import { campaignsModule } from './campaigns/module';
import { risksModule } from './risks/module';
import { sessionModule } from './session/module';
import { setupModule } from './setup/module';
import { tasksModule } from './tasks/module';
import { figuresRoutes } from './units/figures-route';
import { unitsModule } from './units/module';
import { watchModule } from './watch/module';
import { noticesModule } from './notices/module';
import { robotsModule } from './robots/module';
import { homeModule } from './home/module';

export const MODULES: readonly Module[] = [
  setupModule,
  sessionModule,
  unitsModule,
  peopleModule,
  accountsModule,
  leadingGroupModule,
  auditModule,
  filesModule,
  importModule,
  calendarModule,
  notificationsModule,
  feedsModule,
  dutyModule,
  tasksModule,
  rectificationModule,
  risksModule,
  ledgerModule,
  casesModule,
  checksModule,
  packsModule,
  documentsModule,
  watchModule,
  rulesModule,
  reportingModule,
  informationModule,
  noticesModule,
  robotsModule,
  outletsModule,
  homeModule,
  netsecModule,
  teamsModule,
  campaignsModule,
  demoModule,
];

/** Installs the modules and registers their routes, figures routes and jobs. */
export async function registerModules(app: FastifyInstance, handle: DbHandle, config: Config, scheduler: Scheduler) {
  installModules(MODULES);
  const deps: ModuleDeps = { db: handle.db, handle, config, logError: (msg, err) => app.log.error({ err }, msg) };
  scheduler.register(housekeepingJob(config.sessionIdleMinutes));
  for (const m of MODULES) for (const job of m.jobs?.(deps) ?? []) scheduler.register(job);
  for (const m of MODULES) if (m.routes) await app.register(m.routes(deps));
  await app.register(figuresRoutes(handle.db, figureDefs()));
}
