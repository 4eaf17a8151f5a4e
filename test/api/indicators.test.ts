/**
 * The indicators the modules contribute answer for a unit subtree and a period on a real database:
 * a typed value (a count, or a rate between 0 and 1 or null) and the link to the records behind it,
 * the same numbers as the module's own figures route.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, seedDemoIfEmpty } from '../../server/modules/demo/seed';
import { indicators } from '../../server/platform/modules';
import { thisYear } from '../../server/platform/period';
import { login } from '../helpers/client';
import { createTestApp, dialectName, type TestApp } from '../helpers/app';

describe(`indicators [${dialectName}]`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    expect(await seedDemoIfEmpty(t.db)).toBe(true);
  });
  afterAll(() => t.close());

  it('gives every contributed indicator a value and a link for the county and this year', async () => {
    const county = await t.db.selectFrom('units').select(['id', 'path']).where('parent_id', 'is', null).executeTakeFirstOrThrow();
    const scope = { unitId: county.id, unitPath: county.path, ...thisYear() };
    const all = indicators();
    expect(all.length).toBeGreaterThanOrEqual(9);
    const values = new Map<string, number | null>();
    for (const i of all) {
      const { value, link } = await i.value(t.db, scope);
      expect(link, i.key).toMatch(new RegExp(`^/[a-z-]+\\?.*unitId=${county.id}`));
      if (i.format === 'count') expect(Number.isInteger(value), i.key).toBe(true);
      else if (value !== null) expect(value >= 0 && value <= 1, i.key).toBe(true);
      values.set(i.key, value);
    }
    // The demo county has overdue tasks and open rectifications; the numbers match the figures routes.
    const leader = await login(t.app, 'leader', DEMO_PASSWORD);
    const tasks = (await leader.get('/api/tasks/figures')).body;
    expect(values.get('tasks.overdue')).toBe(tasks.overdueOpen);
    expect(tasks.overdueOpen).toBeGreaterThan(0);
    const rect = (await leader.get('/api/rectifications/figures')).body;
    expect(values.get('rectification.open')).toBe(rect.open);
    const cases = (await leader.get('/api/cases/figures')).body;
    expect(values.get('cases.closure_rate')).toBe(cases.closureRate);
  });
});
