/**
 * The province root's totals from the sums kept by triggers (migration 2026121080, figures.ts
 * `rootTotals`) against the per-event pass (`caseFigures`) under writes: events received, triaged,
 * answered, closed, reopened, moved between units and between roots, archived and brought back,
 * deleted, their times backdated, a county moved with its events. After each batch every figure of
 * the totals equals the full pass's, for each root, four periods and four as-of instants; the sums
 * kept equal a fresh backfill of the migration.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CASE_LEVELS, CASE_SOURCES, EVENT_STATUSES } from '../../common/cases';
import * as rootSums from '../../server/db/migrations/2026121080_case_root_sums';
import { asOfInstant, caseFigures, caseTotals, rootTotals } from '../../server/modules/cases/figures';
import { moveUnit } from '../../server/modules/units/service';
import type { Actor } from '../../server/platform/context';
import { newId, nowIso } from '../../server/platform/ids';
import { bandId } from '../../server/modules/cases/band-ids';
import { createTestApp, dialectName, type TestApp } from '../helpers/app';
import { makeUnit, type UnitRef } from '../helpers/factories';

function rng(seed: number) {
  let s = seed >>> 0;
  return (n: number) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s % n;
  };
}

describe(`root totals from kept sums equal the per-event figures under writes [${dialectName}]`, () => {
  let t: TestApp;
  const now = nowIso();
  const rand = rng(80);
  const units: UnitRef[] = [];
  let roots: UnitRef[] = [];
  const iso = (ms: number) => new Date(ms).toISOString();
  const T0 = Date.parse('2025-06-01T00:00:00Z');
  const NOW = Date.parse(now);
  const periods = [['2025-06-01', '2025-12-31'], ['2026-01-01', '2026-12-31'], ['2026-03-01', '2026-03-31'], ['2025-01-01', '2026-12-31']];
  // Now, a day before now, mid-period and a period's last day: settled and unsettled events at each.
  const instants = [now, iso(NOW - 86_400_000 - 3_600_000), '2026-04-15T03:00:00.000Z', '2025-12-31T15:59:59.999Z'];
  let fastRuns = 0;

  const eventRow = (unit: UnitRef, received: number) => {
    const status = EVENT_STATUSES[rand(EVENT_STATUSES.length)];
    const due = (h: number) => (rand(2) ? iso(received + h * 3600_000) : null);
    return {
      id: newId(), unit_id: unit.id, handling_unit_id: unit.id, assigned_by_unit_id: null, title: `事件${rand(1000)}`, summary: '内容',
      level: status === 'registered' ? null : CASE_LEVELS[rand(CASE_LEVELS.length)], category: null, status, print: '0', report_count: 1,
      first_received_at: iso(received), triaged_at: null, triage_note: null, paused_at: rand(10) ? null : iso(received + 3600_000), pause_reason: null,
      paused_ms: 0, due_report_at: due(1), due_first_info_at: due(5), due_response_at: due(48), due_close_at: due(24 * 20), due_triage_at: null,
      supervise_due_at: rand(8) ? null : iso(received + 86_400_000 * 3), reported_up_at: rand(2) ? iso(received + 1800_000) : null,
      first_info_at: rand(2) ? iso(received + 4 * 3600_000) : null, responded_at: rand(2) ? iso(received + 30 * 3600_000) : null,
      // Handling times of whole days and of hours (ties and near ties of the median).
      closed_at: status === 'closed' ? iso(received + (rand(2) ? (1 + rand(20)) * 86_400_000 : rand(60) * 3_600_000)) : null,
      verification_result: null, verification_note: null, measures: null, public_reply: rand(3) ? null : '已回复群众。', close_requested_at: null,
      close_requested_by: null, close_note: null, approved_by_name: null, followup_result: null, followup_note: null, followup_at: null,
      search_terms: '', created_by_name: '测试', archived_at: rand(20) ? null : now, version: 0, created_at: now, updated_at: now,
      owner_path: unit.path, handler_path: unit.path,
    };
  };
  const addEvents = async (n: number, receivedAt: () => number) => {
    const events = [];
    const cases = [];
    for (let i = 0; i < n; i++) {
      const unit = units[rand(units.length)];
      const e = eventRow(unit, receivedAt());
      events.push(e);
      for (let k = 0; k < 1 + (rand(4) ? 0 : 1); k++) {
        cases.push({
          id: newId(), event_id: e.id, unit_id: unit.id, source: CASE_SOURCES[rand(CASE_SOURCES.length)], channel: null, url: null, title: e.title,
          content: '内容', received_at: iso(Date.parse(e.first_received_at) + k * rand(90) * 86_400_000), contact: null, tracking_code: null,
          via: 'staff', clue_id: null, print: '0', distance: null, created_by_name: '测试', created_at: now, current_owner_path: e.archived_at ? null : unit.path,
        });
      }
    }
    for (let i = 0; i < events.length; i += 100) await t.db.insertInto('case_events').values(events.slice(i, i + 100) as never).execute();
    for (let i = 0; i < cases.length; i += 100) await t.db.insertInto('cases').values(cases.slice(i, i + 100) as never).execute();
  };
  const someEvents = async (n: number) => {
    const ids = (await t.db.selectFrom('case_events').select('id').orderBy('id').execute()).map((x) => x.id);
    return Array.from({ length: n }, () => ids[rand(ids.length)]);
  };
  const refreshUnits = async () => {
    const rows = await t.db.selectFrom('units').select(['id', 'path', 'depth', 'name']).execute();
    units.splice(0, units.length, ...rows);
    roots = rows.filter((u) => /^\/[^/]+\/$/.test(u.path));
  };

  /** Every root, period and instant: the totals from the sums equal caseFigures' (and the fast path answered). */
  const check = async (label: string) => {
    for (const root of roots) {
      for (const [from, to] of periods) {
        for (const at of instants) {
          const r = { unitPath: root.path, from, to };
          const { byUnit: _u, byCategory: _c, ...want } = await caseFigures(t.db, r, at);
          const fast = await rootTotals(t.db, r, asOfInstant(r, at));
          expect(fast, `${label}: ${JSON.stringify({ ...r, at })}`).toEqual(want);
          expect(await caseTotals(t.db, r, at)).toEqual(want);
          fastRuns++;
        }
      }
    }
  };
  /** The sums kept, without rows that count nothing. */
  const kept = async () => ({
    events: (await sql`select * from case_figure_sums where n <> 0 order by root_path, received_day, settled_day, level, handling_day`.execute(t.db)).rows,
    reports: (await sql`select * from case_report_sums where n <> 0 order by root_path, received_day, source`.execute(t.db)).rows,
  });

  beforeAll(async () => {
    t = await createTestApp();
    for (const name of ['省', '邻省']) {
      const root = await makeUnit(t.db, { kind: 'province', name });
      for (let c = 0; c < 2; c++) {
        const city = await makeUnit(t.db, { parent: root, kind: 'city', name: `${name}市${c}` });
        for (let k = 0; k < 2; k++) await makeUnit(t.db, { parent: city, kind: 'county', name: `${name}县${c}${k}` });
      }
    }
    await refreshUnits();
    await addEvents(600, () => T0 + rand(560) * 86_400_000 + rand(24) * 3600_000 + rand(3600) * 1000);
  }, 120_000);
  afterAll(async () => t?.close());

  it('counts the events written before and after the migration alike: the backfill gives the very sums the triggers kept', async () => {
    const before = await kept();
    expect(before.events.length).toBeGreaterThan(100);
    await sql`delete from case_figure_sums`.execute(t.db);
    await sql`delete from case_report_sums`.execute(t.db);
    await rootSums.up(t.db as never);
    expect(await kept()).toEqual(before);
    await check('as generated');
  }, 120_000);

  it('keeps the sums right through every kind of write', async () => {
    const step = async (label: string, write: () => Promise<unknown>) => {
      await write();
      await check(label);
    };
    await step('received now (unsettled: deadlines ahead)', () => addEvents(60, () => NOW - rand(48) * 3600_000));
    await step('triaged', async () => {
      for (const id of await someEvents(40)) {
        await t.db.updateTable('case_events').set({ level: CASE_LEVELS[rand(CASE_LEVELS.length)], status: 'assigned', due_close_at: iso(NOW + rand(400) * 3600_000 - 200 * 3600_000) }).where('id', '=', id).execute();
      }
    });
    await step('level changed alone (re-triaged)', async () => {
      for (const id of await someEvents(40)) await t.db.updateTable('case_events').set({ level: CASE_LEVELS[rand(CASE_LEVELS.length)] }).where('id', '=', id).execute();
    });
    await step('a deadline alone moved past the as-of instants or before them', async () => {
      for (const id of await someEvents(40)) await t.db.updateTable('case_events').set({ due_response_at: iso(NOW + (rand(2) ? 1 : -1) * rand(400) * 3600_000) }).where('id', '=', id).execute();
    });
    await step('answered', async () => {
      for (const id of await someEvents(40)) {
        await t.db.updateTable('case_events').set({ first_info_at: iso(NOW - rand(900) * 3600_000), responded_at: rand(2) ? null : iso(NOW - rand(100) * 3600_000) }).where('id', '=', id).execute();
      }
    });
    await step('closed', async () => {
      for (const id of await someEvents(60)) {
        await t.db.updateTable('case_events').set({ status: 'closed', closed_at: iso(NOW - rand(2000) * 3600_000 - rand(3600) * 1000) }).where('id', '=', id).execute();
      }
    });
    await step('reopened', async () => {
      const closed = await t.db.selectFrom('case_events').select('id').where('status', '=', 'closed').orderBy('id').limit(30).execute();
      for (const { id } of closed) await t.db.updateTable('case_events').set({ status: 'processing', closed_at: null }).where('id', '=', id).execute();
    });
    await step('moved between units and to the other root', async () => {
      for (const id of await someEvents(50)) {
        const u = units[rand(units.length)];
        await t.db.updateTable('case_events').set({ unit_id: u.id, owner_path: u.path }).where('id', '=', id).execute();
        await t.db.updateTable('cases').set({ unit_id: u.id, current_owner_path: u.path }).where('event_id', '=', id).where('current_owner_path', 'is not', null).execute();
      }
    });
    await step('archived and brought back', async () => {
      const ids = await someEvents(60);
      for (const [i, id] of ids.entries()) {
        const archived = i % 3 ? now : null;
        await t.db.updateTable('case_events').set({ archived_at: archived }).where('id', '=', id).execute();
        const e = await t.db.selectFrom('case_events').select('owner_path').where('id', '=', id).executeTakeFirstOrThrow();
        await t.db.updateTable('cases').set({ current_owner_path: archived ? null : e.owner_path }).where('event_id', '=', id).execute();
      }
    });
    await step('deleted', async () => {
      for (const id of [...new Set(await someEvents(30))]) {
        await t.db.deleteFrom('case_event_bands').where('event_id', '=', bandId(id, dialectName === 'postgres')).execute();
        if (dialectName === 'sqlite') await t.db.deleteFrom('case_event_bands_recent').where('event_id', '=', bandId(id, false)).execute();
        await t.db.deleteFrom('cases').where('event_id', '=', id).execute();
        await t.db.deleteFrom('case_events').where('id', '=', id).execute();
      }
    });
    await step('backdated and shifted times (received, closed, deadlines, reports)', async () => {
      for (const id of await someEvents(60)) {
        const e = await t.db.selectFrom('case_events').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
        const shift = (x: string | null) => (x ? iso(Date.parse(x) - rand(72) * 3600_000) : x);
        await t.db.updateTable('case_events').set({ first_received_at: shift(e.first_received_at)!, closed_at: shift(e.closed_at), supervise_due_at: shift(e.supervise_due_at), paused_at: rand(4) ? e.paused_at : null }).where('id', '=', id).execute();
        await t.db.updateTable('cases').set({ received_at: iso(Date.parse(e.first_received_at) - rand(72) * 3600_000), source: CASE_SOURCES[rand(CASE_SOURCES.length)] }).where('event_id', '=', id).execute();
      }
    });
    const admin: Actor = { accountId: 'x', username: 'x', displayName: '管理员', role: 'admin', unitId: roots[0].id, unitName: '省', unitPath: roots[0].path };
    await step('a county moved to the other city with its events (the path copies rewritten)', async () => {
      const cities = units.filter((u) => u.depth === 1 && u.path.startsWith(roots[0].path));
      const county = units.find((u) => u.depth === 2 && u.path.startsWith(cities[0].path))!;
      const unit = await t.db.selectFrom('units').select('version').where('id', '=', county.id).executeTakeFirstOrThrow();
      await moveUnit(t.db, { actor: admin, requestId: null, ip: null }, county.id, { newParentId: cities[1].id, version: unit.version });
      await refreshUnits();
    });
    // The sums kept through all of it are what a fresh count gives.
    const after = await kept();
    await sql`delete from case_figure_sums`.execute(t.db);
    await sql`delete from case_report_sums`.execute(t.db);
    await rootSums.up(t.db as never);
    expect(await kept()).toEqual(after);
    expect(fastRuns).toBeGreaterThan(100);
  }, 600_000);

  /** The sums equal a fresh count of the migration's fill (the triggers kept them right). */
  const expectFreshFill = async () => {
    const after = await kept();
    await sql`delete from case_figure_sums`.execute(t.db);
    await sql`delete from case_report_sums`.execute(t.db);
    await rootSums.up(t.db as never);
    expect(await kept()).toEqual(after);
  };

  it('keeps the sums right through one UPDATE statement moving many events and reports between keys both ways', async () => {
    const [a, b] = roots;
    const ids = [...new Set(await someEvents(150))];
    // One statement: events of each root moved to the other root (both directions at once), levels swapped,
    // some archived or brought back, received times shifted by a day either way.
    await t.db.updateTable('case_events').set({
      owner_path: sql`case when owner_path like ${`${a.path}%`} then ${b.path} else ${a.path} end`,
      unit_id: sql`case when owner_path like ${`${a.path}%`} then ${b.id} else ${a.id} end`,
      level: sql`case when level = 'general' then 'major' when level = 'major' then 'general' else level end`,
      archived_at: sql`case when substr(id, length(id), 1) < '8' then (case when archived_at is null then ${now} else null end) else archived_at end`,
      first_received_at: sql`case when substr(id, length(id) - 1, 1) < 'b' then first_received_at else ${iso(NOW - 86_400_000 * 3)} end`,
    }).where('id', 'in', ids).execute();
    // One statement on the reports: moved to the other root, sources rotated, received a day apart.
    await t.db.updateTable('cases').set({
      current_owner_path: sql`case when current_owner_path like ${`${a.path}%`} then ${b.path} else ${a.path} end`,
      source: sql`case when source = 'hotline' then 'media_tip' when source = 'media_tip' then 'hotline' else source end`,
      received_at: sql`case when substr(id, length(id), 1) < 'b' then received_at else ${iso(NOW - 86_400_000 * 2)} end`,
    }).where('event_id', 'in', ids).where('current_owner_path', 'is not', null).execute();
    await check('one UPDATE statement moving many events between keys');
    await expectFreshFill();
  }, 300_000);

  it('writes no sums row for an UPDATE that changes nothing judged (PostgreSQL: the sums rows keep their xmin)', async () => {
    const versions = async () => ({
      events: (await sql.raw(`select ${dialectName === 'postgres' ? 'xmin::text as v, ' : ''}* from case_figure_sums order by root_path, received_day, settled_day, level, handling_day`).execute(t.db)).rows,
      reports: (await sql.raw(`select ${dialectName === 'postgres' ? 'xmin::text as v, ' : ''}* from case_report_sums order by root_path, received_day, source`).execute(t.db)).rows,
    });
    const before = await versions();
    // A column nothing judges, on every event and report.
    await t.db.updateTable('case_events').set({ title: sql`title || '·'` }).execute();
    await t.db.updateTable('cases').set({ content: sql`content || '·'` }).execute();
    // Events and reports moved from the counties to their root in one statement each: the owner changes, the key does not.
    for (const root of roots) {
      const moved = await t.db.updateTable('case_events').set({ owner_path: root.path, unit_id: root.id })
        .where('owner_path', 'like', `${root.path}%`).where('owner_path', '<>', root.path).executeTakeFirst();
      expect(Number(moved.numUpdatedRows)).toBeGreaterThan(10);
      await t.db.updateTable('cases').set({ current_owner_path: root.path })
        .where('current_owner_path', 'like', `${root.path}%`).where('current_owner_path', '<>', root.path).execute();
    }
    // A watched time set to what it was.
    await t.db.updateTable('case_events').set({ closed_at: sql`closed_at`, due_close_at: sql`due_close_at` }).execute();
    const after = await versions();
    // PostgreSQL: not one sums row rewritten (same xmin); SQLite (row triggers, unchanged): the same values.
    expect(after).toEqual(before);
    await check('updates that change nothing judged');
    await expectFreshFill();
  }, 300_000);

  // PostgreSQL: two statements moving events between the same two keys in opposite directions. A third
  // transaction holds the later key's sums row; the first mover queues for it, the second then arrives.
  // Row by row (old row first) the first mover would wait for the later key holding nothing, the second
  // hold the earlier key and wait for the later one: when the holder commits, the first takes the later
  // key and waits for the earlier one, a deadlock. In key order the second mover waits for the first.
  it('two statements moving events between the same keys in opposite directions do not deadlock (PostgreSQL: key order; SQLite has one writer)', async () => {
    const unit = roots[0];
    const base = eventRow(unit, Date.parse('2025-07-01T02:00:00Z'));
    const mk = (level: string) => ({ ...base, id: newId(), level, status: 'assigned', archived_at: null, closed_at: null, paused_at: null });
    const e1 = mk('major'); // key …major → …general
    const e2 = mk('general'); // key …general → …major
    await t.db.insertInto('case_events').values([e1, e2] as never).execute();
    const day = base.first_received_at.slice(0, 10);
    const move = (id: string, level: string) => t.db.transaction().execute(async (trx) => {
      await trx.updateTable('case_events').set({ level }).where('id', '=', id).execute();
    });
    if (dialectName !== 'postgres') {
      // One writer at a time: the two moves follow each other; the sums must still be right.
      await move(e1.id, 'general');
      await move(e2.id, 'major');
      await expectFreshFill();
      return;
    }
    const waiting = async (n: number) => {
      for (let i = 0; i < 200; i++) {
        const r = await sql<{ n: string }>`select count(*) as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`.execute(t.db);
        if (Number(r.rows[0].n) >= n) return;
        await new Promise((r) => setTimeout(r, 25));
      }
      throw new Error(`not ${n} waiting`);
    };
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let held!: () => void;
    const holding = new Promise<void>((r) => (held = r));
    const holder = t.db.transaction().execute(async (trx) => {
      await sql`select n from case_figure_sums where root_path = ${unit.path} and level = 'major' and received_day >= ${day} for update`.execute(trx);
      held();
      await released;
    });
    await holding;
    const first = move(e1.id, 'general');
    await waiting(1);
    const second = move(e2.id, 'major');
    await waiting(2);
    release();
    const results = await Promise.allSettled([holder, first, second]);
    expect(results.map((r) => (r.status === 'rejected' ? String(r.reason) : 'ok'))).toEqual(['ok', 'ok', 'ok']);
    await expectFreshFill();
  }, 120_000);
});
