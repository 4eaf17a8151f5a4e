/**
 * Intake of many reports at once (import, benchmarks) groups exactly as intake of one report
 * at a time: the same generated reports, with repeats written as variants of earlier ones, go
 * one by one through `intake()` into one database and in lists through `intakeMany()` into
 * another; the events, which reports each holds, their counts, terms and search rows agree.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { CASE_SOURCES } from '../../common/cases';
import { bandNumbers, bandRowsPg, intake, intakeMany, type IntakeInput, storedCandidates } from '../../server/modules/cases/intake';
import { unitKeysOf } from '../../server/modules/cases/unit-keys';
import { bandId, bandIdText } from '../../server/modules/cases/band-ids';
import { subtreeUpperBound } from '../../server/platform/scope';
import { bandKeys, minhash, profile } from '../../server/text/minhash';
import { newId } from '../../server/platform/ids';
import { systemCtx } from '../../server/platform/context';
import { verifyAuditChain } from '../../server/platform/audit';
import { original, rng, variant, type Report } from '../../bench/case-texts';
import { moveUnit } from '../../server/modules/units/service';
import type { Actor } from '../../server/platform/context';
import { createTestApp, dialectName, type TestApp } from '../helpers/app';
import { makeUnit, type UnitRef } from '../helpers/factories';
import { allBandRows } from '../helpers/bands';

/** A band row's id column as text (SQLite holds a uuid's 16 bytes there: cases/band-ids.ts). */
const idText = (col: string) => (dialectName === 'postgres' ? sql.ref(col) : bandIdText(col));
const pg = dialectName === 'postgres';

const REPORTS = 240;

