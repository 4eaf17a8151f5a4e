/**
 * Access-walk samples for notifications. Notifications belong to an account, not a unit:
 * every route acts on the caller's own rows only, so there is no other unit's record to aim
 * at. test/api/notifications.test.ts proves that another user's notification — a colleague's
 * in the same unit or a superior's — is answered 404 and left unread.
 */
import type { AccessModule } from '../../helpers/access';

const notifications: AccessModule = {
  samples: {
    'GET /api/notifications': null,
    'GET /api/notifications/unread-count': null,
    'POST /api/notifications/:id/read': null,
    'POST /api/notifications/read-all': null,
    'GET /api/event-kinds': null,
    'GET /api/notification-prefs': null,
    'PUT /api/notification-prefs': null,
    'GET /api/reminder-settings': null,
    'PUT /api/reminder-settings': null,
  },
};

export default notifications;
