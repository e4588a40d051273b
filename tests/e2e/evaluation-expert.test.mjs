// The expert review's other paths through the web UI, on the demo data: an expert sees only its
// own work (another expert's assignment, application and the office's pages are out of reach);
// 孙强 declares a conflict on the project he has not begun (the server asks for the reason), the
// office finds it in 回避关系 and fills the gap with a new draw; the office reminds one expert and
// sends a submitted score back with a reason from 评审进度, the expert is told, changes it and
// submits again; the office marks a conflict and takes the mark back, assigns by hand from the
// application page (a conflicting expert shown and not chosen, a late conflict refused in the
// server's words); and adds, corrects and deactivates an expert by hand.
// Screenshots at 1440×900 and 390×844.
// Needs web/dist (cd web && npm ci && npm run build) and build/shenbao (or $SHENBAO_BIN).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startE2E, stopE2E, e2e, shotBoth, journey, expectPath, signIn, signOut, apiGet } from './browser.mjs';

before(async () => {
  await startE2E();
});

after(stopE2E);

const text = async (loc) => (await loc.textContent()).replace(/\s+/g, ' ').trim();
const boxButton = (page, name) => page.locator('.el-message-box').getByRole('button', { name, exact: true });
const fieldError = (scope, key) => scope.locator(`[data-field="${key}"] .el-form-item__error`);
const EXPERT = { home: '/reviews' };

test('an expert sees only its own assignments, never another expert’s or the office’s pages', () =>
  journey('expert-restrictions', async (page) => {
    await signIn(page, 'expert_wangjg', undefined, EXPERT);
    const own = (await apiGet(page, '/api/v1/assignments')).items;
    assert.ok(own.length > 0);
    const me = own[0].expert_id;
    assert.ok(own.every((s) => s.expert_id === me), 'only its own');
    for (const s of own) await page.getByTestId(`my-review-${s.id}`).waitFor();
    assert.equal(await page.locator('[data-test^="my-review-status-"]').count(), own.length);
    // 孙强's (demo_expert) first assignment: not found, by the page and by the API
    const others = (await apiGet(page, '/api/v1/assignments?expert_id=1')).items;
    assert.deepEqual(others, [], 'asking for another expert’s list gives nothing');
    const r = await page.request.get(`${e2e.base}/api/v1/assignments/1`);
    assert.equal(r.status(), 404);
    const sheet = await page.request.get(`${e2e.base}/api/v1/assignments/1/score-sheet.pdf`);
    assert.equal(sheet.status(), 404);
    await page.goto(`${e2e.base}/reviews/1`);
    await page.getByTestId('score-load-error').getByText('没有找到该评审任务，或该任务不属于您').waitFor();
    // an application it does not review
    const mine = new Set(own.map((s) => s.application_id));
    const notMine = [6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17].find((id) => !mine.has(id));
    assert.equal((await page.request.get(`${e2e.base}/api/v1/applications/${notMine}`)).status(), 404);
    // the office's pages and data
    assert.equal((await page.request.get(`${e2e.base}/api/v1/campaigns/2023/ranking`)).status(), 403);
    for (const path of ['/admin/experts', '/admin/progress']) {
      await page.goto(e2e.base + path);
      await expectPath(page, '/reviews');
    }
    await page.getByTestId('my-reviews').waitFor();
    // its own sheet: no other expert's name or score anywhere on it
    const done = own.find((s) => s.status === 'submitted');
    await page.goto(`${e2e.base}/reviews/${done.id}`);
    await page.getByTestId('score-submitted').waitFor();
    const seen = (await page.getByTestId('score-head').textContent()) + (await page.getByTestId('score-sheet').textContent());
    const colleagues = (await page.request.get(`${e2e.base}/api/v1/experts`)).status();
    assert.equal(colleagues, 403, 'the pool is the office’s');
    for (const name of ['孙强', '李敏', '张伟', '刘洋', '杨帆', '徐慧', '马骏']) assert.ok(!seen.includes(name), `${name} not on 王建国's sheet`);
  }));

