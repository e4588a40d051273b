// Applications (申报表): the unit's draft, autosave, submit/withdraw, attachments.
import { download, http, upload } from './http.js';

const base = (id) => `/api/v1/applications/${encodeURIComponent(id)}`;

// → 201 the application; 409 conflict when the unit already has one; 409 window_closed.
export function createApplication(campaign) {
  return http.post('/api/v1/applications', { campaign });
}

// → {items: [summary], total, page, per_page}
export function listApplications({ campaign, status, category, regionCode, page = 1, perPage = 20 } = {}) {
  return http.get('/api/v1/applications', {
    query: { campaign, status, category, region_code: regionCode, page, per_page: perPage },
  });
}

export function getApplication(id) {
  return http.get(base(id));
}

// body: any of {cover, unit, project, ownership, declaration_accepted}, each section whole.
// keepalive: for the last save while the page goes away.
export function saveApplication(id, body, { keepalive = false } = {}) {
  return http.put(base(id), body, { keepalive });
}

export function submitApplication(id) {
  return http.post(`${base(id)}/submit`, {});
}

export function withdrawApplication(id) {
  return http.post(`${base(id)}/withdraw`, {});
}

// multipart: `kind` first, then `file` (the server reads them in that order).
// Returns the upload promise (with abort()); onProgress(percent).
export function uploadAttachment(id, kind, file, onProgress) {
  const fd = new FormData();
  fd.append('kind', kind);
  fd.append('file', file, file.name);
  return upload(`${base(id)}/attachments`, fd, { onProgress });
}

export function deleteAttachment(id, aid) {
  return http.del(`${base(id)}/attachments/${encodeURIComponent(aid)}`);
}

export function attachmentUrl(id, aid, { inline = false } = {}) {
  return `${base(id)}/attachments/${encodeURIComponent(aid)}${inline ? '?inline=1' : ''}`;
}

// 申报表 as printed (草稿 watermark while a draft), for whoever may see the application.
export function formPdfUrl(id) {
  return `${base(id)}/form.pdf`;
}

// 申报回执: only once submitted (409 before).
export function receiptPdfUrl(id) {
  return `${base(id)}/receipt.pdf`;
}

// The list the user may see, as a file: format 'csv' or 'xlsx', with the list's filters.
// Downloads it (see download() in http.js); resolves to the file name.
export function exportApplications(format, { campaign, status, category, regionCode } = {}) {
  return download(`/api/v1/applications.${format}`, {
    query: { campaign, status, category, region_code: regionCode },
    fallbackName: `申报列表.${format}`,
  });
}

// Every application of the list under the filters, page after page (the server pages at most
// 200): for work lists counted and searched on the page. `max` stops a runaway loop.
export async function listAllApplications({ campaign, status, category, regionCode } = {}, { max = 5000 } = {}) {
  const perPage = 200;
  const items = [];
  for (let page = 1; ; page++) {
    const r = await listApplications({ campaign, status, category, regionCode, page, perPage });
    const got = (r && r.items) || [];
    items.push(...got);
    const total = (r && r.total) || 0;
    if (!got.length || items.length >= total || items.length >= max) return { items, total };
  }
}
