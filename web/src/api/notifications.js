// In-app notifications (通知): the list, and marking them read.
import { http } from './http.js';

// → {items: [{id, at, kind, title, body, application_id, read}], total, page, per_page, unread}
export function listNotifications({ unread = false, page = 1, perPage = 20 } = {}) {
  return http.get('/api/v1/notifications', { query: { unread: unread ? 1 : undefined, page, per_page: perPage } });
}

// ids: [id, ...] or 'all' → {unread}
export function markRead(ids) {
  return http.post('/api/v1/notifications/read', ids === 'all' ? { all: true } : { ids });
}
