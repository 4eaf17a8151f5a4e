/**
 * 通知/通报 down the tree: sent to the whole subtree or chosen units (never outside it), read
 * receipts per unit (who, when) seen by the sender only, attachments read by receivers and
 * added only by the sender, unread notices reminded.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runReminders } from '../../server/modules/notifications/reminders-job';
import { type Agent, login } from '../helpers/client';
import { createTestApp, dialectName, type TestApp } from '../helpers/app';
import { buildCounty, PASSWORD } from '../helpers/factories';
import { PDF } from '../helpers/access';

describe(`notices [${dialectName}]`, () => {
  let t: TestApp;
  let county: Awaited<ReturnType<typeof buildCounty>>;
  let countyStaff: Agent;
  let aStaff: Agent;
  let aLiaison: Agent;
  let aLeader: Agent;
  let bStaff: Agent;
  let inspector: Agent;

  beforeAll(async () => {
    t = await createTestApp();
    county = await buildCounty(t.db);
    [countyStaff, aStaff, aLiaison, aLeader, bStaff, inspector] = await Promise.all(
      ['county_staff', 'a_staff', 'a_liaison', 'a_leader', 'b_staff', 'a_inspector'].map((u) => login(t.app, u, PASSWORD)),
    );
  });
  afterAll(() => t.close());

  const send = (agent: Agent, patch: object = {}) => agent.post('/api/notices', {
    unitId: county.units.county.id, kind: 'notice', title: '关于做好元旦期间网络安全工作的通知', body: '各乡镇：请于12月31日前完成自查。', to: 'all', ...patch,
  });

  it('sends to every unit below, each unit reads once, and the sender sees who read it and when', async () => {
    const s = await send(countyStaff);
    expect(s.status).toBe(201);
    expect(s.body).toMatchObject({ kindLabel: '通知', unitName: '测试县', receivers: 4, read: 0, received: false });
    expect(s.body.receipts.map((r: { unitName: string }) => r.unitName).sort()).toEqual(['东山镇', '城东村', '城关镇', '山前村'].sort());
    // The township hears of it at once, in the same transaction.
    const bell = (await aLiaison.get('/api/notifications')).body.items.filter((n: { kind: string }) => n.kind === 'notice.received');
    expect(bell).toHaveLength(1);
    expect(bell[0]).toMatchObject({ title: '测试县通知：“关于做好元旦期间网络安全工作的通知”，请查阅', link: `/notices/${s.body.id}` });

    const inbox = await aStaff.get('/api/notices?box=received');
    expect(inbox.body.items).toHaveLength(1);
    expect(inbox.body.items[0]).toMatchObject({ id: s.body.id, myReadAt: null });
    // A receiver sees the notice, not the other units' receipts.
    const seen = await aStaff.get(`/api/notices/${s.body.id}`);
    expect(seen.body).toMatchObject({ received: true, receipts: null, body: '各乡镇：请于12月31日前完成自查。', canAttach: false });
    const read = await aStaff.post(`/api/notices/${s.body.id}/read`, {});
    expect(read.status).toBe(200);
    expect(read.body.myReadAt).toBeTruthy();
    // A colleague reading later does not move the receipt.
    await aLeader.post(`/api/notices/${s.body.id}/read`, {});
    const sender = await countyStaff.get(`/api/notices/${s.body.id}`);
    const a = sender.body.receipts.find((r: { unitName: string }) => r.unitName === '城关镇');
    expect(a).toMatchObject({ readByName: 'a_staff', readAt: read.body.myReadAt });
    expect(sender.body.read).toBe(1);
    expect((await countyStaff.get('/api/notices?box=sent')).body.items[0]).toMatchObject({ id: s.body.id, receivers: 4, read: 1 });
    expect((await aStaff.get('/api/notices?box=received&unread=true')).body.items).toHaveLength(0);
  });

  it('sends to chosen units only, and refuses units outside the subtree, the sender itself, and empty choices', async () => {
    const s = await send(countyStaff, { kind: 'bulletin', title: '第三季度考核结果通报', to: 'chosen', unitIds: [county.units.b.id] });
    expect(s.status).toBe(201);
    expect(s.body).toMatchObject({ kindLabel: '通报', receivers: 1 });
    // 城关镇 was not chosen: it neither lists nor opens it, nor marks it read.
    expect((await aStaff.get('/api/notices?box=received')).body.items.map((n: { id: string }) => n.id)).not.toContain(s.body.id);
    expect((await aStaff.get(`/api/notices/${s.body.id}`)).status).toBe(403);
    expect((await aStaff.post(`/api/notices/${s.body.id}/read`, {})).status).toBe(403);
    expect((await bStaff.get(`/api/notices/${s.body.id}`)).status).toBe(200);

    const outside = await aStaff.post('/api/notices', { unitId: county.units.a.id, kind: 'notice', title: '越界', body: '正文', to: 'chosen', unitIds: [county.units.b1.id] });
    expect(outside.status).toBe(400);
    expect(outside.body).toMatchObject({ field: 'unitIds', message: '“山前村”不是城关镇的下级单位，不能发送' });
    const self = await aStaff.post('/api/notices', { unitId: county.units.a.id, kind: 'notice', title: '自己', body: '正文', to: 'chosen', unitIds: [county.units.a.id] });
    expect(self.body.field).toBe('unitIds');
    const none = await aStaff.post('/api/notices', { unitId: county.units.a.id, kind: 'notice', title: '空', body: '正文', to: 'chosen', unitIds: [] });
    expect(none.body).toMatchObject({ field: 'unitIds', message: '请选择接收单位' });
    // Sending in the name of a unit outside one's subtree is refused.
    expect((await aStaff.post('/api/notices', { unitId: county.units.county.id, kind: 'notice', title: '冒名', body: '正文', to: 'all' })).status).toBe(403);
    const noTitle = await aStaff.post('/api/notices', { unitId: county.units.a.id, kind: 'notice', title: '', body: '正文', to: 'all' });
    expect(noTitle.body).toMatchObject({ code: 'VALIDATION', field: 'title' });
    expect((await inspector.post('/api/notices', { unitId: county.units.a.id, kind: 'notice', title: '督查', body: '正文', to: 'all' })).status).toBe(403);
    // Nothing was written by the refusals.
    expect((await aStaff.get('/api/notices?box=sent')).body.total).toBe(0);
  });

  it('receivers download the attachments; only the sending side adds them', async () => {
    const s = await send(countyStaff, { title: '附件通知' });
    const up = await countyStaff.upload('/api/files', { entity: 'notice', entityId: s.body.id }, { name: '通知原文.pdf', content: PDF });
    expect(up.status).toBe(201);
    const list = await aStaff.get(`/api/files?entity=notice&entityId=${s.body.id}`);
    expect(list.status).toBe(200);
    expect(list.body.items.map((f: { filename: string }) => f.filename)).toEqual(['通知原文.pdf']);
    expect((await aStaff.get(`/api/files/${up.body.id}/download`)).status).toBe(200);
    expect((await aStaff.upload('/api/files', { entity: 'notice', entityId: s.body.id }, { name: '回传.pdf', content: PDF })).status).toBe(403);
  });

  it('reminds a unit that has not read a notice a day later, once', async () => {
    const s = await send(countyStaff, { title: '待阅通知', to: 'chosen', unitIds: [county.units.b.id] });
    await t.db.updateTable('notices').set({ sent_at: new Date(Date.now() - 25 * 3600_000).toISOString() }).where('id', '=', s.body.id).execute();
    await runReminders(t.db);
    await runReminders(t.db);
    const got = (await bStaff.get('/api/notifications')).body.items.filter((n: { link: string }) => n.link === `/notices/${s.body.id}`);
    expect(got.map((n: { title: string }) => n.title).sort()).toEqual(['测试县发来的“待阅通知”尚未阅读', '测试县通知：“待阅通知”，请查阅'].sort());
    // Read: no further reminder for it.
    await bStaff.post(`/api/notices/${s.body.id}/read`, {});
    await t.db.deleteFrom('notifications').where('key', '=', `notice:${s.body.id}:${county.units.b.id}:unread`).execute();
    await runReminders(t.db);
    expect((await bStaff.get('/api/notifications')).body.items.filter((n: { link: string }) => n.link === `/notices/${s.body.id}`)).toHaveLength(1);
  });
});
