/**
 * What intake writes for a list, exactly as given: on PostgreSQL a list's rows go as one array a
 * column (`unnest`, db/batch.ts), the lookup's ranges and the joined events too, so every character
 * an array literal treats specially (quotes, backslashes, braces, commas, the word NULL, empty
 * strings, nulls) must come back unchanged. And migration 2026121090: the band rows without their
 * foreign keys on PostgreSQL, put back by its down.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { CASE_SOURCES } from '../../common/cases';
import { down, up } from '../../server/db/migrations/2026121090_case_band_rows_unchecked_pg';
import { bandNumbers, intake, intakeMany, type IntakeInput, termsOf } from '../../server/modules/cases/intake';
import { bandKeys, minhash, profile } from '../../server/text/minhash';
import { idOfBand } from '../../server/modules/cases/band-ids';
import { openText } from '../../server/platform/personal-data';
import { systemCtx } from '../../server/platform/context';
import { verifyAuditChain } from '../../server/platform/audit';
import { original, rng } from '../../bench/case-texts';
import { createTestApp, dialectName, type TestApp } from '../helpers/app';
import { makeUnit, type UnitRef } from '../helpers/factories';
import { allBandRows } from '../helpers/bands';

/** Texts an array literal or a multi-row insert could get wrong. */
const AWKWARD = ['NULL', 'null', '', ' ', '"', '\\', '\\\\"', '{a,b}', '{"x": [1, 2]}', 'a,b', '(1,2)', "it's", '$1', '?', 'tab\there', 'line\nbreak', '😀 表情', '　全角　'];

