// The words users see for roles (GLOSSARY.md), and which menu each role gets.

export const ROLE_LABELS = {
  applicant: '申报单位',
  county_reviewer: '县（市、区）信息化主管部门',
  city_reviewer: '设区市信息化主管部门',
  department_reviewer: '省有关部门',
  province_admin: '省信息化办（省工信厅信息化发展处）',
  expert: '评审专家',
};

export const DIRECT_COUNTY_LABEL = '昆山市、泰兴市、沭阳县信息化主管部门';

// Roles the provincial office may create accounts for (applicants register themselves).
export const MANAGED_ROLES = ['county_reviewer', 'city_reviewer', 'department_reviewer', 'province_admin', 'expert'];

// A county-level region that reports straight to the province (昆山市, 泰兴市, 沭阳县).
export function isDirectCounty(region) {
  return !!region && Number(region.reports_to_province) === 1 && (region.level === 'county_city' || region.level === 'county');
}

// The label for a user; `region` is the user's region from /regions when known.
export function roleLabel(role, region) {
  if (role === 'city_reviewer' && isDirectCounty(region)) return DIRECT_COUNTY_LABEL;
  return ROLE_LABELS[role] || role || '';
}

// The local reviewers (county, city incl. 昆山/泰兴/沭阳, department): their list is the 审核工作台.
export const REVIEWER_ROLES = ['county_reviewer', 'city_reviewer', 'department_reviewer'];
export function isReviewerRole(role) {
  return REVIEWER_ROLES.includes(role);
}

// The 申报列表 is called 审核工作台 for the local reviewers.
export function listTitle(role) {
  return isReviewerRole(role) ? '审核工作台' : '申报列表';
}

// Where a role starts after signing in: an expert at 我的评审, everyone else at the call's notice.
export function homeFor(role) {
  return role === 'expert' ? '/reviews' : '/';
}