test('an expert declares a conflict; the office sees it and a new draw fills the place', () =>
  journey('expert-conflict', async (page) => {
    await signIn(page, 'demo_expert', undefined, EXPERT);
    const own = (await apiGet(page, '/api/v1/assignments')).items;
    const todo = own.find((s) => s.status === 'assigned');
    assert.ok(todo, 'the demo leaves 孙强 one task not begun');
    await page.getByTestId(`my-review-open-${todo.id}`).click();
    await expectPath(page, `/reviews/${todo.id}`);
    await page.getByTestId('score-declare').click();
    const dialog = page.getByTestId('declare-dialog').filter({ visible: true });
    await dialog.waitFor();
    // no reason: the server says so under the field
    await dialog.getByTestId('declare-submit').click();
    await fieldError(dialog, 'reason').getByText('请填写回避理由').waitFor();
    const reason = '本人曾为该项目的可行性研究报告评审专家组组长。';
    await dialog.getByTestId('declare-reason').fill(reason);
    await shotBoth(page, 'expert-01-declare', { fullPage: false });
    await dialog.getByTestId('declare-submit').click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByTestId('score-declared').waitFor();
    assert.equal(await text(page.getByTestId('score-status')), '已申明回避');
    assert.equal(await page.getByTestId('score-sheet').count(), 0);
    await page.getByTestId('back-to-list').click();
    await expectPath(page, '/reviews');
    await page.getByTestId(`my-review-status-${todo.id}`).getByText('已申明回避').waitFor();
    await shotBoth(page, 'expert-02-my-reviews-declared');
    await signOut(page);

    // the office: 回避关系 lists it in the server's words, not a mark to take back
    await signIn(page, 'demo_admin');
    await page.getByTestId('side-menu').getByText('回避关系').click();
    await expectPath(page, '/admin/conflicts');
    const pair = `${todo.expert_id}-${todo.application_id}`;
    await page.getByTestId(`conflict-reason-${pair}`).getByText('专家自行申明').waitFor();
    const row = page.locator('.cf-table tr').filter({ has: page.getByTestId(`conflict-${pair}`) });
    await row.getByText(reason).waitFor();
    assert.equal(await row.getByText('取消标记').count(), 0);
    assert.equal(await text(page.getByTestId('cf-total')), '3');
    await shotBoth(page, 'expert-03-conflicts');

    // 专家分配: the project is one short; a draw with a fresh seed fills it, never with 孙强
    await page.getByTestId('side-menu').getByText('专家分配').click();
    await page.getByTestId(`as-count-${todo.application_id}`).getByText('4 / 5 位').waitFor();
    await page.getByTestId('draw-run').click();
    await page.locator('.el-message-box').getByText('未填写随机种子，系统将随机生成并记录').waitFor();
    await boxButton(page, '开始抽取').click();
    const result = page.getByTestId('draw-result');
    await result.waitFor();
    const draws = (await apiGet(page, '/api/v1/campaigns/2023/draws')).items;
    assert.match(draws[0].seed, /^[0-9a-f]{12}$/, 'a fresh seed, recorded');
    assert.equal(await text(result.getByTestId('draw-result-seed')), draws[0].seed);
    assert.equal(await text(page.getByTestId(`as-count-${todo.application_id}`)), '5 / 5 位');
    const now = (await apiGet(page, `/api/v1/assignments?application_id=${todo.application_id}`)).items;
    assert.equal(now.filter((s) => s.expert_id === todo.expert_id).length, 1, 'only the declared one');
    assert.equal(now.find((s) => s.expert_id === todo.expert_id).status, 'conflict_declared');
  }));