describe(`intake writes a list's rows as given [${dialectName}]`, () => {
  let t: TestApp;
  let county: UnitRef;
  let town: UnitRef;
  beforeAll(async () => {
    t = await createTestApp();
    county = await makeUnit(t.db, { name: '县"{,}\\' });
    town = await makeUnit(t.db, { parent: county, name: "镇 'NULL'" });
  });
  afterAll(async () => {
    await t.close();
  });

  it('stores every field of every report, event, step and audit row unchanged, whatever its characters', async () => {
    const rand = rng(3);
    const inputs: IntakeInput[] = AWKWARD.map((odd, i) => {
      const r = original(rand);
      return {
        unit: i % 2 ? { id: town.id, path: town.path, name: town.name } : { id: county.id, path: county.path, name: county.name },
        source: CASE_SOURCES[i % CASE_SOURCES.length], via: i % 3 === 0 ? 'public' : 'staff',
        receivedAt: new Date(Date.UTC(2026, 4, 1) + i * 60_000).toISOString(),
        title: `${odd}${r.title}${odd}`, content: `${r.content}${odd}`,
        channel: i === 1 ? null : odd, url: i % 5 === 0 ? null : `https://example.cn/?q=${odd}`, contact: i % 3 === 1 ? null : `联系人${odd}`,
        withTrackingCode: i % 3 === 0,
      };
    });
    // The same text again, in the same list: it joins the first one's event (no band rows of its own: the same text).
    inputs.push({ ...inputs[2], receivedAt: new Date(Date.UTC(2026, 3, 1)).toISOString() });
    const ctx = systemCtx('test');
    const results = await t.db.transaction().execute((trx) => intakeMany(trx, ctx, inputs));
    expect(results.at(-1)!.joined).toBe(true);
    expect(results.at(-1)!.eventId).toBe(results[2].eventId);

    const cases = await t.db.selectFrom('cases').selectAll().execute();
    const byId = new Map(cases.map((c) => [c.id, c]));
    inputs.forEach((input, i) => {
      const c = byId.get(results[i].caseId)!;
      expect({ title: c.title, content: c.content, channel: c.channel, url: c.url, contact: openText(c.contact), source: c.source, via: c.via, receivedAt: c.received_at, unit: c.unit_id, event: c.event_id, tracking: c.tracking_code })
        .toEqual({ title: input.title, content: input.content, channel: input.channel ?? null, url: input.url ?? null, contact: input.contact ?? null, source: input.source, via: input.via, receivedAt: input.receivedAt, unit: input.unit.id, event: results[i].eventId, tracking: results[i].trackingCode });
      expect(c.current_owner_path).toBe(i % 2 ? town.path : county.path);
    });

    const events = await t.db.selectFrom('case_events').selectAll().execute();
    expect(events).toHaveLength(AWKWARD.length);
    for (const e of events) {
      const own = inputs.map((input, i) => ({ input, i })).filter(({ i }) => results[i].eventId === e.id);
      const first = own[0].input;
      expect({ title: e.title, summary: e.summary, owner: e.owner_path, count: e.report_count, version: e.version })
        .toEqual({ title: first.title, summary: first.content, owner: first.unit.path, count: own.length, version: own.length - 1 });
      expect(e.first_received_at).toBe(own.map(({ input }) => input.receivedAt).sort()[0]);
      expect(e.search_terms.split(' ').sort()).toEqual([...new Set(own.flatMap(({ input }) => termsOf(`${input.title}\n${input.content}`)))].sort());
    }

    // The timeline: each step's comment is the report's title, its data names the report.
    const steps = await t.db.selectFrom('case_steps').select(['event_id', 'step', 'comment', 'data', 'actor_unit_name']).execute();
    expect(steps).toHaveLength(inputs.length);
    for (const [i, input] of inputs.entries()) {
      const s = steps.find((x) => JSON.parse(x.data!).caseId === results[i].caseId)!;
      expect({ event: s.event_id, step: s.step, comment: s.comment, unitName: s.actor_unit_name }).toEqual({ event: results[i].eventId, step: i === inputs.length - 1 ? 'join' : 'register', comment: input.title, unitName: input.unit.name });
    }

    // The band rows: each report's distinct bands under its event's owner key, none for the repeated text.
    const rows = (await sql<{ band: number | string; case_id: string | Uint8Array; event_id: string | Uint8Array }>`select band, case_id, event_id from ${allBandRows()} b`.execute(t.db)).rows
      .map((r) => ({ ...r, case_id: idOfBand(r.case_id), event_id: idOfBand(r.event_id) }));
    const expected = inputs.slice(0, -1).flatMap((input, i) => [...new Set(bandNumbers(bandKeys(minhash(profile(input.content).sh))))].map((band) => `${band}|${results[i].caseId}|${results[i].eventId}`)).sort();
    expect(rows.map((r) => `${Number(r.band)}|${r.case_id}|${r.event_id}`).sort()).toEqual(expected);

    // The audit rows, chained, with what each intake said.
    const audits = await t.db.selectFrom('audit_log').select(['entity_id', 'unit_path', 'after_json']).where('action', '=', 'case.intake').orderBy('seq').execute();
    expect(audits.map((a) => [a.entity_id, a.unit_path, JSON.parse(a.after_json!).title])).toEqual(inputs.map((input, i) => [results[i].caseId, input.unit.path, input.title]));
    expect((await verifyAuditChain(t.db)).ok).toBe(true);

    // One at a time groups as the list did: a new report with one of the texts joins that text's event.
    const again = await t.db.transaction().execute((trx) => intake(trx, ctx, { ...inputs[5], receivedAt: new Date(Date.UTC(2026, 5, 1)).toISOString() }));
    expect(again.eventId).toBe(results[5].eventId);
  });

  it('takes the band rows\' foreign keys off on PostgreSQL and puts them back on the way down (SQLite: none since 2026121110)', async () => {
    const keys = async () => dialectName === 'postgres'
      ? (await sql<{ def: string }>`select pg_get_constraintdef(oid) as def from pg_constraint where conrelid = 'case_event_bands'::regclass and contype = 'f' order by 1`.execute(t.db)).rows.map((r) => r.def)
      : (await sql<{ table: string; from: string }>`select "table", "from" from pragma_foreign_key_list('case_event_bands') order by 2`.execute(t.db)).rows.map((r) => `${r.from} -> ${r.table}`);
    const withKeys = dialectName === 'postgres'
      ? ['FOREIGN KEY (case_id) REFERENCES cases(id)', 'FOREIGN KEY (event_id) REFERENCES case_events(id)']
      : ['case_id -> cases', 'event_id -> case_events'];
    // SQLite: this migration does nothing; the band table lost its keys when its ids became bytes (2026121110, its own test).
    const downThere = dialectName === 'postgres' ? withKeys : [];
    expect(await keys()).toEqual([]);
    await down(t.db);
    expect(await keys()).toEqual(downThere);
    await up(t.db);
    expect(await keys()).toEqual([]);
  });
});
