import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NotificationView } from '../../common/notifications';
import { openDb } from '../../server/db';
import { runReminders } from '../../server/modules/notifications/reminders-job';
import { WorkCalendar } from '../../server/platform/calendar';
import { type Reminder, type ReminderContext, registerReminderSource } from '../../server/platform/reminders';
import { type Agent, login } from '../helpers/client';
import { createTestApp, dialectName, type TestApp } from '../helpers/app';
import { buildCounty, makeAccount, PASSWORD } from '../helpers/factories';

describe(`reminders job and in-app notifications [${dialectName}]`, () => {
  let t: TestApp;
  let county: Awaited<ReturnType<typeof buildCounty>>;
  let disabledStaff: Awaited<ReturnType<typeof makeAccount>>;
  let aStaff: Agent;
  let aLeader: Agent;
  let bStaff: Agent;
  let root: Agent;
  /** What the test source returns on the next run; what it was called with. */
  let pending: Reminder[] = [];
  const calls: ReminderContext[] = [];
  const NOW = new Date('2026-09-28T01:00:00Z');

  beforeAll(async () => {
    t = await createTestApp();
    county = await buildCounty(t.db);
    disabledStaff = await makeAccount(t.db, { unit: county.units.a, role: 'staff', username: 'a_staff_gone', disabled: true });
    registerReminderSource('test-deadlines', async (ctx) => {
      calls.push(ctx);
      return pending;
    });
    aStaff = await login(t.app, 'a_staff', PASSWORD);
    aLeader = await login(t.app, 'a_leader', PASSWORD);
    bStaff = await login(t.app, 'b_staff', PASSWORD);
    root = await login(t.app, 'county_admin', PASSWORD);
  });
  afterAll(() => t.close());

  const rows = () => t.db.selectFrom('notifications').selectAll().orderBy('key').orderBy('account_id').execute();

  it('resolves each reminder to the right accounts and writes it once, however often the job runs', async () => {
    const a = county.units.a;
    pending = [
      {
        key: 'test:task-1:due_soon', kind: 'due_soon', unitId: a.id, roles: ['staff', 'leader'],
        accountIds: [county.accounts.countyInspector.id, disabledStaff.id],
        title: '任务“网络安全宣传周”将于 10月9日 到期', link: '/tasks/task-1', dueAt: '2026-10-09T15:59:59.999Z',
      },
      { key: 'test:task-2:overdue', kind: 'overdue', unitId: county.units.b.id, roles: ['staff'], title: '任务“舆情研判会”已逾期', link: '/tasks/task-2', dueAt: '2026-09-20T15:59:59.999Z' },
      // No roles and no accounts: nobody.
      { key: 'test:task-3:due_soon', kind: 'due_soon', unitId: a.id, title: '无人接收', link: '/tasks/task-3', dueAt: '2026-10-01T00:00:00Z' },
    ];
    const first = await runReminders(t.db, NOW);
    expect(first.created).toBe(4);
    expect(first.failed).toEqual([]);
    const second = await runReminders(t.db, NOW);
    expect(second.created).toBe(0);
    // Two servers at the same moment, each with its own connection pool.
    const other = openDb({ databaseUrl: t.config.databaseUrl, dataDir: t.dataDir });
    try {
      const both = await Promise.all([runReminders(t.db, NOW), runReminders(other.db, NOW), runReminders(t.db, NOW)]);
      expect(both.map((r) => r.created)).toEqual([0, 0, 0]);
    } finally {
      await other.close();
    }

    const all = await rows();
    const expected = [
      [county.accounts.leader.id, 'test:task-1:due_soon'],
      [county.accounts.staff.id, 'test:task-1:due_soon'],
      [county.accounts.countyInspector.id, 'test:task-1:due_soon'],
      [county.accounts.bStaff.id, 'test:task-2:overdue'],
    ];
    expect(all.map((r) => [r.account_id, r.key]).sort()).toEqual(expected.sort());
    // Not the disabled account, not the township's liaison, admin or inspector.
    expect(all.some((r) => r.account_id === disabledStaff.id)).toBe(false);
    expect(all.some((r) => r.account_id === county.accounts.liaison.id)).toBe(false);
    const staffRow = all.find((r) => r.account_id === county.accounts.staff.id)!;
    expect(staffRow).toMatchObject({ kind: 'due_soon', title: '任务“网络安全宣传周”将于 10月9日 到期', link: '/tasks/task-1', due_at: '2026-10-09T15:59:59.999Z', read_at: null });
  });

  it('passes the source the calendar, the clock and the days-before setting', async () => {
    const ctx = calls[calls.length - 1];
    expect(ctx.now).toEqual(NOW);
    expect(ctx.daysBefore).toBe(3);
    expect(ctx.calendar).toBeInstanceOf(WorkCalendar);
    expect(ctx.calendar.isWorkday('2026-10-01')).toBe(false);
    expect(ctx.calendar.isWorkday('2026-10-10')).toBe(true);
    // A local override reaches the sources on the next run.
    expect((await root.put('/api/calendar/days/2026-10-09', { workday: false, note: '测试' })).status).toBe(200);
    const changed = await root.put('/api/reminder-settings', { daysBefore: 5 });
    expect(changed.status).toBe(200);
    await runReminders(t.db, NOW);
    const next = calls[calls.length - 1];
    expect(next.daysBefore).toBe(5);
    expect(next.calendar.isWorkday('2026-10-09')).toBe(false);
  });

  it('runs as the scheduled job "reminders" and records its run', async () => {
    pending = [{ key: 'test:task-4:due_soon', kind: 'due_soon', unitId: county.units.a.id, roles: ['staff'], title: '任务四', link: '/tasks/task-4', dueAt: '2026-10-02T00:00:00Z' }];
    expect(t.scheduler.names).toContain('reminders');
    await t.scheduler.tick();
    const job = await t.db.selectFrom('jobs').selectAll().where('name', '=', 'reminders').executeTakeFirstOrThrow();
    expect(job.last_status).toBe('ok');
    const got = await t.db.selectFrom('notifications').select('account_id').where('key', '=', 'test:task-4:due_soon').execute();
    expect(got.map((r) => r.account_id)).toEqual([county.accounts.staff.id]);
  });

  it('lists only the caller’s own notifications, with the unread count', async () => {
    const mine = await aStaff.get('/api/notifications');
    expect(mine.status).toBe(200);
    expect(mine.body.items.map((n: NotificationView) => n.title).sort()).toEqual(['任务“网络安全宣传周”将于 10月9日 到期', '任务四'].sort());
    expect(mine.body).toMatchObject({ total: 2, unread: 2, page: 1 });
    expect(mine.body.items[0]).toMatchObject({ kindLabel: '即将到期', readAt: null });
    const b = await bStaff.get('/api/notifications');
    expect(b.body.items).toHaveLength(1);
    expect(b.body.items[0]).toMatchObject({ title: '任务“舆情研判会”已逾期', kind: 'overdue', kindLabel: '已逾期' });
    // The township admin sees nothing of its staff's notifications.
    const admin = await login(t.app, 'a_admin', PASSWORD);
    expect((await admin.get('/api/notifications')).body).toMatchObject({ items: [], total: 0, unread: 0 });
    expect((await aStaff.get('/api/notifications/unread-count')).body).toEqual({ count: 2 });
  });

  it('marks one read; refuses another user’s notification id', async () => {
    const list = (await aStaff.get('/api/notifications')).body.items as NotificationView[];
    const target = list.find((n) => n.title === '任务四')!;
    const r = await aStaff.post(`/api/notifications/${target.id}/read`);
    expect(r.status).toBe(200);
    expect(r.body.readAt).toEqual(expect.any(String));
    expect((await aStaff.get('/api/notifications/unread-count')).body.count).toBe(1);
    const unread = await aStaff.get('/api/notifications?unread=true');
    expect(unread.body.items.map((n: NotificationView) => n.id)).not.toContain(target.id);
    expect(unread.body.total).toBe(1);
    const read = await aStaff.get('/api/notifications?unread=false');
    expect(read.body.items.map((n: NotificationView) => n.id)).toEqual([target.id]);
    // Reading it again changes nothing.
    const again = await aStaff.post(`/api/notifications/${target.id}/read`);
    expect(again.body.readAt).toBe(r.body.readAt);

    // A colleague in the same unit, a superior and a sibling township cannot touch it.
    const other = list.find((n) => n.title !== '任务四')!;
    for (const agent of [aLeader, root, bStaff]) {
      const x = await agent.post(`/api/notifications/${other.id}/read`);
      expect(x.status).toBe(404);
      expect(x.body.code).toBe('NOT_FOUND');
    }
    const row = await t.db.selectFrom('notifications').select('read_at').where('id', '=', other.id).executeTakeFirstOrThrow();
    expect(row.read_at).toBeNull();
    expect((await aStaff.post('/api/notifications/no-such-id/read')).status).toBe(404);
  });

  it('marks all of the caller’s notifications read and nobody else’s', async () => {
    const r = await aLeader.post('/api/notifications/read-all');
    expect(r.status).toBe(200);
    expect(r.body.updated).toBe(1);
    expect((await aLeader.get('/api/notifications/unread-count')).body.count).toBe(0);
    expect((await aStaff.get('/api/notifications/unread-count')).body.count).toBe(1);
    expect((await bStaff.get('/api/notifications/unread-count')).body.count).toBe(1);
  });

  it('sends a new reminder key again, but never one already sent, even after it was read', async () => {
    pending = [
      { key: 'test:task-1:due_soon', kind: 'due_soon', unitId: county.units.a.id, roles: ['leader'], title: '重复', link: '/tasks/task-1', dueAt: '2026-10-09T00:00:00Z' },
      { key: 'test:task-1:overdue', kind: 'overdue', unitId: county.units.a.id, roles: ['leader'], title: '任务“网络安全宣传周”已逾期', link: '/tasks/task-1', dueAt: '2026-10-09T00:00:00Z' },
    ];
    const run = await runReminders(t.db, NOW);
    expect(run.created).toBe(1);
    const leader = (await aLeader.get('/api/notifications')).body;
    expect(leader.items.map((n: NotificationView) => n.title)).toEqual(expect.arrayContaining(['任务“网络安全宣传周”已逾期']));
    expect(leader.items.filter((n: NotificationView) => n.title === '重复')).toHaveLength(0);
    expect(leader.unread).toBe(1);
  });

  it('pages the list on the server', async () => {
    pending = Array.from({ length: 25 }, (_, i) => ({
      key: `test:bulk-${String(i).padStart(2, '0')}`, kind: 'due_soon' as const, unitId: county.units.b.id, roles: ['staff' as const],
      title: `批量提醒 ${i}`, link: `/tasks/bulk-${i}`, dueAt: '2026-10-30T00:00:00Z',
    }));
    expect((await runReminders(t.db, NOW)).created).toBe(25);
    const p1 = await bStaff.get('/api/notifications?page=1&pageSize=10');
    const p3 = await bStaff.get('/api/notifications?page=3&pageSize=10');
    expect(p1.body.items).toHaveLength(10);
    expect(p1.body.total).toBe(26);
    expect(p3.body.items).toHaveLength(6);
    const ids = new Set([...p1.body.items, ...p3.body.items].map((n: NotificationView) => n.id));
    expect(ids.size).toBe(16);
    const bad = await bStaff.get('/api/notifications?unread=yes');
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe('unread');
  });

  it('keeps only in-app paths as links', async () => {
    pending = [{ key: 'test:link', kind: 'notice' as Reminder['kind'], unitId: county.units.b.id, roles: ['staff'], title: '外链', link: 'https://example.com/x', dueAt: '2026-10-30T00:00:00Z' }];
    await runReminders(t.db, NOW);
    const row = await t.db.selectFrom('notifications').selectAll().where('key', '=', 'test:link').executeTakeFirstOrThrow();
    expect(row.link).toBeNull();
  });

  it('still processes the other sources when one fails, and reports the failure', async () => {
    registerReminderSource('test-broken', async () => {
      throw new Error('数据库超时');
    });
    pending = [{ key: 'test:after-failure', kind: 'due_soon', unitId: county.units.b.id, roles: ['staff'], title: '来源出错后仍送达', link: '/tasks/x', dueAt: '2026-10-30T00:00:00Z' }];
    await expect(runReminders(t.db, NOW)).rejects.toThrow(/test-broken：数据库超时/);
    expect(await t.db.selectFrom('notifications').select('id').where('key', '=', 'test:after-failure').execute()).toHaveLength(1);
    registerReminderSource('test-broken', async () => []);
  });

  it('reminder setting: default 3, changed only by a top-level admin, audited, validated', async () => {
    expect((await aStaff.get('/api/reminder-settings')).body).toEqual({ daysBefore: 5, canManage: false });
    expect((await root.get('/api/reminder-settings')).body).toEqual({ daysBefore: 5, canManage: true });
    const township = await login(t.app, 'a_admin', PASSWORD);
    const refused = await township.put('/api/reminder-settings', { daysBefore: 1 });
    expect(refused.status).toBe(403);
    expect(refused.body.message).toContain('最上级单位');
    expect((await aStaff.put('/api/reminder-settings', { daysBefore: 1 })).status).toBe(403);
    for (const bad of [99, -1, 2.5, '三']) {
      const r = await root.put('/api/reminder-settings', { daysBefore: bad });
      expect(r.status, String(bad)).toBe(400);
      expect(r.body.field).toBe('daysBefore');
      expect(r.body.message).toContain('提前提醒天数');
    }
    const ok = await root.put('/api/reminder-settings', { daysBefore: 7 });
    expect(ok.body.daysBefore).toBe(7);
    const audit = await t.db.selectFrom('audit_log').selectAll().where('entity', '=', 'setting').orderBy('seq').execute();
    expect(audit.map((a) => [JSON.parse(a.before_json!).daysBefore, JSON.parse(a.after_json!).daysBefore])).toEqual([[3, 5], [5, 7]]);
    expect(audit.every((a) => a.actor_id === county.accounts.countyAdmin.id)).toBe(true);
  });
});
