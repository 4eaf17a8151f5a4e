/**
 * Migration 2026121150: room on case_events' pages (PostgreSQL `fillfactor`), so that a report that
 * joins an event whose indexed columns it does not change updates the row on its own page (HOT: no
 * new entry in any of the table's indexes). Down and up again; the joins answer the same either way.
 * SQLite: the migration does nothing (its up and down run, and intake groups as before).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { CASE_SOURCES } from '../../common/cases';
import { CASE_EVENTS_FILLFACTOR, down, up } from '../../server/db/migrations/2026121150_case_events_fillfactor_pg';
import { intakeMany, type IntakeInput } from '../../server/modules/cases/intake';
import { systemCtx } from '../../server/platform/context';
import { original, rng } from '../../bench/case-texts';
import { createTestApp, dialectName, type TestApp } from '../helpers/app';
import { makeUnit, type UnitRef } from '../helpers/factories';

describe(`case_events' fillfactor, migrated down and up [${dialectName}]`, () => {
  let t: TestApp;
  let county: UnitRef;
  beforeAll(async () => {
    t = await createTestApp();
    county = await makeUnit(t.db, { name: '县' });
  });
  afterAll(async () => {
    await t.close();
  });

  const ctx = systemCtx('test');
  const report = (r: { title: string; content: string }, minute: number): IntakeInput => ({
    unit: { id: county.id, path: county.path, name: county.name }, source: CASE_SOURCES[0], via: 'staff',
    receivedAt: new Date(Date.UTC(2026, 4, 1) + minute * 60_000).toISOString(), title: r.title, content: r.content,
  });
  const fillfactor = async () => {
    const r = await sql<{ o: string[] | null }>`select reloptions as o from pg_class where relname = 'case_events'`.execute(t.db);
    return r.rows[0].o ?? [];
  };

  /**
   * A list of 60 new events (several full pages), then one report again with the very text of one event of each page:
   * each joins its event and changes none of its indexed columns. Returns the joins and, on PostgreSQL, how many of
   * the updates were HOT (the transaction's own counter, read before it ends).
   */
  async function rejoinOnePerPage(seed: number) {
    const rand = rng(seed);
    const texts = Array.from({ length: 60 }, () => original(rand));
    const first = await t.db.transaction().execute((trx) => intakeMany(trx, ctx, texts.map((r, i) => report(r, i))));
    // Each new event by the report that started it (a generated text may join an earlier one of the list).
    const eventOf = new Map(first.flatMap((r, i) => (r.joined ? [] : [[r.eventId, i] as const])));
    expect(eventOf.size).toBeGreaterThan(40);
    // One event of each page the list filled (PostgreSQL: by the row's place; SQLite: every sixth).
    const picked: number[] = dialectName === 'postgres'
      ? (await sql<{ id: string }>`select distinct on ((ctid::text::point)[0]) id from case_events where id = any(${[...eventOf.keys()]}) order by (ctid::text::point)[0], id`.execute(t.db)).rows.map((r) => eventOf.get(r.id)!)
      : [...eventOf.values()].filter((_, n) => n % 6 === 0);
    const hotSoFar = async (trx: typeof t.db) => Number((await sql<{ n: string }>`select pg_stat_get_xact_tuples_hot_updated('case_events'::regclass) as n`.execute(trx)).rows[0].n);
    return t.db.transaction().execute(async (trx) => {
      // The backend's counter also holds earlier transactions' counts not yet sent to the statistics: the difference is this one's.
      const hot0 = dialectName === 'postgres' ? await hotSoFar(trx) : 0;
      const again = await intakeMany(trx, ctx, picked.map((i, n) => report(texts[i], 100 + n)));
      const hot = dialectName === 'postgres' ? (await hotSoFar(trx)) - hot0 : null;
      const counts = await trx.selectFrom('case_events').select(['id', 'report_count']).where('id', 'in', picked.map((i) => first[i].eventId)).execute();
      const before = new Map<string, number>();
      for (const r of first) before.set(r.eventId, (before.get(r.eventId) ?? 0) + 1);
      return { pages: picked.length, again, expected: picked.map((i) => first[i].eventId), hot, counted: counts.every((c) => c.report_count === before.get(c.id)! + 1) && counts.length === picked.length };
    });
  }

  /** Each report joined the event of the text it repeats, and each event counts it once: the joins answer as always. */
  const expectSameJoins = (r: Awaited<ReturnType<typeof rejoinOnePerPage>>) => {
    expect(r.again.map((x) => x.eventId)).toEqual(r.expected);
    expect(r.again.every((x) => x.joined && x.distance === 0)).toBe(true);
    expect(r.counted).toBe(true);
  };

  it('leaves room on the pages so that a join which changes no indexed column is a HOT update; down takes it off, up puts it back', async () => {
    if (dialectName === 'postgres') expect(await fillfactor()).toEqual([`fillfactor=${CASE_EVENTS_FILLFACTOR}`]);

    await down(t.db);
    if (dialectName === 'postgres') expect(await fillfactor()).toEqual([]);
    // Full pages: the joins answer as always, but only a page with room left over (the list's last) keeps its update HOT.
    const full = await rejoinOnePerPage(8);
    expectSameJoins(full);
    if (dialectName === 'postgres') {
      expect(full.pages).toBeGreaterThan(3);
      expect(full.hot!).toBeLessThan(full.pages - 2);
    }

    await up(t.db);
    if (dialectName === 'postgres') expect(await fillfactor()).toEqual([`fillfactor=${CASE_EVENTS_FILLFACTOR}`]);
    // The pages written from now on have room: every such join is HOT, and the joins answer the same.
    const withRoom = await rejoinOnePerPage(7);
    expectSameJoins(withRoom);
    if (dialectName === 'postgres') {
      expect(withRoom.pages).toBeGreaterThan(3);
      expect(withRoom.hot).toBe(withRoom.pages);
    }
  });
});
