// Browser journeys through the web UI, driven with playwright-core and Debian's Chromium:
// registration with the server's inline checks, sign-in, the home page with the 2023 call,
// account info, sign-out, every demo role's label and menu, and an admin creating an account.
// Needs web/dist (cd web && npm ci && npm run build) and build/shenbao (or $SHENBAO_BIN).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startE2E, stopE2E, shot, journey, expectPath, signIn, signOut, texts } from './browser.mjs';
import { creditCode } from '../lib/server.mjs';

// tests fix the server's clock at --now
const BANNER = /^演示\/测试模式：系统时间固定为 2023-07-15 10:00（北京时间）$/;

let server;
let base;

before(async () => {
  ({ server, base } = await startE2E({ demoNow: null }));
});

after(stopE2E);

const field = (page, key) => page.locator(`[data-field="${key}"]`);
const fieldError = (page, key) => field(page, key).locator('.el-form-item__error');

const DEMO_ROLES = [
  ['demo_applicant', '申报单位'],
  ['demo_county', '县（市、区）信息化主管部门'],
  ['demo_city', '设区市信息化主管部门'],
  ['demo_kunshan', '昆山市、泰兴市、沭阳县信息化主管部门'],
  ['demo_dept', '省有关部门'],
  ['demo_admin', '省信息化办（省工信厅信息化发展处）'],
  ['demo_expert', '评审专家'],
];

test('an applicant registers, signs in, sees the 2023 call and the account, signs out', () =>
  journey('register-signin', async (page) => {
    const suffix = String(process.pid % 100000).padStart(5, '0');
    const username = `e2eunit${suffix}`;
    const unitName = `南京数智测试科技有限公司${suffix}`;
    const good = creditCode(`91320102MA${suffix}00`.slice(0, 17));
    const wrongCheck = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');

    // Not signed in: / leads to sign-in, with the fixed-clock banner.
    await page.goto(base + '/');
    await expectPath(page, '/login');
    await page.getByTestId('clock-banner').getByText(BANNER).waitFor();
    await shot(page, '01-login');

    await page.getByTestId('to-register').click();
    await expectPath(page, '/register');
    await page.getByTestId('clock-banner').waitFor();

    await field(page, 'username').locator('input').fill(username);
    await field(page, 'password').locator('input').fill('Jiangsu@2023');
    await field(page, 'confirm').locator('input').fill('Jiangsu@2023');
    await field(page, 'unit_name').locator('input').fill(unitName);
    // typed in lower case: the field upper-cases it; the check character is wrong
    const cc = field(page, 'credit_code').locator('input');
    await cc.fill(wrongCheck.toLowerCase());
    assert.equal(await cc.inputValue(), wrongCheck);
    await cc.press('Tab');
    await fieldError(page, 'credit_code').filter({ hasText: /统一社会信用代码.*校验/ }).waitFor();
    assert.equal(await fieldError(page, 'username').count(), 0, 'no problem expected for a free username');
    await shot(page, '02-register-inline-error');

    await cc.fill(good);
    await cc.press('Tab');
    await fieldError(page, 'credit_code').waitFor({ state: 'detached' });
    await field(page, 'contact_name').locator('input').fill('张三');
    await field(page, 'contact_mobile').locator('input').fill('13912345678');
    await field(page, 'contact_mobile').locator('input').press('Tab');
    await shot(page, '03-register-filled');

    await page.getByTestId('register-submit').click();
    await expectPath(page, '/login');
    await page.getByText('注册成功，请登录').waitFor();
    assert.equal(await page.getByTestId('login-username').inputValue(), username);
    await shot(page, '04-registered');

    // A wrong password: the server's message, shown as it comes.
    await page.getByTestId('login-password').fill('Wrong@2023x');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('login-error').getByText('用户名或密码错误').waitFor();
    assert.equal(new URL(page.url()).pathname, '/login');

    await page.getByTestId('login-password').fill('Jiangsu@2023');
    await page.getByTestId('login-submit').click();
    await expectPath(page, '/');
    assert.equal((await page.getByTestId('role-label').textContent()).trim(), '申报单位');
    await page.getByTestId('campaign-title').getByText('2023年智慧江苏重点工程').waitFor();
    assert.equal((await page.getByTestId('apply-state').textContent()).trim(), '申报中');
    await page.getByTestId('timeline').getByText('2023年7月1日 至 2023年7月31日').waitFor();
    await page.getByTestId('rules').getByText('非土建类投资不少于 500 万元', { exact: false }).waitFor();
    await page.getByText('数字基础设施类').waitFor();
    await page.getByTestId('clock-banner').waitFor();
    await shot(page, '05-home');

    await page.getByTestId('side-menu').getByText('账号信息').click();
    await expectPath(page, '/account');
    await page.getByTestId('unit-name').getByText(unitName).waitFor();
    await page.getByTestId('account').getByText(good).waitFor();
    await shot(page, '06-account');

    await signOut(page);
    // Signed out: a protected page sends back to sign-in, remembering where it was going.
    await page.goto(base + '/account');
    await page.waitForURL((u) => u.pathname === '/login' && u.searchParams.get('redirect') === '/account');
    await shot(page, '07-signed-out');
  }));

