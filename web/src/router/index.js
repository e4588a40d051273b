// Routes. Each area is a lazy chunk, so an applicant's browser never loads the admin screens.
// Role checks here only choose what to show; the server enforces every rule again.
import { createRouter, createWebHistory } from 'vue-router';
import { ElMessage } from 'element-plus';
import { auth, ensureLoaded } from '../stores/auth.js';
import { homeFor, listTitle } from '../utils/roles.js';

const APP_TITLE = '智慧江苏重点工程申报管理平台';
const REVIEW_ROLES = ['county_reviewer', 'city_reviewer', 'department_reviewer', 'province_admin'];
// who sends a recommendation package (推荐汇总表): cities, 昆山/泰兴/沭阳, departments
const PACKAGE_ROLES = ['city_reviewer', 'department_reviewer'];
// 申报列表 for the provincial office, 审核工作台 for the local reviewers
const LIST_TITLE = (user) => listTitle(user && user.role);

// A meta text that may depend on who is signed in.
export function metaText(v) {
  return typeof v === 'function' ? v(auth.user) : v;
}

const routes = [
  { path: '/login', name: 'login', component: () => import('../views/public/LoginView.vue'), meta: { public: true, guestOnly: true, title: '登录' } },
  { path: '/register', name: 'register', component: () => import('../views/public/RegisterView.vue'), meta: { public: true, guestOnly: true, title: '申报单位注册' } },
  {
    path: '/',
    component: () => import('../components/AppLayout.vue'),
    children: [
      { path: '', name: 'home', component: () => import('../views/common/NoticeView.vue'), meta: { title: '申报通知' } },
      { path: 'account', name: 'account', component: () => import('../views/common/AccountView.vue'), meta: { title: '账号信息' } },
      // 我的申报 (applicant)
      {
        path: 'apply',
        name: 'apply',
        component: () => import('../views/apply/ApplyHome.vue'),
        meta: { title: '我的申报', roles: ['applicant'], menu: '/apply' },
      },
      {
        path: 'apply/:id(\\d+)',
        name: 'apply-status',
        component: () => import('../views/apply/ApplicationView.vue'),
        meta: { title: '申报概况', section: '我的申报', sectionTo: '/apply', roles: ['applicant'], menu: '/apply' },
      },
      {
        path: 'apply/:id(\\d+)/edit',
        name: 'apply-edit',
        component: () => import('../views/apply/ApplicationForm.vue'),
        meta: { title: '申报表', section: '我的申报', sectionTo: '/apply', roles: ['applicant'], menu: '/apply' },
      },
      // 审核工作台 (local reviewers) / 申报列表 (the provincial office), and the application viewer
      {
        path: 'applications',
        name: 'applications',
        component: () => import('../views/review/ApplicationsHome.vue'),
        meta: { title: LIST_TITLE, roles: REVIEW_ROLES, menu: '/applications' },
      },
      {
        path: 'applications/:id(\\d+)',
        name: 'application-view',
        component: () => import('../views/apply/ApplicationView.vue'),
        meta: { title: '申报概况', section: LIST_TITLE, sectionTo: '/applications', roles: REVIEW_ROLES, menu: '/applications' },
      },
      {
        path: 'applications/:id(\\d+)/form',
        name: 'application-form',
        component: () => import('../views/apply/ApplicationForm.vue'),
        meta: { title: '申报表', section: LIST_TITLE, sectionTo: '/applications', roles: REVIEW_ROLES, menu: '/applications' },
      },
      // 推荐汇总表: the recommended list, its table, the stamped scan sent to the province
      {
        path: 'packages',
        name: 'packages',
        component: () => import('../views/review/PackageView.vue'),
        meta: { title: '推荐汇总表', roles: PACKAGE_ROLES },
      },
      // the provincial office
      {
        path: 'admin/overview',
        name: 'admin-overview',
        component: () => import('../views/admin/OverviewView.vue'),
        meta: { title: '数据总览', roles: ['province_admin'] },
      },
      {
        path: 'admin/packages',
        name: 'admin-packages',
        component: () => import('../views/admin/PackagesAdminView.vue'),
        meta: { title: '推荐报送情况', roles: ['province_admin'] },
      },
      // the provincial office's expert review (评审管理): formal check, the pool, conflicts, the draw,
      // progress, ranking — one chunk per page, none of them loaded for other roles
      {
        path: 'admin/formal-check',
        name: 'admin-formal-check',
        component: () => import('../views/evaluate/FormalCheckView.vue'),
        meta: { title: '形式审查', section: '评审管理', roles: ['province_admin'] },
      },
      {
        path: 'admin/experts',
        name: 'admin-experts',
        component: () => import('../views/evaluate/ExpertsView.vue'),
        meta: { title: '专家库', section: '评审管理', roles: ['province_admin'] },
      },
      {
        path: 'admin/conflicts',
        name: 'admin-conflicts',
        component: () => import('../views/evaluate/ConflictsView.vue'),
        meta: { title: '回避关系', section: '评审管理', roles: ['province_admin'] },
      },
      {
        path: 'admin/assignments',
        name: 'admin-assignments',
        component: () => import('../views/evaluate/AssignmentsView.vue'),
        meta: { title: '专家分配', section: '评审管理', roles: ['province_admin'] },
      },
      {
        path: 'admin/progress',
        name: 'admin-progress',
        component: () => import('../views/evaluate/ProgressView.vue'),
        meta: { title: '评审进度', section: '评审管理', roles: ['province_admin'] },
      },
      {
        path: 'admin/ranking',
        name: 'admin-ranking',
        component: () => import('../views/evaluate/RankingView.vue'),
        meta: { title: '评审排名', section: '评审管理', roles: ['province_admin'] },
      },
      // 我的评审 (expert): its assignments, and one assignment's score sheet beside the application
      {
        path: 'reviews',
        name: 'my-reviews',
        component: () => import('../views/evaluate/MyReviewsView.vue'),
        meta: { title: '我的评审', roles: ['expert'] },
      },
      {
        path: 'reviews/:id(\\d+)',
        name: 'score',
        component: () => import('../views/evaluate/ScoreView.vue'),
        meta: { title: '评审', section: '我的评审', sectionTo: '/reviews', roles: ['expert'], menu: '/reviews' },
      },
      {
        path: 'admin/users',
        name: 'admin-users',
        component: () => import('../views/admin/UsersView.vue'),
        meta: { title: '账号管理', section: '系统管理', roles: ['province_admin'] },
      },
      {
        path: 'admin/departments',
        name: 'admin-departments',
        component: () => import('../views/admin/DepartmentsView.vue'),
        meta: { title: '部门管理', section: '系统管理', roles: ['province_admin'] },
      },
    ],
  },
  { path: '/:pathMatch(.*)*', name: 'not-found', component: () => import('../views/public/NotFoundView.vue'), meta: { public: true, title: '页面不存在' } },
];

export const router = createRouter({
  history: createWebHistory(),
  routes,
  scrollBehavior: () => ({ top: 0 }),
});

// A redirect target taken from the address bar: only a path inside this site.
export function safeRedirect(value) {
  return typeof value === 'string' && value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/login')
    ? value
    : null;
}

router.beforeEach(async (to) => {
  try {
    await ensureLoaded();
  } catch {
    // server unreachable: treat as signed out; the sign-in page says what went wrong
  }
  if (to.meta.public) {
    if (to.meta.guestOnly && auth.user) return safeRedirect(to.query.redirect) || homeFor(auth.user.role);
    return true;
  }
  if (!auth.user) return { path: '/login', query: to.fullPath === '/' ? {} : { redirect: to.fullPath } };
  if (to.meta.roles && !to.meta.roles.includes(auth.user.role)) {
    ElMessage.warning('您没有访问该页面的权限');
    return homeFor(auth.user.role);
  }
  return true;
});

router.afterEach((to) => {
  const title = metaText(to.meta.title);
  document.title = title ? `${title} - ${APP_TITLE}` : APP_TITLE;
});
