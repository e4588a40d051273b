// Documents and lists through the web UI, driven with playwright-core and Debian's Chromium: the
// applicant prints its 申报表 (form.pdf) from the status page, the form's header and the 附件 step;
// a submitted unit downloads its 申报回执; the 玄武区 reviewer exports the 审核工作台 list as CSV and Excel
// with the list's filters; the provincial office adds, renames, retires and re-enables a 省有关部门
// in 部门管理, and a retired department is no longer offered for new accounts.
// Needs web/dist (cd web && npm ci && npm run build) and build/shenbao (or $SHENBAO_BIN).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startE2E, stopE2E, NOW, shot, journey, expectPath, signIn, signOut } from './browser.mjs';


let server;
let base;

before(async () => {
  ({ server, base } = await startE2E({ demoNow: NOW }));
});

after(stopE2E);

// GET with the page's cookies: status, content type and the first bytes.
async function fetchDoc(page, url) {
  const r = await page.request.get(new URL(url, base).href);
  const body = await r.body();
  return { status: r.status(), type: r.headers()['content-type'] || '', head: body.subarray(0, 8), body };
}

// The application of the signed-in unit (its only one).
async function myApplicationId(page) {
  const r = await page.request.get(base + '/api/v1/applications');
  assert.equal(r.status(), 200);
  const items = (await r.json()).items;
  assert.equal(items.length, 1);
  return items[0].id;
}

test('the applicant prints its 申报表 from the status page, the form header and the 附件 step', () =>
  journey('documents-applicant', async (page) => {
    await signIn(page, 'demo_applicant');
    const id = await myApplicationId(page);
    await page.goto(`${base}/apply/${id}`);
    await page.getByTestId('status-tag').getByText('草稿', { exact: true }).waitFor();

    // 打印申报表（PDF）: a link to form.pdf that opens a new tab; a draft has no 回执
    const print = page.getByTestId('print-form');
    assert.equal((await print.textContent()).trim(), '打印申报表（PDF）');
    assert.equal(await print.getAttribute('href'), `/api/v1/applications/${id}/form.pdf`);
    assert.equal(await print.getAttribute('target'), '_blank');
    assert.equal(await page.getByTestId('receipt-pdf').count(), 0, 'no 回执 for a draft');
    assert.equal(await page.getByTestId('receipt').count(), 0);
    await shot(page, 'doc-01-applicant-status-draft');

    const [tab] = await Promise.all([page.waitForEvent('popup'), print.click()]);
    assert.equal(new URL(tab.url()).pathname, `/api/v1/applications/${id}/form.pdf`, 'the new tab opens form.pdf');
    await tab.close();
    const pdf = await fetchDoc(page, await print.getAttribute('href'));
    assert.equal(pdf.status, 200);
    assert.match(pdf.type, /^application\/pdf/);
    assert.equal(pdf.head.subarray(0, 5).toString(), '%PDF-');
    // before the first submission there is no receipt
    assert.equal((await fetchDoc(page, `/api/v1/applications/${id}/receipt.pdf`)).status, 409);

    // the form's header has it too
    await page.getByTestId('continue-edit').click();
    await expectPath(page, `/apply/${id}/edit`);
    await page.getByTestId('step-body-cover').waitFor();
    const headPrint = page.getByTestId('form-head').getByTestId('print-form');
    assert.equal((await headPrint.textContent()).trim(), '打印申报表（PDF）');
    assert.equal(await headPrint.getAttribute('href'), `/api/v1/applications/${id}/form.pdf`);
    await shot(page, 'doc-02-form-header');

    // a change not yet saved: printing saves it first, then the tab shows the PDF
    const leader = page.locator('[data-test="field-cover.project_leader"] input').first();
    await leader.fill('王晓明（打印前修改）');
    const [tab2] = await Promise.all([page.waitForEvent('popup'), headPrint.click()]);
    await tab2.waitForURL((u) => u.pathname === `/api/v1/applications/${id}/form.pdf`);
    await tab2.close();
    const saved = await (await page.request.get(`${base}/api/v1/applications/${id}`)).json();
    assert.equal(saved.cover.project_leader, '王晓明（打印前修改）', 'saved before the PDF was fetched');

    // 附件: the 盖章申报表 row says to print, stamp and upload
    await page.getByTestId('step-attachments').click();
    await page.getByTestId('step-body-attachments').waitFor();
    const hint = page.getByTestId('print-form-hint');
    await hint.getByText('打印后盖章，扫描上传为“盖章申报表”').waitFor();
    assert.ok(
      await page.locator('[data-test="field-attachments.stamped_form"]').getByTestId('print-form-hint').isVisible(),
      'the hint is in the 盖章申报表 row',
    );
    assert.equal(
      await hint.getByTestId('print-form-attachments').getAttribute('href'),
      `/api/v1/applications/${id}/form.pdf`,
    );
    await shot(page, 'doc-03-attachments-hint');
    await signOut(page);
  }));

