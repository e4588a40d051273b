// Local review (审核推荐): a reviewer recommends, returns or rejects an application.
import { http } from './http.js';

// action: 'recommend' | 'return' | 'reject' → 200 the application;
// 422 {fields: {comment}} when a return/reject has no reason; 409 conflict (not this authority's
// step now, or acted on meanwhile); 409 window_closed after the local review deadline.
export function reviewApplication(id, action, comment = '') {
  return http.post(`/api/v1/applications/${encodeURIComponent(id)}/reviews`, { action, comment });
}
