// The declaration journey through the web UI, driven with playwright-core and Debian's Chromium:
// a new unit registers and signs in, starts its 2023 申报表 from 我的申报, fills every step like a
// person (封面, 表一, 表二 with a rule the server enforces on the way, 权属说明), reloads in the middle
// and finds what it typed, uploads its materials (and a fake PDF the server refuses), submits,
// withdraws, edits, submits again under the same number; then the 玄武区 reviewer finds it in
// 审核工作台 and opens it.
// Needs web/dist (cd web && npm ci && npm run build) and build/shenbao (or $SHENBAO_BIN).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startE2E, stopE2E, NOW, DEMO_PASSWORD, SAMPLE_PDF, shot, journey, expectPath, apiGet } from './browser.mjs';
import { creditCode, registration } from '../lib/server.mjs';

// tests fix the server's clock at --now: inside the 2023 window (07-01 to 07-31)
const PASSWORD = 'Jiangsu@2023';

let server;
let base;

before(async () => {
  ({ server, base } = await startE2E({ demoNow: NOW }));
});

after(stopE2E);

// ---- the form's conventions ---------------------------------------------------------------------
const fieldOf = (page, key) => page.locator(`[data-test="field-${key}"]`).first();
const inputOf = (page, key) => fieldOf(page, key).locator('input:not([type=hidden]):not([type=file]), textarea').first();
const errorUnder = (page, key) => fieldOf(page, key).locator('.el-form-item__error').first();
const option = (page, key, value) => page.getByTestId(`option-${key}-${value}`);
// The options of a 是/否 question that are chosen (none while the server has null), and those
// drawn as chosen.
const chosen = (page, key) => page.getByTestId(`input-${key}`).locator('input[type=radio]:checked');
const drawnChosen = (page, key) => page.getByTestId(`input-${key}`).locator('.el-radio.is-checked');
async function assertUnanswered(page, key) {
  assert.equal(await chosen(page, key).count(), 0, `${key}: no option chosen`);
  assert.equal(await drawnChosen(page, key).count(), 0, `${key}: no option drawn as chosen`);
}

// Types into a text field and leaves it, the way a person does.
async function type(page, key, value) {
  const input = inputOf(page, key);
  await input.fill(value);
  await input.press('Tab');
}

// el-input-number (万元): typed, then Tab so it takes the value.
async function money(page, key, value) {
  const input = inputOf(page, key);
  await input.click();
  await input.fill(String(value));
  await input.press('Tab');
}

// el-date-picker (type month / year): typed into its box, then Enter.
async function pickDate(page, key, text) {
  const input = inputOf(page, key);
  await input.click();
  await input.fill(text);
  await input.press('Enter');
  await page.keyboard.press('Escape');
}

// el-date-picker type date: its calendar opened, a day of the month shown clicked.
async function pickDay(page, key, day) {
  await inputOf(page, key).click();
  const panel = page.locator('.el-date-picker').filter({ visible: true });
  await panel.locator('td.available:not(.prev-month):not(.next-month)').filter({ hasText: new RegExp(`^\\s*${day}\\s*$`) }).click();
  await panel.waitFor({ state: 'hidden' });
}

// RegionCascader: typed into the filterable cascader, then the suggestion "南京市 / 玄武区" clicked.
async function pickRegion(page, key, search, path) {
  const input = inputOf(page, key);
  await input.click();
  await input.fill(search);
  await page.locator('.el-cascader__suggestion-item').filter({ hasText: path, visible: true }).first().click();
  await page.locator('.el-cascader__suggestion-panel').filter({ visible: true }).waitFor({ state: 'hidden' }).catch(() => {});
}

// The header's save indicator: "saved" (never its text, which carries the time).
async function waitSaved(page) {
  await page.getByTestId('save-status').and(page.locator('[data-state="saved"]')).waitFor();
}

async function goStep(page, key) {
  await page.getByTestId('next-step').click();
  await page.getByTestId(`step-body-${key}`).waitFor();
}