test('a submitted unit downloads its 申报回执; the reviewer prints the 申报表 read-only', () =>
  journey('documents-receipt', async (page) => {
    await signIn(page, 'demo_unit_yunfan');
    const id = await myApplicationId(page);
    await page.goto(`${base}/apply/${id}`);
    await page.getByTestId('status-tag').getByText('已提交，待县（市、区）审核', { exact: true }).waitFor();
    const number = (await page.getByTestId('submission-no').textContent()).trim();
    const receipt = page.getByTestId('receipt-pdf');
    assert.equal((await receipt.textContent()).trim(), '下载申报回执（PDF）');
    assert.equal((await page.getByTestId('print-form').textContent()).trim(), '打印申报表（PDF）');
    await shot(page, 'doc-04-applicant-status-submitted');

    const [download] = await Promise.all([page.waitForEvent('download'), receipt.click()]);
    assert.equal(download.suggestedFilename(), `申报回执-${number}.pdf`);
    assert.equal(readFileSync(await download.path()).subarray(0, 5).toString(), '%PDF-');
    // the receipt block prints the same PDF
    assert.equal(await page.getByTestId('print-receipt').getAttribute('href'), `/api/v1/applications/${id}/receipt.pdf`);
    const doc = await fetchDoc(page, `/api/v1/applications/${id}/receipt.pdf`);
    assert.equal(doc.status, 200);
    assert.match(doc.type, /^application\/pdf/);
    await signOut(page);

    // the 玄武区 reviewer: the same 打印申报表, no 回执 button
    await signIn(page, 'demo_county');
    await page.goto(`${base}/applications/${id}`);
    await page.getByTestId('submission-no').getByText(number).waitFor();
    const print = page.getByTestId('print-form');
    assert.equal(await print.getAttribute('href'), `/api/v1/applications/${id}/form.pdf`);
    assert.equal(await page.getByTestId('receipt-pdf').count(), 0);
    const form = await fetchDoc(page, `/api/v1/applications/${id}/form.pdf`);
    assert.equal(form.status, 200);
    assert.match(form.type, /^application\/pdf/);
    await shot(page, 'doc-05-reviewer-status');
    await page.getByTestId('view-form').click();
    await expectPath(page, `/applications/${id}/form`);
    await page.getByTestId('readonly-banner').waitFor();
    assert.equal(await page.getByTestId('form-head').getByTestId('print-form').getAttribute('href'), `/api/v1/applications/${id}/form.pdf`);
    await shot(page, 'doc-06-reviewer-form');
  }));

test('the county reviewer exports the 审核工作台 list as CSV and Excel, with the filters shown', () =>
  journey('documents-export', async (page) => {
    await signIn(page, 'demo_county');
    await page.getByTestId('side-menu').getByText('审核工作台').click();
    await expectPath(page, '/applications');
    const list = page.getByTestId('application-list');
    await list.getByText('玄武区智慧社区综合服务平台').waitFor();
    await shot(page, 'doc-07-review-list');

    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
    assert.equal(csv.suggestedFilename(), '申报列表-2023.csv');
    const bytes = readFileSync(await csv.path());
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'starts with the UTF-8 BOM');
    const text = bytes.subarray(3).toString('utf8');
    const header = text.split(/\r?\n/)[0];
    assert.ok(header.split(',').some((h) => h.includes('项目名称')), `a 项目名称 column: ${header.slice(0, 120)}`);
    assert.ok(text.includes('玄武区智慧社区综合服务平台'), 'the list’s application is in the file');
    await page.getByTestId('export-csv').getByText('导出 CSV').waitFor();

    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-xlsx').click()]);
    assert.equal(xlsx.suggestedFilename(), '申报列表-2023.xlsx');
    assert.equal(readFileSync(await xlsx.path()).subarray(0, 2).toString(), 'PK', 'an xlsx (zip) file');

    // with a filter that matches nothing, the file is what the list shows: nothing (and the
    // buttons say so)
    await page.getByTestId('filter-category').click();
    await page.locator('.el-select-dropdown__item').filter({ hasText: '数字基础设施类', visible: true }).click();
    await page.waitForURL((u) => u.searchParams.get('category') === 'infrastructure');
    await list.getByText('暂无申报').waitFor();
    assert.ok(await page.getByTestId('export-csv').isDisabled(), '导出 CSV disabled for an empty list');
    const filtered = await fetchDoc(page, '/api/v1/applications.csv?campaign=2023&category=infrastructure');
    assert.equal(filtered.body.subarray(3).toString('utf8').trim().split(/\r?\n/).length, 1, 'only the header');
    await shot(page, 'doc-08-review-list-empty');
  }));

