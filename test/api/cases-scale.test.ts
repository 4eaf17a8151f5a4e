/**
 * The case list, its count, search and figures read a subtree through the unit-path copies on
 * the events and their indexes (issue 16). This file keeps the queries as they were before
 * (test/helpers/cases-reference.ts, copied from search.ts and figures.ts at dd4330e, with the id
 * added to the page order so that ties compare) and runs both on a generated province for a few thousand
 * random queries: actors at every depth, every filter, search words, pages, capped counts,
 * periods. Any difference fails with the query that found it.
 */
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CASE_LEVELS, CASE_SOURCES, DEFAULT_CATEGORIES, EVENT_STATUSES, LATE_CLOSURES_SHOWN, eventQuery } from '../../common/cases';
import { casePeriodBrief } from '../../server/modules/cases/documents';
import { caseFigures, caseTotals, figureRows, HANDLING_MS_PG_SQL, SETTLED_AT_PG_SQL, SETTLED_FLAGS_PG_SQL } from '../../server/modules/cases/figures';
import * as figureHandling from '../../server/db/migrations/2026121120_case_figure_handling';
import { scopeOfPath, scopeOfPathSql, termsOf, writeFtsMany } from '../../server/modules/cases/intake';
import { listEventIds, listEvents, scopedMatch, searchCondition } from '../../server/modules/cases/search';
import { moveUnit } from '../../server/modules/units/service';
import type { Actor } from '../../server/platform/context';
import { newId, nowIso } from '../../server/platform/ids';
import { createTestApp, dialectName, type TestApp } from '../helpers/app';
import { referenceCaseFigures } from '../helpers/case-figures-reference';
import { referenceFigureRows, referenceList } from '../helpers/cases-reference';
import { makeUnit, type UnitRef } from '../helpers/factories';
import type { DB } from '../../server/db/schema';
import { endOfShanghaiDay, shanghaiDayStartUtc } from '../../server/platform/period';
import { currentInSubtree } from '../../server/platform/records';
import { inSubtreeOf } from '../../server/platform/scope';

// ---- a generated province ----------------------------------------------------------------------

function rng(seed: number) {
  let s = seed >>> 0;
  return (n: number) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s % n;
  };
}

const TEXTS = [
  ['垃圾清运不及时', '小区门口的垃圾桶满了三天没人清运，气味很大，请环卫部门尽快处理。'],
  ['路灯不亮', '村口到学校的路灯坏了一个月，晚上学生回家看不清路，请尽快维修路灯。'],
  ['自来水浑浊', '这几天家里的自来水浑浊发黄，烧开后有沉淀，担心水质有问题。'],
  ['占道经营', '菜市场外面有人占道经营，早上车辆无法通行，请城管管理一下。'],
  ['噪音扰民', '工地夜间施工噪音很大，影响居民休息，请核实处理。'],
  ['路面破损', '镇上主干道路面破损严重，下雨积水，电动车容易摔倒。'],
  ['网络谣言', '有人在群里转发关于自来水停水的谣言，引起部分群众恐慌。'],
  ['补贴发放', '反映今年的种粮补贴还没有发放到户，希望核实发放进度。'],
];
const WORDS = ['垃圾', '路灯', '自来水', '浑浊', '自来水 浑浊', '占道', '噪音 施工', '谣言', '补贴 发放', '维修', '水', '占', '不存在的词', '学校 路灯'];

interface Node { ref: UnitRef; children: Node[]; parent: Node | null }

