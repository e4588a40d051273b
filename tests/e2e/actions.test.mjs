// The buttons are the server's: on every row of each reviewer's 审核工作台 and on the application
// page, the review actions shown are exactly the application's allowed_actions for the signed-in
// user, in its words (label on the button, description as the tooltip and the dialog's title); the
// applicant's 填写/提交/撤回 likewise (提交 only for a complete form inside the window, else the
// page says why); the status filters' options are GET /api/v1/statuses; after the
// deadlines (the server's clock moved on) nothing is offered and the pages say why. Screenshots of
// each page at 1440×900 and 390×844.
// Needs web/dist (cd web && npm ci && npm run build) and build/shenbao (or $SHENBAO_BIN).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startE2E, stopE2E, e2e, shot, shotBoth, journey, expectPath, signIn, apiGet, texts } from './browser.mjs';

before(async () => {
  await startE2E({ demoNow: '2023-07-15T09:00:00+08:00' });
});

after(stopE2E);

const text = async (loc) => (await loc.textContent()).replace(/\s+/g, ' ').trim();

async function openWorkbench(page) {
  await page.goto(`${e2e.base}/applications?tab=all`);
  await page.getByTestId('application-list').locator('tbody tr').first().waitFor();
}

// Every row of the list shown: 查看, then exactly the server's offer on it (labels, descriptions).
// Returns {id: allowed_actions}.
async function assertRows(page) {
  const list = await apiGet(page, '/api/v1/applications?per_page=200');
  const rows = page.getByTestId('application-list').locator('tbody tr');
  const seen = {};
  for (const app of list.items) {
    const row = rows.filter({ has: page.getByTestId(`row-${app.id}`) });
    await row.waitFor();
    const links = row.locator('.row-actions .el-link');
    assert.deepEqual(await texts(links), ['查看', ...app.allowed_actions.map((a) => a.label)], `row ${app.id}`);
    for (const [i, a] of app.allowed_actions.entries()) {
      assert.equal(await links.nth(i + 1).getAttribute('data-test'), `row-${a.action}-${app.id}`);
      assert.equal(await links.nth(i + 1).getAttribute('title'), a.description);
    }
    // 批量推荐 is offered for the rows the server offers 推荐 on
    const box = row.locator('td').first().locator('.el-checkbox');
    const offersRecommend = app.allowed_actions.some((a) => a.action === 'recommend');
    assert.equal(await box.evaluate((el) => el.classList.contains('is-disabled')), !offersRecommend, `checkbox of ${app.id}`);
    assert.equal(await text(page.getByTestId(`row-status-${app.id}`)), app.status_label);
    seen[app.id] = app.allowed_actions;
  }
  assert.equal(await rows.count(), list.items.length, 'one row per application');
  return seen;
}

// The application page's review bar: exactly the offer, or the words saying why there is none.
async function assertBar(page, id) {
  await page.goto(`${e2e.base}/applications/${id}`);
  const bar = page.getByTestId('review-bar');
  await bar.waitFor();
  const app = await apiGet(page, `/api/v1/applications/${id}`);
  assert.deepEqual(await texts(bar.locator('button')), app.allowed_actions.map((a) => a.label), `the bar on ${id}`);
  if (!app.allowed_actions.length) await bar.getByTestId('review-none').waitFor();
  assert.equal(await text(page.getByTestId('status-tag')), app.status_label);
  return app;
}

