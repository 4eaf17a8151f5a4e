import { type Browser, chromium, type Page } from 'playwright-core';
import { buildApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import { freshDb } from './app';

/** A real server on a free port over a fresh database, and Debian's Chromium to drive it. */
export async function startServer() {
  const fresh = await freshDb();
  const config = loadConfig({ DATA_DIR: fresh.dataDir, JOBS: 'off', FEED_PRIVATE_HOSTS: 'allow' }, { databaseUrl: fresh.databaseUrl });
  const { app } = await buildApp(config, fresh.handle);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    db: fresh.handle.db,
    dataDir: fresh.dataDir,
    async close() {
      await app.close();
      await fresh.handle.close();
      await fresh.drop();
    },
  };
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'],
  });
}

export async function loginAs(page: Page, base: string, username: string, password: string) {
  await page.goto(`${base}/login`);
  await page.fill('#username', username);
  await page.fill('#password', password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}