describe(`case list, search and figures: old and new answers agree [${dialectName}]`, () => {
  let t: TestApp;
  const nodes: Node[] = [];
  const now = nowIso();

  const descendantsOf = (n: Node): Node[] => [n, ...n.children.flatMap(descendantsOf)];

  beforeAll(async () => {
    t = await createTestApp();
    const rand = rng(16);
    const add = async (parent: Node | null, kind: string): Promise<Node> => {
      const ref = await makeUnit(t.db, { parent: parent?.ref ?? null, kind, name: `${kind}${nodes.length}` });
      const n = { ref, children: [], parent };
      parent?.children.push(n);
      nodes.push(n);
      return n;
    };
    const province = await add(null, 'province');
    for (let c = 0; c < 2; c++) {
      const city = await add(province, 'city');
      for (let k = 0; k < 2; k++) {
        const county = await add(city, 'county');
        for (let s = 0; s < 3; s++) {
          const town = await add(county, 'township');
          for (let v = 0; v < 2; v++) await add(town, 'village');
        }
      }
    }
    const terms = TEXTS.map(([title, body]) => termsOf(`${title}\n${body}`).join(' '));
    // Public replies: none, an empty one (not a reply), or a text.
    const replies = [null, '', '经核实，已责成有关单位处理。', null, '已回复群众。'];
    const T0 = Date.parse('2025-06-01T00:00:00Z');
    const events: Record<string, unknown>[] = [];
    const cases: Record<string, unknown>[] = [];
    const iso = (ms: number) => new Date(ms).toISOString();
    for (let i = 0; i < 1500; i++) {
      const owner = nodes[1 + rand(nodes.length - 1)];
      const below = descendantsOf(owner);
      const handling = rand(3) ? owner : below[rand(below.length)];
      const status = EVENT_STATUSES[rand(EVENT_STATUSES.length)];
      // Whole hours: ties in the list order happen, and the id breaks them.
      const received = T0 + rand(560) * 86_400_000 + rand(24) * 3600_000;
      const x = rand(TEXTS.length);
      const id = newId();
      const due = (h: number) => (rand(2) ? iso(received + h * 3600_000) : null);
      events.push({
        id, unit_id: owner.ref.id, handling_unit_id: handling.ref.id, assigned_by_unit_id: handling === owner ? null : owner.ref.id,
        title: TEXTS[x][0], summary: TEXTS[x][1], level: status === 'registered' ? null : CASE_LEVELS[rand(CASE_LEVELS.length)],
        category: status === 'registered' ? null : DEFAULT_CATEGORIES[rand(DEFAULT_CATEGORIES.length)], status, print: '0', report_count: 1,
        first_received_at: iso(received), triaged_at: null, triage_note: null, paused_at: rand(10) ? null : iso(received + 3600_000), pause_reason: null,
        paused_ms: 0, due_report_at: due(1), due_first_info_at: due(5), due_response_at: due(48), due_close_at: due(24 * 20), due_triage_at: null,
        supervise_due_at: rand(8) ? null : iso(received + 86_400_000 * 3), reported_up_at: rand(2) ? iso(received + 1800_000) : null,
        first_info_at: rand(2) ? iso(received + 4 * 3600_000) : null, responded_at: rand(2) ? iso(received + 30 * 3600_000) : null,
        closed_at: status === 'closed' ? iso(received + (1 + rand(40)) * 86_400_000) : null, verification_result: null, verification_note: null,
        measures: null, public_reply: replies[i % replies.length], close_requested_at: null, close_requested_by: null, close_note: null, approved_by_name: null,
        followup_result: null, followup_note: null, followup_at: null, search_terms: terms[x], created_by_name: '测试',
        archived_at: rand(20) ? null : now, version: 0, created_at: now, updated_at: now, owner_path: owner.ref.path, handler_path: handling.ref.path,
      });
      for (let k = 0; k < 1 + (rand(4) ? 0 : 1); k++) {
        cases.push({
          id: newId(), event_id: id, unit_id: owner.ref.id, source: CASE_SOURCES[rand(CASE_SOURCES.length)], channel: null, url: null,
          title: TEXTS[x][0], content: TEXTS[x][1], received_at: iso(received + k * rand(90) * 86_400_000), contact: null, tracking_code: null,
          via: 'staff', clue_id: null, print: '0', distance: null, created_by_name: '测试', created_at: now,
          // As intake and archive keep it: the event's owner path while the event is current.
          current_owner_path: events[events.length - 1].archived_at ? null : owner.ref.path,
        });
      }
    }
    for (let i = 0; i < events.length; i += 100) await t.db.insertInto('case_events').values(events.slice(i, i + 100) as never).execute();
    for (let i = 0; i < cases.length; i += 100) await t.db.insertInto('cases').values(cases.slice(i, i + 100) as never).execute();
    // A village moved to another township with its events: the copies follow it (Module.unitPathCopies).
    const villages = nodes.filter((n) => n.ref.depth === 4);
    const moved = villages[0];
    const target = nodes.filter((n) => n.ref.depth === 3 && n !== moved.parent)[3];
    const admin: Actor = { accountId: 'x', username: 'x', displayName: '管理员', role: 'admin', unitId: nodes[0].ref.id, unitName: '省', unitPath: nodes[0].ref.path };
    // Events handled in the moved village belong to it or lie above it: those above go with the handling
    // rule only while the village stays in their subtree, so the test moves a village that handles only its own.
    await t.db.updateTable('case_events').set({ handling_unit_id: sql`unit_id` as never, handler_path: sql`owner_path` as never })
      .where('handling_unit_id', '=', moved.ref.id).execute();
    // The search rows after that setup (their scope token is each event's handling unit).
    await writeFtsMany(t.db, events.map((e) => ({ eventId: e.id as string, terms: e.search_terms as string, isNew: true })));
    await moveUnit(t.db, { actor: admin, requestId: null, ip: null }, moved.ref.id, { newParentId: target.ref.id, version: 0 });
    const after = await t.db.selectFrom('units').select(['id', 'path', 'depth']).execute();
    const byId = new Map(after.map((u) => [u.id, u]));
    for (const n of nodes) n.ref = { ...n.ref, path: byId.get(n.ref.id)!.path, depth: byId.get(n.ref.id)!.depth };
    moved.parent!.children.splice(moved.parent!.children.indexOf(moved), 1);
    moved.parent = target;
    target.children.push(moved);
  }, 120_000);
  afterAll(async () => t?.close());

  it('answers every list query, page and count as before: 2,000 random queries', async () => {
    const rand = rng(1600);
    const pick = <T>(xs: readonly T[]) => xs[rand(xs.length)];
    const days = ['2025-06-01', '2025-09-15', '2026-01-01', '2026-03-31', '2026-06-30', '2026-12-31'];
    let nonEmpty = 0;
    let cappedSeen = 0;
    for (let i = 0; i < 2000; i++) {
      const at = pick(nodes);
      const actor: Actor = { accountId: 'x', username: 'x', displayName: '测试', role: 'admin', unitId: at.ref.id, unitName: at.ref.name, unitPath: at.ref.path };
      const raw: Record<string, string> = { page: String(1 + (rand(4) ? 0 : rand(6))), pageSize: pick(['5', '10', '20']) };
      const under = descendantsOf(at);
      if (!rand(3)) raw.unitId = pick(under).ref.id;
      if (raw.unitId && !rand(3)) raw.includeSubunits = 'false';
      if (!rand(5)) raw.status = pick(EVENT_STATUSES);
      if (!rand(6)) raw.open = pick(['true', 'false']);
      if (!rand(6)) raw.level = pick(CASE_LEVELS);
      if (!rand(8)) raw.category = pick(DEFAULT_CATEGORIES);
      if (!rand(8)) raw.handlingUnitId = pick(under).ref.id;
      if (!rand(6)) raw.source = pick(CASE_SOURCES);
      if (!rand(5)) raw.from = pick(days);
      if (!rand(5)) raw.to = pick(days);
      if (!rand(6)) raw.overdue = 'true';
      if (!rand(10)) raw.archived = 'true';
      if (!rand(3)) raw.q = pick(WORDS);
      const query = eventQuery.parse(raw);
      const root = raw.unitId ? nodes.find((n) => n.ref.id === raw.unitId)!.ref.path : at.ref.path;
      const cap = rand(3) ? null : pick([3, 40, 200]);
      // The ids and count are the query's answer; the page's rows are read by id after (listEvents, checked below).
      const [got, want] = [await listEventIds(t.db, actor, query, { countCap: cap }), await referenceList(t.db, root, raw.unitId ?? null, query, nowIso())];
      const label = JSON.stringify({ actorDepth: at.ref.depth, ...raw, cap });
      expect(got.ids, label).toEqual(want.ids);
      expect(got.total, label).toBe(cap !== null && want.total > cap ? cap : want.total);
      if (cap !== null) expect(got.totalCapped, label).toBe(want.total > cap);
      if (want.ids.length) nonEmpty++;
      if (cap !== null && want.total > cap) cappedSeen++;
    }
    // The random queries reached real answers and capped counts, not only empty pages.
    expect(nonEmpty).toBeGreaterThan(500);
    expect(cappedSeen).toBeGreaterThan(50);
    // The page itself: the rows of those ids in that order, with the capped count as the API gives it.
    const actor: Actor = { accountId: 'x', username: 'x', displayName: '测试', role: 'admin', unitId: nodes[0].ref.id, unitName: '省', unitPath: nodes[0].ref.path };
    const query = eventQuery.parse({ pageSize: '20' });
    const page = await listEvents(t.db, actor, query, { countCap: 100 });
    const want = await referenceList(t.db, nodes[0].ref.path, null, query, nowIso());
    expect(page.items.map((e) => e.id)).toEqual(want.ids);
    expect([page.total, page.totalCapped]).toEqual([100, true]);
  }, 240_000);

  it('reads a large subtree\'s pages as before: in list order (SQLite), or its open events then its closed ones (PostgreSQL, case_events_open)', async () => {
    // The thresholds lowered so that this small province's subtrees take a large subtree's reads (a
    // county at a million events): every subtree is large; PostgreSQL sorts the open events of those
    // with at most 40 of them (townships, villages) and reads the page in two parts. Every page of
    // every small subtree (the open part's end falls inside some page), the first and last pages of
    // the rest, with and without a filter, against the queries as they were before.
    const pool = dialectName === 'postgres' ? new pg.Pool({ connectionString: t.config.databaseUrl, max: 2 }) : null;
    const captured: { sql: string; parameters: readonly unknown[] }[] = [];
    const db = pool ? new Kysely<DB>({ dialect: new PostgresDialect({ pool }), log: (e) => { if (e.level === 'query') captured.push(e.query); } }) : t.db;
    const admin: Actor = { accountId: 'x', username: 'x', displayName: '测试', role: 'admin', unitId: nodes[0].ref.id, unitName: '省', unitPath: nodes[0].ref.path };
    let straddled = 0;
    let split = 0;
    try {
      for (const n of nodes) {
        for (const filter of [{}, { level: CASE_LEVELS[1] }, { handlingUnitId: n.ref.id }]) {
          const base = { unitId: n.ref.id, pageSize: '7', ...filter };
          const { total } = await referenceList(t.db, n.ref.path, n.ref.id, eventQuery.parse({ ...base, pageSize: '1' }), nowIso());
          const open = (await referenceList(t.db, n.ref.path, n.ref.id, eventQuery.parse({ ...base, open: 'true', pageSize: '1' }), nowIso())).total;
          const last = Math.ceil(total / 7);
          const pages = last <= 30 ? Array.from({ length: last + 1 }, (_, i) => i + 1) : [1, 2, 3, last - 1, last, last + 1];
          for (const page of pages) {
            const query = eventQuery.parse({ ...base, page: String(page) });
            const before = captured.length;
            const [got, want] = [await listEventIds(db, admin, query, { countCap: 200, largeSubtree: 1, openSorted: 40 }), await referenceList(t.db, n.ref.path, n.ref.id, query, nowIso())];
            const label = JSON.stringify({ depth: n.ref.depth, ...base, page, total, open });
            expect(got.ids, label).toEqual(want.ids);
            expect([got.total, got.totalCapped], label).toEqual([Math.min(want.total, 200), want.total > 200]);
            if ((page - 1) * 7 < open && page * 7 > open && page * 7 <= total) straddled++;
            if (captured.slice(before).some((q) => q.sql.includes("e.status = 'closed'"))) split++;
          }
        }
      }
      // Pages that hold both the last open events and the first closed ones were compared.
      expect(straddled).toBeGreaterThan(20);
      if (!pool) return;
      // PostgreSQL read pages in two parts (the closed part's statement ran), and its statements read
      // the migration's indexes (2026121070): the count case_events_subtree, the open part case_events_open.
      expect(split).toBeGreaterThan(100);
      await sql`vacuum (analyze) case_events`.execute(t.db);
      const town = nodes.find((x) => x.ref.depth === 3)!;
      captured.length = 0;
      await listEventIds(db, admin, eventQuery.parse({ unitId: town.ref.id, pageSize: '7' }), { countCap: 200, largeSubtree: 1, openSorted: 1000 });
      const plan = async (q: { sql: string; parameters: readonly unknown[] }) => {
        const client = await pool.connect();
        try {
          // A test database is small: sequential scans off, as a million events would have it.
          await client.query('set enable_seqscan = off');
          return (await client.query(`explain ${q.sql}`, q.parameters as unknown[])).rows.map((x) => x['QUERY PLAN'] as string).join('\n');
        } finally {
          await client.query('reset all');
          client.release();
        }
      };
      const count = captured.find((q) => q.sql.startsWith('select count(*)') && !q.sql.includes("'closed'"))!;
      const openCount = captured.find((q) => q.sql.startsWith('select count(*)') && q.sql.includes("e.status <> 'closed'"))!;
      const openPage = captured.find((q) => q.sql.startsWith('select "e"."id"') && q.sql.includes("e.status <> 'closed'"))!;
      expect(await plan(count)).toContain('Index Only Scan using case_events_subtree');
      expect(await plan(openCount)).toContain('Index Only Scan using case_events_open');
      expect(await plan(openPage)).toContain('Index Only Scan using case_events_open');
      // The check sees a statement that cannot read it: the same open part of the archived list.
      expect(await plan({ ...openPage, sql: openPage.sql.replace('"e"."archived_at" is null', '"e"."archived_at" is not null') })).not.toContain('case_events_open');
    } finally {
      await pool?.end();
    }
  }, 240_000);

  it('counts a search from the top of the tree past the cap from its search rows, allowing for archived events (SQLite), the same answers as before', async () => {
    // At the province root (no other filter) SQLite tells "more than the cap" from the search rows
    // alone (search.ts matchesPastCap), less every archived event. Caps around each word's answer:
    // the count is capped exactly when the current matches pass it; archived matches must not count.
    const root = nodes[0].ref;
    const admin: Actor = { accountId: 'x', username: 'x', displayName: '测试', role: 'admin', unitId: root.id, unitName: '省', unitPath: root.path };
    const statements: string[] = [];
    const db = t.db.withPlugin({ transformQuery: (a) => { statements.push(JSON.stringify(a.node)); return a.node; }, transformResult: async (a) => a.result });
    let archivedMatches = 0;
    let cappedSeen = 0;
    for (const q of WORDS.filter((w) => termsOf(w).some((x) => [...x].length > 1))) {
      const all = await referenceList(t.db, root.path, null, eventQuery.parse({ q, pageSize: '5', archived: 'true' }), nowIso());
      archivedMatches += all.total;
      for (const query of [eventQuery.parse({ q, pageSize: '5' }), eventQuery.parse({ q, pageSize: '5', page: '3' })]) {
        const want = await referenceList(t.db, root.path, null, query, nowIso());
        for (const cap of [0, 1, want.total - 1, want.total, want.total + 1].filter((c) => c >= 0)) {
          statements.length = 0;
          const got = await listEventIds(db, admin, query, { countCap: cap });
          const label = JSON.stringify({ q, page: query.page, cap, total: want.total });
          expect([got.ids, got.total, got.totalCapped], label).toEqual([want.ids, Math.min(want.total, cap), want.total > cap]);
          if (want.total > cap) cappedSeen++;
          // SQLite read the search rows' count (with the archived events of the subtree) rather than count the events.
          if (dialectName === 'sqlite') expect(statements.some((x) => x.includes('archived_at is not null and +handler_path')), label).toBe(true);
        }
      }
    }
    // The province's matches include archived events (the allowance mattered) and capped answers.
    expect(archivedMatches).toBeGreaterThan(5);
    expect(cappedSeen).toBeGreaterThan(20);
  });

  it('searches each township for words that also match events elsewhere: the same events as before; PostgreSQL reads case_events_fts_scope', async () => {
    // Under a unit the match names the root's scope token (SQLite's search rows, PostgreSQL's
    // case_events_fts_scope); every township's answer is compared, the moved village's new one too.
    const admin: Actor = { accountId: 'x', username: 'x', displayName: '测试', role: 'admin', unitId: nodes[0].ref.id, unitName: '省', unitPath: nodes[0].ref.path };
    let elsewhere = 0;
    for (const town of nodes.filter((n) => n.ref.depth === 3)) {
      for (const q of WORDS) {
        for (const raw of [{ unitId: town.ref.id, q, pageSize: '20' }, { unitId: town.ref.id, q, pageSize: '5', page: '2', open: 'true' }]) {
          const query = eventQuery.parse(raw);
          const [got, want] = [await listEventIds(t.db, admin, query, { countCap: null }), await referenceList(t.db, town.ref.path, town.ref.id, query, nowIso())];
          const label = JSON.stringify({ town: town.ref.name, ...raw });
          expect(got.ids, label).toEqual(want.ids);
          expect(got.total, label).toBe(want.total);
          if (raw.pageSize === '20' && want.total > 0) {
            const province = await referenceList(t.db, nodes[0].ref.path, null, eventQuery.parse({ q, pageSize: '5' }), nowIso());
            if (province.total > want.total) elsewhere++;
          }
        }
      }
    }
    // Real answers, whose words also match events outside the township.
    expect(elsewhere).toBeGreaterThan(40);
    // A unit's scope token as the search word (PostgreSQL's index holds it with the terms): no event's
    // terms hold it, under the unit itself and above it, as before.
    for (const n of nodes.filter((x) => x.ref.depth >= 2)) {
      const q = scopeOfPath(n.ref.path).split(' ').pop()!;
      for (const at of [n, n.parent!]) {
        const query = eventQuery.parse({ unitId: at.ref.id, q, pageSize: '20' });
        const [got, want] = [await listEventIds(t.db, admin, query, { countCap: null }), await referenceList(t.db, at.ref.path, at.ref.id, query, nowIso())];
        expect([got.ids, got.total], q).toEqual([want.ids, want.total]);
      }
    }
    if (dialectName !== 'postgres') return;
    // PostgreSQL reads the scoped index for search.ts's expression (the migration's, the same text);
    // the check sees an expression written differently (no parentheses: another expression tree).
    const town = nodes.find((n) => n.ref.depth === 3)!;
    const token = scopeOfPath(town.ref.path).split(' ').pop()!;
    const query = sql`plainto_tsquery('simple', ${'垃圾'})`;
    const plan = (cond: ReturnType<typeof sql>) => t.db.transaction().execute(async (trx) => {
      await sql`set local enable_seqscan = off`.execute(trx);
      const rows = await sql<{ 'QUERY PLAN': string }>`explain select e.id from case_events e where ${cond}`.execute(trx);
      return rows.rows.map((r) => r['QUERY PLAN']).join('\n');
    });
    expect(await plan(scopedMatch(query, token, false))).toContain('case_events_fts_scope');
    expect(await plan(scopedMatch(query, token, true))).toContain('case_events_fts_scope');
    const unbracketed = sql`to_tsvector('simple', e.search_terms || ' ' || ${scopeOfPathSql('e.handler_path')}) @@ (${query} && to_tsquery('simple', ${token}))`;
    expect(await plan(unbracketed)).not.toContain('case_events_fts_scope');
    // The whole tree's search reads the terms-only index, case_events_fts: the scoped index with the root's
    // token (which every event of the tree carries) gives the same answers but took 1.5–2.3 times as long for a
    // common word at a province's root (bench/README.md, pgintake2), so case_events_fts stays, though intake keeps it up.
    const whole = plan(searchCondition(t.db, '垃圾', nodes[0].ref.path, true)!);
    expect(await whole).toMatch(/case_events_fts\b(?!_scope)/);
    expect(await whole).not.toContain('case_events_fts_scope');
  }, 240_000);

  it('computes figures from the same rows as before: every unit, four periods', async () => {
    const periods = [['2025-06-01', '2025-12-31'], ['2026-01-01', '2026-12-31'], ['2026-03-01', '2026-03-31'], ['2025-01-01', '2026-12-31']];
    const bySource = (xs: { source: string; n: unknown }[]) => Object.fromEntries(xs.map((x) => [x.source, Number(x.n)]));
    let counted = 0;
    for (const n of nodes) {
      for (const [from, to] of periods) {
        const r = { unitPath: n.ref.path, from, to };
        const [got, want] = [await figureRows(t.db, r, now), await referenceFigureRows(t.db, r)];
        // The events are counted per unit in the database now: the same count of the same rows for each unit.
        const wantPerUnit = new Map<string, number>();
        for (const e of want.events) wantPerUnit.set(e.unit_name, (wantPerUnit.get(e.unit_name) ?? 0) + 1);
        expect(got.byUnitRows.map((u) => `${got.unitNames.get(u.unit_id)} ${Number(u.events)}`).sort(), JSON.stringify(r)).toEqual([...wantPerUnit].map(([u, n]) => `${u} ${n}`).sort());
        expect(bySource(got.received), JSON.stringify(r)).toEqual(bySource(want.received));
        counted += want.events.length;
      }
    }
    expect(counted).toBeGreaterThan(1500);
    // And the figures themselves come out of those rows (one unit, as the pages compute them).
    const f = await caseFigures(t.db, { unitPath: nodes[0].ref.path, from: '2026-01-01', to: '2026-12-31' });
    expect(f.events).toBe((await referenceFigureRows(t.db, { unitPath: nodes[0].ref.path, from: '2026-01-01', to: '2026-12-31' })).events.length);
  }, 120_000);

  it('has settled and unsettled events at both as-of instants, and SQLite and PostgreSQL read a settled one\'s judgements from case_events_figures', async () => {
    // Both kinds are in the figures compared below: events whose every judged time lies before the as-of
    // instant (their judgements read from the index on SQLite, migration 2026121040) and the others.
    const times = ['closed_at', 'first_info_at', 'responded_at', 'reported_up_at', 'paused_at', 'due_report_at', 'due_first_info_at', 'due_response_at', 'due_close_at', 'supervise_due_at'] as const;
    const rows = await t.db.selectFrom('case_events').select(times).execute();
    for (const at of [now, '2026-04-15T03:00:00.000Z']) {
      const settled = rows.filter((e) => times.every((c) => !e[c] || e[c]! < at)).length;
      expect(settled, at).toBeGreaterThan(100);
      expect(rows.length - settled, at).toBeGreaterThan(10);
    }
    if (dialectName === 'postgres') {
      // The index's two expressions (migration 2026121050) are figures.ts's: the same expression trees,
      // compared as PostgreSQL prints them, with an index built from figures.ts's text (rolled back).
      const exprs = (name: string, cols: number[]) => sql<{ def: string }>`select pg_get_indexdef(${name}::regclass, k, true) as def from unnest(${cols}::int[]) k`;
      const real = (await exprs('case_events_figures', [20, 21]).execute(t.db)).rows.map((x) => x.def);
      const fromFigures = async (settledAt: string) => {
        let defs: string[] = [];
        await t.db.transaction().execute(async (trx) => {
          await sql.raw(`create index figures_expr_check on case_events ((${settledAt.replace(/\be\./g, '')}), (${SETTLED_FLAGS_PG_SQL.replace(/\be\./g, '')}))`).execute(trx);
          defs = (await exprs('figures_expr_check', [1, 2]).execute(trx)).rows.map((x) => x.def);
          await sql`drop index figures_expr_check`.execute(trx);
        });
        return defs;
      };
      expect(real[0]).toMatch(/^GREATEST\(/);
      expect(await fromFigures(SETTLED_AT_PG_SQL)).toEqual(real);
      // The check sees a difference: the settled time written differently.
      expect(await fromFigures(SETTLED_AT_PG_SQL.replace("coalesce(e.closed_at collate \"C\", '')", "coalesce(e.closed_at collate \"C\", '' || '')"))).not.toEqual(real);
      // And the per-unit statement's plan reads them: its aggregate reads an index-only scan of
      // case_events_figures directly and takes the settled time from the scan's output (EXPLAIN prints
      // such a reference as the index's expression in parentheses of its own: `(((GREATEST(`).
      // The plan is forced to the index-only scan (a test database is small), as it is at a million events.
      await sql`vacuum (analyze) case_events`.execute(t.db);
      const captured: { sql: string; parameters: readonly unknown[] }[] = [];
      const pool = new pg.Pool({ connectionString: t.config.databaseUrl, max: 2 });
      try {
        const logging = new Kysely<DB>({ dialect: new PostgresDialect({ pool }), log: (e) => { if (e.level === 'query') captured.push(e.query); } });
        await figureRows(logging, { unitPath: nodes[0].ref.path, from: '2025-01-01', to: '2026-12-31' }, now);
        const byUnit = captured.find((q) => q.sql.includes('as "first_on_time"'))!;
        const plan = async (text: string) => {
          const client = await pool.connect();
          try {
            for (const off of ['seqscan', 'bitmapscan', 'indexscan', 'sort', 'hashagg']) await client.query(`set enable_${off} = off`);
            return (await client.query(`explain (verbose, costs off) ${text}`, byUnit.parameters as unknown[])).rows.map((x) => x['QUERY PLAN'] as string);
          } finally {
            await client.query('reset all');
            client.release();
          }
        };
        const [agg, ...rest] = await plan(byUnit.sql);
        const output = rest.find((l) => /^\s*Output:/.test(l))!;
        expect(agg).toMatch(/^GroupAggregate/);
        // The plan's nodes: the units' ids (an InitPlan), then the scan right under the aggregate.
        const planNodes = rest.filter((l) => l.includes('->')).map((l) => l.trim());
        expect(planNodes, rest.join('\n')).toHaveLength(2);
        expect(planNodes[1]).toMatch(/^->\s+Index Only Scan using case_events_figures on public\.case_events e$/);
        expect(output.match(/\(\(\(GREATEST\(/g)?.length).toBe(6);
        expect(output).not.toMatch(/[^(]\(\(GREATEST\(/);
        // The check sees a computed one: the same statement with the settled time written differently
        // (one time without its collation: the same value, another expression; PostgreSQL folds `'' || ''`).
        const changed = await plan(byUnit.sql.replaceAll("coalesce(e.closed_at collate \"C\", '')", "coalesce(e.closed_at, '')"));
        const changedOutput = changed.find((l) => /^\s*Output:/.test(l))!;
        expect(changedOutput).not.toMatch(/\(\(\(GREATEST\(/);
        expect(changedOutput).toMatch(/\(\(GREATEST\(/);
      } finally {
        await pool.end();
      }
      return;
    }
    // The per-unit counts read the settled time and judgements as the index's expressions: no max() is
    // computed per event. A changed expression text (figures.ts against the migration) would compute them.
    const captured: { sql: string; parameters: readonly unknown[] }[] = [];
    const logging = new Kysely<DB>({ dialect: new SqliteDialect({ database: t.handle.sqlite! }), log: (e) => { if (e.level === 'query') captured.push(e.query); } });
    await figureRows(logging, { unitPath: nodes[0].ref.path, from: '2025-01-01', to: '2026-12-31' }, now);
    const byUnit = captured.find((q) => q.sql.includes('as "first_on_time"'))!;
    const maxCalls = (text: string) => (t.handle.sqlite!.prepare(`explain ${text}`).all(...(byUnit.parameters as never[])) as { opcode: string; p4: string | null }[])
      .filter((op) => /Func/.test(op.opcode) && String(op.p4).startsWith('max')).length;
    expect(maxCalls(byUnit.sql)).toBe(0);
    // The check sees a computed one: the same statement with the settled time written differently.
    expect(maxCalls(byUnit.sql.replace("max(coalesce(e.closed_at, '')", "max(coalesce(e.closed_at, '' || '')"))).toBeGreaterThan(0);
  });

  it('reads each closed event\'s handling time from case_events_figures (2026121120), judged closed as of the as-of instant; the same figures with the expression taken out and put back', async () => {
    // Events closed after an as-of instant are in the periods compared (open in those figures: no handling time).
    const rows = await t.db.selectFrom('case_events').select(['status', 'closed_at', 'first_received_at']).execute();
    const at = '2026-04-15T03:00:00.000Z';
    expect(rows.filter((e) => e.status === 'closed' && e.closed_at && e.closed_at > at && e.first_received_at <= at).length).toBeGreaterThan(10);
    const r = { unitPath: nodes[0].ref.path, from: '2025-01-01', to: '2026-12-31' };
    const cases = nodes.slice(0, 12).flatMap((n) => [now, at].flatMap((x) => [['2025-01-01', '2026-12-31'], ['2026-01-01', '2026-04-30']].map(([from, to]) => ({ r: { unitPath: n.ref.path, from, to }, at: x }))));
    const figuresNow = async () => Promise.all(cases.map((c) => caseFigures(t.db, c.r, c.at)));
    const before = await figuresNow();
    expect(new Set(before.map((f) => f.medianHandlingHours)).size).toBeGreaterThan(3);
    const captured: { sql: string; parameters: readonly unknown[] }[] = [];
    if (dialectName === 'postgres') {
      // The stored expression is figures.ts's (PostgreSQL's printed tree of an index built from its text), and the plan reads it from the scan.
      const def = async (db: Kysely<any>, name: string, k: number) => (await sql<{ def: string }>`select pg_get_indexdef(${name}::regclass, ${k}, true) as def`.execute(db)).rows[0].def;
      let mine = '';
      await t.db.transaction().execute(async (trx) => {
        await sql.raw(`create index figures_expr_check on case_events ((${HANDLING_MS_PG_SQL.replace(/\be\./g, '')}))`).execute(trx);
        mine = await def(trx, 'figures_expr_check', 1);
        await sql`drop index figures_expr_check`.execute(trx);
      });
      expect(await def(t.db, 'case_events_figures', 22)).toBe(mine);
      expect(mine).toMatch(/case_handling_ms/);
    } else {
      // SQLite computes no julianday in the per-unit statement; written otherwise, it would.
      const logging = new Kysely<DB>({ dialect: new SqliteDialect({ database: t.handle.sqlite! }), log: (e) => { if (e.level === 'query') captured.push(e.query); } });
      await figureRows(logging, r, now);
      const byUnit = captured.find((q) => q.sql.includes('as "first_on_time"'))!;
      const julian = (text: string) => (t.handle.sqlite!.prepare(`explain ${text}`).all(...(byUnit.parameters as never[])) as { opcode: string; p4: string | null }[])
        .filter((op) => /Func/.test(op.opcode) && String(op.p4).startsWith('julianday')).length;
      expect(julian(byUnit.sql)).toBe(0);
      expect(julian(byUnit.sql.replace('julianday(e.first_received_at)', 'julianday(+e.first_received_at)'))).toBeGreaterThan(0);
    }
    // Down (the index as 2026121040/2026121050 left it: the handling time computed per row) and up again: the same figures.
    const indexText = async () => (dialectName === 'postgres'
      ? (await sql<{ d: string }>`select indexdef as d from pg_indexes where indexname = 'case_events_figures'`.execute(t.db)).rows[0].d
      : (await sql<{ d: string }>`select sql as d from sqlite_master where name = 'case_events_figures'`.execute(t.db)).rows[0].d);
    const withIt = await indexText();
    await figureHandling.down(t.db);
    expect(await indexText()).not.toMatch(/julianday|case_handling_ms/);
    expect(await figuresNow()).toEqual(before);
    await figureHandling.up(t.db);
    expect(await indexText()).toBe(withIt);
    expect(await figuresNow()).toEqual(before);
  });

  it('gives the very figures it gave before the covering indexes: every unit, six periods, two as-of instants', async () => {
    const periods = [['2025-06-01', '2025-12-31'], ['2026-01-01', '2026-12-31'], ['2026-03-01', '2026-03-31'], ['2025-01-01', '2026-12-31'], ['2025-07-01', '2025-07-31'], ['2026-05-01', '2026-06-30']];
    let replies = 0;
    let late = 0;
    let cut = 0;
    let ties = 0;
    for (const at of [now, '2026-04-15T03:00:00.000Z']) {
      for (const n of nodes) {
        for (const [from, to] of periods) {
          const r = { unitPath: n.ref.path, from, to };
          const [got, want] = [await caseFigures(t.db, r, at), await referenceCaseFigures(t.db, r, at)];
          expect(got, JSON.stringify({ ...r, at })).toEqual({ ...want, lateClosures: want.lateClosures.slice(0, LATE_CLOSURES_SHOWN) });
          // caseTotals (the summary's): the same totals; at the province (a top-level unit) from the kept sums (migration 2026121080).
          const { byUnit: _u, byCategory: _c, ...totals } = got;
          expect(await caseTotals(t.db, r, at), JSON.stringify({ ...r, at, totals: true })).toEqual(totals);
          // As many as asked (the export's list): every one, in the same order.
          expect((await caseFigures(t.db, r, at, Number.MAX_SAFE_INTEGER)).lateClosures, JSON.stringify({ ...r, at })).toEqual(want.lateClosures);
          replies += want.replies.length;
          late += want.lateClosures.length;
          if (want.lateClosures.length > LATE_CLOSURES_SHOWN) cut++;
          ties += want.lateClosures.filter((x, i, xs) => i > 0 && xs[i - 1].closedAt === x.closedAt).length;
        }
      }
    }
    // The comparison reached the replies (read after the rows) and the late closures (titles from the index).
    expect(replies).toBeGreaterThan(500);
    expect(late).toBeGreaterThan(500);
    // Lists cut to the first few, and closures at one instant (ordered by id) among them.
    expect(cut).toBeGreaterThan(10);
    expect(ties).toBeGreaterThan(5);
  }, 240_000);

  it('runs the per-unit pass, the late closures and the latest replies as named statements on PostgreSQL: the same figures under their generic plans', async () => {
    if (dialectName !== 'postgres') return;
    let compared = 0;
    // One connection (a transaction), its plans forced generic: what a pooled connection runs after its fifth call of a text.
    await t.db.transaction().execute(async (trx) => {
      await sql`set local plan_cache_mode = force_generic_plan`.execute(trx);
      for (const at of [now, '2026-04-15T03:00:00.000Z']) {
        for (const n of nodes) {
          for (const [from, to] of [['2026-01-01', '2026-12-31'], ['2025-07-01', '2025-07-31']]) {
            const r = { unitPath: n.ref.path, from, to };
            const want = await referenceCaseFigures(t.db, r, at);
            expect(await caseFigures(trx, r, at), JSON.stringify({ ...r, at })).toEqual({ ...want, lateClosures: want.lateClosures.slice(0, LATE_CLOSURES_SHOWN) });
            compared++;
          }
        }
      }
      // The three texts were prepared on this connection (pg's named statements; the others run unnamed).
      const prepared = (await sql<{ statement: string }>`select statement from pg_prepared_statements where not from_sql`.execute(trx)).rows.map((x) => x.statement);
      expect(prepared.filter((x) => x.includes('from "case_events" as "e"') && x.includes('group by "e"."unit_id"')).length, prepared.join('\n\n')).toBe(1);
      expect(prepared.filter((x) => x.includes('order by "e"."closed_at" collate "C", "e"."id" collate "C" limit $')).length).toBe(1);
      expect(prepared.filter((x) => x.includes('x.public_reply <> \'\' as "has_reply"')).length).toBe(1);
    });
    expect(compared).toBeGreaterThan(40);
  }, 240_000);

  it('reads the first few late closures over only the units that can hold them (SQLite): the same lists', async () => {
    // figureRowsOf (SQLite) takes each unit's earliest late closure from the per-unit pass and reads the late
    // closures of the units whose earliest is at or before the k-th earliest of those only. Asked for one, two
    // or three late closures, every unit and period must give the reference's first ones, ties of one closing
    // time among them; a bound one place off fails here. PostgreSQL reads every unit: the same lists.
    const periods = [['2025-06-01', '2025-12-31'], ['2026-01-01', '2026-12-31'], ['2026-03-01', '2026-03-31'], ['2025-01-01', '2026-12-31'], ['2026-05-01', '2026-06-30']];
    const captured: { sql: string; parameters: readonly unknown[] }[] = [];
    const log = (e: { level: string; query: { sql: string; parameters: readonly unknown[] } }) => { if (e.level === 'query') captured.push(e.query); };
    const pool = dialectName === 'postgres' ? new pg.Pool({ connectionString: t.config.databaseUrl, max: 4 }) : null;
    const db = pool ? new Kysely<DB>({ dialect: new PostgresDialect({ pool }), log }) : new Kysely<DB>({ dialect: new SqliteDialect({ database: t.handle.sqlite! }), log });
    let restricted = 0;
    let fewer = 0;
    let tied = 0;
    try {
      for (const at of [now, '2026-04-15T03:00:00.000Z']) {
        for (const n of nodes) {
          for (const [from, to] of periods) {
            const r = { unitPath: n.ref.path, from, to };
            const want = await referenceCaseFigures(t.db, r, at);
            for (const k of [1, 2, 3]) {
              captured.length = 0;
              const got = await caseFigures(db, r, at, k);
              expect(got.lateClosures, JSON.stringify({ ...r, at, k })).toEqual(want.lateClosures.slice(0, k));
              expect(got.replies, JSON.stringify({ ...r, at, k })).toEqual(want.replies);
              const late = captured.find((q) => q.sql.includes('as "due_at"'));
              if (late?.sql.includes('"e"."unit_id" in (')) {
                restricted++;
                const units = new Set((await figureRows(t.db, r, at, k)).byUnitRows.filter((u) => u.first_late !== null).map((u) => u.unit_id));
                if (late.parameters.filter((x) => typeof x === 'string' && units.has(x)).length < units.size) fewer++;
              }
              if (want.lateClosures.length > k && want.lateClosures[k - 1].closedAt === want.lateClosures[k].closedAt) tied++;
            }
          }
        }
      }
    } finally {
      await pool?.end(); // (SQLite: the test app's connection, left open)
    }
    expect(tied).toBeGreaterThan(0);
    if (dialectName !== 'sqlite') return expect(restricted).toBe(0);
    expect(restricted).toBeGreaterThan(100);
    // The restriction left units out (else it proves nothing), and the cut fell among closures of one instant.
    expect(fewer).toBeGreaterThan(50);
  }, 240_000);

  it('counts levels and categories in the per-unit pass, the categories in the order the database sorts them (byCategory\'s key order)', async () => {
    // Before, a statement grouped the period's events by level and category, `order by e.category`, and
    // byCategory took its keys in that order (toEqual above does not compare key order). Categories whose
    // order differs bytewise (SQLite), by UTF-16 unit (JavaScript's sort) and by the database's collation
    // (PostgreSQL): a supplementary character against a halfwidth one, capitals against small letters;
    // and one holding the separator PostgreSQL's per-unit statement joins them with (then grouped as before).
    const grouping = async (r: { unitPath: string; from: string; to: string }) => {
      let n = 0;
      const watched = t.db.withPlugin({
        transformQuery: (a) => { if (a.node.kind === 'SelectQueryNode' && a.node.groupBy?.items.length === 2) n++; return a.node; },
        transformResult: async (a) => a.result,
      });
      await caseFigures(watched, r, now);
      return n;
    };
    const whole = { unitPath: nodes[0].ref.path, from: '2025-01-01', to: '2026-12-31' };
    expect(await grouping(whole)).toBe(0);
    const odd = ['𠀀工单', 'ｱ类', 'Zeta', 'alpha', 'é类', '', '分\u001f类'];
    const rows = await t.db.selectFrom('case_events').select(['id', 'category']).where('category', 'is not', null).orderBy('id').execute();
    for (let i = 0; i < rows.length; i += 5) await t.db.updateTable('case_events').set({ category: odd[(i / 5) % odd.length] }).where('id', '=', rows[i].id).execute();
    const grouped = (r: { unitPath: string; from: string; to: string }) => t.db.selectFrom('case_events as e').innerJoin('units as u', 'u.id', 'e.unit_id')
      .where((eb) => currentInSubtree(eb, { path: 'u.path', archivedAt: 'e.archived_at' }, r.unitPath))
      .where('e.first_received_at', '>=', shanghaiDayStartUtc(r.from)).where('e.first_received_at', '<=', endOfShanghaiDay(r.to))
      .select(['e.level', 'e.category', sql<number | string>`count(*)`.as('n')]).groupBy(['e.level', 'e.category']).orderBy('e.category').execute();
    let compared = 0;
    let unlikeJs = 0;
    try {
      expect(await grouping(whole)).toBe(dialectName === 'sqlite' ? 0 : 1);
      for (const n of nodes) {
        for (const [from, to] of [['2025-01-01', '2026-12-31'], ['2026-01-01', '2026-12-31']]) {
          const r = { unitPath: n.ref.path, from, to };
          const byLevel: Record<string, number> = Object.fromEntries([...CASE_LEVELS, 'untriaged'].map((l) => [l, 0]));
          const byCategory: Record<string, number> = {};
          for (const x of await grouped(r)) {
            byLevel[x.level ?? 'untriaged'] += Number(x.n);
            if (x.category) byCategory[x.category] = (byCategory[x.category] ?? 0) + Number(x.n);
          }
          const f = await caseFigures(t.db, r, now);
          expect(JSON.stringify({ byLevel: f.byLevel, byCategory: f.byCategory }), JSON.stringify(r)).toBe(JSON.stringify({ byLevel, byCategory }));
          const keys = Object.keys(byCategory);
          if (keys.length > 1) compared++;
          if (JSON.stringify(keys) !== JSON.stringify([...keys].sort())) unlikeJs++;
        }
      }
    } finally {
      for (let i = 0; i < rows.length; i += 5) await t.db.updateTable('case_events').set({ category: rows[i].category }).where('id', '=', rows[i].id).execute();
    }
    expect(compared).toBeGreaterThan(20);
    // The database's order is not JavaScript's default one for some of them: a sort here would have failed.
    expect(unlikeJs).toBeGreaterThan(5);
  }, 120_000);

  it('reads the replies of only the units that can hold the ten latest (SQLite), the same replies in the same order as over every unit', async () => {
    // figureRows reads each unit's latest reply time in the per-unit pass and then the tenth latest reply and the
    // replies from it on over the units whose latest reply is at or after the tenth latest of those times. Here the
    // same statements over every unit (the restriction taken out of their text) must give the same rows in the same
    // order, at every unit with ten units or more that have a reply; whole hours make replies of the same time.
    if (dialectName !== 'sqlite') return;
    const periods = [['2025-06-01', '2025-12-31'], ['2026-01-01', '2026-12-31'], ['2026-03-01', '2026-03-31'], ['2025-01-01', '2026-12-31'], ['2025-07-01', '2025-07-31'], ['2026-05-01', '2026-06-30']];
    let restricted = 0;
    let tied = 0;
    for (const at of [now, '2026-04-15T03:00:00.000Z']) {
      for (const n of nodes) {
        for (const [from, to] of periods) {
          const captured: { sql: string; parameters: readonly unknown[] }[] = [];
          const logging = new Kysely<DB>({ dialect: new SqliteDialect({ database: t.handle.sqlite! }), log: (e) => { if (e.level === 'query') captured.push(e.query); } });
          const r = { unitPath: n.ref.path, from, to };
          const got = await figureRows(logging, r, at);
          const replies = captured.filter((q) => q.sql.includes('"has_reply"'));
          if (!replies.some((q) => q.sql.includes('u.id in ('))) continue;
          restricted++;
          // Each statement without its units: the whole subtree, as before (the units' ids are its last parameters before the rest).
          const whole = (q: { sql: string; parameters: readonly unknown[] }) => {
            const m = /(?:"e"\."unit_id" in|\+u\.id in) \(([?, ]+)\)/.exec(q.sql)!;
            const k = (m[1].match(/\?/g) ?? []).length;
            const before = (q.sql.slice(0, m.index).match(/\?/g) ?? []).length;
            const params = [...q.parameters.slice(0, before), ...q.parameters.slice(before + k)];
            return t.handle.sqlite!.prepare(q.sql.replace(m[0], '1')).all(...(params as never[])) as { id?: string; at: string; has_reply: number | null }[];
          };
          const [tenth, from10] = replies;
          expect(tenth.sql).toContain('offset');
          const wholeTenth = whole(tenth)[0];
          const since = wholeTenth?.has_reply ? wholeTenth.at : null;
          expect(since, JSON.stringify(r)).not.toBeNull();
          expect((t.handle.sqlite!.prepare(tenth.sql).all(...(tenth.parameters as never[])) as { at: string }[])[0].at, JSON.stringify(r)).toBe(since);
          const all = whole(from10).filter((e) => e.has_reply).map((e) => ({ id: e.id, at: e.at }));
          expect(got.replyRows.map((e) => ({ id: e.id, at: e.at })), JSON.stringify({ ...r, at })).toEqual(all);
          if (new Set(all.map((e) => e.at)).size < all.length) tied++;
        }
      }
    }
    expect(restricted).toBeGreaterThan(5);
    expect(tied).toBeGreaterThan(0);
    // The per-unit pass reads whether there is a reply from the index (its expression), never from the table.
    const captured: { sql: string; parameters: readonly unknown[] }[] = [];
    const logging = new Kysely<DB>({ dialect: new SqliteDialect({ database: t.handle.sqlite! }), log: (e) => { if (e.level === 'query') captured.push(e.query); } });
    await figureRows(logging, { unitPath: nodes[0].ref.path, from: '2025-01-01', to: '2026-12-31' }, now);
    const byUnit = captured.find((q) => q.sql.includes('as "first_on_time"'))!;
    const root = (t.handle.sqlite!.prepare("select rootpage from sqlite_master where name = 'case_events'").get() as { rootpage: number }).rootpage;
    const tableReads = (text: string) => {
      const ops = t.handle.sqlite!.prepare(`explain ${text}`).all(...(byUnit.parameters as never[])) as { opcode: string; p1: number; p2: number }[];
      const cursor = ops.find((op) => op.opcode === 'OpenRead' && op.p2 === root)?.p1;
      return ops.filter((op) => op.opcode === 'Column' && op.p1 === cursor).length;
    };
    expect(byUnit.sql).toContain('"latest_reply"');
    expect(tableReads(byUnit.sql)).toBe(0);
    // The check sees one: whether there is a reply written otherwise than the index's expression.
    expect(tableReads(byUnit.sql.replace("case e.public_reply <> '' when 1 then", "case e.public_reply <> 'x' when 1 then"))).toBeGreaterThan(0);
  }, 120_000);

  it('shows the ten latest replies, latest first then by id, when the latest forty events hold fewer than ten or the cut falls among one instant', async () => {
    const unit = await makeUnit(t.db, { parent: null, kind: 'county', name: '答复县' });
    const model = await t.db.selectFrom('case_events').selectAll().executeTakeFirstOrThrow();
    const put = async (n: number, at: (i: number) => string, reply: (i: number) => string | null) => {
      const rows = Array.from({ length: n }, (_, i) => ({
        ...model, id: newId(), unit_id: unit.id, handling_unit_id: unit.id, assigned_by_unit_id: null, owner_path: unit.path, handler_path: unit.path,
        first_received_at: at(i), responded_at: at(i), first_info_at: null, public_reply: reply(i), archived_at: null, status: 'responded', closed_at: null,
      }));
      await t.db.insertInto('case_events').values(rows as never).execute();
    };
    const hour = (h: number) => new Date(Date.parse('2024-03-01T00:00:00Z') + h * 3600_000).toISOString();
    // March: the latest forty events hold seven replies; the other three of the ten are older, six of them at one instant.
    await put(40, (i) => hour(100 + i), (i) => (i % 6 === 0 ? `三月答复${i}` : null));
    await put(20, (i) => hour(10 + (i < 6 ? 0 : i)), (i) => `早先答复${i}`);
    // May: fifty events at one instant, every other one answered: the ids decide which ten.
    await put(50, () => '2024-05-10T02:00:00.000Z', (i) => (i % 2 ? `五月答复${i}` : null));
    for (const [from, to] of [['2024-03-01', '2024-03-31'], ['2024-05-01', '2024-05-31']]) {
      const r = { unitPath: unit.path, from, to };
      const all = await t.db.selectFrom('case_events').select(['id', 'title', 'public_reply', 'responded_at']).where('unit_id', '=', unit.id)
        .where('first_received_at', '>=', shanghaiDayStartUtc(from)).where('first_received_at', '<=', endOfShanghaiDay(to)).execute();
      const want = all.filter((e) => e.public_reply).map((e) => ({ eventId: e.id, title: e.title, reply: e.public_reply, at: e.responded_at! }))
        .sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : a.eventId < b.eventId ? -1 : 1)).slice(0, 10);
      expect((await caseFigures(t.db, r, now)).replies, from).toEqual(want);
      expect((await referenceCaseFigures(t.db, r, now)).replies, from).toEqual(want);
    }
  });

  it('names in the period brief the eight events the whole period sorted would put first (较大 and above, then the newest, then by id)', async () => {
    const rank = (l: string | null) => ({ critical: 0, serious: 1, major: 2, general: 3 } as Record<string, number>)[l ?? ''] ?? 4;
    let ties = 0;
    for (const n of nodes) {
      for (const [from, to] of [['2025-06-01', '2025-12-31'], ['2026-01-01', '2026-12-31'], ['2026-03-01', '2026-03-31']]) {
        // As the brief read them before: every event of the period, sorted here.
        const all = await t.db.selectFrom('case_events as e').innerJoin('units as u', 'u.id', 'e.unit_id').select(['e.id', 'e.level', 'e.first_received_at'])
          .where((eb) => inSubtreeOf(eb, 'u.path', n.ref.path)).where('e.archived_at', 'is', null)
          .where('e.first_received_at', '>=', shanghaiDayStartUtc(from)).where('e.first_received_at', '<', shanghaiDayStartUtc(to, 1)).execute();
        all.sort((a, b) => rank(a.level) - rank(b.level) || (a.first_received_at < b.first_received_at ? 1 : a.first_received_at > b.first_received_at ? -1 : a.id < b.id ? -1 : 1));
        const want = all.slice(0, 8).map((e) => e.id);
        ties += all.slice(0, 9).filter((e, i, xs) => i > 0 && rank(xs[i - 1].level) === rank(e.level) && xs[i - 1].first_received_at === e.first_received_at).length;
        const brief = await casePeriodBrief.build({ db: t.db, unit: { id: n.ref.id, name: n.ref.name, path: n.ref.path }, from, to, periodLabel: '本期', subject: null, today: to });
        const got = brief.sections.find((x) => x.key === 'notable')?.items.flatMap((x) => (x.kind === 'paragraph' && typeof x.runs[0] === 'object' && x.runs[0].link ? [x.runs[0].link.slice('/cases/'.length)] : [])) ?? [];
        expect(got, JSON.stringify({ unit: n.ref.name, from, to })).toEqual(want);
      }
    }
    // Events received in the same hour at one level compete for a place: the id decides.
    expect(ties).toBeGreaterThan(3);
  });
});
