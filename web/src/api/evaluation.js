// The call's expert review as the provincial office runs it (per campaign year): conflicts of
// interest, the draw and its history, progress and reminders, the ranking.
import { download, http } from './http.js';

const yearBase = (year) => `/api/v1/campaigns/${encodeURIComponent(year)}`;

// → {items: [{expert_id, expert_name, application_id, project_name, reason, reason_label, detail,
//    mark_id?}], total}: every pair that may not be assigned
export function listConflicts(year) {
  return http.get(`${yearBase(year)}/conflicts`);
}

// The office marks a pair → 201; 422 {fields: {expert_id, application_id, comment}}; 409 marked already.
export function markConflict(year, { expertId, applicationId, comment }) {
  return http.post(`${yearBase(year)}/conflicts`, { expert_id: expertId, application_id: applicationId, comment });
}

// A mark the office made, taken back (mark_id of the list's item).
export function unmarkConflict(year, markId) {
  return http.del(`${yearBase(year)}/conflicts/${encodeURIComponent(markId)}`);
}

// The draw: {perProject?, seed?} → {draw_id, seed, per_project, created, unassigned:
// [{application_id, reason, missing, eligible, text}]}
export function runDraw(year, { perProject, seed } = {}) {
  const body = {};
  if (perProject !== undefined && perProject !== null) body.per_project = perProject;
  if (seed) body.seed = seed;
  return http.post(`${yearBase(year)}/assignments/auto`, body);
}

// → {items: [{id, seed, per_project, created, unassigned, created_by, created_at}]}, newest first
export function listDraws(year) {
  return http.get(`${yearBase(year)}/draws`);
}

// → {experts: [{expert_id, name, unit, assigned, submitted, draft, last_activity, has_account}],
//    projects: [{application_id, submission_no, project_name, category, status, expected, submitted}],
//    totals: {assignments, submitted}}
export function getReviewProgress(year) {
  return http.get(`${yearBase(year)}/review-progress`);
}

// 催办: every expert with scores still open, or the ones named → {reminded}
export function sendReminders(year, expertIds) {
  return http.post(`${yearBase(year)}/review-reminders`, expertIds && expertIds.length ? { expert_ids: expertIds } : {});
}

// → {items: [...], experts: [{expert_id, name, submitted, overlap, corrected, bias}],
//    stability: [{category, text, enters, leaves}], top, trim_from, min_overlap}
export function getRanking(year) {
  return http.get(`${yearBase(year)}/ranking`);
}

// 评审结果 (XLSX): downloads it, resolves to its name.
export function downloadRanking(year) {
  return download(`${yearBase(year)}/ranking.xlsx`, { fallbackName: `评审结果-${year}.xlsx` });
}
