import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES } from '../../common/roles';
import { DEMO_PASSWORD, seedDemoIfEmpty } from '../../server/modules/demo/seed';
import { verifyAuditChain } from '../../server/platform/audit';
import { login } from '../helpers/client';
import { createTestApp, dialectName, type TestApp } from '../helpers/app';

describe(`demo county [${dialectName}]`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('fills an empty database with a realistic county and one account per role', async () => {
    expect(await seedDemoIfEmpty(t.db)).toBe(true);
    const count = async (table: 'units' | 'people' | 'group_members') =>
      Number((await t.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    expect(await count('units')).toBeGreaterThanOrEqual(65);
    expect(await count('people')).toBeGreaterThanOrEqual(75);
    expect(await count('group_members')).toBeGreaterThan(20);
    const info = (await t.app.inject({ url: '/api/public/info' })).json();
    expect(info.demo).toBe(true);
    expect(new Set(info.demoAccounts.map((a: { role: string }) => a.role))).toEqual(new Set(ROLES));
    for (const a of info.demoAccounts) {
      const agent = await login(t.app, a.username, DEMO_PASSWORD);
      expect(agent.account.role).toBe(a.role);
    }
    const liaison = await login(t.app, 'liaison', DEMO_PASSWORD);
    expect((await liaison.get('/api/units/tree')).body.items).toHaveLength(1);
    expect((await verifyAuditChain(t.db)).ok).toBe(true);

    // Cases in every state the pages show, and the county's direct-report queue.
    const staff = await login(t.app, 'staff', DEMO_PASSWORD);
    const statuses = new Set((await staff.get('/api/cases?pageSize=200')).body.items.map((e: { status: string }) => e.status));
    expect(statuses).toEqual(new Set(['registered', 'triaged', 'assigned', 'closed']));
    const queue = await staff.get('/api/cases/direct-reports');
    expect(queue.body.unread).toBe(1);
    expect(queue.body.items.some((i: { instructions: unknown[] }) => i.instructions.length === 1)).toBe(true);
    expect((await liaison.get('/api/cases?status=assigned')).body.total).toBe(1);
    expect((await staff.get('/api/cases?overdue=true')).body.total).toBeGreaterThanOrEqual(1);
  });

  it('names every action and record of its audit log in Chinese', async () => {
    const auditor = await login(t.app, 'auditor', DEMO_PASSWORD);
    const seen = new Set<string>();
    for (let page = 1; ; page++) {
      const r = await auditor.get(`/api/audit?pageSize=100&page=${page}`);
      expect(r.status).toBe(200);
      for (const i of r.body.items as { actionLabel: string; entityLabel: string }[]) seen.add(i.actionLabel).add(i.entityLabel);
      if (page * 100 >= r.body.total) break;
    }
    expect(seen.size).toBeGreaterThan(10);
    expect([...seen].filter((label) => !/[\u4e00-\u9fff]/.test(label))).toEqual([]);
  });

  it('never touches a database that already has data', async () => {
    expect(await seedDemoIfEmpty(t.db)).toBe(false);
  });
});