test('the office sends a submitted score back with a reason; the expert is told, changes it and submits again', () =>
  journey('reopen', async (page) => {
    await signIn(page, 'demo_admin');
    await page.getByTestId('side-menu').getByText('评审进度').click();
    await expectPath(page, '/admin/progress');
    await page.getByTestId('pg-expert-1').waitFor();
    await shotBoth(page, 'expert-04-progress');
    // 催办 one expert: ticked, sent to that one only
    const row1 = page.locator('.el-table__row').filter({ has: page.getByTestId('pg-expert-1') });
    await row1.locator('.el-checkbox').click();
    assert.equal(await text(page.getByTestId('remind-selected')), '催办所选（1）');
    await page.getByTestId('remind-selected').click();
    await page.locator('.el-message-box').getByText('向所选的 1 位专家发送催办提醒').waitFor();
    await boxButton(page, '发送').click();
    await page.getByText('已向 1 位专家发送催办提醒').waitFor();
    await page.locator('.el-tabs__item').filter({ hasText: '按项目' }).click();
    const first = (await apiGet(page, '/api/v1/assignments?expert_id=1')).items.find((s) => s.status === 'submitted');
    const before = await text(page.getByTestId(`pg-project-count-${first.application_id}`));
    await page.getByTestId(`pg-project-open-${first.application_id}`).click();
    const drawer = page.getByTestId('project-experts').filter({ visible: true });
    await drawer.getByTestId(`pe-status-${first.id}`).getByText('已提交').waitFor();
    await drawer.getByTestId(`pe-reopen-${first.id}`).click();
    const dialog = page.getByTestId('reopen-score-dialog').filter({ visible: true });
    await dialog.waitFor();
    await dialog.getByTestId('reopen-score-submit').click();
    await fieldError(dialog, 'reason').getByText('请填写退回评分的理由').waitFor();
    await dialog.getByTestId('reopen-score-reason').fill('“创新性与先进性”得分与评审意见不一致，请核对后重新提交。');
    await shotBoth(page, 'expert-05-reopen', { fullPage: false });
    await dialog.getByTestId('reopen-score-submit').click();
    await dialog.waitFor({ state: 'hidden' });
    await drawer.getByTestId(`pe-status-${first.id}`).getByText('评分中（草稿）').waitFor();
    await drawer.getByRole('button', { name: '关闭', exact: true }).click();
    const [n, m] = before.split(/[/ ]/).map(Number);
    await page.getByTestId(`pg-project-count-${first.application_id}`).getByText(`${n - 1}/${m} 已提交`).waitFor();
    await signOut(page);

    // 孙强 is told, and finds it at 我的评审
    await signIn(page, 'demo_expert', undefined, EXPERT);
    await page.getByTestId('notification-bell').click();
    await page.getByTestId('notification-drawer').locator('[data-kind="review_reminder"]').first().getByText('请尽快完成评审').waitFor();
    const notice = page.getByTestId('notification-drawer').locator('[data-kind="score_reopened"]').first();
    await notice.getByText('评分被退回修改').waitFor();
    await notice.click();
    await expectPath(page, '/reviews');
    await page.getByTestId(`my-review-status-${first.id}`).getByText('评分中（草稿）').waitFor();
    assert.equal(await text(page.getByTestId(`my-review-open-${first.id}`)), '继续评分');
    await page.getByTestId(`my-review-open-${first.id}`).click();
    await expectPath(page, `/reviews/${first.id}`);
    // the page says why the office sent it back
    await page.getByTestId('score-reopened').getByText('“创新性与先进性”得分与评审意见不一致', { exact: false }).waitFor();
    await page.getByTestId('score-innovation').fill('20.5');
    const total = Number(first.total) - Number(first.criteria.innovation) + 20.5;
    assert.equal(await text(page.getByTestId('score-total')), total.toFixed(2));
    await page.getByTestId('score-submit').click();
    await boxButton(page, '确定提交').click();
    await page.getByTestId('score-submitted').waitFor();
    const again = await apiGet(page, `/api/v1/assignments/${first.id}`);
    assert.equal(again.status, 'submitted');
    assert.equal(again.criteria.innovation, 20.5);
    assert.equal(again.total, total);
  }));

