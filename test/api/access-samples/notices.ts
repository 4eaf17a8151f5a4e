/**
 * Access-walk samples for notices. Sending is aimed at another unit (refused outside the
 * subtree). A notice is seen by its sending side and by the units it was sent to, so a
 * superior's notice is meant to reach township A: the walk's "parent's records are refused"
 * rule does not hold for it. test/api/notices.test.ts proves instead that a sibling, a unit
 * not chosen and a superior's unit that did not send it are refused, and that only receivers mark it read.
 */
import type { AccessModule } from '../../helpers/access';

const notices: AccessModule = {
  samples: {
    'GET /api/notices': null,
    'POST /api/notices': (t) => [{ method: 'POST', url: '/api/notices', body: { unitId: t.unit.id, kind: 'notice', title: '走查通知', body: '正文', to: 'all' } }],
    'GET /api/notices/:id': null,
    'POST /api/notices/:id/read': null,
  },
};

export default notices;
