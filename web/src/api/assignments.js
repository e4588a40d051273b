// Assignments (评审任务): who reviews what. The office sees and manages all of them; an expert
// only its own, with its score sheet.
import { http } from './http.js';

const base = (id) => `/api/v1/assignments/${encodeURIComponent(id)}`;

// → {items: [{id, application_id, expert_id, status, status_label, total, comment, submitted_at,
//    updated_at, version, application: {submission_no, project_name, category, unit_name, status,
//    status_label}, criteria: {code: points|null}, expert_name (office only), draw_id (office)}], total}
export function listAssignments({ applicationId, expertId, campaign } = {}) {
  return http.get('/api/v1/assignments', { query: { application_id: applicationId, expert_id: expertId, campaign } });
}

export function getAssignment(id) {
  return http.get(base(id));
}

// By hand: → 201 the assignment; 422 {fields: {expert_id}} (not a specialist, inactive);
// 409 with the conflict's reason in the message.
export function createAssignment(applicationId, expertId) {
  return http.post('/api/v1/assignments', { application_id: applicationId, expert_id: expertId });
}

// While no score is submitted (409 after).
export function deleteAssignment(id) {
  return http.del(base(id));
}

// The expert's sheet: criteria {code: points|null}, comment, submit → 200 the assignment with its
// total; 422 {fields: {'criteria.<code>', comment}}; 409 once submitted.
// version: the assignment's version the page read (409 with current_version if saved elsewhere since)
export function saveScore(id, { criteria, comment, submit = false, version }) {
  return http.put(`${base(id)}/score`, version ? { criteria, comment, submit, version } : { criteria, comment, submit });
}

// The expert declares a conflict of interest (reason required) → 200 the assignment.
export function declareConflict(id, reason) {
  return http.post(`${base(id)}/conflict`, { reason });
}

// The office sends a submitted score back to its expert as a draft (reason required).
export function reopenScore(id, reason) {
  return http.post(`${base(id)}/reopen`, { reason });
}

// 专家评分表 (PDF): as saved, or blank (to fill by hand).
export function scoreSheetUrl(id, { blank = false } = {}) {
  return `${base(id)}/score-sheet.pdf${blank ? '?blank=1' : ''}`;
}
