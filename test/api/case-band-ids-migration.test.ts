import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { CASE_SOURCES } from '../../common/cases';
import { down, up } from '../../server/db/migrations/2026121110_case_band_ids_sqlite';
import * as bandRecent from '../../server/db/migrations/2026121130_case_band_recent_sqlite';
import { bandId, idOfBand } from '../../server/modules/cases/band-ids';
import { bandNumbers, intakeMany, type IntakeInput, removeEventBands, storedCandidates } from '../../server/modules/cases/intake';
import { unitKeysOf } from '../../server/modules/cases/unit-keys';
import { systemCtx } from '../../server/platform/context';
import { newId } from '../../server/platform/ids';
import { bandKeys, minhash, profile } from '../../server/text/minhash';
import { original, rng, variant } from '../../bench/case-texts';
import { createTestApp, dialectName, type TestApp } from '../helpers/app';
import { makeUnit, type UnitRef } from '../helpers/factories';
import { allBandRows } from '../helpers/bands';

const pg = dialectName === 'postgres';

describe('band ids: a uuid as its 16 bytes on SQLite, text otherwise', () => {
  it('round-trips', () => {
    const id = newId();
    const b = bandId(id, false);
    expect(Buffer.isBuffer(b) && b.length).toBe(16);
    expect(idOfBand(b as Buffer)).toBe(id);
    expect(bandId(id, true)).toBe(id);
    // Anything but a lower-case uuid stays text, and reads back as itself.
    for (const other of [id.toUpperCase(), 'legacy-1', id.slice(0, 35), `${id}0`, id.replace(/-/g, '')]) {
      expect(bandId(other, false)).toBe(other);
      expect(idOfBand(other)).toBe(other);
    }
  });
});

