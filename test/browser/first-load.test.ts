import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openPage, startServer } from '../helpers/browser';
import { buildCounty } from '../helpers/factories';

const WEB = path.resolve('dist/web');

/** The bytes as sent (fetch would undo the compression this checks). */
function raw(url: string, encoding: string): Promise<{ headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http.get(url, { headers: { 'accept-encoding': encoding } }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(parts) }));
    }).on('error', reject);
  });
}

describe('a first load that is quick on a village link', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;

  beforeAll(async () => {
    server = await startServer();
    await buildCounty(server.db);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('hashed assets come precompressed and cached for a year; the page itself is asked for each time', async () => {
    const html = await fetch(`${server.url}/login`);
    expect(html.headers.get('cache-control')).toBe('no-cache');
    const script = (await html.text()).match(/src="(\/assets\/[^"]+\.js)"/)![1];
    const original = fs.readFileSync(path.join(WEB, script));

    const br = await raw(`${server.url}${script}`, 'br');
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(br.body.length).toBeLessThan(original.length / 2);
    expect(zlib.brotliDecompressSync(br.body).equals(original)).toBe(true);

    const gz = await raw(`${server.url}${script}`, 'gzip, deflate');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.headers['cache-control']).toContain('immutable');
    expect(zlib.gunzipSync(gz.body).equals(original)).toBe(true);

    // A client that takes no compression still gets the file.
    const plain = await raw(`${server.url}${script}`, 'identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.equals(original)).toBe(true);
  });

  it('the public submission page downloads under 150 kB of JavaScript (gzip), the login page far less than the whole app', async () => {
    const measure = async (url: string, ready: string) => {
      const page = await openPage(browser, { viewport: { width: 390, height: 844 } });
      const scripts = new Set<string>();
      const uncompressed: string[] = [];
      page.on('response', (r) => {
        const u = new URL(r.url());
        if (!u.pathname.endsWith('.js')) return;
        scripts.add(u.pathname);
        // Only a file too small to shrink goes as it is.
        if (!r.headers()['content-encoding'] && fs.statSync(path.join(WEB, u.pathname)).size > 1024) uncompressed.push(u.pathname);
      });
      await page.goto(url);
      await page.locator(ready).waitFor({ state: 'attached' });
      await page.close();
      expect(uncompressed).toEqual([]);
      return [...scripts].reduce((n, s) => n + zlib.gzipSync(fs.readFileSync(path.join(WEB, s)), { level: 9 }).length, 0);
    };
    const publicPage = await measure(`${server.url}/public/submit`, '#pub-unit option:nth-child(2)');
    expect(publicPage).toBeGreaterThan(20_000); // React itself: the measurement saw the scripts
    expect(publicPage).toBeLessThan(150 * 1024);

    const login = await measure(`${server.url}/login`, '#username');
    const all = fs.readdirSync(path.join(WEB, 'assets')).filter((f) => f.endsWith('.js'))
      .reduce((n, f) => n + zlib.gzipSync(fs.readFileSync(path.join(WEB, 'assets', f)), { level: 9 }).length, 0);
    expect(login).toBeLessThan(all / 2);
  });
});
