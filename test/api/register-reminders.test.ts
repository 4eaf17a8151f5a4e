/**
 * Reminders the registers were missing, through each module's `reminders` source and the job:
 * an emergency plan with no drill this year, a unit behind on its annual targets at a quarter's
 * end, an agreement not signed a month after issue. Each is told once, and not when its
 * condition is not met.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { monthBefore } from '../../server/modules/duty/reminders';
import { lastEndedQuarter } from '../../server/modules/ledger/reminders';
import { runReminders } from '../../server/modules/notifications/reminders-job';
import { newId, nowIso } from '../../server/platform/ids';
import { createTestApp, dialectName, type TestApp } from '../helpers/app';
import { buildCounty } from '../helpers/factories';

/** Noon in Shanghai on a day. */
const at = (day: string) => new Date(`${day}T04:00:00Z`);

describe(`register reminders [${dialectName}]`, () => {
  let t: TestApp;
  let county: Awaited<ReturnType<typeof buildCounty>>;
  const stamp = () => ({ version: 0, created_at: nowIso(), updated_at: nowIso() });

  /** Titles told to an account, by key prefix. */
  async function told(username: string, prefix: string): Promise<string[]> {
    const rows = await t.db.selectFrom('notifications as n').innerJoin('accounts as a', 'a.id', 'n.account_id').select(['n.title'])
      .where('a.username', '=', username).where('n.key', 'like', `${prefix}%`).orderBy('n.title').execute();
    return rows.map((r) => r.title);
  }

  async function plan(unitId: string, title: string, status = 'current') {
    const id = newId();
    await t.db.insertInto('emergency_plans').values({ id, unit_id: unitId, title, version_label: '2026版', effective_day: '2026-01-01', status, note: null, archived_at: null, rule_id: null, ...stamp() }).execute();
    return id;
  }
  async function entry(unitId: string, type: string, day: string, planId: string | null = null) {
    await t.db.insertInto('ledger_entries').values({
      id: newId(), unit_id: unitId, type, day, topic: `${type} ${day}`, on_topic: 1, others_count: 0, host_person_id: null, summary: null, minutes: null, plan_id: planId,
      created_by_name: '测试', archived_at: null, reported_separately: null, audience_count: null, materials_count: null, ...stamp(),
    }).execute();
  }

  beforeAll(async () => {
    t = await createTestApp();
    county = await buildCounty(t.db);
  });
  afterAll(() => t.close());

  it('works out a month before and the last ended quarter', () => {
    expect([monthBefore('2026-10-01'), monthBefore('2026-03-31'), monthBefore('2026-01-15'), monthBefore('2024-03-30')]).toEqual(['2026-09-01', '2026-02-28', '2025-12-15', '2024-02-29']);
    expect(lastEndedQuarter('2026-10-08')).toEqual({ year: 2026, q: 3, lastDay: '2026-09-30' });
    expect(lastEndedQuarter('2026-09-30')).toEqual({ year: 2026, q: 3, lastDay: '2026-09-30' });
    expect(lastEndedQuarter('2026-02-01')).toEqual({ year: 2025, q: 4, lastDay: '2025-12-31' });
  });

  it('tells a unit once of a current emergency plan with no drill this year, from July', async () => {
    const drilled = await plan(county.units.a.id, '网络安全事件应急预案');
    const idle = await plan(county.units.a.id, '网络舆情应急处置预案');
    await plan(county.units.a.id, '已废止的旧预案', 'repealed');
    await entry(county.units.a.id, 'drill', '2026-03-10', drilled);
    await entry(county.units.a.id, 'drill', '2025-11-10', idle); // last year's drill does not count
    await runReminders(t.db, at('2026-06-30'));
    expect(await told('a_staff', 'plan-drill:')).toEqual([]);
    await runReminders(t.db, at('2026-07-01'));
    expect(await told('a_staff', 'plan-drill:')).toEqual(['应急预案《网络舆情应急处置预案》今年尚未组织演练']);
    expect(await told('a_leader', 'plan-drill:')).toEqual(['应急预案《网络舆情应急处置预案》今年尚未组织演练']);
    expect(await told('a_liaison', 'plan-drill:')).toEqual([]);
    expect(await told('county_staff', 'plan-drill:')).toEqual([]);
    await runReminders(t.db, at('2026-08-01'));
    expect(await told('a_staff', 'plan-drill:')).toHaveLength(1);
    const link = await t.db.selectFrom('notifications').select('link').where('key', 'like', 'plan-drill:%').executeTakeFirstOrThrow();
    expect(link.link).toBe(`/plans?planId=${idle}`);
  });

  it('tells a unit once when it is behind its annual targets at the end of a quarter, and not a unit on track', async () => {
    // A set no targets: nothing to judge.
    const before = await runReminders(t.db, at('2026-10-08'));
    expect(await told('a_staff', 'targets-behind:')).toEqual([]);
    expect(before.failed).toEqual([]);
    const now = nowIso();
    for (const u of [county.units.a, county.units.b]) {
      await t.db.insertInto('annual_targets').values({ id: newId(), unit_id: u.id, year: 2026, scope: 'self', type: 'special_meeting', min_total: 4, min_on_topic: 0, min_per_quarter: 1, updated_at: now }).execute();
    }
    // 城关镇 held none in the third quarter; 东山镇 one each quarter.
    await entry(county.units.a.id, 'special_meeting', '2026-02-10');
    await entry(county.units.a.id, 'special_meeting', '2026-05-10');
    await entry(county.units.a.id, 'special_meeting', '2026-10-02'); // after the quarter: it does not change the third quarter
    for (const d of ['2026-02-11', '2026-05-11', '2026-08-11']) await entry(county.units.b.id, 'special_meeting', d);
    await runReminders(t.db, at('2026-10-08'));
    expect(await told('a_staff', 'targets-behind:')).toEqual(['2026年第三季度末，专题研究会议未达年度目标进度：第三季度专题研究会议 0 次，少于每季度 1 次']);
    expect(await told('b_staff', 'targets-behind:')).toEqual([]);
    // Later runs in the same quarter tell nothing new.
    expect((await runReminders(t.db, at('2026-11-20'))).failed).toEqual([]);
    expect(await told('a_staff', 'targets-behind:')).toHaveLength(1);
    const n = await t.db.selectFrom('notifications').select('link').where('key', 'like', 'targets-behind:%').executeTakeFirstOrThrow();
    expect(n.link).toBe(`/targets?unitId=${county.units.a.id}&year=2026`);
  });

  it('tells the issuer and the unit once when an agreement is not signed a month after issue, and nothing for a signed one', async () => {
    const issue = async (title: string, day: string, signers: { unit?: string; person?: string; signed?: string }[]) => {
      const id = newId();
      await t.db.insertInto('agreements').values({ id, unit_id: county.units.county.id, title, year: 2026, issued_day: day, note: null, archived_at: null, ...stamp() }).execute();
      for (const s of signers) {
        await t.db.insertInto('agreement_signatories').values({ id: newId(), agreement_id: id, unit_id: s.unit ?? null, person_id: s.person ?? null, signed_day: s.signed ?? null, signed_by_name: s.signed ? '测试' : null, version: 0, created_at: nowIso() }).execute();
      }
    };
    await issue('2026年网络意识形态工作责任书', '2026-09-01', [{ unit: county.units.a.id }, { unit: county.units.b.id, signed: '2026-09-05' }, { person: county.people.a.id }]);
    await issue('2026年网络安全责任书', '2026-09-01', [{ unit: county.units.b.id, signed: '2026-09-03' }]);
    await runReminders(t.db, at('2026-09-30'));
    expect(await told('county_staff', 'agreement')).toEqual([]);
    await runReminders(t.db, at('2026-10-01'));
    expect(await told('county_staff', 'agreement')).toEqual(['责任书《2026年网络意识形态工作责任书》印发已满一个月，尚有2方未签订：城关镇、镇李']);
    expect(await told('county_leader', 'agreement')).toHaveLength(1);
    expect(await told('a_staff', 'agreement')).toEqual(['责任书《2026年网络意识形态工作责任书》印发已满一个月，本单位尚未签订']);
    expect(await told('b_staff', 'agreement')).toEqual([]);
    await runReminders(t.db, at('2026-10-15'));
    expect(await told('county_staff', 'agreement')).toHaveLength(1);
    expect(await told('a_staff', 'agreement')).toHaveLength(1);
  });
});
