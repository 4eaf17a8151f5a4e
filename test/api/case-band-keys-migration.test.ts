import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { CASE_SOURCES } from '../../common/cases';
import { down, up } from '../../server/db/migrations/2026120950_case_band_keys';
import * as bandIds from '../../server/db/migrations/2026121110_case_band_ids_sqlite';
import * as bandRecent from '../../server/db/migrations/2026121130_case_band_recent_sqlite';
import { bandId, idOfBand } from '../../server/modules/cases/band-ids';
import { intakeMany, type IntakeInput, removeEventBands } from '../../server/modules/cases/intake';
import { systemCtx } from '../../server/platform/context';
import { original, rng, variant } from '../../bench/case-texts';
import { createTestApp, dialectName, type TestApp } from '../helpers/app';
import { makeUnit, type UnitRef } from '../helpers/factories';
import { allBandRows } from '../helpers/bands';

/** Migration 2026120950: band rows with integer bands and compact unit keys, down to the old text bands and paths and up again. */
describe(`band rows with compact unit keys, migrated down and up [${dialectName}]`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('keeps every band row, writes the old shape back exactly, and groups the same after', async () => {
    const province = await makeUnit(t.db, { name: '省' });
    const county = await makeUnit(t.db, { parent: province, name: '县' });
    const town = await makeUnit(t.db, { parent: county, name: '镇' });
    const ctx = systemCtx('test');
    const rand = rng(5);
    const texts = Array.from({ length: 6 }, () => original(rand));
    const report = (unit: UnitRef, r: { title: string; content: string }): IntakeInput => ({
      unit: { id: unit.id, path: unit.path, name: unit.name }, source: CASE_SOURCES[0], via: 'staff', receivedAt: new Date(Date.UTC(2026, 4, 1)).toISOString(), title: r.title, content: r.content,
    });
    const first = await t.db.transaction().execute((trx) => intakeMany(trx, ctx, texts.map((r, i) => report(i % 2 ? town : county, r))));
    // The later migrations first, as the migrator would take them down: the recent band rows (SQLite) go into case_event_bands.
    await bandRecent.down(t.db);
    type Row = { band: number; unit_key: string; event_id: string; case_id: string };
    const rowsNow = async () => (await sql<Row>`select band, unit_key, event_id, case_id from case_event_bands order by band, case_id`.execute(t.db)).rows
      .map((r) => ({ ...r, band: Number(r.band), event_id: idOfBand(r.event_id), case_id: idOfBand(r.case_id) }));
    const before = await rowsNow();
    expect(before.length).toBeGreaterThan(6 * 10);

    // The later layout (ids as bytes on SQLite) first, as the migrator would take it down.
    await bandIds.down(t.db);
    await down(t.db);
    const old = (await sql<{ band: string; unit_path: string; unit_id: string; event_id: string; case_id: string }>`select band, unit_path, unit_id, event_id, case_id from case_event_bands`.execute(t.db)).rows;
    expect(old).toHaveLength(before.length);
    // The old shape: 9 hex digits, the owner's path and id (every report here started its own event, at its receiving unit).
    const ownerOf = new Map(first.map((res, i) => [res.caseId, i % 2 ? town : county]));
    for (const r of old) {
      expect(r.band).toMatch(/^[0-9a-f]{9}$/);
      expect(r.unit_path).toBe(ownerOf.get(r.case_id)!.path);
      expect(r.unit_id).toBe(ownerOf.get(r.case_id)!.id);
    }
    expect(old.map((r) => `${Number.parseInt(r.band, 16)} ${r.case_id}`).sort()).toEqual(before.map((r) => `${r.band} ${r.case_id}`).sort());

    await up(t.db);
    await bandIds.up(t.db);
    await bandRecent.up(t.db);
    const after = await rowsNow();
    expect(after.map((r) => `${r.band} ${r.event_id} ${r.case_id}`)).toEqual(before.map((r) => `${r.band} ${r.event_id} ${r.case_id}`));
    // Each row holds its owner's key, and the town's key lies under the county's.
    const keys = new Map((await t.db.selectFrom('case_unit_keys').select(['unit_id', 'unit_key']).execute()).map((k) => [k.unit_id, k.unit_key]));
    for (const r of after) expect(r.unit_key).toBe(keys.get(ownerOf.get(r.case_id)!.id));
    expect(keys.get(town.id)!.startsWith(keys.get(county.id)!)).toBe(true);

    // Repeats of the town's reports, received at the county, still find them; at a sibling township they do not.
    const other = await makeUnit(t.db, { parent: county, name: '邻镇' });
    const again = await t.db.transaction().execute((trx) => intakeMany(trx, ctx, [report(county, variant(texts[1], rand)), report(other, variant(texts[3], rand))]));
    expect(again[0]).toMatchObject({ joined: true, eventId: first[1].eventId });
    expect(again[1].joined).toBe(false);

    // Closing an event takes its rows out by the lookup's key (no index on event_id): all of them, no other event's.
    const count = async (eventId?: string) => Number((await (eventId ? sql<{ n: number }>`select count(*) as n from ${allBandRows()} b where event_id = ${bandId(eventId, dialectName === 'postgres')}` : sql<{ n: number }>`select count(*) as n from ${allBandRows()} b`).execute(t.db)).rows[0].n);
    const [total, ofEvent] = [await count(), await count(first[1].eventId)];
    expect(ofEvent).toBeGreaterThanOrEqual(16);
    await t.db.transaction().execute((trx) => removeEventBands(trx, first[1].eventId));
    expect(await count(first[1].eventId)).toBe(0);
    expect(await count()).toBe(total - ofEvent);
  });
});