test('the provincial office adds, renames, retires and re-enables a department in 部门管理', () =>
  journey('documents-departments', async (page) => {
    await signIn(page, 'demo_admin');
    await page.getByTestId('side-menu').getByText('部门管理').click();
    await expectPath(page, '/admin/departments');
    const table = page.getByTestId('departments-table');
    await table.getByText('省工业和信息化厅', { exact: true }).waitFor();
    await shot(page, 'doc-09-departments');

    // 新增部门: the server's messages appear under the fields
    await page.getByTestId('new-department').click();
    const dialog = page.locator('.el-dialog').filter({ hasText: '新增部门' });
    await dialog.waitFor();
    await dialog.getByTestId('dept-code').fill('SJ J');
    await dialog.getByTestId('dept-name').fill('局');
    await dialog.getByTestId('dept-submit').click();
    await dialog.locator('[data-field="code"] .el-form-item__error').getByText('小写字母').waitFor();
    await dialog.locator('[data-field="name"] .el-form-item__error').getByText('2～60').waitFor();
    await shot(page, 'doc-10-department-422', { fullPage: false });
    // a code already taken: 409, said under 部门代码
    await dialog.getByTestId('dept-code').fill('gxt');
    await dialog.getByTestId('dept-name').fill('省数据局');
    await dialog.getByTestId('dept-submit').click();
    await dialog.locator('[data-field="code"] .el-form-item__error').getByText('部门代码已存在').waitFor();
    await dialog.locator('[data-field="name"] .el-form-item__error').waitFor({ state: 'detached' });
    await shot(page, 'doc-10-department-409', { fullPage: false });
    await dialog.getByTestId('dept-code').fill('sjj');
    await dialog.getByTestId('dept-submit').click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByText('已新增部门“省数据局”').waitFor();
    const row = table.locator('tr').filter({ has: page.getByTestId('dept-sjj') });
    await row.getByText('省数据局', { exact: true }).waitFor();
    assert.equal((await page.getByTestId('dept-state-sjj').textContent()).trim(), '启用');

    // 重命名
    await page.getByTestId('dept-rename-sjj').click();
    const rename = page.locator('.el-dialog').filter({ hasText: '重命名部门' });
    await rename.waitFor();
    assert.ok(await rename.getByTestId('dept-code').isDisabled(), 'the code cannot change');
    await rename.getByTestId('dept-name').fill('江苏省数据局');
    await shot(page, 'doc-10-department-rename', { fullPage: false });
    await rename.getByTestId('dept-submit').click();
    await rename.waitFor({ state: 'hidden' });
    await row.getByText('江苏省数据局', { exact: true }).waitFor();

    // offered for new accounts while active
    const active = async () => (await (await page.request.get(base + '/api/v1/departments')).json()).map((d) => d.code);
    assert.ok((await active()).includes('sjj'));

    // 停用, after a confirmation that says what it does
    await page.getByTestId('dept-toggle-sjj').click();
    const confirm = page.locator('.el-message-box').filter({ hasText: '停用“江苏省数据局”' });
    await confirm.getByText('停用后，新建账号和申报时将不再提供该部门；已有账号和申报不受影响').waitFor();
    await shot(page, 'doc-11-department-retire-confirm', { fullPage: false });
    await confirm.getByRole('button', { name: '确定停用' }).click();
    await page.getByTestId('dept-state-sjj').getByText('已停用').waitFor();
    assert.equal((await page.getByTestId('dept-toggle-sjj').textContent()).trim(), '启用');
    assert.ok(!(await active()).includes('sjj'), 'a retired department is not offered');
    const all = await (await page.request.get(base + '/api/v1/departments?all=1')).json();
    assert.deepEqual(all.find((d) => d.code === 'sjj'), { code: 'sjj', name: '江苏省数据局', active: false });
    await shot(page, 'doc-12-department-retired');

    // 账号管理 no longer offers it for a 省有关部门 account
    await page.getByTestId('side-menu').getByText('账号管理').click();
    await expectPath(page, '/admin/users');
    await page.getByTestId('new-user').click();
    const create = page.locator('.el-dialog').filter({ hasText: '新建账号' });
    await create.getByTestId('create-role').click();
    await page.locator('.el-select-dropdown__item').filter({ hasText: '省有关部门', visible: true }).click();
    await create.getByTestId('create-department').click();
    const options = page.locator('.el-select-dropdown__item').filter({ visible: true });
    await options.filter({ hasText: '省工业和信息化厅' }).waitFor();
    assert.equal(await options.filter({ hasText: '数据局' }).count(), 0, 'the retired department is not offered');
    await page.keyboard.press('Escape');
    await create.getByRole('button', { name: '取消' }).click();

    // and back: 启用
    await page.getByTestId('side-menu').getByText('部门管理').click();
    await expectPath(page, '/admin/departments');
    await page.getByTestId('dept-show').getByText('已停用').click();
    await page.getByTestId('dept-toggle-sjj').click();
    await page.locator('.el-message-box').getByRole('button', { name: '确定启用' }).click();
    await page.getByText('“江苏省数据局”已启用').waitFor();
    // no longer among the retired ones shown
    await page.getByTestId('dept-sjj').waitFor({ state: 'detached' });
    assert.ok((await active()).includes('sjj'));
    await page.getByTestId('dept-show').getByText('全部').click();
    assert.equal((await page.getByTestId('dept-state-sjj').textContent()).trim(), '启用');
  }));