test('the office marks a conflict and takes the mark back; adds, corrects and deactivates an expert', () =>
  journey('marks-experts', async (page) => {
    await signIn(page, 'demo_admin');
    await page.goto(`${e2e.base}/admin/conflicts`);
    await page.getByTestId('conflict-list').locator('.cf-table').waitFor();
    const before = (await apiGet(page, '/api/v1/campaigns/2023/conflicts')).total;
    await page.getByTestId('cf-mark').click();
    const dialog = page.getByTestId('mark-dialog').filter({ visible: true });
    await dialog.waitFor();
    // nothing chosen: the server's messages by field
    await dialog.getByTestId('mark-submit').click();
    await fieldError(dialog, 'expert_id').waitFor();
    await dialog.getByTestId('mark-expert').click();
    await page.keyboard.type('王建国');
    await page.locator('.el-select-dropdown__item').filter({ hasText: '王建国（南京大学）', visible: true }).click();
    await dialog.getByTestId('mark-project').click();
    await page.keyboard.type('智慧养老');
    await page.locator('.el-select-dropdown__item').filter({ hasText: '梁溪区智慧养老综合服务平台', visible: true }).click();
    await dialog.getByTestId('mark-comment').fill('专家为该项目建设单位的技术顾问。');
    await shotBoth(page, 'expert-06-mark', { fullPage: false });
    await dialog.getByTestId('mark-submit').click();
    await dialog.waitFor({ state: 'hidden' });
    const list = (await apiGet(page, '/api/v1/campaigns/2023/conflicts')).items;
    assert.equal(list.length, before + 1);
    const marked = list.find((c) => c.reason === 'marked');
    assert.equal(marked.detail, '专家为该项目建设单位的技术顾问。');
    await page.getByTestId(`conflict-reason-${marked.expert_id}-${marked.application_id}`).getByText('管理员标记').waitFor();
    await page.getByTestId(`conflict-unmark-${marked.mark_id}`).click();
    await boxButton(page, '取消标记').click();
    await page.getByTestId(`conflict-${marked.expert_id}-${marked.application_id}`).waitFor({ state: 'detached' });
    assert.equal((await apiGet(page, '/api/v1/campaigns/2023/conflicts')).total, before);

    // 分配评审专家 from the application page: the project's experts, those who must stand aside
    // shown with the server's reason and not to be chosen
    const conflicts = (await apiGet(page, '/api/v1/campaigns/2023/conflicts')).items;
    const former = conflicts.find((c) => c.reason === 'former_unit'); // 徐慧 and the 无锡星火 project
    await page.goto(`${e2e.base}/applications/${former.application_id}`);
    await page.getByTestId('review-bar').getByTestId('review-assign').click();
    await page.waitForURL((u) => u.pathname === '/admin/assignments' && u.searchParams.get('app') === String(former.application_id));
    const drawer = page.getByTestId('project-experts').filter({ visible: true });
    await drawer.getByTestId('pe-project').getByText(former.project_name).waitFor();
    await drawer.getByTestId('pe-expert').click();
    const option = page.getByTestId(`pe-option-${former.expert_id}`);
    await option.getByText(`须回避：${former.reason_label}`).waitFor();
    assert.match(await option.getAttribute('class'), /is-disabled/);
    await shotBoth(page, 'expert-09-assign-by-hand', { fullPage: false });
    // a pair that became a conflict after the list was read: the server refuses it, in its words
    const free = page.locator('[data-test^="pe-option-"]:not(.is-disabled)').first();
    const freeId = Number((await free.getAttribute('data-test')).replace('pe-option-', ''));
    const csrf = (await apiGet(page, '/api/v1/me')).csrf_token;
    const marked409 = await page.request.post(`${e2e.base}/api/v1/campaigns/2023/conflicts`, {
      headers: { 'X-CSRF-Token': csrf },
      data: { expert_id: freeId, application_id: former.application_id, comment: '与申报单位负责人为近亲属。' },
    });
    assert.equal(marked409.status(), 201);
    await free.click();
    await drawer.getByTestId('pe-assign').click();
    await drawer.getByTestId('pe-error').getByText('该专家须回避该项目：管理员标记（与申报单位负责人为近亲属。）').waitFor();
    await drawer.getByRole('button', { name: '关闭', exact: true }).click();
    await drawer.waitFor({ state: 'hidden' });

    // 专家库: a new expert by hand, the server's messages by field, with a former unit and an account
    await page.goto(`${e2e.base}/admin/experts`);
    await page.getByTestId('expert-row-1').waitFor();
    await page.getByTestId('expert-new').click();
    const editor = page.getByTestId('expert-editor').filter({ visible: true });
    await editor.waitFor();
    await editor.getByTestId('expert-save').click();
    for (const k of ['name', 'unit', 'specialties', 'region_code', 'mobile']) await fieldError(editor, k).waitFor();
    await editor.getByTestId('expert-name').fill('韩冰');
    await editor.getByTestId('expert-title').fill('教授');
    await editor.getByTestId('expert-unit').fill('南京信息工程大学');
    await editor.getByTestId('expert-specialty-governance').click();
    await editor.locator('[data-field="region_code"] input').click();
    await page.keyboard.type('浦口');
    await page.locator('.el-cascader__suggestion-item').filter({ hasText: '浦口区', visible: true }).first().click();
    await editor.getByTestId('expert-mobile').fill('1395110');
    await editor.getByTestId('former-add').click();
    await editor.getByTestId('former-0-name').fill('江苏省大数据管理中心');
    await editor.getByTestId('expert-account').click();
    await editor.getByTestId('expert-username').fill('e2e_hanbing');
    await editor.getByTestId('expert-password').fill('Hanbing@2023');
    await editor.getByTestId('expert-save').click();
    await fieldError(editor, 'mobile').waitFor();
    await fieldError(editor, 'former_units.0.until').waitFor();
    await shotBoth(page, 'expert-07-editor-errors', { fullPage: false });
    await editor.getByTestId('expert-mobile').fill('13951100021');
    await editor.locator('[data-field="former_units.0.until"] input').fill('2021-09');
    await editor.locator('[data-field="former_units.0.until"] input').press('Enter');
    await editor.getByTestId('expert-save').click();
    await editor.waitFor({ state: 'hidden' });
    await page.getByText('已将韩冰（南京信息工程大学）加入专家库').waitFor();
    const han = (await apiGet(page, '/api/v1/experts')).items.find((e) => e.name === '韩冰');
    assert.deepEqual(han.former_units, [{ name: '江苏省大数据管理中心', credit_code: null, until: '2021-09' }]);
    assert.equal(han.username, 'e2e_hanbing');
    assert.deepEqual(han.specialties, ['governance']);

    // corrected: a second specialty
    await page.getByTestId(`expert-edit-${han.id}`).click();
    await editor.waitFor();
    assert.equal(await editor.getByTestId('expert-name').inputValue(), '韩冰');
    await editor.getByText('登录账号', { exact: true }).waitFor();
    await editor.getByTestId('expert-specialty-livelihood').click();
    await editor.getByTestId('expert-save').click();
    await editor.waitFor({ state: 'hidden' });
    await page.getByText('已保存韩冰的信息').waitFor();
    // deactivated: confirmed, shown, kept out of the active count
    const active = Number(await text(page.getByTestId('ex-active')));
    await page.getByTestId(`expert-toggle-${han.id}`).click();
    await boxButton(page, '确定停用').click();
    await page.getByTestId(`expert-status-${han.id}`).getByText('已停用').waitFor();
    assert.equal(await text(page.getByTestId('ex-active')), String(active - 1));
    const after = (await apiGet(page, '/api/v1/experts')).items.find((e) => e.id === han.id);
    assert.equal(after.active, false);
    assert.deepEqual(after.specialties, ['governance', 'livelihood']);
    assert.deepEqual(after.former_units, han.former_units, 'the record kept whole');
    await page.getByTestId('ex-active-filter').getByText('停用').click();
    await page.getByTestId(`expert-row-${han.id}`).waitFor();
    assert.equal(await page.locator('[data-test^="expert-row-"]').count(), 1);
    await shotBoth(page, 'expert-08-experts-inactive');
  }));
