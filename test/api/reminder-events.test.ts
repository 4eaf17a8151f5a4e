/**
 * The reminders job announces through emitEvents: reporting's escalating reminders of a missing
 * report and the platform's generic reminders (期限临近, 已逾期, 待办提醒) reach the group robots
 * subscribed to their kind or to the kind of the item they concern, once per robot however
 * often the job runs, and none that did not subscribe; a person who switched an item's kind off
 * gets no generic reminder of that item either — on SQLite and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { periodKeyOf } from '../../common/reporting';
import { runReminders } from '../../server/modules/notifications/reminders-job';
import { runScheduler } from '../../server/modules/reporting/scheduler';
import { addDays, shanghaiDay } from '../../server/platform/period';
import { type Reminder, registerReminderSource } from '../../server/platform/reminders';
import { type Agent, login } from '../helpers/client';
import { createTestApp, dialectName, type TestApp } from '../helpers/app';
import { buildCounty, makeAccount, PASSWORD } from '../helpers/factories';

const today = shanghaiDay();
const prev = periodKeyOf('monthly', addDays(`${today.slice(0, 7)}-01`, -1));
const prev2 = periodKeyOf('monthly', addDays(`${prev}-01`, -1));

describe(`reminders through events [${dialectName}]`, () => {
  let t: TestApp;
  let county: Awaited<ReturnType<typeof buildCounty>>;
  let countyStaff: Agent;
  let aStaff: Agent;
  let extra: Reminder[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    county = await buildCounty(t.db);
    await makeAccount(t.db, { unit: county.units.a1, role: 'liaison', username: 'a1_liaison' });
    await makeAccount(t.db, { unit: county.units.a1, role: 'leader', username: 'a1_leader' });
    countyStaff = await login(t.app, 'county_staff', PASSWORD);
    aStaff = await login(t.app, 'a_staff', PASSWORD);
    const at = new Date().toISOString();
    const robot = (id: string, unitId: string, kinds: string[]) => ({
      id, unit_id: unitId, name: id, provider: 'wecom', webhook_sealed: 'x', webhook_hint: 'x', secret_sealed: null, keyword: null,
      kinds: JSON.stringify(kinds), with_titles: 1, quiet_from: null, quiet_to: null, archived_at: null, version: 0, created_at: at, updated_at: at,
    });
    await t.db.insertInto('robots').values([
      robot('v-remind', county.units.a1.id, ['reporting.remind']),
      robot('v-overdue', county.units.a1.id, ['overdue']),
      robot('v-tasks', county.units.a1.id, ['task.assigned']),
      robot('county-remind', county.units.county.id, ['reporting.remind']),
      robot('a-due', county.units.a.id, ['due_soon']),
      robot('a-swap', county.units.a.id, ['watch.swap']),
    ]).execute();
    registerReminderSource('test-extra', async () => extra);
  });
  afterAll(() => t.close());

  const outbox = async (robotId: string) => (await t.db.selectFrom('robot_outbox').select(['key', 'kind', 'text']).where('robot_id', '=', robotId).orderBy('key').execute());

  it('escalating reminders of a missing report reach robots subscribed to 催报 or 已逾期, once, and not the others', async () => {
    // The county's staff does not want 催报 in the app; its leader does.
    expect((await countyStaff.put('/api/notification-prefs', { off: ['reporting.remind'] })).status).toBe(200);
    const c = await countyStaff.post('/api/reporting/schedules', {
      unitId: county.units.county.id, name: '村(社区)网络意识形态工作月报', formId: 'builtin-monthly', targetMode: 'kinds', targetKinds: ['village'],
      cycle: 'monthly', startsOn: `${prev2}-01`, dueMode: 'working_days', dueN: 5,
    });
    expect(c.status).toBe(201);
    await runScheduler(t.db, today);
    const s = await t.db.selectFrom('report_submissions').select('id').where('schedule_id', '=', c.body.id).where('unit_id', '=', county.units.a1.id).where('period_key', '=', prev2).executeTakeFirstOrThrow();

    const first = await runReminders(t.db);
    expect(first.failed).toEqual([]);
    expect(first.created).toBeGreaterThan(0);
    const steps = [`reporting:${s.id}:missing:leader`, `reporting:${s.id}:missing:reporters`];
    for (const id of ['v-remind', 'v-overdue']) {
      const rows = (await outbox(id)).filter((r) => (r.key ?? '').startsWith(`reporting:${s.id}:`));
      expect(rows.map((r) => r.key)).toEqual(steps);
      expect(rows.every((r) => r.kind === 'overdue')).toBe(true);
      // The group sees the kind, the village and what is missing (a form's name and period: no one's words).
      expect(rows[0].text).toContain(`已逾期：城东村 “村(社区)网络意识形态工作月报(`);
    }
    expect(await outbox('v-tasks')).toEqual([]);
    // Five working days on, the county: its robot, and its leader in the app; not its staff, who switched 催报 off.
    expect((await outbox('county-remind')).map((r) => r.key)).toContain(`reporting:${s.id}:missing:superior`);
    const superior = await t.db.selectFrom('notifications').select('account_id').where('key', '=', `reporting:${s.id}:missing:superior`).execute();
    expect(superior.map((n) => n.account_id)).toEqual([county.accounts.countyLeader.id]);

    // However often the job runs: nothing twice, in the app or in a group.
    const counts = async () => Promise.all(['v-remind', 'v-overdue', 'county-remind'].map(async (id) => (await outbox(id)).length));
    const before = await counts();
    const second = await runReminders(t.db);
    expect(second.created).toBe(0);
    await runReminders(t.db);
    expect(await counts()).toEqual(before);
  });

  it('generic reminders reach robots subscribed to their kind once; a switched-off item kind silences its 待办提醒', async () => {
    const dueAt = new Date(Date.now() + 2 * 86_400_000).toISOString();
    expect((await aStaff.put('/api/notification-prefs', { off: ['watch.swap'] })).status).toBe(200);
    extra = [
      { key: 'test:deadline:1', kind: 'due_soon', unitId: county.units.a.id, roles: ['staff'], title: '任务“宣传周”将于后天到期', link: '/tasks/x', dueAt },
      // A 待办提醒 about a swap waiting for approval, the same item a watch.swap event announced.
      { key: 'test:swap:1', kind: 'notice', about: 'watch.swap', unitId: county.units.a.id, roles: ['staff', 'leader'], title: '有一条换班申请待审批', link: '/watch/swaps', dueAt, subject: '12月9日换班申请' },
    ];
    await runReminders(t.db);
    await runReminders(t.db);
    const due = await outbox('a-due');
    expect(due.map((r) => r.key)).toEqual(['test:deadline:1']);
    // No subject given: the group sees the kind and the unit, not the title.
    expect(due[0].text).toMatch(/^【网信工作台】期限临近：城关镇\n/);
    expect((await outbox('a-swap')).map((r) => [r.key, r.kind])).toEqual([['test:swap:1', 'notice']]);
    const told = await t.db.selectFrom('notifications').select(['account_id', 'key']).where('key', 'in', ['test:deadline:1', 'test:swap:1']).execute();
    expect(told.filter((n) => n.key === 'test:swap:1').map((n) => n.account_id)).toEqual([county.accounts.leader.id]);
    expect(told.filter((n) => n.key === 'test:deadline:1').map((n) => n.account_id)).toEqual([county.accounts.staff.id]);
    // Later runs: still nothing of that swap for the staff who switched watch.swap off.
    await runReminders(t.db);
    expect((await t.db.selectFrom('notifications').select('account_id').where('key', '=', 'test:swap:1').execute())).toHaveLength(1);
  });
});
