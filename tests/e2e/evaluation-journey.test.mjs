// The province's expert review through the web UI, on the demo data: the office runs the formal
// check from 形式审查 (grouped by the recommending authority; 通过 after the 四.1 checklist) and from
// the application page (退回推荐单位, the server's message for a missing reason); imports experts
// from the downloaded template (a refused file: each row's problem in a table and nothing imported;
// then three experts with accounts); runs the draw with a seed (the seed shown, the history, the
// projects now 专家评审中); an imported expert signs in to 我的评审, scores (a number out of range
// said as typed, the comment the server asks for on submit), submits, prints the sheet; the ranking
// then shows that score with what is still missing, and the 评审结果 workbook downloads. The expert
// sees nothing of other experts. Screenshots of every page at 1440×900 and 390×844.
// Needs web/dist (cd web && npm ci && npm run build) and build/shenbao (or $SHENBAO_BIN).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { creditCode } from '../lib/server.mjs';
import { startE2E, stopE2E, e2e, shotBoth, journey, expectPath, signIn, signOut, apiGet, texts } from './browser.mjs';

before(async () => {
  await startE2E();
});

after(stopE2E);

const text = async (loc) => (await loc.textContent()).replace(/\s+/g, ' ').trim();
const PASSED_PROJECT = '常州市全民健康信息平台（二期）'; // 常州市 recommended it (智慧民生类)
const RETURNED_PROJECT = '集成电路设计协同云平台'; // 无锡市 recommended it (梁溪区)
const EXPERT_PASSWORD = 'Jsxxb@2023pw';
// three 智慧民生类 experts with sign-in accounts; the draw gives the new (unloaded) ones work first
const NEW_EXPERTS = [
  ['钱华', '南京医科大学', creditCode('12320000466006744'), '教授', '智慧民生类', '320106', '13951100001', '江苏省人民医院||2022-06', 'e2e_qianhua'],
  ['周敏', '江苏省卫生健康发展研究中心', '', '研究员', '智慧民生类、数字治理类', '320102', '13951100002', '', 'e2e_zhoumin'],
  ['沈涛', '南京大学医学院', '', '副教授', '智慧民生类', '南京市', '13951100003', '', 'e2e_shentao'],
];

async function appByName(page, name) {
  const list = await apiGet(page, '/api/v1/applications?per_page=200');
  const app = list.items.find((a) => a.project_name === name);
  assert.ok(app, `${name} in the admin's list`);
  return app;
}

// The message box's button (confirmations).
const boxButton = (page, name) => page.locator('.el-message-box').getByRole('button', { name, exact: true });