test('each reviewer sees exactly the server’s allowed_actions, on the work list and the application page', () =>
  journey('actions-reviewers', async (page) => {
    const expected = {
      demo_county: [['推荐', '退回修改', '不予推荐']],
      demo_city: [['推荐', '退回修改', '不予推荐']],
      demo_kunshan: [['推荐', '退回修改', '不予推荐']],
      demo_dept: [['推荐', '退回修改', '不予推荐']],
    };
    for (const user of Object.keys(expected)) {
      await signIn(page, user);
      await openWorkbench(page);
      const seen = await assertRows(page);
      assert.deepEqual(
        Object.values(seen).map((acts) => acts.map((a) => a.label)),
        expected[user],
        `${user}: what the demo offers`,
      );
      if (user === 'demo_county') await shotBoth(page, 'actions-01-county-workbench');
      for (const id of Object.keys(seen)) {
        await assertBar(page, id);
        if (user === 'demo_county') {
          await shotBoth(page, 'actions-02-county-application');
          // each button opens its dialog in the server's words
          for (const a of seen[id]) {
            await page.getByTestId(`review-${a.action}`).click();
            const dialog = page.getByTestId('review-dialog').filter({ visible: true });
            await dialog.waitFor();
            assert.equal(await text(dialog.locator('.el-dialog__title')), a.description);
            assert.equal(await text(dialog.getByTestId('review-confirm')), `确认${a.label}`);
            assert.equal(
              await dialog.locator('[data-field="comment"].is-required').count(),
              a.reason_required ? 1 : 0,
              `${a.action}: the comment is required as the server says`,
            );
            if (a.action !== 'recommend') await dialog.getByTestId('review-comment').fill('请补充项目总投入证明。');
            await page.waitForTimeout(300);
            await shotBoth(page, `actions-03-county-dialog-${a.action}`, { fullPage: false });
            await dialog.getByRole('button', { name: '取消' }).click();
            await dialog.waitFor({ state: 'hidden' });
          }
        }
      }
      await page.getByTestId('sign-out').click();
      await expectPath(page, '/login');
    }

    // the provincial office is offered nothing on a submission (its steps come later): no bar
    await signIn(page, 'demo_admin');
    const list = await apiGet(page, '/api/v1/applications');
    const first = list.items[0];
    assert.deepEqual(first.allowed_actions, []);
    await page.goto(`${e2e.base}/applications/${first.id}`);
    await page.getByTestId('status-tag').waitFor();
    assert.equal(await page.getByTestId('review-bar').count(), 0);
  }));

test('the applicant’s buttons are the server’s: 填写 on an incomplete draft (提交 once complete), 撤回 once submitted', () =>
  journey('actions-applicant', async (page) => {
    // an incomplete draft: 填写申报表; no 提交 (the server offers it once the form is complete),
    // and the page says why
    await signIn(page, 'demo_applicant');
    const draft = (await apiGet(page, '/api/v1/applications')).items[0];
    assert.deepEqual(draft.allowed_actions.map((a) => a.action), ['edit']);
    const missing = Object.keys((await apiGet(page, `/api/v1/applications/${draft.id}`)).problems).length;
    assert.ok(missing > 0, 'the demo draft is incomplete');
    await page.goto(`${e2e.base}/apply/${draft.id}`);
    await page.getByTestId('continue-edit').waitFor();
    assert.equal(await text(page.getByTestId('continue-edit')), '填写申报表');
    assert.equal(await page.getByTestId('submit-button').count(), 0);
    assert.equal(await page.getByTestId('withdraw-button').count(), 0);
    assert.match(await text(page.getByTestId('submit-hint')), new RegExp(`还有 ${missing} 项需要完善`));
    // the history in the server's words
    assert.equal(await text(page.getByTestId('history-create').getByTestId('history-label')), '创建申报');
    await shotBoth(page, 'actions-04-applicant-draft');
    await page.goto(`${e2e.base}/apply/${draft.id}/edit?step=submit`);
    await page.getByTestId('step-body-submit').waitFor();
    assert.equal(await page.getByTestId('submit-button').count(), 0);
    assert.match(await text(page.getByTestId('submit-blocked')), new RegExp(`还有 ${missing} 项需要完善`));
    await shotBoth(page, 'actions-05-applicant-submit-step');
    await page.getByTestId('sign-out').click();
    await expectPath(page, '/login');

    // submitted: 撤回 only; the form is read-only and says how to change it
    await signIn(page, 'demo_unit_yunfan');
    const sub = (await apiGet(page, '/api/v1/applications')).items[0];
    assert.deepEqual(sub.allowed_actions.map((a) => a.action), ['withdraw']);
    await page.goto(`${e2e.base}/apply/${sub.id}`);
    await page.getByTestId('withdraw-button').waitFor();
    assert.equal(await text(page.getByTestId('withdraw-button')), '撤回');
    assert.equal(await page.getByTestId('submit-button').count(), 0);
    assert.equal(await page.getByTestId('continue-edit').count(), 0);
    await page.getByTestId('view-form').waitFor();
    assert.match(await text(page.getByTestId('submitted-note')), /如需修改请先撤回/);
    assert.equal(await text(page.getByTestId('history-submit').getByTestId('history-status')), '状态：已提交，待县（市、区）审核');
    await shotBoth(page, 'actions-06-applicant-submitted');
    await page.getByTestId('view-form').click();
    await expectPath(page, `/apply/${sub.id}/edit`);
    const banner = page.getByTestId('readonly-banner');
    await banner.getByTestId('go-withdraw').waitFor();
    assert.equal(await text(banner.getByTestId('go-withdraw')), '去撤回');
    assert.equal(await page.getByTestId('save-status').count(), 0, 'nothing to save');
    await shotBoth(page, 'actions-07-applicant-form-readonly');
  }));

