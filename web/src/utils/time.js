// Beijing-time formatting and the inclusive-date rules of the call's timeline (dates end 23:59:59 +08:00).

const pad = (n) => String(n).padStart(2, '0');

// Calendar parts of an instant as seen in Beijing, whatever the browser's time zone.
export function beijingParts(input) {
  const t = typeof input === 'number' ? input : Date.parse(input);
  if (Number.isNaN(t)) return null;
  const d = new Date(t + 8 * 3600 * 1000);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
  };
}

// "2023-07-15 10:00"
export function formatBeijing(input) {
  const p = beijingParts(input);
  if (!p) return '';
  return `${p.year}-${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)}`;
}

// "10:00:05" (Beijing)
export function formatBeijingClock(input) {
  const p = beijingParts(input);
  if (!p) return '';
  return `${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}`;
}

// "2023-07-15 10:00:05" (Beijing)
export function formatBeijingSeconds(input) {
  const p = beijingParts(input);
  if (!p) return '';
  return `${p.year}-${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}`;
}

// "2023-07-31" → "2023年7月31日"
export function formatDateCN(date) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date || '');
  if (!m) return date || '';
  return `${m[1]}年${Number(m[2])}月${Number(m[3])}日`;
}

// "2022-01" → "2022年1月"
export function formatMonthCN(month) {
  const m = /^(\d{4})-(\d{2})$/.exec(month || '');
  if (!m) return month || '';
  return `${m[1]}年${Number(m[2])}月`;
}

// First and last millisecond of a Beijing calendar date.
export function dayStart(date) {
  return Date.parse(`${date}T00:00:00+08:00`);
}
export function dayEnd(date) {
  return Date.parse(`${date}T23:59:59.999+08:00`);
}

// Whole Beijing days from `now` to the end of `date` (0 on its last day).
export function daysLeft(now, date) {
  const today = beijingParts(now);
  if (!today) return null;
  const start = Date.UTC(today.year, today.month - 1, today.day);
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date || '');
  if (!m) return null;
  const end = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return Math.round((end - start) / 86400000);
}
