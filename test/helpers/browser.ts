import { type Browser, type BrowserContextOptions, chromium, type Page } from 'playwright-core';
import { buildApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import { freshDb } from './app';

/** A real server on a free port over a fresh database, and Debian's Chromium to drive it. */
export async function startServer() {
  const fresh = await freshDb();
  const config = loadConfig({ DATA_DIR: fresh.dataDir, JOBS: 'off', FEED_PRIVATE_HOSTS: 'allow', TWO_FACTOR_ROLES: '' }, { databaseUrl: fresh.databaseUrl });
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

/**
 * A page with reduced motion: the app then turns antd's animations off, so a click never lands on a
 * dropdown or modal that is still moving and a test waits for states rather than for animations to end.
 */
export async function openPage(browser: Browser, options: BrowserContextOptions = {}): Promise<Page> {
  const page = await browser.newPage({ reducedMotion: 'reduce', ...options });
  // Every toast the page shows is kept, so a test can wait for "it was said" even when the toast has already
  // gone (it stays three seconds, which a loaded machine can miss).
  await page.addInitScript(() => {
    const seen: string[] = [];
    const counted = new WeakSet<Element>();
    (window as unknown as { __toasts: string[] }).__toasts = seen;
    new MutationObserver(() => {
      for (const n of document.querySelectorAll('.ant-message-notice')) {
        if (counted.has(n) || !n.textContent) continue;
        counted.add(n);
        seen.push(n.textContent);
      }
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
  return page;
}

/**
 * Waits until the page has shown a toast containing `text` (still showing or already gone). Each toast
 * answers one wait, so the same message twice needs two toasts.
 */
export async function toastShown(page: Page, text: string): Promise<void> {
  await page.waitForFunction((t) => {
    const seen = (window as unknown as { __toasts?: string[] }).__toasts ?? [];
    const i = seen.findIndex((x) => x.includes(t));
    if (i < 0) return false;
    seen.splice(i, 1);
    return true;
  }, text);
}

export async function loginAs(page: Page, base: string, username: string, password: string) {
  await page.goto(`${base}/login`);
  await page.fill('#username', username);
  await page.fill('#password', password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}

/** A POST as the page's signed-in user (its session cookie and CSRF token), for a test's setup; fails the test unless it succeeds. */
export async function postAs(page: Page, base: string, path: string, data: unknown) {
  const csrf = (await page.context().cookies()).find((c) => c.name === 'nd_csrf')!.value;
  const r = await page.request.post(`${base}${path}`, { headers: { 'x-csrf-token': csrf }, data });
  if (r.status() >= 300) throw new Error(`${path}: ${r.status()} ${await r.text()}`);
  return r.json();
}
