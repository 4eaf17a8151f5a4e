#!/usr/bin/env -S npx tsx
import { Command } from 'commander';
import { loadConfig } from '../server/config';
import { openDb } from '../server/db';
import { migrateToLatest } from '../server/db/migrate';
import { buildApp } from '../server/app';

const program = new Command();
program.name('netduty').description('网信工作台 command line');

program
  .command('serve')
  .description('run migrations, then serve the app and API')
  .option('--demo', 'fill an empty database with the demo county (示例县) first')
  .action(async (opts: { demo?: boolean }) => {
    const config = loadConfig();
    const handle = openDb(config);
    await migrateToLatest(handle.db);
    if (opts.demo) {
      const { seedDemoIfEmpty } = await import('../server/modules/demo/seed');
      const seeded = await seedDemoIfEmpty(handle.db);
      console.log(seeded ? '已生成演示数据(示例县)' : '数据库已有数据，未生成演示数据');
    }
    const { app, scheduler } = await buildApp(config, handle, { logger: true });
    if (config.jobs) scheduler.start();
    const close = async () => {
      await app.close();
      await handle.close();
      process.exit(0);
    };
    process.on('SIGINT', close);
    process.on('SIGTERM', close);
    await app.listen({ port: config.port, host: config.host });
    console.log(`网信工作台已启动: http://localhost:${config.port}  (数据库: ${handle.dialect === 'sqlite' ? config.dataDir : 'PostgreSQL'})`);
  });

program
  .command('migrate')
  .description('bring the database schema up to date')
  .action(async () => {
    const config = loadConfig();
    const handle = openDb(config);
    const done = await migrateToLatest(handle.db);
    console.log(done.length ? `已执行迁移: ${done.join(', ')}` : '数据库结构已是最新');
    await handle.close();
  });

program.parseAsync().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