test('formal check → import experts from the template → draw → an expert scores and submits → the ranking shows it', () =>
  journey('evaluation', async (page) => {
    // ---- 1. 形式审查: grouped by the recommending authority -----------------------------------------
    await signIn(page, 'demo_admin');
    await page.getByTestId('side-menu').getByText('形式审查').click();
    await expectPath(page, '/admin/formal-check');
    assert.equal(await text(page.getByTestId('page-title')), '形式审查');
    const waiting = (await apiGet(page, '/api/v1/applications?status=city_recommended')).items;
    assert.equal(waiting.length, 2, 'the demo leaves two recommended applications to check');
    await page.getByTestId('fc-section-320200').waitFor();
    assert.equal(await text(page.getByTestId('fc-waiting')), '2');
    assert.equal(await text(page.getByTestId('fc-authority-320200')), '无锡市信息化主管部门1');
    assert.equal(await text(page.getByTestId('fc-authority-320400')), '常州市信息化主管部门1');
    // each row's buttons are the server's offer, in its words
    for (const a of waiting) {
      const row = page.locator('.fc-table tr').filter({ has: page.getByTestId(`fc-row-${a.id}`) });
      assert.deepEqual(await texts(row.locator('.row-actions button')), a.allowed_actions.map((x) => x.label), `row ${a.id}`);
      assert.deepEqual(a.allowed_actions.map((x) => x.action), ['formal_pass', 'formal_fail', 'formal_return']);
    }
    await shotBoth(page, 'eval-01-formal-check');
    // one authority at a time
    await page.getByTestId('fc-authority-320400').click();
    assert.equal(await page.getByTestId('fc-section-320200').count(), 0);
    const passed = waiting.find((a) => a.project_name === PASSED_PROJECT);
    await page.getByTestId(`fc-formal_pass-${passed.id}`).click();
    const dialog = page.getByTestId('review-dialog').filter({ visible: true });
    await dialog.waitFor();
    assert.equal(await text(dialog.locator('.el-dialog__title')), '形式审查通过，进入专家评审');
    // 通过 only once the 四.1 checklist is ticked
    assert.equal(await dialog.getByTestId('review-confirm').isDisabled(), true);
    for (const k of ['conformity', 'truthfulness', 'completeness']) await dialog.getByTestId(`check-${k}`).click();
    assert.equal(await dialog.getByTestId('review-confirm').isDisabled(), false);
    await shotBoth(page, 'eval-02-formal-pass-dialog', { fullPage: false });
    await dialog.getByTestId('review-confirm').click();
    await dialog.getByTestId('review-result').waitFor();
    assert.equal(await text(dialog.getByTestId('review-result-status')), '形式审查通过');
    await dialog.getByTestId('review-close').click();
    await page.getByText(`“${PASSED_PROJECT}”已形式审查通过，当前状态：形式审查通过。已从待审查列表移出`).waitFor();
    await page.getByTestId(`fc-row-${passed.id}`).waitFor({ state: 'detached' });
    assert.equal(await text(page.getByTestId('fc-waiting')), '1');

    // the other from its application page: the bar is the server's offer; 退回推荐单位 needs a reason
    const returned = waiting.find((a) => a.project_name === RETURNED_PROJECT);
    await page.getByTestId('fc-authority-all').click();
    await page.getByText(RETURNED_PROJECT).click();
    await expectPath(page, `/applications/${returned.id}`);
    const bar = page.getByTestId('review-bar');
    await bar.waitFor();
    assert.deepEqual(await texts(bar.locator('button')), ['形式审查通过', '形式审查不通过', '退回推荐单位']);
    await bar.getByTestId('review-formal_return').click();
    await dialog.waitFor();
    assert.equal(await dialog.getByTestId('review-checklist').count(), 0, 'no checklist for a return');
    await dialog.getByTestId('review-confirm').click();
    await dialog.locator('[data-field="comment"] .el-form-item__error').getByText('退回推荐单位须填写理由').waitFor();
    await dialog.getByTestId('review-comment').fill('项目详细材料缺少第三方测评报告，请补充后重新推荐。');
    await dialog.getByTestId('review-confirm').click();
    await dialog.getByTestId('review-result').waitFor();
    // back where it was before 无锡市 recommended it
    const back = await apiGet(page, `/api/v1/applications/${returned.id}`);
    assert.equal(back.status, 'county_recommended');
    assert.equal(await text(dialog.getByTestId('review-result-status')), back.status_label);
    await dialog.getByTestId('review-next').click(); // 返回形式审查
    await expectPath(page, '/admin/formal-check');
    await page.getByTestId('fc-empty').waitFor();
    assert.equal(await text(page.getByTestId('fc-waiting')), '0');
    await shotBoth(page, 'eval-03-formal-check-done');

    // ---- 2. 专家库: import from the template -----------------------------------------------------
    await page.getByTestId('side-menu').getByText('专家库').click();
    await expectPath(page, '/admin/experts');
    await page.getByTestId('expert-row-1').waitFor();
    assert.equal(await text(page.getByTestId('ex-total')), '14');
    await shotBoth(page, 'eval-04-experts');
    await page.getByTestId('expert-import').click();
    const imp = page.getByTestId('import-dialog').filter({ visible: true });
    await imp.waitFor();
    const [tpl] = await Promise.all([page.waitForEvent('download'), imp.getByTestId('template-csv').click()]);
    assert.equal(tpl.suggestedFilename(), '评审专家导入模板.csv');
    const header = readFileSync(await tpl.path(), 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/)[0];
    assert.match(header, /^姓名,工作单位,/);
    const csv = (rows) => Buffer.from('\uFEFF' + [header, ...rows.map((r) => r.join(','))].join('\r\n') + '\r\n');

    // a refused file: every problem by row and column, nothing imported
    const bad = [
      ['', '南京医科大学', '', '教授', '智慧民生类', '320106', '13951100009', '', '', ''],
      ['钱华', '东南大学', '', '教授', '智慧民生类', '320102', '1395110', '', '', ''],
      ['周敏', '江苏省卫生健康委员会', '', '研究员', '人工智能类', '南京市', '13951100008', '', '', ''],
    ];
    await imp.getByTestId('import-file').setInputFiles({ name: '专家名单-有误.csv', mimeType: 'text/csv', buffer: csv(bad) });
    assert.equal(await text(imp.getByTestId('import-file-name')), '专家名单-有误.csv');
    await imp.getByTestId('import-start').click();
    const refused = imp.getByTestId('import-refused');
    await refused.waitFor();
    await refused.getByText('文件未导入，没有导入任何专家：共 3 处问题，请修改后重新上传').waitFor();
    const problems = imp.getByTestId('import-problems');
    const row = (key) => problems.locator('tr').filter({ has: page.getByTestId(`problem-${key}`) });
    assert.deepEqual(await texts(row('rows.2.name').locator('td')), ['第 2 行', '姓名', '请填写姓名']);
    assert.deepEqual((await texts(row('rows.3.mobile').locator('td'))).slice(0, 2), ['第 3 行', '手机号']);
    assert.match(await text(row('rows.4.specialties').locator('td').nth(2)), /“人工智能类”不是本次申报的类别/);
    assert.equal((await apiGet(page, '/api/v1/experts')).total, 14, 'nothing imported');
    await shotBoth(page, 'eval-05-import-refused', { fullPage: false });

    const good = NEW_EXPERTS.map((e) => [...e, EXPERT_PASSWORD]);
    await imp.getByTestId('import-file').setInputFiles({ name: '专家名单.csv', mimeType: 'text/csv', buffer: csv(good) });
    await imp.getByTestId('import-start').click();
    await imp.getByTestId('import-done').getByText('已导入 3 位专家').waitFor();
    await shotBoth(page, 'eval-06-import-done', { fullPage: false });
    await imp.getByTestId('import-close').click();
    await imp.waitFor({ state: 'hidden' });
    await page.getByTestId('ex-total').getByText('17').waitFor();
    const pool = (await apiGet(page, '/api/v1/experts')).items;
    const qian = pool.find((e) => e.name === '钱华');
    assert.deepEqual(qian.former_units, [{ name: '江苏省人民医院', credit_code: null, until: '2022-06' }]);
    assert.equal(qian.username, 'e2e_qianhua');
    await page.getByTestId('ex-keyword').fill('钱华');
    await page.getByTestId(`expert-row-${qian.id}`).waitFor();
    assert.equal(await page.locator('[data-test^="expert-row-"]').count(), 1);
    await page.getByTestId('ex-keyword').fill('');

    // ---- 3. 专家分配: the draw with a seed -------------------------------------------------------
    await page.getByTestId('side-menu').getByText('专家分配').click();
    await expectPath(page, '/admin/assignments');
    const fresh = await appByName(page, '江苏省 5G+工业互联网融合应用节点'); // the demo's formal_passed one
    await page.getByTestId(`as-row-${passed.id}`).waitFor();
    assert.equal(await text(page.getByTestId(`as-count-${passed.id}`)), '0 / 5 位');
    assert.equal(await text(page.getByTestId(`as-count-${fresh.id}`)), '0 / 5 位');
    assert.equal(await text(page.getByTestId('draw-gaps')), '待补足：2 个项目共缺 10 位专家');
    assert.equal(await page.getByTestId('draw-per-project').locator('input').inputValue(), '5', 'the call’s number');
    await page.getByTestId('draw-card').getByText('随机种子：相同数据和种子可复现同一抽取结果').waitFor();
    await page.getByTestId('draw-seed').fill('e2e-2023');
    await shotBoth(page, 'eval-07-assignments');
    await page.getByTestId('draw-run').click();
    await boxButton(page, '开始抽取').click();
    const result = page.getByTestId('draw-result');
    await result.waitFor();
    assert.equal(await text(result.getByTestId('draw-result-seed')), 'e2e-2023');
    const draws = (await apiGet(page, '/api/v1/campaigns/2023/draws')).items;
    assert.equal(draws[0].seed, 'e2e-2023');
    assert.equal(await text(result.getByTestId('draw-result-created')), String(draws[0].created));
    assert.equal(draws[0].created, 10, 'both projects filled');
    await page.getByTestId(`draw-seed-${draws[0].id}`).getByText('e2e-2023').waitFor();
    // both now in expert review, with five experts each
    for (const id of [passed.id, fresh.id]) {
      await page.getByTestId(`as-status-${id}`).getByText('专家评审中').waitFor();
      assert.equal(await text(page.getByTestId(`as-count-${id}`)), '5 / 5 位');
    }
    await shotBoth(page, 'eval-08-draw-result');

    // the project's experts: by hand, the conflicts shown
    const mine = (await apiGet(page, `/api/v1/assignments?application_id=${passed.id}`)).items;
    assert.equal(mine.length, 5);
    const imported = mine.filter((s) => NEW_EXPERTS.some((e) => e[0] === s.expert_name));
    assert.equal(imported.length, 3, 'the draw levels loads: the three new experts are on the new project');
    await page.getByTestId(`as-manage-${passed.id}`).click();
    const drawer = page.getByTestId('project-experts').filter({ visible: true });
    await drawer.waitFor();
    assert.equal(await text(drawer.getByTestId('pe-project')), PASSED_PROJECT);
    assert.equal(await text(drawer.getByTestId('pe-status')), '专家评审中');
    for (const s of mine) await drawer.getByTestId(`pe-assignment-${s.id}`).waitFor();
    const removed = mine.find((s) => !imported.includes(s));
    await drawer.getByTestId(`pe-remove-${removed.id}`).click();
    await boxButton(page, '取消分配').click();
    await drawer.getByTestId(`pe-assignment-${removed.id}`).waitFor({ state: 'detached' });
    await drawer.getByTestId('pe-count').getByText('专家 4 / 5 位').waitFor();
    await drawer.getByTestId('pe-expert').click();
    await page.getByTestId(`pe-option-${removed.expert_id}`).click();
    await shotBoth(page, 'eval-09-project-experts', { fullPage: false });
    await drawer.getByTestId('pe-assign').click();
    await page.getByText(`已分配${removed.expert_name}评审该项目`).waitFor();
    await drawer.getByTestId('pe-count').getByText('专家 5 / 5 位').waitFor();
    await drawer.getByRole('button', { name: '关闭', exact: true }).click();
    await drawer.waitFor({ state: 'hidden' });
    await signOut(page);

    // ---- 4. an imported expert scores and submits ---------------------------------------------
    const task = imported.find((s) => s.expert_name === '钱华');
    await signIn(page, 'e2e_qianhua', EXPERT_PASSWORD, { home: '/reviews' });
    assert.equal(await text(page.getByTestId('page-title')), '我的评审');
    const own = (await apiGet(page, '/api/v1/assignments')).items;
    assert.deepEqual(own.map((s) => s.application_id), [passed.id], 'one task: the project drawn');
    assert.ok(own.every((s) => s.expert_name === undefined), 'no names of experts in an expert’s view');
    await page.getByTestId(`my-review-status-${task.id}`).getByText('待评分').waitFor();
    await page.getByTestId('mr-summary').getByText('共 1 个评审任务：待评分 1 个，草稿 0 个，已提交 0 个').waitFor();
    await shotBoth(page, 'eval-10-my-reviews');
    await page.getByTestId(`my-review-open-${task.id}`).click();
    await expectPath(page, `/reviews/${task.id}`);
    assert.equal(await text(page.getByTestId('score-project')), PASSED_PROJECT);
    await page.getByTestId('score-application').getByTestId('overview').waitFor();
    await page.getByTestId('crit-fit').getByText('满分 30').waitFor();
    // a number out of range is said as typed, in the server's words
    await page.getByTestId('score-fit').fill('31');
    await page.locator('[data-field="criteria.fit"] .el-form-item__error').getByText('“契合度与效益”应为 0 到 30.00 之间的分数（最多两位小数）').waitFor();
    await page.getByTestId('score-fit').fill('27.5');
    await page.locator('[data-field="criteria.fit"] .el-form-item__error').waitFor({ state: 'detached' });
    await page.getByTestId('score-innovation').fill('22');
    await page.getByTestId('score-autonomy').fill('20.25');
    await page.getByTestId('score-demonstration').fill('16');
    assert.equal(await text(page.getByTestId('score-total')), '85.75');
    await page.getByTestId('score-save').click();
    await page.getByText('评分草稿已保存（总分 85.75）').waitFor();
    await page.getByTestId('score-status').getByText('评分中（草稿）').waitFor();
    // the attachments in the page
    await page.locator('.app-tabs .el-tabs__item').filter({ hasText: '附件材料' }).click();
    const firstPreview = page.locator('[data-test^="attachment-preview-"]').first();
    await firstPreview.click();
    const preview = page.getByTestId('file-preview').filter({ visible: true });
    await preview.getByTestId('file-preview-frame').waitFor();
    await preview.getByRole('button', { name: '关闭', exact: true }).click();
    await preview.waitFor({ state: 'hidden' });
    await page.locator('.app-tabs .el-tabs__item').filter({ hasText: '概要' }).click();
    await shotBoth(page, 'eval-11-score-draft');
    // 提交 without a comment: the server's message under the comment
    await page.getByTestId('score-submit').click();
    await boxButton(page, '确定提交').click();
    await page.locator('[data-field="comment"] .el-form-item__error').getByText('提交前请填写评审意见').waitFor();
    await page.getByTestId('score-comment').fill('项目覆盖全市医疗卫生机构，数据互通成效明显，国产化程度较高；建议加强数据安全分级保护。');
    await page.getByTestId('score-submit').click();
    await page.locator('.el-message-box').getByText('提交后评分即为最终结果，不能再修改').waitFor();
    await shotBoth(page, 'eval-12-score-confirm', { fullPage: false });
    await boxButton(page, '确定提交').click();
    await page.getByTestId('score-submitted').waitFor();
    await page.getByTestId('score-status').getByText('已提交').waitFor();
    assert.equal(await page.getByTestId('score-save').count(), 0, 'a submitted sheet is read-only');
    assert.equal(await page.getByTestId('score-declare').count(), 0);
    await shotBoth(page, 'eval-13-score-submitted');
    // the sheet as PDF, in the page
    await page.getByTestId('score-print').click();
    await page.getByTestId('score-print-filled').click();
    await preview.getByTestId('file-preview-frame').waitFor();
    assert.equal(await preview.getByTestId('file-preview-frame').getAttribute('data-src'), `/api/v1/assignments/${task.id}/score-sheet.pdf`);
    await preview.getByRole('button', { name: '关闭', exact: true }).click();
    await preview.waitFor({ state: 'hidden' });

    // nothing of another expert's: not its assignment, not the office's pages
    const other = mine.find((s) => s.expert_name !== '钱华');
    const r = await page.request.get(`${e2e.base}/api/v1/assignments/${other.id}`);
    assert.equal(r.status(), 404);
    await page.goto(`${e2e.base}/reviews/${other.id}`);
    await page.getByTestId('score-load-error').getByText('没有找到该评审任务，或该任务不属于您').waitFor();
    await page.goto(`${e2e.base}/admin/ranking`);
    await expectPath(page, '/reviews');
    await page.getByText('您没有访问该页面的权限').waitFor();
    await signOut(page);

    // ---- 5. the ranking shows it --------------------------------------------------------------
    await signIn(page, 'demo_admin');
    await page.getByTestId('side-menu').getByText('评审排名').click();
    await expectPath(page, '/admin/ranking');
    const ranking = await apiGet(page, '/api/v1/campaigns/2023/ranking');
    const item = ranking.items.find((x) => x.application_id === passed.id);
    assert.deepEqual(item.expert_scores, [85.75]);
    await page.getByTestId(`rk-score-${passed.id}`).getByText('85.75').waitFor();
    assert.equal(await text(page.getByTestId(`rk-count-${passed.id}`)), '1/5');
    assert.equal(await text(page.getByTestId(`rk-missing-${passed.id}`)), '缺 4 份');
    assert.equal(await text(page.getByTestId(`rk-rank-${passed.id}`)), String(item.rank_overall));
    assert.equal(await text(page.getByTestId(`rk-calibrated-${passed.id}`)), Number(item.calibrated_score).toFixed(2));
    // in order, as the server ranks them
    const shown = await page.locator('[data-test^="rk-rank-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-test').slice(8)));
    assert.deepEqual(shown.map(Number), ranking.items.map((x) => x.application_id));
    await page.getByTestId('rk-stability').getByText(ranking.stability[0].text).waitFor();
    await shotBoth(page, 'eval-14-ranking');
    // one category, ranked within it
    await page.getByTestId('rk-category').getByText(/^智慧民生类/).click();
    await page.getByTestId(`rk-rank-${passed.id}`).getByText(String(item.rank_in_category)).waitFor();
    const inCategory = ranking.items.filter((x) => x.category === 'livelihood').length;
    assert.equal(await page.locator('[data-test^="rk-rank-"]').count(), inCategory);
    await shotBoth(page, 'eval-15-ranking-category');
    // the score sheets from the project's experts
    await page.getByTestId(`rk-open-${passed.id}`).click();
    const rd = page.getByTestId('project-experts').filter({ visible: true });
    await rd.getByTestId(`pe-total-${task.id}`).getByText('85.75').waitFor();
    assert.equal(await rd.getByTestId(`pe-sheet-${task.id}`).getAttribute('href'), `/api/v1/assignments/${task.id}/score-sheet.pdf`);
    const pdf = await page.request.get(`${e2e.base}/api/v1/assignments/${task.id}/score-sheet.pdf`);
    assert.equal(pdf.status(), 200);
    assert.equal((await pdf.body()).subarray(0, 5).toString(), '%PDF-');
    await shotBoth(page, 'eval-16-ranking-experts', { fullPage: false });
    await rd.getByRole('button', { name: '关闭', exact: true }).click();
    await rd.waitFor({ state: 'hidden' });
    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByTestId('rk-download').click()]);
    assert.equal(xlsx.suggestedFilename(), '评审结果-2023.xlsx');
    assert.equal(readFileSync(await xlsx.path()).subarray(0, 2).toString(), 'PK');

    // ---- 6. 评审进度: the new project 1/5, 催办 -----------------------------------------------------
    await page.getByTestId('side-menu').getByText('评审进度').click();
    await expectPath(page, '/admin/progress');
    const progress = await apiGet(page, '/api/v1/campaigns/2023/review-progress');
    await page.getByTestId('pg-submitted').getByText(String(progress.totals.submitted), { exact: true }).waitFor();
    assert.equal(await text(page.getByTestId('pg-assignments')), String(progress.totals.assignments));
    await shotBoth(page, 'eval-17-progress');
    const open = progress.experts.filter((x) => x.submitted < x.assigned && x.has_account).length;
    await page.getByTestId('remind-all').click();
    await boxButton(page, '发送').click();
    await page.getByText(`已向 ${open} 位专家发送催办提醒`).waitFor();
    await page.locator('.el-tabs__item').filter({ hasText: '按项目' }).click();
    assert.equal(await text(page.getByTestId(`pg-project-count-${passed.id}`)), '1/5 已提交');
    await shotBoth(page, 'eval-18-progress-projects');
  }));
