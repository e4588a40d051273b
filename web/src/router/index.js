// Routes. Each area is a lazy chunk, so an applicant's browser never loads the admin screens.
// Role checks here only choose what to show; the server enforces every rule again.
import { createRouter, createWebHistory } from 'vue-router';
import { ElMessage } from 'element-plus';
import { auth, ensureLoaded } from '../stores/auth.js';
import { homeFor } from '../utils/roles.js';

const APP_TITLE = '智慧江苏重点工程申报管理平台';
const REVIEW_ROLES = ['county_reviewer', 'city_reviewer', 'department_reviewer', 'province_admin'];

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
      // 申报列表 (reviewers, the provincial office): read-only for now
      {
        path: 'applications',
        name: 'applications',
        component: () => import('../views/review/ApplicationsView.vue'),
        meta: { title: '申报列表', roles: REVIEW_ROLES, menu: '/applications' },
      },
      {
        path: 'applications/:id(\\d+)',
        name: 'application-view',
        component: () => import('../views/apply/ApplicationView.vue'),
        meta: { title: '申报概况', section: '申报列表', sectionTo: '/applications', roles: REVIEW_ROLES, menu: '/applications' },
      },
      {
        path: 'applications/:id(\\d+)/form',
        name: 'application-form',
        component: () => import('../views/apply/ApplicationForm.vue'),
        meta: { title: '申报表', section: '申报列表', sectionTo: '/applications', roles: REVIEW_ROLES, menu: '/applications' },
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
  document.title = to.meta.title ? `${to.meta.title} - ${APP_TITLE}` : APP_TITLE;
});