// One small real PDF per kind, each with its own bytes (so each has its own SHA-256).
function pdfFor(kind) {
  return Buffer.concat([readFileSync(SAMPLE_PDF), Buffer.from(`%${kind}\n`)]);
}

async function upload(page, kind, name, buffer, mimeType = 'application/pdf') {
  await page.locator(`[data-test="upload-${kind}"] input[type=file]`).setInputFiles({ name, mimeType, buffer });
}

// ~150 characters of 申报单位概况
const OVERVIEW =
  '南京数智政务科技有限公司成立于二零一六年，注册资本五千万元，专注于数字政府与城市治理领域的软件研发和系统集成，' +
  '现有员工二百余人，其中研发人员占比超过六成，拥有软件著作权八十余项、发明专利十二项，通过多项资质认证，' +
  '先后承建省市区三级政务服务平台和基层治理项目三十余个，在行业内具有较强的技术优势和良好的口碑。';
const BASIC_INFO =
  '项目面向玄武区基层治理需求，建设统一的网格化社会治理平台，整合公安、城管、民政等部门数据，' +
  '实现事件发现、分拨、处置、反馈全流程闭环管理。项目总投资一千二百万元，建设期二十四个月，服务全区七个街道。';
const ACHIEVEMENTS =
  '平台上线以来累计处置各类事件十二万余件，平均处置时长缩短百分之四十，群众满意度提升至百分之九十六，' +
  '形成可复制推广的基层治理数字化模式，已在省内三个区县推广应用。';

const STEP_KEYS = ['cover', 'unit', 'project', 'ownership', 'attachments', 'submit'];
const KINDS = ['stamped_form', 'ownership_statement', 'detailed_materials', 'investment_proof', 'business_license', 'qualification_proof'];

