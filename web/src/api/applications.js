// Applications (申报表): the unit's draft, autosave, submit/withdraw, attachments.
import { download, http, upload } from './http.js';

const base = (id) => `/api/v1/applications/${encodeURIComponent(id)}`;

// → 201 the application; 409 conflict when the unit already has one; 409 window_closed.
export function createApplication(campaign) {
  return http.post('/api/v1/applications', { campaign });
}

// → {items: [summary], total, page, per_page, next_after}. Each item carries `status_label` and
// `allowed_actions` ([{action, label, description, reason_required}]: what the signed-in user may
// do with it now). `after`: the applications after that id (keyset paging; `page` is then left
// out); `next_after` is the cursor of the next page, null when there is none.
export function listApplications({ campaign, status, category, regionCode, page = 1, perPage = 20, after } = {}) {
  const paging = after !== undefined && after !== null ? { after } : { page };
  return http.get('/api/v1/applications', {
    query: { campaign, status, category, region_code: regionCode, ...paging, per_page: perPage },
  });
}

export function getApplication(id) {
  return http.get(base(id));
}

// body: any of {cover, unit, project, ownership, declaration_accepted}, each section whole, and
// `version`: the version the client read. When someone saved since, the answer is 409 conflict
// with `current_version` (ApiError.details); without a version, sections are merged onto the
// latest. → 200 the application as this save left it (its new `version`).
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

// Every application of the list under the filters, page after page by keyset (`after` the last
// id seen, until `next_after` is null or a page comes back short; the server pages at most 200):
// for work lists counted and searched on the page. `max` stops a runaway loop.
export async function listAllApplications({ campaign, status, category, regionCode } = {}, { max = 5000 } = {}) {
  const perPage = 200;
  const items = [];
  let after = null;
  let total = 0;
  for (;;) {
    const r = await listApplications({ campaign, status, category, regionCode, perPage, after });
    const got = (r && r.items) || [];
    items.push(...got);
    if (r && typeof r.total === 'number') total = r.total;
    const next = r ? r.next_after : null;
    if (got.length < perPage || next === null || next === undefined || next === after || items.length >= max) {
      return { items, total: Math.max(total, items.length) };
    }
    after = next;
  }
}
