/**
 * axe-core, run in the page, over every page each demo role can open: the public pages, the login
 * page, every entry of the role's menu (read from the menu on the screen, so a page added to the
 * menu is checked without changing this file) and the first record each list links to.
 * No critical or serious violation is allowed; each page has one <h1> and a <main> landmark.
 * Every page is checked at a laptop's width (1280 px) and a phone's (390 px), where lists are cards.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, seedDemoIfEmpty } from '../../server/modules/demo/seed';
import { launchChromium, loginAs, openPage, startServer } from '../helpers/browser';

const AXE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const WIDTHS = [1280, 390];
const ALL_ROLES = ['admin', 'secadmin', 'auditor', 'leader', 'staff', 'inspector', 'liaison', 'cg_admin', 'cg_staff'];
// A11Y_ROLES=leader,liaison narrows a local run while fixing; A11Y_LOG=<file> writes each page's findings as it goes.
const ROLES = process.env.A11Y_ROLES ? ALL_ROLES.filter((r) => process.env.A11Y_ROLES!.split(',').includes(r)) : ALL_ROLES;
const log = (line: string) => { if (process.env.A11Y_LOG) fs.appendFileSync(process.env.A11Y_LOG, `${line}\n`); };

interface Finding { page: string; rule: string; impact: string; help: string; targets: string[] }

/** Waits until the page has settled: no spinner and no skeleton left. */
async function settled(page: Page) {
  await page.waitForLoadState('networkidle');
  await page.waitForFunction(() => !document.querySelector('.ant-spin-spinning, .ant-skeleton-active, [aria-busy="true"]'));
}

async function check(page: Page, name: string): Promise<Finding[]> {
  await settled(page);
  // Evaluated through the debugging protocol, which the page's script policy does not govern.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE);
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return {
      violations: r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) })),
      h1: document.querySelectorAll('h1').length,
      main: document.querySelectorAll('main, [role="main"]').length,
    };
  });
  const findings: Finding[] = result.violations
    .filter((v) => v.impact === 'critical' || v.impact === 'serious')
    .map((v) => ({ page: name, rule: v.id, impact: v.impact, help: v.help, targets: v.targets }));
  if (result.h1 !== 1) findings.push({ page: name, rule: 'one-h1', impact: 'serious', help: `${result.h1} 个 <h1>`, targets: [] });
  if (result.main !== 1) findings.push({ page: name, rule: 'one-main', impact: 'serious', help: `${result.main} 个 <main>`, targets: [] });
  log(`${name}: ${findings.length ? findings.map((f) => `[${f.impact}] ${f.rule}: ${f.help}  ${f.targets.join(' | ')}`).join('\n    ') : 'ok'}`);
  return findings;
}

describe('every page of every demo role has no critical or serious accessibility violation', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;
  const findings: Finding[] = [];
  /** `<width> <path>` of the pages already checked. */
  const checked = new Set<string>();

  beforeAll(async () => {
    server = await startServer();
    await seedDemoIfEmpty(server.db);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('the public pages and the login page', async () => {
    const page = await openPage(browser, { viewport: { width: 1280, height: 900 } });
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 900 });
      for (const path of ['/public/submit', '/public/track', '/login']) {
        await page.goto(`${server.url}${path}`);
        findings.push(...(await check(page, `${width}px ${path}`)));
      }
    }
    await page.close();
  });

  for (const role of ROLES) {
    it(`every page of ${role}`, async () => {
      const page = await openPage(browser, { viewport: { width: 1280, height: 900 } });
      await loginAs(page, server.url, role, DEMO_PASSWORD);
      await settled(page);
      // The menu as this role sees it: each entry's address, from the entries the menu renders (their keys are the
      // addresses; read at once, since clicking through them re-renders the menu under the pointer).
      const menu = page.getByTestId('side-menu').getByRole('menuitem');
      await menu.first().waitFor();
      const ids = await menu.evaluateAll((items) => items.map((a) => a.getAttribute('href') ?? ''));
      const paths = ids.filter((p) => p.startsWith('/'));
      expect(paths).toHaveLength(ids.length);
      expect(paths.length).toBeGreaterThan(3);
      for (const width of WIDTHS) {
        await page.setViewportSize({ width, height: 900 });
        for (const path of paths) {
          // Each page once per width, by the first role whose menu has it (the roles' menus are all walked above;
          // what differs between roles on one page is which buttons show, not how the page is built).
          if (checked.has(`${width} ${path}`)) continue;
          checked.add(`${width} ${path}`);
          await page.goto(`${server.url}${path}`);
          findings.push(...(await check(page, `${width}px ${role} ${path}`)));
          // The first record the list links to (a detail page), once per kind of page.
          const detail = await page.locator('main a[href]').evaluateAll((as, base) => as.map((a) => new URL((a as HTMLAnchorElement).href).pathname)
            .find((p) => p.startsWith(`${base}/`) && /\/[0-9a-f-]{20,}$/.test(p)), path === '/' ? '/none' : path);
          if (detail && !checked.has(`${width} ${path}/:id`)) {
            checked.add(`${width} ${path}/:id`);
            await page.goto(`${server.url}${detail}`);
            findings.push(...(await check(page, `${width}px ${role} ${path}/:id`)));
          }
        }
      }
      await page.close();
    }, 1_800_000); // some 25 pages at two widths, each settled and checked
  }

  it('found nothing critical or serious', () => {
    const lines = findings.map((f) => `${f.page}  [${f.impact}] ${f.rule}: ${f.help}  ${f.targets.join(' | ')}`);
    expect(lines, lines.join('\n')).toEqual([]);
  });
});