describe(`intake of a list groups as intake one by one [${dialectName}]`, () => {
  let one: TestApp;
  let many: TestApp;
  let inputs: IntakeInput[];

  beforeAll(async () => {
    [one, many] = await Promise.all([createTestApp(), createTestApp()]);
    // The same unit tree (same ids) in both: a county, three townships, two villages each.
    const county = await makeUnit(one.db, { name: '测试县' });
    const units: UnitRef[] = [county];
    for (let t = 0; t < 3; t++) {
      const town = await makeUnit(one.db, { parent: county, name: `镇${t}` });
      units.push(town);
      for (let v = 0; v < 2; v++) units.push(await makeUnit(one.db, { parent: town, name: `镇${t}村${v}`, kind: 'village' }));
    }
    const rows = await one.db.selectFrom('units').selectAll().execute();
    await many.db.insertInto('units').values(rows).execute();

    const rand = rng(7);
    const earlier: { r: Report; unit: UnitRef }[] = [];
    inputs = [];
    for (let i = 0; i < REPORTS; i++) {
      let unit: UnitRef;
      let r: Report;
      if (earlier.length && rand(10) < 4) {
        const o = earlier[rand(earlier.length)];
        // A repeat comes to the same unit, to the county above it, or (rarely) elsewhere.
        unit = rand(3) === 0 ? county : rand(8) === 0 ? units[rand(units.length)] : o.unit;
        r = variant(o.r, rand);
      } else {
        unit = units[rand(units.length)];
        r = original(rand);
        earlier.push({ r, unit });
      }
      inputs.push({
        unit: { id: unit.id, path: unit.path, name: unit.name }, source: CASE_SOURCES[i % CASE_SOURCES.length], via: i % 5 === 0 ? 'public' : 'staff',
        // Some arrive out of order: older mail moves an event's first time back.
        receivedAt: new Date(Date.UTC(2026, 4, 1) + (i % 7 === 3 ? -i : i) * 3_600_000).toISOString(), title: r.title, content: r.content,
      });
    }
  });
  afterAll(async () => {
    await Promise.all([one?.close(), many?.close()]);
  });

  it('puts every report in the same group, with the same joins, counts, terms and search rows', async () => {
    const ctx = systemCtx('test');
    const a = [];
    for (const input of inputs) a.push(await one.db.transaction().execute((trx) => intake(trx, ctx, input)));
    const b = [];
    // Uneven lists, so groups cross list boundaries too.
    for (let i = 0, size = 1; i < inputs.length; i += size, size = size * 3 % 97 + 1) {
      const slice = inputs.slice(i, i + size);
      b.push(...await many.db.transaction().execute((trx) => intakeMany(trx, ctx, slice)));
    }
    expect(b).toHaveLength(inputs.length);
    const joinedA = a.filter((r) => r.joined).length;
    // The generated set must exercise both paths, or this test proves nothing.
    expect(joinedA).toBeGreaterThan(REPORTS / 5);
    expect(joinedA).toBeLessThan(REPORTS);
    expect(b.map((r) => [r.joined, r.distance])).toEqual(a.map((r) => [r.joined, r.distance]));

    // The partition of reports into events, named by each event's first report.
    const partition = (results: { eventId: string }[]) => {
      const first = new Map<string, number>();
      return results.map((r, i) => {
        if (!first.has(r.eventId)) first.set(r.eventId, i);
        return first.get(r.eventId)!;
      });
    };
    expect(partition(b)).toEqual(partition(a));

    // The events' stored fields, keyed by their first report's position.
    const stored = async (t: TestApp, results: { eventId: string }[]) => {
      const events = await t.db.selectFrom('case_events').select(['id', 'unit_id', 'report_count', 'first_received_at', 'search_terms', 'version', 'status', 'title', 'due_triage_at']).execute();
      const pos = new Map(results.map((r, i) => [r.eventId, i] as const).reverse());
      return events.map(({ id, ...e }) => ({ at: pos.get(id), ...e })).sort((x, y) => x.at! - y.at!);
    };
    expect(await stored(many, b)).toEqual(await stored(one, a));

    const counts = async (t: TestApp) => Promise.all([sql.table('cases'), allBandRows(), sql.table('case_steps')].map(async (table) => Number((await sql<{ n: number }>`select count(*) as n from ${table} x`.execute(t.db)).rows[0].n)));
    expect(await counts(many)).toEqual(await counts(one));
    if (dialectName === 'sqlite') {
      // One search row per event, holding its terms.
      const fts = async (t: TestApp) => (await sql<{ n: number; terms: string }>`select count(*) as n, group_concat(terms, '|') as terms from (select terms from case_fts order by terms)`.execute(t.db)).rows[0];
      expect(await fts(many)).toEqual(await fts(one));
      expect((await fts(many)).n).toBe(new Set(b.map((r) => r.eventId)).size);
    }
    const audits = async (t: TestApp) => (await t.db.selectFrom('audit_log').select(['action', 'entity']).orderBy('seq').execute());
    expect((await audits(many)).length).toBe((await audits(one)).length);
    expect((await verifyAuditChain(many.db)).ok).toBe(true);
  });

  it('looks in the receiving unit\'s subtree as it is after a unit moved', async () => {
    // A township moved from one county to another takes its open events along: a repeat of its report joins them under the new county, not the old.
    const t = await createTestApp();
    try {
      const province = await makeUnit(t.db, { name: '省' });
      const [north, south] = [await makeUnit(t.db, { parent: province, name: '北县' }), await makeUnit(t.db, { parent: province, name: '南县' })];
      const town = await makeUnit(t.db, { parent: north, name: '迁移镇' });
      const village = await makeUnit(t.db, { parent: town, name: '迁移村' });
      const ctx = systemCtx('test');
      const rand = rng(11);
      const r = original(rand);
      const r2 = original(rand);
      const report = (unit: { id: string; path: string; name: string }, content: string) => ({
        unit: { id: unit.id, path: unit.path, name: unit.name }, source: CASE_SOURCES[0], via: 'staff' as const, receivedAt: new Date(Date.UTC(2026, 4, 1)).toISOString(), title: r.title, content,
      });
      const [first, inVillage] = await t.db.transaction().execute((trx) => intakeMany(trx, ctx, [report(town, r.content), { ...report(village, r2.content), title: r2.title }]));
      // The band rows hold the owner's compact key (cases/unit-keys.ts), not its path: the village's is under the town's.
      const keyOf = async (unitId: string) => (await t.db.selectFrom('case_unit_keys').select('unit_key').where('unit_id', '=', unitId).executeTakeFirstOrThrow()).unit_key;
      const before = { town: await keyOf(town.id), village: await keyOf(village.id) };
      expect(before.village.startsWith(before.town)).toBe(true);
      expect(before.village.length).toBeLessThan(20);
      const admin: Actor = { accountId: 'x', username: 'x', displayName: '管理员', role: 'admin', unitId: province.id, unitName: '省', unitPath: province.path };
      await moveUnit(t.db, { actor: admin, requestId: null, ip: null }, town.id, { newParentId: south.id, version: 0 });
      const [inSouth, inNorth] = await t.db.transaction().execute((trx) => intakeMany(trx, ctx, [report(south, variant(r, rand).content), report(north, variant(r, rand).content)]));
      expect(inSouth).toMatchObject({ joined: true, eventId: first.eventId });
      expect(inNorth.joined).toBe(false);
      // The village moved along, one level down: its key (and its events' band rows) now lie under the south county's.
      const after = { south: await keyOf(south.id), town: await keyOf(town.id), village: await keyOf(village.id) };
      expect(after.town).not.toBe(before.town);
      expect(after.village.startsWith(after.town) && after.town.startsWith(after.south)).toBe(true);
      // SQLite: the rows are still in the recent table (not merged): the move rewrote their keys there.
      const bandKeys = (await sql<{ unit_key: string }>`select distinct unit_key from ${allBandRows()} b where event_id = ${bandId(inVillage.eventId, pg)}`.execute(t.db)).rows;
      expect(bandKeys.map((b) => b.unit_key)).toEqual([after.village]);
      const [villageInSouth, villageInNorth] = await t.db.transaction().execute((trx) => intakeMany(trx, ctx, [
        { ...report(south, variant(r2, rand).content), title: r2.title }, { ...report(north, variant(r2, rand).content), title: r2.title },
      ]));
      expect(villageInSouth).toMatchObject({ joined: true, eventId: inVillage.eventId });
      expect(villageInNorth.joined).toBe(false);
    } finally {
      await t.close();
    }
  });
  it('reads the stored candidates of a whole list as the per-report statement read them: counts, ties, subtrees, closed and archived events', async () => {
    // The statement each report ran before the batch lookup (intake.ts before intake5), as the reference.
    const perReport = (db: TestApp['db'], bands: number[], unitKey: string) => sql<{ case_id: string; n: number; event_id: string; content: string }>`
      with candidates as (
        select ${idText('b.case_id')} as case_id, count(*) as n from ${allBandRows()} b inner join case_events e on e.id = ${idText('b.event_id')}
         where b.band in (${sql.join(bands)}) and b.unit_key >= ${unitKey} and b.unit_key < ${subtreeUpperBound(unitKey)} and e.status <> 'closed' and e.archived_at is null
         group by b.case_id order by n desc limit 200)
      select c.id as case_id, candidates.n, c.event_id, c.content from candidates inner join cases c on c.id = candidates.case_id`.execute(db);
    const t = await createTestApp();
    try {
      const county = await makeUnit(t.db, { name: '县' });
      const towns: UnitRef[] = [];
      const villages: UnitRef[] = [];
      for (let i = 0; i < 3; i++) {
        const town = await makeUnit(t.db, { parent: county, name: `镇${i}` });
        towns.push(town);
        for (let v = 0; v < 2; v++) villages.push(await makeUnit(t.db, { parent: town, name: `镇${i}村${v}`, kind: 'village' }));
      }
      const units = [county, ...towns, ...villages];
      const ctx = systemCtx('test');
      const rand = rng(5);
      const texts = Array.from({ length: 8 }, () => original(rand));
      const report = (unit: UnitRef, r: Report): IntakeInput => ({
        unit: { id: unit.id, path: unit.path, name: unit.name }, source: CASE_SOURCES[0], via: 'staff', receivedAt: new Date(Date.UTC(2026, 4, 1)).toISOString(), title: r.title, content: r.content,
      });
      // The very same text in every village: six events (a village's lookup sees its own subtree only), tied for a town's or the county's lookup.
      // Variants of the others at towns and villages, in lists of a few.
      const stored: IntakeInput[] = [...villages.map((v) => report(v, texts[0])), ...villages.map((v) => report(v, texts[1]))];
      for (let i = 0; i < 40; i++) stored.push(report(units[1 + rand(units.length - 1)], rand(2) ? texts[2 + rand(6)] : variant(texts[2 + rand(6)], rand)));
      for (let i = 0; i < stored.length; i += 7) await t.db.transaction().execute((trx) => intakeMany(trx, ctx, stored.slice(i, i + 7)));
      // One event closed and one archived: their rows stay in the index until removed, and neither lookup may return them.
      const events = await t.db.selectFrom('case_events').select('id').orderBy('id').execute();
      expect(events.length).toBeGreaterThan(12);
      await t.db.updateTable('case_events').set({ status: 'closed' }).where('id', '=', events[0].id).execute();
      await t.db.updateTable('case_events').set({ archived_at: new Date().toISOString() }).where('id', '=', events[7].id).execute();

      const keys = await t.db.transaction().execute((trx) => unitKeysOf(trx, units.map((u) => u.path)));
      // Every text and a variant of it, looked up from every unit: a list whose lookups share bands across nested and disjoint subtrees.
      const lookups = units.flatMap((u) => texts.flatMap((r) => [r, variant(r, rand)]).map((r) => ({ unitKey: keys.get(u.path)!, bands: bandNumbers(bandKeys(minhash(profile(r.content).sh))) })));
      const batch = await t.db.transaction().execute((trx) => storedCandidates(trx, lookups));
      if (dialectName !== 'sqlite') {
        // PostgreSQL's intakeMany reads the band rows in parts, several statements in flight at once: a row the ranges of two
        // parts both cover is read twice and must count once. The same candidates, texts and owners as read all at once.
        const parted = await t.db.transaction().execute((trx) => {
          const q = Math.ceil(lookups.length / 4);
          return storedCandidates(trx, lookups, [0, 1, 2, 3].map((k) => bandRowsPg(trx, lookups.slice(k * q, (k + 1) * q))));
        });
        expect(parted.lists).toEqual(batch.lists);
        expect(parted.texts).toEqual(batch.texts);
        expect(parted.ownerKeys).toEqual(batch.ownerKeys);
      }
      let tied = 0;
      let found = 0;
      for (const [i, l] of lookups.entries()) {
        const rows = (await perReport(t.db, l.bands, l.unitKey)).rows;
        const expected = rows.map((r) => ({ caseId: r.case_id, n: Number(r.n) }));
        // PostgreSQL returns equal counts in no set order; SQLite returned them by case id descending, which the batch lookup keeps.
        if (dialectName !== 'sqlite') expected.sort((a, b) => b.n - a.n || (a.caseId > b.caseId ? -1 : 1));
        expect(batch.lists[i]).toEqual(expected);
        for (const r of rows) {
          expect(batch.texts.get(r.case_id)).toEqual({ eventId: r.event_id, content: r.content });
          const owner = await t.db.selectFrom('case_events as e').innerJoin('case_unit_keys as k', 'k.unit_id', 'e.unit_id').select('k.unit_key').where('e.id', '=', r.event_id).executeTakeFirstOrThrow();
          expect(batch.ownerKeys.get(r.event_id)).toBe(owner.unit_key);
        }
        found += rows.length;
        if (expected.some((c, j) => j > 0 && expected[j - 1].n === c.n)) tied++;
      }
      // The data must hold lookups with candidates and with tied counts, or this test proves little.
      expect(found).toBeGreaterThan(lookups.length);
      expect(tied).toBeGreaterThan(10);
      expect(batch.lists.flat().some((c) => c.caseId === undefined)).toBe(false);
      const hidden = new Set((await t.db.selectFrom('cases').select('id').where('event_id', 'in', [events[0].id, events[7].id]).execute()).map((c) => c.id));
      expect(hidden.size).toBeGreaterThan(1);
      expect(batch.lists.flat().some((c) => hidden.has(c.caseId))).toBe(false);
    } finally {
      await t.close();
    }
  });
  it('keeps the same 200 of more equally near candidates as the per-report statement', async () => {
    const t = await createTestApp();
    try {
      const county = await makeUnit(t.db, { name: '县' });
      const village = await makeUnit(t.db, { parent: county, name: '村', kind: 'village' });
      const ctx = systemCtx('test');
      const r = original(rng(3));
      const [first] = await t.db.transaction().execute((trx) => intakeMany(trx, ctx, [{
        unit: { id: village.id, path: village.path, name: village.name }, source: CASE_SOURCES[0], via: 'staff', receivedAt: new Date(Date.UTC(2026, 4, 1)).toISOString(), title: r.title, content: r.content,
      }]));
      // 250 more events holding the very same report, as if each had come to a unit of its own: all tie on every band.
      const event = await t.db.selectFrom('case_events').selectAll().where('id', '=', first.eventId).executeTakeFirstOrThrow();
      const report = await t.db.selectFrom('cases').selectAll().where('id', '=', first.caseId).executeTakeFirstOrThrow();
      const bands = (await sql<{ band: number; unit_key: string; event_id: string; case_id: string }>`select band, unit_key, event_id, case_id from ${allBandRows()} b where case_id = ${bandId(first.caseId, pg)}`.execute(t.db)).rows;
      for (let i = 0; i < 250; i++) {
        const [eventId, caseId] = [newId(), newId()];
        await t.db.insertInto('case_events').values({ ...event, id: eventId }).execute();
        await t.db.insertInto('cases').values({ ...report, id: caseId, event_id: eventId, tracking_code: null }).execute();
        await t.db.insertInto('case_event_bands').values(bands.map((b) => ({ ...b, event_id: bandId(eventId, pg), case_id: bandId(caseId, pg) }))).execute();
      }
      const unitKey = (await t.db.transaction().execute((trx) => unitKeysOf(trx, [county.path]))).get(county.path)!;
      const lookup = { unitKey, bands: bandNumbers(bandKeys(minhash(profile(r.content).sh))) };
      const rows = (await sql<{ case_id: string; n: number }>`
        with candidates as (
          select ${idText('b.case_id')} as case_id, count(*) as n from ${allBandRows()} b inner join case_events e on e.id = ${idText('b.event_id')}
           where b.band in (${sql.join(lookup.bands)}) and b.unit_key >= ${unitKey} and b.unit_key < ${subtreeUpperBound(unitKey)} and e.status <> 'closed' and e.archived_at is null
           group by b.case_id order by n desc limit 200)
        select c.id as case_id, candidates.n from candidates inner join cases c on c.id = candidates.case_id`.execute(t.db)).rows;
      const batch = await t.db.transaction().execute((trx) => storedCandidates(trx, [lookup, lookup]));
      expect(rows).toHaveLength(200);
      expect(batch.lists[0]).toHaveLength(200);
      expect(batch.lists[1]).toEqual(batch.lists[0]);
      const n = new Set(lookup.bands).size;
      expect(batch.lists[0].every((c) => c.n === n)).toBe(true);
      // Which 200 of the 251: SQLite's statement kept the highest case ids, in descending order; PostgreSQL's choice was unspecified.
      if (dialectName === 'sqlite') expect(batch.lists[0]).toEqual(rows.map((x) => ({ caseId: x.case_id, n: Number(x.n) })));
    } finally {
      await t.close();
    }
  });
});
