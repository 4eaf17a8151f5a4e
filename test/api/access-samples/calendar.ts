/**
 * Access-walk samples for the working-day calendar. The calendar belongs to the whole
 * installation, not to a unit, so no request names another unit's record: reading is open to
 * every role, and changes are refused to every admin below the top-level unit — which
 * test/api/calendar.test.ts proves for a township admin.
 */
import type { AccessModule } from '../../helpers/access';

const calendar: AccessModule = {
  samples: {
    'GET /api/calendar': null,
    'PUT /api/calendar/days/:day': null,
    'POST /api/calendar/days/:day/reset': null,
  },
};

export default calendar;
