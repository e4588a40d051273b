// Local review on screen: which authority the signed-in reviewer speaks for, what it may do with
// an application now, the work list's tabs, and the notice's checklist (四.1). This only chooses
// what to offer: the server's workflow table (domain/workflow.c) decides, and answers 409 when
// the offer was stale.
import { isDirectCounty } from './roles.js';

// 'county' | 'city' | 'direct' (昆山市、泰兴市、沭阳县) | 'department' | null (not a reviewer)
export function reviewerKind(user, region) {
  if (!user) return null;
  switch (user.role) {
    case 'county_reviewer':
      return 'county';
    case 'city_reviewer':
      return isDirectCounty(region) ? 'direct' : 'city';
    case 'department_reviewer':
      return 'department';
    default:
      return null;
  }
}

export const REVIEWER_KINDS = ['county', 'city', 'direct', 'department'];

// Who sends a recommendation package to the province (推荐汇总表).
export function sendsPackage(kind) {
  return kind === 'city' || kind === 'direct' || kind === 'department';
}

// The review actions this authority can take on `app` now, in the order offered.
export function actionsFor(kind, app) {
  if (!kind || !app) return [];
  const level = app.review && app.review.level;
  switch (kind) {
    case 'county':
    case 'direct':
    case 'department':
      return app.status === 'submitted' ? ['recommend', 'return', 'reject'] : [];
    case 'city':
      if (app.status === 'county_recommended') return ['recommend', 'return'];
      if (app.status === 'submitted' && level === 'city') return ['recommend', 'return', 'reject'];
      return [];
    default:
      return [];
  }
}

export function actionable(kind, app) {
  return actionsFor(kind, app).length > 0;
}

// What 推荐 / 退回 mean for this authority and this application (button and dialog words).
export function actionText(kind, app, action) {
  const cityConfirm = kind === 'city' && app && app.status === 'county_recommended';
  if (action === 'recommend') {
    if (kind === 'county') return { button: '推荐', title: '推荐至设区市', confirm: '确认推荐', done: '已推荐至设区市信息化主管部门' };
    if (cityConfirm) return { button: '推荐', title: '审核确认，推荐至省信息化办', confirm: '确认推荐', done: '已推荐至省信息化办' };
    return { button: '推荐', title: '推荐至省信息化办', confirm: '确认推荐', done: '已推荐至省信息化办' };
  }
  if (action === 'return') {
    if (cityConfirm) return { button: '退回县（市、区）', title: '退回县（市、区）重新审核', confirm: '确认退回', done: '已退回县（市、区）重新审核' };
    return { button: '退回修改', title: '退回申报单位修改', confirm: '确认退回', done: '已退回申报单位修改' };
  }
  return { button: '不予推荐', title: '不予推荐', confirm: '确认不予推荐', done: '已作不予推荐处理' };
}

// The notice's 四.1: 认真做好申报项目的符合性、真实性、材料完整性审核.
export const REVIEW_CHECKLIST = [
  { key: 'conformity', title: '符合性', text: '申报主体、申报类别和项目条件符合通知要求（非土建类投资规模、建设起止时间、主体部分已建成、非续期项目等）' },
  { key: 'truthfulness', title: '真实性', text: '申报表所填内容与证明材料一致，真实可信，已核对申报单位的真实性承诺' },
  { key: 'completeness', title: '材料完整性', text: '盖章申报表、权属说明、项目详细材料及各类证明材料齐全、清晰、可辨认' },
];

// Statuses that mean "recommended on" from this authority's seat.
const PAST_PROVINCE = ['city_recommended', 'formal_passed', 'formal_failed', 'expert_review', 'defense', 'evaluated', 'key_project', 'not_selected', 'landmark'];

// The work list's tabs: [{key, label, test(app)}]; 待审核 is what this authority acts on now.
export function workTabs(kind) {
  const recommended = kind === 'county' ? ['county_recommended', ...PAST_PROVINCE] : PAST_PROVINCE;
  return [
    { key: 'todo', label: '待审核', test: (a) => actionable(kind, a) },
    { key: 'recommended', label: '已推荐', test: (a) => !actionable(kind, a) && recommended.includes(a.status) },
    { key: 'returned', label: '已退回', test: (a) => a.status === 'returned' },
    { key: 'rejected', label: '不予推荐', test: (a) => a.status === 'rejected' },
    { key: 'all', label: '全部', test: () => true },
  ];
}

// The one status a tab stands for, for exports filtered on the server (else undefined).
export function tabStatus(kind, key) {
  if (key === 'returned') return 'returned';
  if (key === 'rejected') return 'rejected';
  if (key === 'todo' && kind !== 'city') return 'submitted';
  return undefined;
}

// The role words of an authority kind in tables.
export const AUTHORITY_KIND_LABELS = {
  city: '设区市',
  direct_county: '昆山市、泰兴市、沭阳县',
  department: '省有关部门',
  region: '地区',
};
