/**
 * The people, risk-point, notice and rectification lists run statements compiled once per shape (shapedPage):
 * for every filter combination, actor and page, their answer is the one the list gave when it
 * built its query anew with the request's values (pageOf), and each filter still selects what it says.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RECT_ORIGINS, RECT_STATUSES } from '../../common/rectification';
import { RISK_AREAS, RISK_LEVELS } from '../../common/risks';
import { listNotices } from '../../server/modules/notices/service';
import { listPeople } from '../../server/modules/people/service';
import { listRects } from '../../server/modules/rectification/service';
import { listRisks } from '../../server/modules/risks/service';
import type { Actor } from '../../server/platform/context';
import { newId } from '../../server/platform/ids';
import { addDays, shanghaiDay } from '../../server/platform/period';
import { createTestApp, dialectName, type TestApp } from '../helpers/app';
import { actorOfAccount, buildCounty } from '../helpers/factories';

const today = shanghaiDay();
const at = new Date().toISOString();

describe(`lists compiled once per shape [${dialectName}]`, () => {
  let t: TestApp;
  let county: Awaited<ReturnType<typeof buildCounty>>;
  let actors: Actor[];
  const unitIds: string[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    county = await buildCounty(t.db);
    const units = Object.values(county.units);
    unitIds.push(...units.map((u) => u.id));
    actors = await Promise.all(['county_staff', 'a_staff', 'b_staff', 'a_liaison'].map((u) => actorOfAccount(t.db, u)));
    let n = 0;
    const pick = <T>(xs: readonly T[]) => xs[n++ % xs.length];
    // Names and texts with the characters a LIKE pattern escapes, and ties in the lists' sort keys.
    const words = ['评论区', '100%审核', 'a_b', '防控', '网站', '100'];
    for (let i = 0; i < 60; i++) {
      const u = units[i % units.length];
      await t.db.insertInto('people').values({
        id: newId(), unit_id: u.id, name: `人员${i % 7}${pick(words)}`, position: i % 3 ? pick(words) : null, phone: i % 4 ? `1380000${String(i).padStart(4, '0')}` : null,
        archived_at: i % 9 === 0 ? at : null, version: 0, created_at: at, updated_at: at,
      }).execute();
      const risk = newId();
      await t.db.insertInto('risk_points').values({
        id: risk, unit_id: u.id, description: `${pick(words)}风险${i}`, area: RISK_AREAS[i % RISK_AREAS.length], level: RISK_LEVELS[i % RISK_LEVELS.length],
        measures: pick(words), owner_person_id: i % 2 ? county.people.a.id : null, review_months: 3, next_review_day: addDays(today, (i % 11) - 5),
        status: i % 5 === 0 ? 'eliminated' : 'controlled', archived_at: i % 8 === 0 ? at : null, version: 0, created_at: at, updated_at: at,
      }).execute();
      if (i % 3 === 0) {
        await t.db.insertInto('risk_reviews').values({
          id: newId(), risk_id: risk, day: addDays(today, -i), result: '已复核', level_before: 'low', level_after: 'low', next_review_day: null, reviewer_name: '审核', created_at: at,
        }).execute();
      }
    }
    // Notices from the county and from 城关镇 to the units below them, some read.
    const down: Record<string, string[]> = { [county.units.county.id]: unitIds.slice(1), [county.units.a.id]: [county.units.a1.id] };
    for (let i = 0; i < 24; i++) {
      const from = i % 3 ? county.units.county.id : county.units.a.id;
      const id = newId();
      await t.db.insertInto('notices').values({
        id, unit_id: from, kind: i % 2 ? 'notice' : 'bulletin', title: `通知${i}`, body: '正文', sent_by: county.accounts.countyStaff.id, sent_by_name: '县办',
        sent_at: `2026-0${1 + (i % 9)}-1${i % 10}T02:00:00.000Z`, archived_at: i === 5 ? at : null, version: 0, created_at: at, updated_at: at,
      }).execute();
      for (const [k, u] of down[from].entries()) {
        const read = (i + k) % 3 === 0;
        await t.db.insertInto('notice_receipts').values({ id: newId(), notice_id: id, unit_id: u, read_at: read ? at : null, read_by: null, read_by_name: read ? '某人' : null }).execute();
      }
    }
    // Rectifications raised by the county and by 城关镇, with batches, days and texts to filter on; 城关镇's leader stands for 镇李, who owns some.
    await t.db.updateTable('accounts').set({ person_id: county.people.a.id }).where('username', '=', 'a_leader').execute();
    for (let i = 0; i < 48; i++) {
      const u = units[i % units.length];
      const status = RECT_STATUSES[i % RECT_STATUSES.length];
      await t.db.insertInto('rectifications').values({
        id: newId(), unit_id: u.id, raised_by_unit_id: i % 4 ? county.units.county.id : u.id, owner_person_id: i % 3 ? county.people.a.id : null,
        problem: `${pick(words)}问题${i}`, origin: RECT_ORIGINS[i % RECT_ORIGINS.length], batch: i % 5 ? `第${i % 3}批${i % 2 ? '100%' : 'a_b'}` : null, measures: pick(words),
        start_day: addDays(today, -(i % 13)), due_mode: 'date', due_days: null, due_day: addDays(today, (i % 9) - 4), status,
        reported_at: status === 'open' ? null : at, reported_by: null, reported_by_name: status === 'open' ? null : '某人', report_note: status === 'open' ? null : '已整改',
        signed_off_at: status === 'closed' ? at : null, signed_off_by: null, signed_off_by_name: status === 'closed' ? '某领导' : null, sign_off_note: null,
        return_count: i % 4 === 0 ? 1 : 0, last_return_reason: null, created_by_name: '县办', archived_at: i % 10 === 0 ? at : null, version: 0,
        created_at: `2026-11-${String(10 + (i % 7)).padStart(2, '0')}T02:00:00.000Z`, updated_at: at, responsible_leader_id: null, aspect: null, keep_on: 0,
      }).execute();
    }
  });
  afterAll(() => t.close());

  const pages = [{ page: 1, pageSize: 20 }, { page: 2, pageSize: 7 }, { page: 1, pageSize: 0 }];

  it('people: the same answers, and each filter holds', async () => {
    let compared = 0;
    for (const actor of actors) {
      for (const unit of [undefined, county.units.a.id, county.units.b1.id]) {
        for (const includeSubunits of [undefined, 'false'] as const) {
          for (const archived of [undefined, 'true', 'false'] as const) {
            for (const q of [undefined, '100%', 'a_b', '人员3', '13800', '没有']) {
              for (const paging of pages) {
                const query = { ...paging, unitId: unit, includeSubunits, archived, q };
                const shaped = await listPeople(t.db, actor, query).catch((e: Error) => e.message);
                const before = await listPeople(t.db, actor, query, { unshaped: true }).catch((e: Error) => e.message);
                expect(shaped).toEqual(before);
                compared++;
                if (typeof shaped === 'string') continue;
                for (const p of shaped.items) {
                  expect(p.archived).toBe(archived === 'true');
                  if (q) expect(`${p.name}|${p.position ?? ''}|${p.phone ?? ''}`.toLowerCase()).toContain(q.toLowerCase());
                  if (unit && includeSubunits === 'false') expect(p.unitId).toBe(unit);
                }
              }
            }
          }
        }
      }
    }
    expect(compared).toBeGreaterThan(500);
    // Not vacuous: a search with % finds its rows, and a plain county list holds the whole county's live people.
    const county0 = actors[0];
    expect((await listPeople(t.db, county0, { page: 1, pageSize: 20, q: '100%' })).total).toBeGreaterThan(0);
    const live = await t.db.selectFrom('people').select((eb) => eb.fn.countAll<number>().as('n')).where('archived_at', 'is', null).executeTakeFirstOrThrow();
    expect((await listPeople(t.db, county0, { page: 1, pageSize: 20 })).total).toBe(Number(live.n));
  });

  it('risk points: the same answers, and each filter holds', async () => {
    let compared = 0;
    for (const actor of actors.slice(0, 3)) {
      for (const unit of [undefined, county.units.a.id]) {
        for (const archived of [undefined, 'true'] as const) {
          for (const f of [{}, { area: 'positions' }, { level: 'high' }, { status: 'controlled' }, { status: 'eliminated', level: 'low' }, { overdue: 'true' }, { overdue: 'false' },
            { q: '100%' }, { q: 'A_B' }, { q: '风险1', area: 'cyber_security' }, { overdue: 'true', q: '防控', level: 'major' }] as const) {
            for (const paging of pages) {
              const query = { ...paging, unitId: unit, archived, ...f };
              const shaped = await listRisks(t.db, actor, query).catch((e: Error) => e.message);
              const before = await listRisks(t.db, actor, query, { unshaped: true }).catch((e: Error) => e.message);
              expect(shaped).toEqual(before);
              compared++;
              if (typeof shaped === 'string') continue;
              for (const r of shaped.items) {
                expect(r.archived).toBe(archived === 'true');
                if ('area' in f) expect(r.area).toBe(f.area);
                if ('level' in f) expect(r.level).toBe(f.level);
                if ('status' in f) expect(r.status).toBe(f.status);
                if ('overdue' in f && f.overdue === 'true') expect(r.status === 'controlled' && r.nextReviewDay < today).toBe(true);
                if ('q' in f) expect(`${r.description}|${r.measures}`.toLowerCase()).toContain(String(f.q).toLowerCase());
              }
            }
          }
        }
      }
    }
    expect(compared).toBeGreaterThan(300);
    const overdue = await listRisks(t.db, actors[0], { page: 1, pageSize: 50, overdue: 'true' });
    expect(overdue.total).toBeGreaterThan(0);
    expect(overdue.items.some((r) => r.reviewCount > 0)).toBe(true);
  });

  it('rectifications: the same answers with the signer read with the session, and each filter holds', async () => {
    let compared = 0;
    for (const username of ['county_staff', 'a_leader', 'b_staff', 'county_inspector']) {
      const actor = await actorOfAccount(t.db, username);
      // What the session lookup reads with the account (the route passes it on).
      const { person_id: signerPersonId } = await t.db.selectFrom('accounts').select('person_id').where('username', '=', username).executeTakeFirstOrThrow();
      for (const unit of [undefined, county.units.a.id]) {
        for (const includeSubunits of [undefined, 'false'] as const) {
          for (const archived of [undefined, 'true'] as const) {
            for (const f of [{}, { origin: 'supervision' }, { status: 'reported' }, { batch: '第1批100%' }, { batch: '' }, { overdue: 'true' }, { overdue: 'false', status: 'open' },
              { from: addDays(today, -5) }, { to: addDays(today, -3), origin: 'inspection' }, { q: '100%' }, { q: 'A_B' }, { q: '问题1', status: 'closed' }] as const) {
              for (const paging of pages) {
                const query = { from: null, to: null, ...paging, unitId: unit, includeSubunits, archived, ...f };
                const shaped = await listRects(t.db, actor, query, { signerPersonId }).catch((e: Error) => e.message);
                const before = await listRects(t.db, actor, query, { unshaped: true }).catch((e: Error) => e.message);
                expect(shaped).toEqual(before);
                compared++;
                if (typeof shaped === 'string') continue;
                for (const r of shaped.items) {
                  expect(r.archived).toBe(archived === 'true');
                  if ('origin' in f) expect(r.origin).toBe(f.origin);
                  if ('status' in f) expect(r.status).toBe(f.status);
                  if ('batch' in f && f.batch) expect(r.batch).toBe(f.batch);
                  if ('overdue' in f && f.overdue === 'true') expect(r.status !== 'closed' && r.dueDay < today).toBe(true);
                  if ('from' in f) expect(r.startDay >= f.from!).toBe(true);
                  if ('to' in f) expect(r.startDay <= f.to!).toBe(true);
                  if ('q' in f) expect(`${r.problem}|${r.measures}|${r.batch ?? ''}`.toLowerCase()).toContain(String(f.q).toLowerCase());
                  if (unit && includeSubunits === 'false') expect(r.unitId).toBe(unit);
                }
              }
            }
          }
        }
      }
    }
    expect(compared).toBeGreaterThan(500);
    // Not vacuous: the filters find rows, and the signer matters (镇李 owns items: the leader of 城关镇 may not sign those off in person).
    const leader = await actorOfAccount(t.db, 'a_leader');
    expect((await listRects(t.db, leader, { page: 1, pageSize: 20, q: '100%', from: null, to: null })).total).toBeGreaterThan(0);
    expect((await listRects(t.db, leader, { page: 1, pageSize: 20, overdue: 'true', from: null, to: null })).total).toBeGreaterThan(0);
    const asPerson = await listRects(t.db, leader, { page: 1, pageSize: 50, status: 'reported', from: null, to: null }, { signerPersonId: county.people.a.id });
    const asNobody = await listRects(t.db, leader, { page: 1, pageSize: 50, status: 'reported', from: null, to: null }, { signerPersonId: null });
    expect(asPerson).not.toEqual(asNobody);
  });

  it('notices: both boxes, read and unread, the same answers', async () => {
    let compared = 0;
    for (const username of ['county_staff', 'a_staff', 'b_staff', 'county_leader']) {
      const actor = await actorOfAccount(t.db, username);
      for (const box of ['received', 'sent'] as const) {
        for (const unread of [undefined, 'true', 'false'] as const) {
          for (const paging of pages) {
            const query = { ...paging, box, unread };
            const shaped = await listNotices(t.db, actor, query);
            expect(shaped).toEqual(await listNotices(t.db, actor, query, { unshaped: true }));
            compared++;
            for (const n of shaped.items) {
              if (box === 'received') expect(unread === 'true' ? n.myReadAt === null : unread === 'false' ? n.myReadAt !== null : 'myReadAt' in n).toBe(true);
              else expect('myReadAt' in n).toBe(false);
            }
          }
        }
      }
    }
    expect(compared).toBe(72);
    // 城关镇 received the county's live notices (15 of 16) and sent 8.
    const a = await actorOfAccount(t.db, 'a_staff');
    expect((await listNotices(t.db, a, { page: 1, pageSize: 20, box: 'received' })).total).toBe(15);
    expect((await listNotices(t.db, a, { page: 1, pageSize: 20, box: 'sent' })).total).toBe(8);
  });
});