test('a unit fills in its 申报表 step by step, uploads, submits, withdraws, resubmits; the county reviewer sees it', () =>
  journey('apply', async (page) => {
    const t0 = Date.now();
    const timings = [];
    const mark = (what) => timings.push(`${what} ${((Date.now() - t0) / 1000).toFixed(1)}s`);

    const suffix = String(process.pid % 100000).padStart(5, '0');
    const username = `e2eapply${suffix}`;
    const unitName = `南京数智政务科技有限公司${suffix}`;
    const credit = creditCode(`91320102MA${suffix}11`.slice(0, 17));
    const projectName = '玄武区基层治理一网统管平台';

    // ---- 1. register, sign in, 我的申报, 开始填写申报表 ------------------------------------------
    await page.goto(base + '/register');
    const reg = (k) => page.locator(`[data-field="${k}"] input`);
    await reg('username').fill(username);
    await reg('password').fill(PASSWORD);
    await reg('confirm').fill(PASSWORD);
    await reg('unit_name').fill(unitName);
    await reg('credit_code').fill(credit);
    await reg('contact_name').fill('王敏');
    await reg('contact_mobile').fill('13951234567');
    await reg('contact_mobile').press('Tab');
    await shot(page, 'apply-01-register');
    await page.getByTestId('register-submit').click();
    await expectPath(page, '/login');
    await page.getByText('注册成功，请登录').waitFor();
    await page.getByTestId('login-password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await expectPath(page, '/');
    assert.equal((await page.getByTestId('role-label').textContent()).trim(), '申报单位');

    await page.getByTestId('side-menu').getByText('我的申报').click();
    await expectPath(page, '/apply');
    await page.getByTestId('start-application').waitFor();
    await shot(page, 'apply-02-start');
    await page.getByTestId('start-application').click();
    await page.waitForURL((u) => /^\/apply\/\d+\/edit$/.test(u.pathname));
    const appId = new URL(page.url()).pathname.split('/')[2];
    await page.getByTestId('step-body-cover').waitFor();
    assert.equal((await page.getByTestId('status-tag').textContent()).trim(), '草稿');
    mark('started');

    // ---- 2a. 封面 -----------------------------------------------------------------------------
    // prefilled from the account
    assert.equal(await inputOf(page, 'cover.applicant_unit').inputValue(), unitName);
    assert.equal(await inputOf(page, 'cover.contact_name').inputValue(), '王敏');
    assert.equal(await inputOf(page, 'cover.contact_mobile').inputValue(), '13951234567');
    await type(page, 'cover.project_name', projectName);
    await type(page, 'cover.address', '南京市玄武区珠江路88号');
    await type(page, 'cover.postcode', '210008');
    await type(page, 'cover.project_leader', '李强');
    await type(page, 'cover.contact_name', '王敏');
    await type(page, 'cover.contact_mobile', '13951234567');
    // 是否联合申报 starts unanswered (null): neither 是 nor 否 is shown as chosen; it is answered
    await assertUnanswered(page, 'cover.joint');
    await option(page, 'cover.joint', 'no').click();
    assert.ok(await option(page, 'cover.joint', 'no').locator('input').isChecked(), '联合申报 = 否');
    await pickDay(page, 'cover.fill_date', 14);
    assert.equal(await inputOf(page, 'cover.fill_date').inputValue(), '2023 年 7 月 14 日');
    await waitSaved(page);
    assert.equal(await page.getByTestId('step-cover').getAttribute('data-problems'), '0', 'the cover is complete');
    await shot(page, 'apply-03-cover');

    // ---- 2b. 表一 -----------------------------------------------------------------------------
    await goStep(page, 'unit');
    // prefilled: the registered unit, and what the cover says
    assert.equal(await inputOf(page, 'unit.name').inputValue(), unitName);
    assert.equal(await inputOf(page, 'unit.credit_code').inputValue(), credit);
    await type(page, 'unit.legal_representative', '赵建国');
    await option(page, 'unit.affiliation', 'county').click();
    await pickRegion(page, 'unit.region_code', '玄武', '玄武区');
    assert.equal(await inputOf(page, 'unit.region_code').inputValue(), '南京市 / 玄武区');
    await type(page, 'unit.contact_phone', '025-69652796');
    await type(page, 'unit.address', '南京市玄武区珠江路88号');
    await option(page, 'unit.nature', 'private').click();
    await money(page, 'unit.revenue.2020', 3200);
    await money(page, 'unit.revenue.2021', 4100.5);
    await money(page, 'unit.revenue.2022', 5280);
    await type(page, 'unit.main_business', '数字政府、城市治理软件研发与系统集成');
    await option(page, 'unit.honors.high_tech', 'national').click();
    await pickDate(page, 'unit.honors.high_tech.year', '2021');
    assert.equal(await inputOf(page, 'unit.honors.high_tech.year').inputValue(), '2021 年');
    await type(page, 'unit.overview', OVERVIEW);
    const overviewChars = [...OVERVIEW].length;
    assert.ok(overviewChars >= 140 && overviewChars <= 160, `overview has ${overviewChars} characters`);
    assert.equal((await page.getByTestId('counter-unit.overview').textContent()).replace(/\s+/g, ' ').trim(), `${overviewChars} / 300 字`);
    await waitSaved(page);
    assert.equal(await page.getByTestId('step-unit').getAttribute('data-problems'), '0', '表一 is complete');
    await shot(page, 'apply-04-unit');
    mark('cover+unit');

    // ---- 4. reload in the middle: what was typed is still there (autosave) ----------------------
    await page.reload();
    await page.getByTestId('step-body-unit').waitFor();
    assert.equal(await inputOf(page, 'unit.legal_representative').inputValue(), '赵建国');
    assert.equal(await inputOf(page, 'unit.region_code').inputValue(), '南京市 / 玄武区');
    assert.equal(await inputOf(page, 'unit.contact_phone').inputValue(), '025-69652796');
    assert.equal(await inputOf(page, 'unit.address').inputValue(), '南京市玄武区珠江路88号');
    assert.ok(await option(page, 'unit.affiliation', 'county').locator('input').isChecked(), '单位隶属 kept');
    assert.ok(await option(page, 'unit.nature', 'private').locator('input').isChecked(), '单位性质 kept');
    assert.equal(await inputOf(page, 'unit.revenue.2020').inputValue(), '3200.00');
    assert.equal(await inputOf(page, 'unit.revenue.2021').inputValue(), '4100.50');
    assert.equal(await inputOf(page, 'unit.revenue.2022').inputValue(), '5280.00');
    assert.equal(await inputOf(page, 'unit.main_business').inputValue(), '数字政府、城市治理软件研发与系统集成');
    assert.ok(await option(page, 'unit.honors.high_tech', 'national').locator('input').isChecked(), '荣誉级别 kept');
    assert.equal(await inputOf(page, 'unit.honors.high_tech.year').inputValue(), '2021 年');
    assert.equal(await inputOf(page, 'unit.overview').inputValue(), OVERVIEW);
    assert.equal((await page.getByTestId('counter-unit.overview').textContent()).replace(/\s+/g, ' ').trim(), `${overviewChars} / 300 字`);
    await page.getByTestId('step-cover').click();
    await page.getByTestId('step-body-cover').waitFor();
    assert.equal(await inputOf(page, 'cover.project_name').inputValue(), projectName);
    assert.equal(await inputOf(page, 'cover.postcode').inputValue(), '210008');
    assert.equal(await inputOf(page, 'cover.fill_date').inputValue(), '2023 年 7 月 14 日');
    assert.ok(await option(page, 'cover.joint', 'no').locator('input').isChecked(), '联合申报 = 否 kept');
    await shot(page, 'apply-05-after-reload');
    await page.getByTestId('step-unit').click();
    await page.getByTestId('step-body-unit').waitFor();
    mark('reload');

    // ---- 2c. 表二, with the 500 万元 rule on the way ------------------------------------------
    await goStep(page, 'project');
    assert.equal(await inputOf(page, 'project.name').inputValue(), projectName, 'the cover\'s project name is offered');
    // a fresh 表二: the 建设情况确认 questions are unanswered (null), nothing is pre-selected
    for (const k of ['project.main_part_completed', 'project.is_continuation', 'project.phased']) {
      await assertUnanswered(page, k);
    }
    // one element per field key: start and end month are told apart
    for (const k of ['project.start_month', 'project.end_month', 'project.total_investment', 'project.non_construction_investment']) {
      assert.equal(await page.locator(`[data-test="field-${k}"]`).count(), 1, `one field-${k}`);
    }
    await pickDate(page, 'project.start_month', '2022-03');
    await pickDate(page, 'project.end_month', '2024-02');
    assert.equal(await inputOf(page, 'project.start_month').inputValue(), '2022 年 3 月');
    assert.equal(await inputOf(page, 'project.end_month').inputValue(), '2024 年 2 月');
    await money(page, 'project.total_investment', 1200);
    await money(page, 'project.non_construction_investment', 499.99);
    await waitSaved(page);
    // the server's message, under 其中非土建类投资 only: 项目总投资 is fine and not red
    const investError = errorUnder(page, 'project.non_construction_investment');
    await investError.filter({ hasText: '非土建类投资不少于 500.00 万元' }).waitFor();
    assert.equal(await errorUnder(page, 'project.total_investment').count(), 0, 'no message under 项目总投资');
    assert.equal(await fieldOf(page, 'project.total_investment').locator('.el-form-item.is-error').count(), 0, '项目总投资 not red');
    await shot(page, 'apply-06-rule-500');
    await money(page, 'project.non_construction_investment', 860.5);
    await waitSaved(page);
    await investError.waitFor({ state: 'detached' });
    assert.equal(await inputOf(page, 'project.non_construction_investment').inputValue(), '860.50');

    await pickRegion(page, 'project.region_code', '玄武', '玄武区');
    await option(page, 'project.provincial_funding', 'no').click();
    await option(page, 'project.category', 'governance').click();
    await type(page, 'project.basic_info', BASIC_INFO);
    await type(page, 'project.achievements', ACHIEVEMENTS);
    assert.equal((await page.getByTestId('counter-project.basic_info').textContent()).replace(/\s+/g, ' ').trim(), `${[...BASIC_INFO].length} / 500 字`);
    await option(page, 'project.main_part_completed', 'yes').click();
    await option(page, 'project.is_continuation', 'no').click();
    await option(page, 'project.phased', 'no').click();
    for (const [k, v] of [['project.main_part_completed', 'yes'], ['project.is_continuation', 'no'], ['project.phased', 'no']]) {
      assert.equal(await drawnChosen(page, k).count(), 1, `${k} answered once`);
      assert.ok(await option(page, k, v).locator('input').isChecked(), `${k} = ${v}`);
    }
    await waitSaved(page);
    // what is saved is the answer given: true / false, never a null turned into false unasked
    const saved = await page.evaluate((id) => fetch(`/api/v1/applications/${id}`).then((r) => r.json()), appId);
    assert.deepEqual(
      [saved.cover.joint, saved.project.main_part_completed, saved.project.is_continuation, saved.project.phased],
      [false, true, false, false],
    );
    assert.deepEqual([saved.project.start_month, saved.project.end_month], ['2022-03', '2024-02']);
    assert.equal(await page.getByTestId('step-project').getAttribute('data-problems'), '0', '表二 is complete');
    await shot(page, 'apply-07-project');
    mark('project');

    // ---- 2d. 权属说明 -----------------------------------------------------------------------
    await goStep(page, 'ownership');
    await option(page, 'ownership.variant', '1').click();
    const preview = page.getByTestId('ownership-preview');
    await preview.getByText(`兹有我单位建设实施的${projectName}（项目）`, { exact: false }).waitFor();
    await preview.getByText(`${unitName}（盖章）`).waitFor();
    await waitSaved(page);
    assert.equal(await page.getByTestId('step-ownership').getAttribute('data-problems'), '0');
    await shot(page, 'apply-08-ownership');

    // ---- 3. 附件 ------------------------------------------------------------------------------
    await goStep(page, 'attachments');
    const bytes = {};
    for (const kind of KINDS) {
      bytes[kind] = pdfFor(kind);
      await upload(page, kind, `${kind}.pdf`, bytes[kind]);
      const row = fieldOf(page, `attachments.${kind}`);
      await row.getByTestId('attachment-table').getByText(`${kind}.pdf`).waitFor();
      assert.equal((await page.getByTestId(`kind-state-${kind}`).textContent()).trim(), '已上传 1 个');
    }
    // a text file named .pdf: the server looks at the content and refuses it (415)
    await upload(page, 'investment_proof', '假的总投入证明.pdf', Buffer.from('这不是 PDF，只是一段文字。\n'));
    const fakeError = page.getByTestId('upload-error-investment_proof');
    await fakeError.waitFor();
    const fakeText = (await fakeError.textContent()).trim();
    assert.match(fakeText, /^“假的总投入证明\.pdf”的格式不受支持：/);
    assert.match(fakeText, /项目总投入证明只接受 PDF、JPG、PNG 文件/);
    // still one file in that row
    assert.equal((await page.getByTestId('kind-state-investment_proof').textContent()).trim(), '已上传 1 个');
    assert.equal(await page.getByTestId('upload-error-stamped_form').count(), 0);
    await shot(page, 'apply-09-attachments');
    mark('attachments');

    // ---- 5. 提交 -----------------------------------------------------------------------------
    await goStep(page, 'submit');
    // the server offers 提交 once the saved form is complete: not before the declaration is ticked
    assert.equal(await page.getByTestId('submit-button').count(), 0);
    await page.getByTestId('input-declaration_accepted').click();
    await waitSaved(page);
    assert.equal((await page.getByTestId('submit-button').textContent()).trim(), '提交申报');
    const checklist = page.getByTestId('submit-checklist');
    await checklist.getByText('已填写完整', { exact: true }).waitFor();
    assert.equal(await checklist.locator('[data-test^="problem-"]').count(), 0, 'no problems left');
    for (const k of STEP_KEYS) assert.equal(await page.getByTestId(`step-${k}`).getAttribute('data-problems'), '0', `problems in ${k}`);
    assert.equal(await page.getByTestId('submit-blocked').count(), 0);
    await shot(page, 'apply-10-submit-ready');
    await page.getByTestId('submit-button').click();
    const confirm = page.locator('.el-message-box').filter({ hasText: '提交申报' });
    await confirm.waitFor();
    await shot(page, 'apply-11-confirm');
    await confirm.getByRole('button', { name: '确定提交' }).click();
    await expectPath(page, `/apply/${appId}`);

    const tag = page.getByTestId('status-tag');
    await tag.getByText('已提交，待县（市、区）审核', { exact: true }).waitFor();
    const number = (await page.getByTestId('submission-no').textContent()).trim();
    assert.match(number, /^ZHJS2023-\d{4}$/);
    assert.match((await page.getByTestId('review-authority').textContent()).trim(), /^玄武区/);
    await page.getByTestId('history-submit').waitFor();
    const receipt = page.getByTestId('receipt');
    await receipt.waitFor();
    assert.equal((await receipt.getByTestId('receipt-no').textContent()).trim(), number);
    const sha = createHash('sha256').update(bytes.stamped_form).digest('hex');
    const receiptRow = receipt.locator('tr').filter({ hasText: 'stamped_form.pdf' });
    assert.equal((await receiptRow.locator('.hash').textContent()).trim(), sha, 'the receipt shows the SHA-256 of the bytes uploaded');
    assert.equal(await receipt.locator('.hash').count(), KINDS.length, 'one receipt row per file');
    // the documents: 申报表 to print, and now the 回执 (both PDFs from the server)
    assert.equal((await page.getByTestId('print-form').textContent()).trim(), '打印申报表（PDF）');
    assert.equal(await page.getByTestId('receipt-pdf').getAttribute('href'), `/api/v1/applications/${appId}/receipt.pdf`);
    const receiptPdf = await page.request.get(`${base}/api/v1/applications/${appId}/receipt.pdf`);
    assert.equal(receiptPdf.status(), 200);
    assert.match(receiptPdf.headers()['content-type'], /^application\/pdf/);
    // the applicant's buttons are the server's offer: 撤回 only, while submitted
    const offer = async () => (await apiGet(page, `/api/v1/applications/${appId}`)).allowed_actions;
    assert.deepEqual((await offer()).map((a) => a.action), ['withdraw']);
    assert.equal((await page.getByTestId('withdraw-button').textContent()).trim(), (await offer())[0].label);
    assert.equal(await page.getByTestId('submit-button').count(), 0);
    assert.equal(await page.getByTestId('continue-edit').count(), 0);
    await shot(page, 'apply-12-submitted');
    mark('submitted');

    // ---- 6. withdraw, edit, submit again: same number -----------------------------------------
    await page.getByTestId('withdraw-button').click();
    const withdrawBox = page.locator('.el-message-box').filter({ hasText: '撤回申报' });
    await withdrawBox.getByRole('button', { name: '确定撤回' }).click();
    await tag.getByText('草稿', { exact: true }).waitFor();
    await page.getByTestId('history-withdraw').waitFor();
    assert.equal(await page.getByTestId('withdraw-button').count(), 0);
    // a draft again: no receipt, no 提交时间 / 受理部门, only that it was submitted once
    assert.equal(
      (await page.getByTestId('withdrawn-note').textContent()).replace(/\s+/g, ''),
      `曾提交（编号${number}），已撤回`,
    );
    assert.equal(await page.getByTestId('receipt').count(), 0, 'no 申报回执 for a draft');
    assert.equal(await page.getByTestId('print-receipt').count(), 0);
    assert.equal(await page.getByTestId('receipt-pdf').count(), 0);
    assert.equal(await page.getByTestId('submitted-at').count(), 0);
    assert.equal(await page.getByTestId('review-authority').count(), 0);
    // a draft again: 填写 and 提交 are offered, with the server's labels
    assert.deepEqual((await offer()).map((a) => [a.action, a.label]), [['edit', '填写'], ['submit', '提交']]);
    assert.equal((await page.getByTestId('continue-edit').textContent()).trim(), '填写申报表');
    assert.equal((await page.getByTestId('submit-button').textContent()).trim(), '提交申报');
    await shot(page, 'apply-13-withdrawn');

    await page.getByTestId('continue-edit').click();
    await expectPath(page, `/apply/${appId}/edit`);
    await page.getByTestId('step-body-cover').waitFor();
    assert.equal(await page.getByTestId('readonly-banner').count(), 0, 'editable again');
    await type(page, 'cover.project_leader', '李强（项目总监）');
    await waitSaved(page);
    for (const k of STEP_KEYS.slice(1)) await goStep(page, k);
    await checklist.getByText('已填写完整', { exact: true }).waitFor();
    await page.getByTestId('submit-button').click();
    await confirm.getByRole('button', { name: '确定提交' }).click();
    await expectPath(page, `/apply/${appId}`);
    await tag.getByText('已提交，待县（市、区）审核', { exact: true }).waitFor();
    assert.equal((await page.getByTestId('submission-no').textContent()).trim(), number, 'the same submission number');
    assert.equal(await page.getByTestId('history-submit').count(), 2);
    await receipt.waitFor();
    assert.equal(await page.getByTestId('withdrawn-note').count(), 0);
    await shot(page, 'apply-14-resubmitted');
    mark('resubmitted');

    // ---- 7. the 玄武区 reviewer sees it in 审核工作台 and opens it ----------------------
    await page.getByTestId('sign-out').click();
    await expectPath(page, '/login');
    await page.getByTestId('login-username').fill('demo_county');
    await page.getByTestId('login-password').fill(DEMO_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('role-label').waitFor();
    await page.getByTestId('side-menu').getByText('审核工作台').click();
    await expectPath(page, '/applications');
    const list = page.getByTestId('application-list');
    const row = list.locator('tr').filter({ hasText: unitName });
    await row.waitFor();
    await row.getByText(number).waitFor();
    await row.getByText(projectName).waitFor();
    assert.equal((await page.getByTestId(`row-status-${appId}`).textContent()).trim(), '已提交，待县（市、区）审核');
    // a unit name too long for its column ends in "…" (and shows whole in a tooltip)
    const unitCell = row.getByText(unitName, { exact: true });
    assert.equal(await unitCell.evaluate((el) => getComputedStyle(el).textOverflow), 'ellipsis');
    await unitCell.hover();
    await page.locator('.el-popper').filter({ hasText: unitName, visible: true }).first().waitFor();
    await shot(page, 'apply-15-review-list');
    await row.getByText(projectName).click();
    await expectPath(page, `/applications/${appId}`);
    await tag.getByText('已提交，待县（市、区）审核', { exact: true }).waitFor();
    assert.equal((await page.getByTestId('submission-no').textContent()).trim(), number);
    assert.equal(await page.getByTestId('withdraw-button').count(), 0, 'no 撤回 for the reviewer');
    assert.equal(await page.getByTestId('continue-edit').count(), 0);
    await page.getByTestId('attachments').getByText('stamped_form.pdf').waitFor();
    await shot(page, 'apply-16-review-view');
    await page.getByTestId('view-form').click();
    await expectPath(page, `/applications/${appId}/form`);
    await page.getByTestId('readonly-banner').getByText('只读查看').waitFor();
    assert.equal(await inputOf(page, 'cover.project_name').inputValue(), projectName);
    assert.ok(await inputOf(page, 'cover.project_name').isDisabled(), 'fields are read-only');
    assert.equal(await page.getByTestId('save-status').count(), 0);
    await shot(page, 'apply-17-review-form');
    mark('reviewer');
    console.log(`apply journey timings: ${timings.join(', ')}`);
  }));

// The date pickers show "2023 年 7 月 14 日" / "2022 年 11 月" and can be typed into. Typed the way
// dates are usually written (2023-07-14, 2022-11), the date must stay the one typed, on screen and
// as saved (Element Plus alone reads typed text with the display format: 2023-07-14 became
// 2023-07-04, 2023-12-25 became 2023-02-05, 2022-11 became 2022-01). Text that is no date puts the
// value back; the calendars still pick.
test('a date typed as 2023-07-14, a month typed as 2022-11, keep the day and month typed', () =>
  journey('typed-dates', async (page) => {
    const reg = registration();
    const c = server.client();
    const r = await c.post('/api/v1/accounts', reg);
    assert.equal(r.status, 201, r.text);
    await page.goto(base + '/login');
    await page.getByTestId('login-username').fill(reg.username);
    await page.getByTestId('login-password').fill(reg.password);
    await page.getByTestId('login-submit').click();
    await expectPath(page, '/');
    await page.goto(base + '/apply');
    await page.getByTestId('start-application').click();
    await page.getByTestId('step-body-cover').waitFor();

    const seen = {};
    for (const typed of ['2023-07-14', '2023-07-31', '2023-12-25']) {
      await pickDate(page, 'cover.fill_date', typed);
      seen[typed] = await inputOf(page, 'cover.fill_date').inputValue();
    }
    await page.getByTestId('step-project').click();
    await page.getByTestId('step-body-project').waitFor();
    for (const typed of ['2022-10', '2022-11', '2024-12']) {
      await pickDate(page, 'project.end_month', typed);
      seen[typed] = await inputOf(page, 'project.end_month').inputValue();
    }
    // the start month and the 资金支持 month the same way
    await pickDate(page, 'project.start_month', '2022-10');
    seen.start = await inputOf(page, 'project.start_month').inputValue();
    await option(page, 'project.provincial_funding', 'yes').click();
    await pickDate(page, 'project.provincial_funding.month', '2024-12');
    seen.funding = await inputOf(page, 'project.provincial_funding.month').inputValue();
    // not a date: the month typed before stays
    await pickDate(page, 'project.provincial_funding.month', '2024-13');
    seen.notADate = await inputOf(page, 'project.provincial_funding.month').inputValue();
    await waitSaved(page);
    await shot(page, 'typed-dates');
    assert.deepEqual(seen, {
      '2023-07-14': '2023 年 7 月 14 日',
      '2023-07-31': '2023 年 7 月 31 日',
      '2023-12-25': '2023 年 12 月 25 日',
      '2022-10': '2022 年 10 月',
      '2022-11': '2022 年 11 月',
      '2024-12': '2024 年 12 月',
      start: '2022 年 10 月',
      funding: '2024 年 12 月',
      notADate: '2024 年 12 月',
    });
    const c2 = server.client();
    await c2.signIn(reg.username, reg.password);
    const list = await c2.get('/api/v1/applications');
    const saved = (await c2.get(`/api/v1/applications/${list.json.items[0].id}`)).json;
    assert.deepEqual(
      [saved.cover.fill_date, saved.project.start_month, saved.project.end_month, saved.project.provincial_funding.month],
      ['2023-12-25', '2022-10', '2024-12', '2024-12'],
      'saved as typed',
    );

    // picked in the calendars: the start month, then 填报日期
    await inputOf(page, 'project.start_month').click();
    const monthPanel = page.locator('.el-picker-panel').filter({ visible: true });
    await monthPanel.locator('td').filter({ hasText: /^\s*(3|三)\s*月?\s*$/ }).first().click();
    await monthPanel.waitFor({ state: 'hidden' });
    assert.equal(await inputOf(page, 'project.start_month').inputValue(), '2022 年 3 月');
    await page.getByTestId('step-cover').click();
    await page.getByTestId('step-body-cover').waitFor();
    await pickDay(page, 'cover.fill_date', 20);
    assert.equal(await inputOf(page, 'cover.fill_date').inputValue(), '2023 年 12 月 20 日');
    await waitSaved(page);
    const picked = (await c2.get(`/api/v1/applications/${saved.id}`)).json;
    assert.deepEqual([picked.cover.fill_date, picked.project.start_month], ['2023-12-20', '2022-03']);
  }));
