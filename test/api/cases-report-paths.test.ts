/**
 * The figures count a subtree's reports of a period by a copy of their event's owner path kept on
 * each report while the event is current (`cases.current_owner_path`, migration
 * 2026120960_case_report_owner_path). Every write that changes what the copy stands for keeps it
 * in its own transaction: a report registered on a new event or joining one, the event archived
 * and restored, the owner unit moved. The received counts follow each step, and every report's
 * copy equals its event's owner path (null while archived) after each.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseFigures } from '../../server/modules/cases/figures';
import { addDays, shanghaiDay } from '../../server/platform/period';
import { createTestApp, dialectName, type TestApp } from '../helpers/app';
import { type Agent, login } from '../helpers/client';
import { buildCounty, makeAccount, PASSWORD } from '../helpers/factories';

describe(`reports' owner path copy [${dialectName}]`, () => {
  let t: TestApp;
  let county: Awaited<ReturnType<typeof buildCounty>>;
  let aStaff: Agent;
  let bStaff: Agent;
  let a1Liaison: Agent;
  let countyAdmin: Agent;

  beforeAll(async () => {
    t = await createTestApp();
    county = await buildCounty(t.db);
    await makeAccount(t.db, { unit: county.units.a1, role: 'liaison', username: 'a1_liaison' });
    [aStaff, bStaff, a1Liaison, countyAdmin] = await Promise.all(['a_staff', 'b_staff', 'a1_liaison', 'county_admin'].map((u) => login(t.app, u, PASSWORD)));
  });
  afterAll(() => t.close());

  const today = shanghaiDay();
  /** Reports received in the unit's subtree from yesterday to tomorrow (Shanghai days), as the figures count them. */
  const received = async (unitId: string) => {
    const unit = await t.db.selectFrom('units').select('path').where('id', '=', unitId).executeTakeFirstOrThrow();
    return (await caseFigures(t.db, { unitPath: unit.path, from: addDays(today, -1), to: addDays(today, 1) })).received;
  };
  const counts = async () => {
    const u = county.units;
    return { county: await received(u.county.id), a: await received(u.a.id), a1: await received(u.a1.id), b: await received(u.b.id) };
  };
  /** Every report's copy against its event: the owner's path while current, null while archived. */
  const copiesHold = async () => {
    const rows = await t.db.selectFrom('cases as c').innerJoin('case_events as e', 'e.id', 'c.event_id').innerJoin('units as u', 'u.id', 'e.unit_id')
      .select(['c.current_owner_path', 'e.archived_at', 'u.path']).execute();
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(r.current_owner_path).toBe(r.archived_at ? null : r.path);
  };
  const register = (agent: Agent, unitId: string, title: string, content: string) =>
    agent.post('/api/cases', { unitId, source: 'hotline', receivedAt: new Date().toISOString(), title, content });

  it('follows intake, archive and restore, and a move of the owner unit', async () => {
    const text = '村口到学校的路灯坏了一个月，晚上学生回家看不清路，请尽快维修路灯。';
    const first = await register(a1Liaison, county.units.a1.id, '路灯不亮', text);
    expect(first.status).toBe(201);
    // The same text again: it joins the event, and its report carries the event's owner path.
    const second = await register(a1Liaison, county.units.a1.id, '路灯还是不亮', text);
    expect(second.status).toBe(201);
    expect(second.body).toMatchObject({ eventId: first.body.eventId, joined: true });
    expect((await register(bStaff, county.units.b.id, '集市占道摆摊', '东山镇集市每逢赶集日占道摆摊，堵塞交通。')).status).toBe(201);
    expect(await counts()).toEqual({ county: 3, a: 2, a1: 2, b: 1 });
    await copiesHold();

    // Archived: its reports leave every count; restored: they are back.
    const id = first.body.eventId;
    const version = async () => (await aStaff.get(`/api/cases/${id}`)).body.version as number;
    expect((await aStaff.post(`/api/cases/${id}/archive`, { version: await version() })).status).toBe(200);
    expect(await counts()).toEqual({ county: 1, a: 0, a1: 0, b: 1 });
    await copiesHold();
    expect((await aStaff.post(`/api/cases/${id}/restore`, { version: await version() })).status).toBe(200);
    expect(await counts()).toEqual({ county: 3, a: 2, a1: 2, b: 1 });
    await copiesHold();

    // The village moves to the other township with its events: their reports count there.
    const moved = await countyAdmin.post(`/api/units/${county.units.a1.id}/move`, { newParentId: county.units.b.id, version: 0 });
    expect(moved.status).toBe(200);
    expect(await counts()).toEqual({ county: 3, a: 0, a1: 2, b: 3 });
    await copiesHold();
  });
});
