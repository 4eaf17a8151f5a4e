/** Access-walk samples for home: the todos are the caller's own; the figures are aimed at another unit. */
import type { AccessModule } from '../../helpers/access';

const home: AccessModule = {
  samples: {
    'GET /api/home/todos': null,
    'GET /api/home/figures': (t) => [{ method: 'GET', url: `/api/home/figures?unitId=${t.unit.id}` }],
  },
};

export default home;
