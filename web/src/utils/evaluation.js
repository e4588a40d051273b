// The expert review on screen: points with their two decimals, the colours of an assignment's
// status, the categories' names. The words (status_label, reason_label, the rubric) are the
// server's; nothing here decides anything.
import { CATEGORY_LABELS } from './application.js';

// 26.5 → "26.50"; null → "—"
export function points(v) {
  return v === null || v === undefined || v === '' || Number.isNaN(Number(v)) ? '—' : Number(v).toFixed(2);
}

// An assignment's status as a tag colour (the words are its status_label).
export function assignmentTagType(status) {
  switch (status) {
    case 'submitted':
      return 'success';
    case 'draft':
      return 'warning';
    case 'conflict_declared':
      return 'info';
    default:
      return 'primary';
  }
}

// The call's categories as [{code, name}] (the glossary's names until the call is loaded).
export function categoryList(campaign) {
  return campaign && Array.isArray(campaign.categories) && campaign.categories.length
    ? campaign.categories.map((c) => ({ code: c.code, name: c.name }))
    : Object.entries(CATEGORY_LABELS).map(([code, name]) => ({ code, name }));
}

export function categoryName(campaign, code) {
  const c = categoryList(campaign).find((x) => x.code === code);
  return c ? c.name : code || '—';
}

// The band (优/良/中/差) a score falls in, from the rubric's own bands; null when none.
export function bandOf(criterion, value) {
  if (value === null || value === undefined || value === '' || Number.isNaN(Number(value))) return null;
  const v = Number(value);
  return (criterion.bands || []).find((b) => v >= Number(b.min) && v <= Number(b.max)) || null;
}

// The tag colour of a band, by its place in the rubric (best first).
export function bandTone(criterion, band) {
  const i = (criterion.bands || []).indexOf(band);
  return ['success', 'primary', 'warning', 'danger'][i] || 'info';
}

// A text typed as points: '' stays unscored (null); anything else a number, or NaN when it is not
// one. Checked by the server again.
export function parsePoints(text) {
  const s = String(text === null || text === undefined ? '' : text).trim();
  if (!s) return null;
  if (!/^\d+(\.\d*)?$|^\.\d+$/.test(s)) return NaN;
  return Number(s);
}

// What the sheet says about a typed value before it is sent: '' when it is fine. The same words as
// the server's ("“契合度与效益”应为 0 到 30 之间的分数（最多两位小数）").
export function pointsProblem(criterion, text) {
  const v = parsePoints(text);
  if (v === null) return '';
  const ok = !Number.isNaN(v) && v >= 0 && v <= Number(criterion.max) && /^\d*(\.\d{0,2})?$/.test(String(text).trim());
  return ok ? '' : `“${criterion.name}”应为 0 到 ${Number(criterion.max).toFixed(2)} 之间的分数（最多两位小数）`;
}
