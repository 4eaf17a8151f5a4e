import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialectName, freshDb } from '../helpers/app';

const root = path.resolve(__dirname, '../..');

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** The README's first command ends in `netduty serve --demo`: it must start on an empty database and serve the demo county. */
describe(`netduty serve --demo on an empty database [${dialectName}]`, () => {
  let fresh: Awaited<ReturnType<typeof freshDb>>;
  let child: ChildProcess | undefined;
  beforeAll(async () => {
    fresh = await freshDb();
    await fresh.handle.close(); // the command opens the database itself
  });
  afterAll(async () => {
    child?.kill('SIGTERM');
    await fresh.drop();
  });

  it('seeds the demo county, starts, and lists the demo accounts of every duty', async () => {
    const port = await freePort();
    const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: fresh.dataDir, PORT: String(port), JOBS: 'off' };
    delete env.HOST;
    if (fresh.databaseUrl) env.DATABASE_URL = fresh.databaseUrl;
    else delete env.DATABASE_URL;
    child = spawn(path.join(root, 'node_modules/.bin/tsx'), ['cli/netduty.ts', 'serve', '--demo'], { cwd: root, env });
    let output = '';
    const started = await new Promise<boolean>((resolve) => {
      child!.stdout!.on('data', (d) => {
        output += String(d);
        if (output.includes('网信工作台已启动')) resolve(true);
      });
      child!.stderr!.on('data', (d) => (output += String(d)));
      child!.on('exit', () => resolve(false));
    });
    expect(started, output).toBe(true);
    expect(output).toContain('已生成演示数据(示例县)');
    const info = (await (await fetch(`http://127.0.0.1:${port}/api/public/info`)).json()) as { demo: boolean; demoAccounts: { username: string }[] };
    expect(info.demo).toBe(true);
    expect(info.demoAccounts.map((a) => a.username)).toEqual(expect.arrayContaining(['admin', 'secadmin', 'auditor', 'leader', 'staff', 'liaison']));
    // The demo lists its passwords on the login page: it listens on this computer only, and says so.
    expect(output).toContain('只在本机地址 127.0.0.1 上监听');
    expect(output).toContain(`http://127.0.0.1:${port}`);
    const address = (ip: string) => new Promise<boolean>((resolve) => {
      const s = net.connect({ host: ip, port }, () => { s.destroy(); resolve(true); }).on('error', () => resolve(false));
    });
    const external = Object.values(os.networkInterfaces()).flat().find((i) => i && i.family === 'IPv4' && !i.internal)?.address;
    if (external) expect(await address(external), `listening on ${external}`).toBe(false);
    expect(await address('127.0.0.1')).toBe(true);
  }, 90_000);
});
