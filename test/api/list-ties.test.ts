/**
 * Rows whose sort keys are all equal still page as one order: paging through a register's list
 * shows each row once, whatever the page size. Each list ends its order with the row's id; without
 * it PostgreSQL's top-N sort put equal rows in another order for each LIMIT, so that a row could be
 * on two pages and another on none (a shaped-lists run on PostgreSQL met it, 8 December 2026).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../server/platform/ids';
import { addDays, shanghaiDay } from '../../server/platform/period';
import { createTestApp, dialectName, type TestApp } from '../helpers/app';
import { type Agent, login } from '../helpers/client';
import { buildCounty, PASSWORD } from '../helpers/factories';

const ROWS = 40;
const at = new Date().toISOString();

describe(`lists page rows with equal sort keys once each [${dialectName}]`, () => {
  let t: TestApp;
  let staff: Agent;
  const made: Record<string, Set<string>> = { risks: new Set(), people: new Set(), ledger: new Set() };

  beforeAll(async () => {
    t = await createTestApp();
    const county = await buildCounty(t.db);
    staff = await login(t.app, 'b_staff', PASSWORD);
    const unitId = county.units.b.id;
    const day = addDays(shanghaiDay(), -3);
    const stamp = { version: 0, created_at: at, updated_at: at };
    // Every row the same in every column a list orders by: the unit, the status, the day, the name, the time.
    const risks = Array.from({ length: ROWS }, () => ({
      id: newId(), unit_id: unitId, description: '同一风险', area: 'positions' as const, level: 'high' as const, measures: '同一措施',
      owner_person_id: null, review_months: 3, next_review_day: day, status: 'controlled' as const, archived_at: null, ...stamp,
    }));
    const people = Array.from({ length: ROWS }, () => ({ id: newId(), unit_id: unitId, name: '同名', position: null, phone: null, archived_at: null, ...stamp }));
    const entries = Array.from({ length: ROWS }, () => ({
      id: newId(), unit_id: unitId, type: 'org_life', day, topic: '同一主题', on_topic: 1, others_count: 0, host_person_id: null, summary: null, minutes: null,
      plan_id: null, created_by_name: '测试', archived_at: null, reported_separately: null, audience_count: null, materials_count: null, ...stamp,
    }));
    await t.db.insertInto('risk_points').values(risks).execute();
    await t.db.insertInto('people').values(people).execute();
    await t.db.insertInto('ledger_entries').values(entries).execute();
    risks.forEach((r) => made.risks.add(r.id));
    people.forEach((p) => made.people.add(p.id));
    entries.forEach((e) => made.ledger.add(e.id));
  });
  afterAll(() => t.close());

  const lists = [
    { name: 'risks', path: '/api/risks?' },
    { name: 'people', path: '/api/people?q=同名&' },
    { name: 'ledger', path: '/api/ledger/entries?' },
  ];

  for (const list of lists) {
    it(`${list.name}: every row once, at each page size`, async () => {
      for (const pageSize of [3, 7, 11]) {
        const seen: string[] = [];
        for (let page = 1; page <= Math.ceil(ROWS / pageSize) + 1; page++) {
          const res = await staff.get(`${list.path}page=${page}&pageSize=${pageSize}`);
          expect(res.status, JSON.stringify(res.body)).toBe(200);
          seen.push(...res.body.items.map((r: { id: string }) => r.id).filter((id: string) => made[list.name].has(id)));
        }
        expect(new Set(seen).size, `${list.name}, pages of ${pageSize}: a row twice`).toBe(seen.length);
        expect(seen.length, `${list.name}, pages of ${pageSize}: a row on no page`).toBe(ROWS);
      }
    });
  }
});
