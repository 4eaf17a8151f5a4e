/**
 * Access-walk samples for 值班值守: each unit gets its own period name, a watch period, a roster
 * of one future 24-hour shift and a swap made on the owner's authority. A superior's watch period
 * is in force below it, so reading it from below is allowed (those samples skip an ancestor).
 */
import type { AccessModule, Target } from '../../helpers/access';

const isAncestor = (t: Target, own: Target) => own.unit.path.startsWith(t.unit.path);

const watch: AccessModule = {
  async setup(admin, unit, personId) {
    const name = await admin.post('/api/watch/names', { unitId: unit.id, name: `走查${unit.name}` });
    if (name.status !== 201) throw new Error(`watch name setup failed: ${JSON.stringify(name.body)}`);
    const period = await admin.post('/api/watch/periods', { unitId: unit.id, name: '国庆', startsOn: '2030-10-01', endsOn: '2030-10-03' });
    if (period.status !== 201) throw new Error(`watch period setup failed: ${JSON.stringify(period.body)}`);
    const roster = await admin.post('/api/watch/rosters', { unitId: unit.id, startsOn: '2030-03-01', endsOn: '2030-03-01', shiftMode: 'full' });
    if (roster.status !== 201) throw new Error(`roster setup failed: ${JSON.stringify(roster.body)}`);
    const shiftId = roster.body.shifts[0].id;
    const swap = await admin.post(`/api/watch/shifts/${shiftId}/swaps`, { position: 'staff', toPersonId: personId });
    if (swap.status !== 201) throw new Error(`swap setup failed: ${JSON.stringify(swap.body)}`);
    return { watchNameId: name.body.id, watchPeriodId: period.body.id, rosterId: roster.body.id, shiftId, swapId: swap.body.id };
  },
  samples: {
    'GET /api/watch/names': (t) => [{ method: 'GET', url: `/api/watch/names?unitId=${t.unit.id}` }],
    'POST /api/watch/names': (t) => [{ method: 'POST', url: '/api/watch/names', body: { unitId: t.unit.id, name: '越权名称' } }],
    'POST /api/watch/names/:id/archive': (t) => [{ method: 'POST', url: `/api/watch/names/${t.records.watchNameId}/archive`, body: { version: 0 } }],
    'POST /api/watch/names/:id/restore': (t) => [{ method: 'POST', url: `/api/watch/names/${t.records.watchNameId}/restore`, body: { version: 0 } }],
    'GET /api/watch/periods': (t) => [{ method: 'GET', url: `/api/watch/periods?unitId=${t.unit.id}` }],
    'GET /api/watch/periods/:id': (t, own) => (isAncestor(t, own) ? [] : [{ method: 'GET', url: `/api/watch/periods/${t.records.watchPeriodId}` }]),
    'GET /api/watch/periods/:id/coverage': (t, own) => (isAncestor(t, own) ? [] : [{ method: 'GET', url: `/api/watch/periods/${t.records.watchPeriodId}/coverage` }]),
    'GET /api/watch/periods/:id/history': (t, own) => (isAncestor(t, own) ? [] : [{ method: 'GET', url: `/api/watch/periods/${t.records.watchPeriodId}/history` }]),
    'POST /api/watch/periods': (t) => [{ method: 'POST', url: '/api/watch/periods', body: { unitId: t.unit.id, name: '春节', startsOn: '2030-02-01', endsOn: '2030-02-03' } }],
    'PUT /api/watch/periods/:id': (t) => [{ method: 'PUT', url: `/api/watch/periods/${t.records.watchPeriodId}`, body: { name: '国庆', startsOn: '2030-10-01', endsOn: '2030-10-04', version: 0 } }],
    'POST /api/watch/periods/:id/archive': (t) => [{ method: 'POST', url: `/api/watch/periods/${t.records.watchPeriodId}/archive`, body: { version: 0 } }],
    'POST /api/watch/periods/:id/restore': (t) => [{ method: 'POST', url: `/api/watch/periods/${t.records.watchPeriodId}/restore`, body: { version: 0 } }],
    'GET /api/watch/rosters': (t) => [{ method: 'GET', url: `/api/watch/rosters?unitId=${t.unit.id}` }],
    'GET /api/watch/rosters/export': (t) => [{ method: 'GET', url: `/api/watch/rosters/export?unitId=${t.unit.id}` }],
    'GET /api/watch/rosters/:id': (t) => [{ method: 'GET', url: `/api/watch/rosters/${t.records.rosterId}` }],
    'GET /api/watch/rosters/:id/history': (t) => [{ method: 'GET', url: `/api/watch/rosters/${t.records.rosterId}/history` }],
    'POST /api/watch/rosters': (t) => [{ method: 'POST', url: '/api/watch/rosters', body: { unitId: t.unit.id, startsOn: '2030-04-01', endsOn: '2030-04-02', shiftMode: 'full' } }],
    'PUT /api/watch/rosters/:id': (t) => [{ method: 'PUT', url: `/api/watch/rosters/${t.records.rosterId}`, body: { title: '越权', version: 0 } }],
    'POST /api/watch/rosters/:id/archive': (t) => [{ method: 'POST', url: `/api/watch/rosters/${t.records.rosterId}/archive`, body: { version: 0 } }],
    'POST /api/watch/rosters/:id/restore': (t) => [{ method: 'POST', url: `/api/watch/rosters/${t.records.rosterId}/restore`, body: { version: 0 } }],
    'GET /api/watch/shifts/:id': (t) => [{ method: 'GET', url: `/api/watch/shifts/${t.records.shiftId}` }],
    'PUT /api/watch/shifts/:id': (t) => [{ method: 'PUT', url: `/api/watch/shifts/${t.records.shiftId}`, body: { leaderPersonId: null, staffPersonId: null, version: 1 } }],
    'POST /api/watch/shifts/:id/swaps': (t) => [{ method: 'POST', url: `/api/watch/shifts/${t.records.shiftId}/swaps`, body: { position: 'leader', toPersonId: t.personId } }],
    'GET /api/watch/swaps': (t) => [{ method: 'GET', url: `/api/watch/swaps?unitId=${t.unit.id}` }],
    'POST /api/watch/swaps/:id/approve': (t) => [{ method: 'POST', url: `/api/watch/swaps/${t.records.swapId}/approve`, body: { version: 0 } }],
    'POST /api/watch/swaps/:id/reject': (t) => [{ method: 'POST', url: `/api/watch/swaps/${t.records.swapId}/reject`, body: { version: 0 } }],
    'POST /api/watch/shifts/:id/exchanges': (t) => [{ method: 'POST', url: `/api/watch/shifts/${t.records.shiftId}/exchanges`, body: { position: 'staff', otherShiftId: t.records.shiftId } }],
    'POST /api/watch/swaps/:id/accept': (t) => [{ method: 'POST', url: `/api/watch/swaps/${t.records.swapId}/accept`, body: { version: 1 } }],
    'POST /api/watch/swaps/:id/decline': (t) => [{ method: 'POST', url: `/api/watch/swaps/${t.records.swapId}/decline`, body: { version: 1 } }],
    'POST /api/watch/shifts/:id/open': (t) => [{ method: 'POST', url: `/api/watch/shifts/${t.records.shiftId}/open`, body: {} }],
    'POST /api/watch/shifts/:id/log': (t) => [{ method: 'POST', url: `/api/watch/shifts/${t.records.shiftId}/log`, body: { matter: '越权' } }],
    'POST /api/watch/shifts/:id/handover': (t) => [{ method: 'POST', url: `/api/watch/shifts/${t.records.shiftId}/handover`, body: { note: '越权', version: 1 } }],
    'GET /api/watch/log': (t) => [{ method: 'GET', url: `/api/watch/log?unitId=${t.unit.id}` }],
    'GET /api/watch/log/export': (t) => [{ method: 'GET', url: `/api/watch/log/export?unitId=${t.unit.id}` }],
    'GET /api/watch/today': (t) => [{ method: 'GET', url: `/api/watch/today?unitId=${t.unit.id}` }],
    'GET /api/watch/my': null,
    'GET /api/watch/figures': (t) => [{ method: 'GET', url: `/api/watch/figures?unitId=${t.unit.id}` }],
  },
};

export default watch;
