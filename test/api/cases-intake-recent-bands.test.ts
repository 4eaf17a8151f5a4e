/**
 * SQLite: intake writes band rows into a small table of recent rows (case_event_bands_recent,
 * migration 2026121130) and merges them into case_event_bands in key order once it holds
 * enough (cases/intake.ts mergeRecentBands). Grouping must not depend on which table a row is in:
 * a report joins an event whose rows are still recent, not one closed while they were, and a
 * merge keeps every row. PostgreSQL has the one table: the same groupings, nothing recent.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { CASE_SOURCES } from '../../common/cases';
import { bandNumbers, intakeMany, type IntakeInput, mergeRecentBands, removeEventBands, setBandMergeRows, storedCandidates } from '../../server/modules/cases/intake';
import { openDb } from '../../server/db';
import { unitKeysOf } from '../../server/modules/cases/unit-keys';
import { idOfBand } from '../../server/modules/cases/band-ids';
import { bandKeys, minhash, profile } from '../../server/text/minhash';
import { systemCtx } from '../../server/platform/context';
import { original, rng, variant } from '../../bench/case-texts';
import { createTestApp, dialectName, type TestApp } from '../helpers/app';
import { makeUnit, type UnitRef } from '../helpers/factories';

const sqlite = dialectName === 'sqlite';

describe(`intake's recent band rows and their merge [${dialectName}]`, () => {
  let t: TestApp;
  let threshold: number;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterEach(() => {
    setBandMergeRows(threshold);
  });
  afterAll(async () => {
    await t.close();
  });

  type Row = { band: number | string; unit_key: string; event_id: string | Uint8Array; case_id: string | Uint8Array };
  const rowsOf = async (table: 'case_event_bands' | 'case_event_bands_recent') => (!sqlite && table === 'case_event_bands_recent' ? [] : (await sql<Row>`select band, unit_key, event_id, case_id from ${sql.table(table)}`.execute(t.db)).rows
    .map((r) => `${Number(r.band)} ${r.unit_key} ${idOfBand(r.event_id)} ${idOfBand(r.case_id)}`).sort());

  it('joins an event whose rows are recent, not one closed while they were, and a merge keeps every row and every answer', async () => {
    threshold = setBandMergeRows(1e12); // nothing merged until the test says so
    const county = await makeUnit(t.db, { name: '县' });
    const town = await makeUnit(t.db, { parent: county, name: '镇' });
    const ctx = systemCtx('test');
    const rand = rng(17);
    const texts = Array.from({ length: 6 }, () => original(rand));
    const report = (unit: UnitRef, r: { title: string; content: string }): IntakeInput => ({
      unit: { id: unit.id, path: unit.path, name: unit.name }, source: CASE_SOURCES[0], via: 'staff', receivedAt: new Date(Date.UTC(2026, 4, 1)).toISOString(), title: r.title, content: r.content,
    });
    const first = await t.db.transaction().execute((trx) => intakeMany(trx, ctx, texts.map((r, i) => report(i % 2 ? town : county, r))));
    expect(first.every((r) => !r.joined)).toBe(true);
    // SQLite: every row of the list is recent, none in the large table yet.
    const recent = await rowsOf('case_event_bands_recent');
    if (sqlite) {
      expect(recent.length).toBeGreaterThan(6 * 10);
      expect(await rowsOf('case_event_bands')).toEqual([]);
    }

    // A variant of each of the first three joins its event (rows recent on SQLite); the third's event is closed first, and is not joined.
    await t.db.transaction().execute(async (trx) => {
      await removeEventBands(trx, first[2].eventId);
      await trx.updateTable('case_events').set({ status: 'closed' }).where('id', '=', first[2].eventId).execute();
    });
    const all = [...recent, ...(await rowsOf('case_event_bands'))];
    const left = (await rowsOf('case_event_bands_recent')).concat(await rowsOf('case_event_bands'));
    expect(left.some((r) => r.includes(first[2].eventId))).toBe(false);
    expect(left).toEqual(all.filter((r) => !r.includes(first[2].eventId)));
    const again = await t.db.transaction().execute((trx) => intakeMany(trx, ctx, [report(county, variant(texts[0], rand)), report(county, variant(texts[1], rand)), report(county, variant(texts[2], rand))]));
    expect(again[0]).toMatchObject({ joined: true, eventId: first[0].eventId });
    expect(again[1]).toMatchObject({ joined: true, eventId: first[1].eventId });
    expect(again[2].joined).toBe(false);

    // The stored candidates of every text from both units, before and after a merge: the same answers, every row kept.
    const keys = await t.db.transaction().execute((trx) => unitKeysOf(trx, [county.path, town.path]));
    const lookups = [county, town].flatMap((u) => texts.map((r) => ({ unitKey: keys.get(u.path)!, bands: bandNumbers(bandKeys(minhash(profile(r.content).sh))) })));
    const beforeMerge = await t.db.transaction().execute((trx) => storedCandidates(trx, lookups));
    expect(beforeMerge.lists.flat().length).toBeGreaterThan(6);
    const rowsBefore = [...(await rowsOf('case_event_bands_recent')), ...(await rowsOf('case_event_bands'))].sort();
    await t.db.transaction().execute((trx) => mergeRecentBands(trx));
    expect(await rowsOf('case_event_bands_recent')).toEqual([]);
    expect(await rowsOf('case_event_bands')).toEqual(rowsBefore);
    const afterMerge = await t.db.transaction().execute((trx) => storedCandidates(trx, lookups));
    expect(afterMerge).toEqual(beforeMerge);

    // Rows in both tables at once: a later list's rows recent, the earlier merged; a list finds both.
    const fresh = original(rand);
    const more = await t.db.transaction().execute((trx) => intakeMany(trx, ctx, [report(county, texts[4]), report(county, fresh)]));
    expect(more[0]).toMatchObject({ joined: true, eventId: first[4].eventId, distance: 0 }); // the very text: joins, writes no rows of its own
    expect(more[1].joined).toBe(false);
    if (sqlite) expect((await rowsOf('case_event_bands_recent')).some((r) => r.includes(more[1].eventId))).toBe(true);
    const mixed = await t.db.transaction().execute((trx) => intakeMany(trx, ctx, [report(county, variant(texts[3], rand)), report(town, variant(fresh, rand)), report(county, variant(fresh, rand))]));
    expect(mixed[0]).toMatchObject({ joined: true, eventId: first[3].eventId });
    expect(mixed[1].joined).toBe(false); // the county's event is not in the town's subtree
    expect(mixed[2]).toMatchObject({ joined: true, eventId: more[1].eventId });
    // Closing takes an event's rows from whichever table holds them.
    for (const eventId of [first[3].eventId, more[1].eventId]) {
      await t.db.transaction().execute((trx) => removeEventBands(trx, eventId));
      const rest = [...(await rowsOf('case_event_bands_recent')), ...(await rowsOf('case_event_bands'))];
      expect(rest.some((r) => r.includes(eventId))).toBe(false);
      expect(rest.length).toBeGreaterThan(0);
    }
  });

  it('merges in the list that takes the recent rows past the threshold, in the list\'s transaction', async () => {
    threshold = setBandMergeRows(1e12);
    const county = await makeUnit(t.db, { name: '另县' });
    const ctx = systemCtx('test');
    const rand = rng(23);
    const report = (r: { title: string; content: string }): IntakeInput => ({
      unit: { id: county.id, path: county.path, name: county.name }, source: CASE_SOURCES[0], via: 'staff', receivedAt: new Date(Date.UTC(2026, 4, 2)).toISOString(), title: r.title, content: r.content,
    });
    const texts = Array.from({ length: 4 }, () => original(rand));
    const total = async () => (await rowsOf('case_event_bands_recent')).length + (await rowsOf('case_event_bands')).length;
    const n0 = await total();
    await t.db.transaction().execute((trx) => intakeMany(trx, ctx, [report(texts[0])]));
    const recentAfterOne = (await rowsOf('case_event_bands_recent')).length;
    setBandMergeRows(recentAfterOne + 1); // the next list passes it
    const [r1] = await t.db.transaction().execute((trx) => intakeMany(trx, ctx, [report(texts[1])]));
    expect(await rowsOf('case_event_bands_recent')).toEqual([]);
    const n1 = await total();
    expect(n1 - n0).toBeGreaterThan(20);
    // A list that fails after merging leaves everything as it was: the merge is part of the list's transaction.
    await expect(t.db.transaction().execute(async (trx) => {
      setBandMergeRows(1);
      await intakeMany(trx, ctx, [report(texts[2])]);
      throw new Error('rolled back');
    })).rejects.toThrow('rolled back');
    expect(await total()).toBe(n1);
    setBandMergeRows(1e12);
    // And what was merged is still found.
    const [again] = await t.db.transaction().execute((trx) => intakeMany(trx, ctx, [report(variant(texts[1], rand))]));
    expect(again).toMatchObject({ joined: true, eventId: r1.eventId });
  });
  // What any knowledge of the recent rows kept in memory between lists must not miss (sqlintake5 tried a set of their bands).
  it('finds rows another connection wrote, and rows a rolled-back merge put back', async () => {
    threshold = setBandMergeRows(1e12);
    const county = await makeUnit(t.db, { name: '别县' });
    const ctx = systemCtx('test');
    const rand = rng(31);
    const report = (r: { title: string; content: string }): IntakeInput => ({
      unit: { id: county.id, path: county.path, name: county.name }, source: CASE_SOURCES[0], via: 'staff', receivedAt: new Date(Date.UTC(2026, 4, 3)).toISOString(), title: r.title, content: r.content,
    });
    const texts = Array.from({ length: 6 }, () => original(rand));
    const run = (db: typeof t.db, rs: { title: string; content: string }[]) => db.transaction().execute((trx) => intakeMany(trx, ctx, rs.map(report)));
    const first = await run(t.db, [texts[0]]);

    // Another connection writes recent rows after this handle read the table: this handle's next list finds them.
    const other = openDb({ dataDir: t.dataDir, databaseUrl: t.config.databaseUrl });
    try {
      const theirs = await run(other.db, [texts[1], texts[2]]);
      const found = await run(t.db, [variant(texts[1], rand), variant(texts[2], rand), variant(texts[0], rand)]);
      expect(found.map((r) => r.eventId)).toEqual([theirs[0].eventId, theirs[1].eventId, first[0].eventId]);
      expect(found.every((r) => r.joined)).toBe(true);
      // And the other connection finds what this one wrote since.
      const back = await run(other.db, [variant(texts[0], rand)]);
      expect(back[0]).toMatchObject({ joined: true, eventId: first[0].eventId });
    } finally {
      await other.close();
    }

    // A list that rolls back: its rows are gone and nothing joins them; the lists after it answer as before.
    await expect(t.db.transaction().execute(async (trx) => {
      await intakeMany(trx, ctx, [report(texts[3])]);
      throw new Error('rolled back');
    })).rejects.toThrow('rolled back');
    const [lone] = await run(t.db, [variant(texts[3], rand)]);
    expect(lone.joined).toBe(false);

    // A merge that rolls back puts the recent rows back: the next list probes their bands again.
    const [kept] = await run(t.db, [texts[4]]);
    await expect(t.db.transaction().execute(async (trx) => {
      setBandMergeRows(1);
      await intakeMany(trx, ctx, [report(texts[5])]);
      throw new Error('rolled back');
    })).rejects.toThrow('rolled back');
    setBandMergeRows(1e12);
    if (sqlite) expect((await rowsOf('case_event_bands_recent')).some((r) => r.includes(kept.eventId))).toBe(true);
    const [after] = await run(t.db, [variant(texts[4], rand)]);
    expect(after).toMatchObject({ joined: true, eventId: kept.eventId });
  });
});