/** Migration 2026121110: band rows' ids as bytes on SQLite (PostgreSQL: nothing), down to text and up again. */
describe(`band rows with ids as bytes, migrated down and up [${dialectName}]`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('keeps every band row, reads them back as the same ids, keeps a non-uuid id as text, and groups the same after', async () => {
    const county = await makeUnit(t.db, { name: '县' });
    const town = await makeUnit(t.db, { parent: county, name: '镇' });
    const ctx = systemCtx('test');
    const rand = rng(11);
    const texts = Array.from({ length: 8 }, () => original(rand));
    const report = (unit: UnitRef, r: { title: string; content: string }): IntakeInput => ({
      unit: { id: unit.id, path: unit.path, name: unit.name }, source: CASE_SOURCES[0], via: 'staff', receivedAt: new Date(Date.UTC(2026, 4, 1)).toISOString(), title: r.title, content: r.content,
    });
    const first = await t.db.transaction().execute((trx) => intakeMany(trx, ctx, texts.map((r, i) => report(i % 2 ? town : county, r))));

    // The later migration first, as the migrator would take it down: the recent band rows (SQLite) go into case_event_bands.
    await bandRecent.down(t.db);
    type Raw = { band: number | string; unit_key: string; event_id: string | Uint8Array; case_id: string | Uint8Array; te: string; tc: string };
    // PostgreSQL's columns are text (varchar) whatever is written.
    const kinds = pg ? sql`'text' as te, 'text' as tc` : sql`typeof(event_id) as te, typeof(case_id) as tc`;
    const raw = async () => (await sql<Raw>`select band, unit_key, event_id, case_id, ${kinds} from case_event_bands`.execute(t.db)).rows;
    const rowsOf = (rows: Raw[]) => rows.map((r) => `${Number(r.band)} ${r.unit_key} ${idOfBand(r.event_id)} ${idOfBand(r.case_id)}`).sort();
    const foreignKeys = async () => (pg
      ? (await sql<{ n: number }>`select count(*) as n from pg_constraint where conrelid = 'case_event_bands'::regclass and contype = 'f'`.execute(t.db)).rows[0].n
      : (await sql<{ n: number }>`select count(*) as n from pragma_foreign_key_list('case_event_bands')`.execute(t.db)).rows[0].n);

    // As intake writes them: on SQLite each id its 16 bytes, naming the report's event and the report.
    const before = await raw();
    expect(before.length).toBeGreaterThan(8 * 10);
    for (const r of before) {
      if (pg) expect([typeof r.event_id, typeof r.case_id]).toEqual(['string', 'string']);
      else expect([r.te, r.tc, (r.event_id as Uint8Array).length, (r.case_id as Uint8Array).length]).toEqual(['blob', 'blob', 16, 16]);
    }
    const byCase = new Map(first.map((res) => [res.caseId, res.eventId]));
    for (const r of before) expect(byCase.get(idOfBand(r.case_id))).toBe(idOfBand(r.event_id));
    expect(Number(await foreignKeys())).toBe(0);

    // Down: text ids and, on SQLite, the foreign keys again (PostgreSQL: untouched, its keys went in 2026121090).
    await down(t.db);
    const text = await raw();
    expect(text.every((r) => r.te === 'text' && r.tc === 'text')).toBe(true);
    expect(rowsOf(text)).toEqual(rowsOf(before));
    expect(Number(await foreignKeys())).toBe(pg ? 0 : 2);

    // An id that is not a lower-case uuid (none is made today) stays text through the way up, and is still found.
    const event = await t.db.selectFrom('case_events').selectAll().where('id', '=', first[0].eventId).executeTakeFirstOrThrow();
    const kase = await t.db.selectFrom('cases').selectAll().where('id', '=', first[0].caseId).executeTakeFirstOrThrow();
    await t.db.insertInto('case_events').values({ ...event, id: 'legacy-event-1' }).execute();
    await t.db.insertInto('cases').values({ ...kase, id: 'legacy-case-1', event_id: 'legacy-event-1', tracking_code: null }).execute();
    const cloned = text.filter((r) => idOfBand(r.case_id) === first[0].caseId);
    await t.db.insertInto('case_event_bands').values(cloned.map((r) => ({ band: Number(r.band), unit_key: r.unit_key, event_id: 'legacy-event-1', case_id: 'legacy-case-1' }))).execute();

    await up(t.db);
    await bandRecent.up(t.db);
    const after = await raw();
    expect(rowsOf(after)).toEqual([...rowsOf(before), ...rowsOf(cloned.map((r) => ({ ...r, event_id: 'legacy-event-1', case_id: 'legacy-case-1' })))].sort());
    for (const r of after) {
      const legacy = idOfBand(r.case_id) === 'legacy-case-1';
      expect([r.te, r.tc]).toEqual(pg || legacy ? ['text', 'text'] : ['blob', 'blob']);
    }
    expect(Number(await foreignKeys())).toBe(0);

    // The lookup reads both kinds: the first report's text is found under its own event and the legacy one, tied.
    const unitKey = (await t.db.transaction().execute((trx) => unitKeysOf(trx, [county.path]))).get(county.path)!;
    const bands = bandNumbers(bandKeys(minhash(profile(texts[0].content).sh)));
    const stored = await t.db.transaction().execute((trx) => storedCandidates(trx, [{ unitKey, bands }]));
    const n = new Set(bands).size;
    expect(stored.lists[0].filter((c) => c.n === n).map((c) => c.caseId).sort()).toEqual([first[0].caseId, 'legacy-case-1'].sort());
    expect(stored.texts.get('legacy-case-1')).toEqual({ eventId: 'legacy-event-1', content: texts[0].content });
    expect(stored.ownerKeys.get('legacy-event-1')).toBe(unitKey);
    expect(stored.ownerKeys.get(first[0].eventId)).toBe(unitKey);

    // Repeats still join their events (town reports found from the county, not from a sibling town).
    const other = await makeUnit(t.db, { parent: county, name: '邻镇' });
    const again = await t.db.transaction().execute((trx) => intakeMany(trx, ctx, [report(county, variant(texts[3], rand)), report(other, variant(texts[5], rand))]));
    expect(again[0]).toMatchObject({ joined: true, eventId: first[3].eventId });
    expect(again[1].joined).toBe(false);

    // Closing an event takes its rows out by the key, ids as stored: all of its rows, no other's.
    const count = async (eventId?: string) => Number((await (eventId
      ? sql<{ n: number }>`select count(*) as n from ${allBandRows()} b where event_id = ${bandId(eventId, pg)}`
      : sql<{ n: number }>`select count(*) as n from ${allBandRows()} b`).execute(t.db)).rows[0].n);
    for (const eventId of [first[1].eventId, 'legacy-event-1']) {
      const [total, ofEvent] = [await count(), await count(eventId)];
      expect(ofEvent).toBeGreaterThanOrEqual(16);
      await t.db.transaction().execute((trx) => removeEventBands(trx, eventId));
      expect(await count(eventId)).toBe(0);
      expect(await count()).toBe(total - ofEvent);
    }
  });
});