test('the provincial office’s status filters are the server’s statuses', () =>
  journey('actions-statuses', async (page) => {
    await signIn(page, 'demo_admin');
    const statuses = (await apiGet(page, '/api/v1/statuses')).items;
    const want = statuses.filter((s) => s.code !== 'draft').map((s) => s.label);
    assert.ok(want.includes('已提交，待审核'), 'submitted is said for every routing at once');
    assert.equal(want.length, 13);

    await page.goto(`${e2e.base}/applications`);
    await page.getByTestId('application-list').locator('tbody tr').first().waitFor();
    await page.getByTestId('filter-status').click();
    const options = page.locator('.el-select-dropdown').filter({ visible: true }).locator('.el-select-dropdown__item');
    await options.first().waitFor();
    assert.deepEqual(await texts(options), want);
    await shot(page, 'actions-08-admin-status-filter', { fullPage: false });
    await options.filter({ hasText: '已提交，待审核' }).click();
    await page.waitForURL((u) => u.searchParams.get('status') === 'submitted');
    await page.getByTestId('application-list').locator('tbody tr').first().waitFor();
    await shotBoth(page, 'actions-09-admin-list');

    await page.getByTestId('side-menu').getByText('数据总览').click();
    await expectPath(page, '/admin/overview');
    await page.getByTestId('ov-status').click();
    const ov = page.locator('.el-select-dropdown').filter({ visible: true }).locator('.el-select-dropdown__item');
    await ov.first().waitFor();
    assert.deepEqual(await texts(ov), want);
    await page.keyboard.press('Escape');
    await page.evaluate(() => document.activeElement && document.activeElement.blur());
    await page.getByTestId('chart-category').locator('canvas').waitFor();
    await page.waitForTimeout(800); // the charts' entry animation
    await shotBoth(page, 'actions-10-admin-overview');
  }));

// Last: moves the server's clock past the application window and the local review deadline.
test('after the deadlines the server offers nothing to do but edit a draft, and the pages say why', () =>
  journey('actions-deadlines', async (page) => {
    await e2e.server.restart({ now: '2023-08-25T10:00:00+08:00' });
    e2e.base = e2e.server.url;

    // 玄武区: its submission waits, but local review closed on 2023-08-21
    await signIn(page, 'demo_county');
    await openWorkbench(page);
    const seen = await assertRows(page);
    assert.ok(Object.values(seen).every((acts) => acts.length === 0), 'nothing offered after the deadline');
    assert.equal(await text(page.getByTestId('count-todo')), '0');
    const id = Object.keys(seen)[0];
    const app = await assertBar(page, id);
    assert.equal(app.status, 'submitted');
    assert.equal(await text(page.getByTestId('review-none')), '地方审核推荐已于 2023年8月21日 截止');
    await shot(page, 'actions-11-county-after-deadline');
    await page.getByTestId('sign-out').click();
    await expectPath(page, '/login');

    // the draft may still be filled in, not submitted (the window closed on 2023-07-31)
    await signIn(page, 'demo_applicant');
    const draft = (await apiGet(page, '/api/v1/applications')).items[0];
    assert.deepEqual(draft.allowed_actions.map((a) => a.action), ['edit']);
    await page.goto(`${e2e.base}/apply/${draft.id}`);
    await page.getByTestId('continue-edit').waitFor();
    assert.equal(await page.getByTestId('submit-button').count(), 0);
    assert.match(await text(page.getByTestId('submit-hint')), /当前不在申报时间内.*不能提交/);
    await shot(page, 'actions-12-applicant-after-window');
    await page.goto(`${e2e.base}/apply/${draft.id}/edit?step=submit`);
    await page.getByTestId('step-body-submit').waitFor();
    assert.equal(await page.getByTestId('submit-button').count(), 0);
    assert.match(await text(page.getByTestId('submit-blocked')), /当前不在申报时间内/);
    await page.getByTestId('window-banner').waitFor();
  }));