test('each demo account sees its role label and its menu', () =>
  journey('roles', async (page) => {
    for (const [username, label] of DEMO_ROLES) {
      // an expert starts at 我的评审, everyone else at the call's notice
      const expert = username === 'demo_expert';
      await signIn(page, username, undefined, { home: expert ? '/reviews' : '/' });
      assert.equal((await page.getByTestId('role-label').textContent()).trim(), label, `role label of ${username}`);
      const menu = page.getByTestId('side-menu');
      await menu.getByText('申报通知').waitFor();
      await menu.getByText('账号信息').waitFor();
      const admin = username === 'demo_admin';
      assert.equal(await menu.getByText('账号管理').count(), admin ? 1 : 0, `账号管理 in the menu of ${username}`);
      // the expert review: 评审管理 (six pages) for the provincial office only, 我的评审 for experts only
      assert.deepEqual(
        await texts(menu.locator('.el-sub-menu').filter({ hasText: '评审管理' }).locator('.el-menu-item')),
        admin ? ['形式审查', '专家库', '回避关系', '专家分配', '评审进度', '评审排名'] : [],
        `评审管理 in the menu of ${username}`,
      );
      assert.equal(await menu.getByText('我的评审').count(), expert ? 1 : 0, `我的评审 in the menu of ${username}`);
      if (expert) {
        assert.equal((await page.getByTestId('page-title').textContent()).trim(), '我的评审');
        await page.getByTestId('my-reviews').waitFor();
      } else {
        await page.getByTestId('campaign-title').waitFor();
      }
      await shot(page, `10-role-${username}`);
      if (username === 'demo_applicant') {
        // the admin screen is not the applicant's: the router sends them home
        await page.goto(base + '/admin/users');
        await expectPath(page, '/');
        await page.getByTestId('role-label').waitFor();
      }
      await signOut(page);
    }
  }));

test('the provincial office creates a county reviewer account', () =>
  journey('admin-create-user', async (page) => {
    const username = `e2ecounty${process.pid % 100000}`;
    await signIn(page, 'demo_admin');
    await page.getByTestId('side-menu').getByText('账号管理').click();
    await expectPath(page, '/admin/users');
    const table = page.getByTestId('users-table');
    await table.getByText('demo_county', { exact: true }).waitFor();
    await shot(page, '20-users');

    await page.getByTestId('new-user').click();
    const dialog = page.locator('.el-dialog').filter({ hasText: '新建账号' });
    await dialog.waitFor();
    // the default role is the county reviewer; pick 玄武区 (南京市) from the grouped list
    await dialog.getByTestId('create-region').click();
    await page.keyboard.type('玄武');
    await page.locator('.el-select-dropdown__item').filter({ hasText: '玄武区', visible: true }).click();
    await dialog.getByTestId('create-username').fill(username);
    await dialog.getByTestId('create-password').fill('Review@2023');
    await dialog.getByTestId('create-name').fill('陈静');
    // a mobile number the server refuses: its message appears under the field
    await dialog.getByTestId('create-mobile').fill('1381234');
    await dialog.getByTestId('create-submit').click();
    await fieldError(dialog, 'mobile').waitFor();
    await shot(page, '21-create-user-error');

    await dialog.getByTestId('create-mobile').fill('13812345678');
    await dialog.getByTestId('create-submit').click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByText(`账号“${username}”已创建`).waitFor();
    await table.getByText(username, { exact: true }).waitFor();
    const row = table.locator('tr').filter({ hasText: username });
    await row.getByText('县（市、区）信息化主管部门').waitFor();
    await row.getByText('玄武区').waitFor();
    await shot(page, '22-user-created');
    await signOut(page);

    // the new account signs in with its role
    await signIn(page, username, 'Review@2023');
    assert.equal((await page.getByTestId('role-label').textContent()).trim(), '县（市、区）信息化主管部门');
    await signOut(page);
  }));
