// The expert pool (评审专家库) of the provincial office: the list, one expert created or replaced,
// the import of a filled template (all rows or none), the template itself.
import { download, http, upload } from './http.js';

// → {items: [{id, name, unit, credit_code, title, specialties: [category], region_code,
//    region_name, mobile, former_units: [{name, credit_code, until}], username, active, load,
//    updated_at}], total, campaign}
export function listExperts() {
  return http.get('/api/v1/experts');
}

// body: {name, unit, credit_code, title, specialties, region_code, mobile, former_units,
// username, password, active} → 201 the expert; 422 {fields} by key (former_units.0.until…);
// 409 with fields.name (already in the pool) or fields.username (taken).
export function createExpert(body) {
  return http.post('/api/v1/experts', body);
}

// The record replaced by body (the same keys; username + password only to open an account for an
// expert who has none) → 200 the expert.
export function updateExpert(id, body) {
  return http.put(`/api/v1/experts/${encodeURIComponent(id)}`, body);
}

// The filled template (XLSX or CSV) as `file` → 201 {created}; 422 {fields: {'rows.<n>.<column>':
// message, file: message}} and nothing imported. Returns the upload promise (abort()).
export function importExperts(file, onProgress) {
  const fd = new FormData();
  fd.append('file', file, file.name);
  return upload('/api/v1/experts/import', fd, { onProgress });
}

// 评审专家导入模板: format 'xlsx' | 'csv'; downloads it, resolves to its name.
export function downloadExpertTemplate(format) {
  return download(`/api/v1/experts/template.${format}`, { fallbackName: `评审专家导入模板.${format}` });
}
