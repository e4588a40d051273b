// Local review on screen: which authority the signed-in reviewer speaks for, the work list's tabs,
// and the notice's checklist (四.1). What a reviewer may do with an application now is the
// server's `allowed_actions` (utils/actions.js); a stale offer answers 409.
import { isDirectCounty } from './roles.js';
import { reviewActions } from './actions.js';

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

// The notice's 四.1: 认真做好申报项目的符合性、真实性、材料完整性审核.
export const REVIEW_CHECKLIST = [
  { key: 'conformity', title: '符合性', text: '申报主体、申报类别和项目条件符合通知要求（非土建类投资规模、建设起止时间、主体部分已建成、非续期项目等）' },
  { key: 'truthfulness', title: '真实性', text: '申报表所填内容与证明材料一致，真实可信，已核对申报单位的真实性承诺' },
  { key: 'completeness', title: '材料完整性', text: '盖章申报表、权属说明、项目详细材料及各类证明材料齐全、清晰、可辨认' },
];

// Statuses that mean "recommended on" from this authority's seat.
const PAST_PROVINCE = ['city_recommended', 'formal_passed', 'formal_failed', 'expert_review', 'defense', 'evaluated', 'key_project', 'not_selected', 'landmark'];

const waiting = (a) => reviewActions(a).length > 0;

// The work list's tabs: [{key, label, test(app)}]; 待审核 is what the server offers this authority
// a review action on now.
export function workTabs(kind) {
  const recommended = kind === 'county' ? ['county_recommended', ...PAST_PROVINCE] : PAST_PROVINCE;
  return [
    { key: 'todo', label: '待审核', test: waiting },
    { key: 'recommended', label: '已推荐', test: (a) => !waiting(a) && recommended.includes(a.status) },
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
