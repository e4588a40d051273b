// The recommendation package (推荐汇总表 + the stamped scan), the 负责同志 contacts, the
// reopening of local review and the province's overview — all per campaign year.
import { download, http, upload } from './http.js';

const yearBase = (year) => `/api/v1/campaigns/${encodeURIComponent(year)}`;

// 推荐项目汇总表 of the projects the authority recommended: format 'xlsx' | 'pdf'.
// The province admin names the authority: {region: CODE} or {department: CODE}.
export function downloadSummaryTable(year, format, { region, department } = {}) {
  return download(`${yearBase(year)}/summary-table.${format}`, {
    query: { region, department },
    fallbackName: `推荐项目汇总表-${year}.${format}`,
  });
}

export function summaryTableUrl(year, format, { region, department } = {}) {
  const q = new URLSearchParams();
  if (region) q.set('region', region);
  if (department) q.set('department', department);
  const s = q.toString();
  return `${yearBase(year)}/summary-table.${format}${s ? `?${s}` : ''}`;
}

// → {total, items: [{id, authority: {kind, level, code, name}, status: 'submitted'|'missing',
//    submitted_at, submitted_by, counts: {infrastructure, economy, governance, livelihood, total},
//    application_ids, file: {name, size, sha256, content_type} | null}]}
export function listPackages(year) {
  return http.get(`${yearBase(year)}/packages`);
}

// Sends the package: the stamped scan as `file` → 201 the entry. Returns the upload promise
// (with abort()); onProgress(percent).
export function sendPackage(year, file, onProgress) {
  const fd = new FormData();
  fd.append('file', file, file.name);
  return upload(`${yearBase(year)}/packages`, fd, { onProgress });
}

export function packageFileUrl(year, id, { inline = false } = {}) {
  return `${yearBase(year)}/packages/${encodeURIComponent(id)}/file${inline ? '?inline=1' : ''}`;
}

// → {due, total, missing, late, items: [{region: {code, name}, authority, name, phone,
//    recorded_at, updated_at, missing, late}]}
export function listContacts(year) {
  return http.get(`${yearBase(year)}/contacts`);
}

// → the entry; 422 {fields: {name, phone}}
export function saveContact(year, region, { name, phone }) {
  return http.put(`${yearBase(year)}/contacts/${encodeURIComponent(region)}`, { name, phone });
}

// authority {kind: 'region'|'department', code}, until 'YYYY-MM-DD', reason → 201;
// 422 {fields: {'authority.code', until, reason}}
export function reopenReview(year, { authority, until, reason }) {
  return http.post(`${yearBase(year)}/reopen`, { authority, until, reason });
}

// → {items: [{id, campaign, authority: {kind, code, name}, until, reason, created_by: {id, name}, created_at}], total}
export function listReopenings(year) {
  return http.get(`${yearBase(year)}/reopenings`);
}

// → {campaign, filters, total: {count, total_investment, non_construction_investment},
//    by_status: [{status, label, ...sums}], by_category: [{category, name, ...sums}],
//    by_authority: [{kind: 'city'|'direct_county'|'department', code, name, ...sums}]}
export function getOverview(year, { status, category } = {}) {
  return http.get(`${yearBase(year)}/overview`, { query: { status, category } });
}
