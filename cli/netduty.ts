#!/usr/bin/env -S npx tsx
import { getHeapStatistics } from 'node:v8';
import { Command } from 'commander';
import { loadConfig } from '../server/config';
import { openDb } from '../server/db';
import { migrateToLatest } from '../server/db/migrate';
import { buildApp } from '../server/app';

/**
 * Fills an empty database with the demo county. The keys come first: every seeded record writes
 * an audit row (keyed chain) and the demo cases hold sealed contacts. Ends with a checkpoint of
 * the audit head. Answers whether it seeded.
 */
async function seedDemo(handle: ReturnType<typeof openDb>, config: ReturnType<typeof loadConfig>): Promise<boolean> {
  const { initAuditKey, writeAuditCheckpoint } = await import('../server/platform/audit');
  initAuditKey(config, { create: true });
  (await import('../server/platform/personal-data')).initDataKey(config, { create: true });
  const { seedDemoIfEmpty } = await import('../server/modules/demo/seed');
  const { MODULES } = await import('../server/modules');
  const seeded = await seedDemoIfEmpty(handle.db, MODULES);
  if (seeded) await writeAuditCheckpoint(handle.db, config.auditCheckpointFile);
  return seeded;
}

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
    if (opts.demo) console.log((await seedDemo(handle, config)) ? '已生成演示数据(示例县)' : '数据库已有数据，未生成演示数据');
    const { app, scheduler } = await buildApp(config, handle, { logger: true });
    if (config.jobs) scheduler.start();
    const close = async () => {
      await app.close();
      await handle.close();
      process.exit(0);
    };
    process.on('SIGINT', close);
    process.on('SIGTERM', close);
    // The demo's login page lists every demo password: unless HOST says otherwise, only this computer can open it.
    const host = opts.demo && !process.env.HOST ? '127.0.0.1' : config.host;
    await app.listen({ port: config.port, host });
    const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
    console.log(`网信工作台已启动: http://${shown}:${config.port}  (数据库: ${handle.dialect === 'sqlite' ? config.dataDir : 'PostgreSQL'})`);
    // npm start sets a heap limit (package.json): without one V8 lets garbage grow to several times what is live (docs/operations.md, 内存).
    const heapMb = Math.round(getHeapStatistics().heap_size_limit / 1048576);
    if (heapMb > 1024) console.log(`提示：Node.js 堆内存未设上限(${heapMb} MB)，负载下服务器内存可能涨到 400 MB 以上。请用 npm start 启动，或在 tsx 后加 --max-old-space-size=512。`);
    if (opts.demo) {
      console.log(host === '127.0.0.1'
        ? '演示模式只在本机地址 127.0.0.1 上监听(登录页会列出演示账号和密码)。要让其他电脑访问，请设置 HOST=0.0.0.0 后重新启动。'
        : `演示模式在 ${host} 上监听：登录页列出的演示账号和密码，能访问这个地址的人都能看到。`);
    }
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

program
  .command('demo')
  .description('fill an empty database with the demo county 示例县 (never on production data)')
  .action(async () => {
    const config = loadConfig();
    const handle = openDb(config);
    await migrateToLatest(handle.db);
    const seeded = await seedDemo(handle, config);
    if (!seeded) {
      await handle.close();
      console.log('数据库中已有数据，未生成演示数据(演示数据只写入空数据库，不会改动已有数据)。');
      return;
    }
    const { getSetting } = await import('../server/platform/settings');
    const { ROLE_LABELS } = await import('../common/roles');
    type DemoAccount = import('../server/platform/modules').DemoAccount;
    const accounts = (await getSetting<DemoAccount[]>(handle.db, 'demo_accounts')) ?? [];
    await handle.close();
    console.log('已生成演示数据(示例县)。演示账号：');
    for (const a of accounts) console.log(`  ${a.username.padEnd(10)} ${ROLE_LABELS[a.role]}\t${a.unitName}\t密码 ${a.password}`);
  });

program
  .command('backup')
  .argument('<file>', 'backup file to write (.tar.gz)')
  .description('consistent backup of the SQLite database and attachments, safe while the server runs')
  .action(async (file: string) => {
    const config = loadConfig();
    if (config.databaseUrl) {
      throw new Error('当前使用 PostgreSQL：数据库请用 pg_dump 备份，附件目录另行复制，见 docs/operations.md');
    }
    const { initAuditKey } = await import('../server/platform/audit');
    initAuditKey(config);
    const { backupSqlite } = await import('../server/platform/backup');
    const r = await backupSqlite(config.dataDir, file);
    console.log(`备份完成: ${file} (${(r.bytes / 1024).toFixed(0)} KB, 附件 ${r.files} 个)`);
  });

program
  .command('restore')
  .argument('<file>', 'backup file made by netduty backup')
  .description('restore a backup into the data directory (stop the server first)')
  .action(async (file: string) => {
    const config = loadConfig();
    if (config.databaseUrl) {
      throw new Error('当前使用 PostgreSQL：请用 pg_restore/psql 恢复，见 docs/operations.md');
    }
    const { restoreSqlite } = await import('../server/platform/backup');
    const r = await restoreSqlite(config.dataDir, file);
    console.log(`恢复完成(附件 ${r.files} 个)。${r.keptPrevious ? `原数据库已保留为 ${r.keptPrevious}` : ''}`);
    const handle = openDb(config);
    const done = await migrateToLatest(handle.db);
    if (done.length) console.log(`已执行迁移: ${done.join(', ')}`);
    await handle.close();
  });

const data = program.command('data').description('personal information at rest');
data
  .command('reseal')
  .description('after a DATA_KEY rotation: re-encrypt contacts still sealed with a previous key (DATA_KEY_PREVIOUS)')
  .action(async () => {
    const config = loadConfig();
    const { initDataKey, resealContacts } = await import('../server/platform/personal-data');
    initDataKey(config);
    const handle = openDb(config);
    const n = await resealContacts(handle.db);
    await handle.close();
    console.log(`已用当前密钥重新加密 ${n} 条联系方式`);
  });

const audit = program.command('audit').description('audit log tools');
audit
  .command('verify')
  .description('check the audit log MAC chain against the last checkpoint and report the first broken link')
  .option('--checkpoint <file>', 'checkpoint file to compare with (default AUDIT_CHECKPOINT_FILE)')
  .action(async (opts: { checkpoint?: string }) => {
    const config = loadConfig();
    const { initAuditKey, readAuditCheckpoint, verifyAuditChain } = await import('../server/platform/audit');
    initAuditKey(config);
    const file = opts.checkpoint ?? config.auditCheckpointFile;
    const checkpoint = readAuditCheckpoint(file);
    const handle = openDb(config);
    const r = await verifyAuditChain(handle.db, checkpoint);
    await handle.close();
    if (!r.ok) {
      console.log(`审计日志校验失败：第 ${r.firstBroken!.seq} 条，${r.firstBroken!.reason}(此前 ${r.checked} 条完好)`);
      process.exitCode = 2;
    } else if (!checkpoint) {
      console.log(`审计日志链完整(共校验 ${r.checked} 条)，但找不到检查点文件 ${file}：无法发现末尾被删除或整体重写`);
      process.exitCode = 3;
    } else {
      console.log(`审计日志完整：共校验 ${r.checked} 条${r.legacy ? `(其中 ${r.legacy} 条为启用密钥前的记录)` : ''}，与检查点(第 ${checkpoint.seq} 条，${checkpoint.at})一致`);
    }
  });

program.parseAsync().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
