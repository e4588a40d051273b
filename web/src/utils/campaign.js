// Turns the call's data (GET /api/v1/campaigns/{year}) into the sentences and timeline the
// notice page shows. Numbers come from the data; nothing here decides eligibility.
import { dayEnd, dayStart, formatDateCN, formatMonthCN } from './time.js';

// Labels of the form fields that carry text limits (the notice's 附件1).
const FIELD_LABELS = {
  'unit.overview': '申报单位概况',
  'project.basic_info': '申报项目基本情况',
  'project.achievements': '项目成效',
};

function amount(v) {
  const n = Number(v);
  if (!Number.isFinite(n)) return String(v);
  return String(Math.round(n * 100) / 100);
}

const CN_NUM = ['零', '一', '两', '三', '四', '五', '六', '七', '八', '九', '十'];

// text limits as [{field, label, max}], whatever the server's shape (map or list).
export function textLimits(rules) {
  const tl = rules && rules.text_limits;
  if (!tl) return [];
  const list = Array.isArray(tl)
    ? tl.map((x) => ({ field: x.field || x.key, max: x.max_chars ?? x.max ?? x.limit }))
    : Object.entries(tl).map(([field, v]) => ({ field, max: typeof v === 'object' && v ? v.max_chars ?? v.max : v }));
  return list
    .filter((x) => x.field && x.max)
    .map((x) => ({ ...x, label: FIELD_LABELS[x.field] || x.field }));
}

// The key rules of the call, in plain Chinese.
export function ruleSentences(rules) {
  const r = rules || {};
  const out = [];
  if (r.min_non_construction_investment != null) {
    out.push(`非土建类投资不少于 ${amount(r.min_non_construction_investment)} 万元（项目投资规模不含土建工程）。`);
  }
  if (r.earliest_start_month) {
    let s = `项目启动不早于 ${formatMonthCN(r.earliest_start_month).replace(/(\d+)年(\d+)月/, '$1 年 $2 月')}`;
    if (r.main_part_completed_required) s += '，且已完成主体部分建设';
    out.push(s + '。');
  } else if (r.main_part_completed_required) {
    out.push('项目已完成主体部分建设。');
  }
  if (r.continuation_allowed === false) {
    out.push('项目分期建设的，以项目整体申报，不接受续期建设项目申报。');
  }
  if (r.projects_per_unit != null) {
    let s = `每个单位限报 ${r.projects_per_unit} 个项目`;
    if (r.categories_per_project != null) {
      const n = r.categories_per_project;
      s += `，每个项目仅限申报${n <= 10 ? CN_NUM[n] : ` ${n} `}个类别`;
    }
    out.push(s + '。');
  }
  const limits = textLimits(r);
  if (limits.length) {
    out.push('填写字数：' + limits.map((l) => `“${l.label}”不超过 ${l.max} 字`).join('，') + '。');
  }
  if (r.statistics_cutoff) {
    out.push(`所填数据的统计截止日期为 ${formatDateCN(r.statistics_cutoff).replace(/(\d+)年(\d+)月(\d+)日/, '$1 年 $2 月 $3 日')}。`);
  }
  return out;
}

// Status of a window [from, to] (Beijing dates, inclusive) at instant `now` (ms).
export function windowStatus(now, from, to) {
  if (from && now < dayStart(from)) return 'upcoming';
  if (to && now > dayEnd(to)) return 'closed';
  return 'open';
}

// The timeline as ordered entries for display.
export function timelineEntries(timeline, now) {
  const t = timeline || {};
  const list = [];
  if (t.apply_open || t.apply_close) {
    const status = windowStatus(now, t.apply_open, t.apply_close);
    list.push({
      key: 'apply',
      sort: t.apply_open || t.apply_close,
      when: t.apply_open && t.apply_close ? `${formatDateCN(t.apply_open)} 至 ${formatDateCN(t.apply_close)}` : formatDateCN(t.apply_open || t.apply_close),
      title: '在线申报',
      desc: '申报单位在线填写申报表，上传项目详细材料和证明材料，提交至所在地信息化主管部门或省有关部门。',
      status,
      statusText: { upcoming: '未开始', open: '申报中', closed: '已截止' }[status],
    });
  }
  if (t.contacts_due) {
    const status = windowStatus(now, null, t.contacts_due);
    list.push({
      key: 'contacts',
      sort: t.contacts_due,
      when: `${formatDateCN(t.contacts_due)}前`,
      title: '报送工作负责同志',
      desc: '各设区市及昆山市、泰兴市、沭阳县信息化主管部门报送此项工作负责同志姓名及联系电话。',
      status,
      statusText: status === 'closed' ? '已截止' : '进行中',
    });
  }
  if (t.local_review_due) {
    let status = windowStatus(now, null, t.local_review_due);
    if (status === 'open' && t.apply_open && now < dayStart(t.apply_open)) status = 'upcoming';
    list.push({
      key: 'review',
      sort: t.local_review_due,
      when: `${formatDateCN(t.local_review_due)}前`,
      title: '审核推荐',
      desc: '各地信息化主管部门、省有关部门完成初审推荐和审核确认，报送盖章的推荐项目汇总表（附件2）。',
      status,
      statusText: { upcoming: '未开始', open: '进行中', closed: '已截止' }[status],
    });
  }
  return list.sort((a, b) => (a.sort < b.sort ? -1 : a.sort > b.sort ? 1 : 0));
}

// The notice's number, name, issuer and date (data/campaigns/<year>.json "notice").
export function noticeInfo(c) {
  const n = (c && typeof c.notice === 'object' && c.notice) || {};
  return {
    number: n.number || '',
    title: n.name || n.title || '',
    issuer: n.issuer || '',
    date: n.issued || n.date || '',
  };
}

const PEOPLE_KEYS = [
  ['name', '联系人'],
  ['unit', '单位'],
  ['phone', '电话'],
  ['mobile', '手机'],
  ['fax', '传真'],
  ['email', '电子邮箱'],
];
const SUPPORT_KEYS = [
  ['support_phone', '电话'],
  ['support_qq', 'QQ'],
  ['support_email', '电子邮箱'],
];

function rowsOf(obj, keys) {
  const val = (v) => (Array.isArray(v) ? v.join('，') : String(v));
  return keys.filter(([k]) => obj[k] != null && obj[k] !== '').map(([k, label]) => ({ label, value: val(obj[k]) }));
}

// Contacts as [{title, rows: [{label, value}]}]: who answers questions, and technical support.
export function contactGroups(c) {
  const raw = c && c.contacts;
  if (!raw || typeof raw !== 'object') return [];
  const list = Array.isArray(raw) ? raw : [raw];
  const groups = [];
  for (const x of list) {
    if (!x || typeof x !== 'object') continue;
    const people = rowsOf(x, PEOPLE_KEYS);
    const support = rowsOf(x, SUPPORT_KEYS);
    if (people.length) groups.push({ title: '申报联系人', rows: people });
    if (support.length) groups.push({ title: '申报平台技术支持', rows: support });
  }
  return groups;
}
