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

// ---- the date pickers of 附件1 ---------------------------------------------------------------------
// A day, a month or a year is stored as "2023-07-14" / "2023-07" / "2023" and shown the Chinese way.
export const PICKER_FORMATS = {
  date: { format: 'YYYY 年 M 月 D 日', valueFormat: 'YYYY-MM-DD' },
  month: { format: 'YYYY 年 M 月', valueFormat: 'YYYY-MM' },
  year: { format: 'YYYY 年', valueFormat: 'YYYY' },
};
const PARTS = { date: 3, month: 2, year: 1 };

// What a person types for a date of that kind, read leniently: "2023-07-14", "2023/7/14",
// "2023.7.14", "20230714", "2023年7月14日", "2023 年 7 月 14 日" (a month: "2022-10", "202210",
// "2022年10月"…; a year: "2021", "2021年"). The stored value ("2023-07-14"), or null when the text
// is no such date (2023-02-30, 2022-13, a day typed where a month is asked for).
export function parseDateText(text, type = 'date') {
  const need = PARTS[type];
  const s = String(text ?? '').trim();
  if (!need || !s || !/^[\d\s\-/.年月日]+$/.test(s)) return null;
  let parts = s.split(/\D+/).filter(Boolean);
  if (parts.length === 1 && need > 1 && parts[0].length === 4 + 2 * (need - 1)) {
    const d = parts[0];
    parts = need === 3 ? [d.slice(0, 4), d.slice(4, 6), d.slice(6)] : [d.slice(0, 4), d.slice(4)];
  }
  if (parts.length !== need || parts[0].length !== 4 || parts.slice(1).some((p) => p.length > 2)) return null;
  const [y, m, d] = parts.map(Number);
  if (y < 1000) return null;
  if (need >= 2 && (m < 1 || m > 12)) return null;
  if (need === 3 && (d < 1 || d > new Date(Date.UTC(y, m, 0)).getUTCDate())) return null;
  return [String(y), pad(m), pad(d)].slice(0, need).join('-');
}

// The stored value as the picker shows it: "2023-07-14" → "2023 年 7 月 14 日", "2022-10" →
// "2022 年 10 月", "2021" → "2021 年" (PICKER_FORMATS); '' when there is none.
export function formatPickerValue(value, type = 'date') {
  const v = parseDateText(value, type);
  if (!v) return '';
  const [y, m, d] = v.split('-').map(Number);
  if (type === 'year') return `${y} 年`;
  if (type === 'month') return `${y} 年 ${m} 月`;
  return `${y} 年 ${m} 月 ${d} 日`;
}
