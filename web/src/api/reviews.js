// Local review (审核推荐): a reviewer recommends, returns or rejects an application.
import { http } from './http.js';
import { FORMAL_RESULTS } from '../utils/actions.js';

// action: 'recommend' | 'return' | 'reject' → 200 the application;
// 422 {fields: {comment}} when a return/reject has no reason; 409 conflict (not this authority's
// step now, or acted on meanwhile); 409 window_closed after the local review deadline.
export function reviewApplication(id, action, comment = '') {
  return http.post(`/api/v1/applications/${encodeURIComponent(id)}/reviews`, { action, comment });
}

// The province's formal check (形式审查) of what a city, a direct county or a department
// recommended: result 'pass' | 'fail' | 'return' → 200 the application; 422 {fields: {comment}}
// when a fail or a return has no reason; 409 conflict when the application is no longer waiting.
export function formalCheck(id, result, comment = '') {
  return http.post(`/api/v1/applications/${encodeURIComponent(id)}/formal-check`, { result, comment });
}

// One offered review action (its code from allowed_actions) sent where it belongs: the province's
// formal_* to …/formal-check, the local reviewers' to …/reviews.
export function performReview(id, action, comment = '') {
  return FORMAL_RESULTS[action] ? formalCheck(id, FORMAL_RESULTS[action], comment) : reviewApplication(id, action, comment);
}
