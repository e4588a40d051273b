// Applications (申报表): create the unit's draft, save (PUT) with problems, the notice's rules
// through the API (one boundary per rule), money kept exactly, and other units kept out.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, creditCode } from '../lib/server.mjs';
import { assertError, assertJsonType, hasChinese } from '../lib/api.mjs';
import {
  T_OPEN, SECTION_KEYS, completeForm, newApplicant, applicantWithDraft, account, upload, uploadOk, pdfBytes, attachRequired,
} from '../lib/apps.mjs';

let server;

before(async () => {
  server = await new Server({ now: T_OPEN }).start();
});
after(async () => { await server?.close(); });

const path = (id) => `/api/v1/applications/${id}`;

// Only attachments.* keys left among the problems.
function onlyAttachmentProblems(app) {
  const other = Object.keys(app.problems).filter((k) => !k.startsWith('attachments.'));
  assert.deepEqual(other, [], `problems other than attachments: ${JSON.stringify(app.problems)}`);
}

test('create: 201 draft with every section key, prefilled from the account, and problems', async () => {
  const { c, reg } = await newApplicant(server);
  const r = await c.post('/api/v1/applications', { campaign: 2023 });
  assert.equal(r.status, 201, r.text);
  assertJsonType(r);
  const a = r.json;
  assert.ok(Number.isInteger(a.id) && a.id > 0, `id: ${a.id}`);
  assert.equal(a.campaign, 2023);
  assert.equal(a.status, 'draft');
  for (const [section, keys] of Object.entries(SECTION_KEYS)) {
    assert.ok(a[section] && typeof a[section] === 'object', `section ${section}: ${r.text}`);
    for (const k of keys) assert.ok(Object.hasOwn(a[section], k), `${section}.${k} present`);
  }
  assert.ok(Object.hasOwn(a, 'declaration_accepted'), 'declaration_accepted present');
  for (const k of ['attachments', 'history']) assert.ok(Array.isArray(a[k]), `${k} is an array`);
  assert.equal(a.cover.applicant_unit, reg.unit_name);
  assert.equal(a.unit.name, reg.unit_name);
  assert.equal(a.unit.credit_code, reg.credit_code);
  assert.ok(a.problems && Object.keys(a.problems).length > 0, 'a new draft has problems');
  for (const [k, m] of Object.entries(a.problems)) assert.ok(hasChinese(m), `problem ${k} is Chinese: ${m}`);
  assert.ok(a.problems['project.name'], 'the empty project name is a problem');
  assert.ok(a.problems['attachments.stamped_form'], 'the missing stamped form is a problem');
  assert.deepEqual(a.warnings, {}, 'no warnings on an empty draft');
  assert.equal(a.history.length, 1);
  assert.equal(a.history[0].action, 'create');

  // the same unit cannot open a second one
  assertError(await c.post('/api/v1/applications', { campaign: 2023 }), 409, 'conflict');
  const list = await c.get('/api/v1/applications');
  assert.equal(list.status, 200);
  assert.equal(list.json.total, 1);
  assert.equal(list.json.items[0].id, a.id);
});

test('create: 20 simultaneous creates by one unit give exactly one 201 and nineteen 409', async () => {
  const { c } = await newApplicant(server);
  const rs = await Promise.all(Array.from({ length: 20 }, () => c.post('/api/v1/applications', { campaign: 2023 })));
  const statuses = rs.map((r) => r.status);
  assert.equal(statuses.filter((s) => s === 201).length, 1, `statuses: ${statuses}`);
  for (const r of rs.filter((x) => x.status !== 201)) assertError(r, 409, 'conflict');
  const list = await c.get('/api/v1/applications');
  assert.equal(list.json.total, 1, list.text);
  assert.equal(list.json.items.length, 1);
});

test('create: unknown campaign 422 fields.campaign; reviewer 403; anonymous 401', async () => {
  const { c } = await newApplicant(server);
  assertError(await c.post('/api/v1/applications', { campaign: 1999 }), 422, 'validation_failed', ['campaign']);
  assertError(await c.post('/api/v1/applications', {}), 422, 'validation_failed', ['campaign']);
  assertError(await c.post('/api/v1/applications', { campaign: '2023' }), 422, 'validation_failed', ['campaign']);
  assert.equal((await c.get('/api/v1/applications')).json.total, 0, 'nothing was created');

  const reviewer = await account(server, 'app_county_rev', 'county_reviewer', { region: '320102' });
  assertError(await reviewer.post('/api/v1/applications', { campaign: 2023 }), 403, 'forbidden');
  assertError(await server.client().post('/api/v1/applications', { campaign: 2023 }), 401, 'unauthenticated');
});

test('PUT saves an incomplete form and answers its problems', async () => {
  const { c, app } = await applicantWithDraft(server);
  const r = await c.put(path(app.id), { cover: { project_name: '测试项目' }, project: { name: '测试项目', total_investment: 800 } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.cover.project_name, '测试项目');
  assert.equal(r.json.project.total_investment, 800);
  assert.ok(!r.json.problems['cover.project_name'], 'the project name is no longer a problem');
  assert.ok(r.json.problems['cover.address'], 'the empty address still is');
  assert.ok(r.json.problems['project.non_construction_investment'], 'non-construction investment missing');
  const g = await c.get(path(app.id));
  assert.equal(g.status, 200);
  assert.equal(g.json.cover.project_name, '测试项目', 'saved');
  assert.equal(g.json.project.name, '测试项目', 'saved');
  assert.deepEqual(g.json.problems, r.json.problems, 'GET answers the same problems');
});

test('PUT with the complete form leaves only attachment problems, each of them attachments.*', async () => {
  const { c, reg, app } = await applicantWithDraft(server);
  const r = await c.put(path(app.id), completeForm(reg));
  assert.equal(r.status, 200, r.text);
  onlyAttachmentProblems(r.json);
  for (const kind of ['stamped_form', 'ownership_statement', 'detailed_materials', 'investment_proof', 'business_license']) {
    assert.ok(r.json.problems[`attachments.${kind}`], `attachments.${kind} missing: ${JSON.stringify(r.json.problems)}`);
  }
  await attachRequired(c, app.id);
  const g = await c.get(path(app.id));
  assert.deepEqual(g.json.problems, {}, 'with the attachments nothing is left');
});

test('PUT with an unknown key or a wrong type: 422 naming it, and nothing saved', async () => {
  const { c, reg, app } = await applicantWithDraft(server, { form: true });
  const before = (await c.get(path(app.id))).json;
  const bad = [
    [{ ...completeForm(reg, { project: { name: '改过的名字' } }), extra: 1 }, 'extra'],
    [completeForm(reg, { project: { name: '改过的名字', budget: 5 } }), 'project.budget'],
    [completeForm(reg, { project: { name: '改过的名字', total_investment: '1200' } }), 'project.total_investment'],
    [completeForm(reg, { cover: { project_name: '改过的名字', joint: 'no' } }), 'cover.joint'],
    [completeForm(reg, { cover: { project_name: 123 } }), 'cover.project_name'],
    [completeForm(reg, { ownership: { variant: '1' }, project: { name: '改过的名字' } }), 'ownership.variant'],
    [completeForm(reg, { unit: { revenue: { 2021: '100' } }, project: { name: '改过的名字' } }), 'unit.revenue.2021'],
    [completeForm(reg, { unit: { honors: { high_tech: { level: 'national', year: '2021' } } }, project: { name: '改过的名字' } }), 'unit.honors.high_tech.year'],
    [{ ...completeForm(reg, { project: { name: '改过的名字' } }), declaration_accepted: 'yes' }, 'declaration_accepted'],
  ];
  for (const [body, field] of bad) {
    const r = await c.put(path(app.id), body);
    assertError(r, 422, 'validation_failed', [field]);
  }
  const after = (await c.get(path(app.id))).json;
  for (const section of ['cover', 'unit', 'project', 'ownership', 'declaration_accepted']) {
    assert.deepEqual(after[section], before[section], `${section} unchanged`);
  }
  assert.equal(after.project.name, completeForm(reg).project.name);
});

// JSON number values (after a colon) written with more than two decimals or an exponent.
const noisyNumbers = (raw) => [...raw.matchAll(/:(-?\d+(?:\.\d{3,}|(?:\.\d+)?[eE][-+]?\d+))[,}\]]/g)].map((m) => m[1]);

test('money: kept exactly, never with binary noise', async () => {
  const { c, reg, app } = await applicantWithDraft(server);
  const body = completeForm(reg, { project: { total_investment: 1234567.89, non_construction_investment: 860.10 } });
  const r = await c.put(path(app.id), body);
  assert.equal(r.status, 200, r.text);
  const g = await c.get(path(app.id));
  for (const res of [r, g]) {
    assert.equal(res.json.project.total_investment, 1234567.89);
    assert.equal(res.json.project.non_construction_investment, 860.1);
    const raw = res.text;
    for (const m of raw.matchAll(/"(total_investment|non_construction_investment)":([^,}]+)/g)) {
      assert.ok(['1234567.89', '860.1'].includes(m[2]), `${m[1]} written as ${m[2]}`);
    }
    assert.deepEqual(noisyNumbers(raw), [], 'no JSON number with more than two decimals');
  }
  const list = await c.get('/api/v1/applications');
  assert.equal(list.json.items[0].total_investment, 1234567.89);
  assert.equal(list.json.items[0].non_construction_investment, 860.1);

  // 0.1 + 0.2 style sums
  const r2 = await c.put(path(app.id), completeForm(reg, { project: { total_investment: 600.3, non_construction_investment: 500.3 }, unit: { revenue: { 2020: 0.3, 2021: 1.1, 2022: 2.2 } } }));
  assert.equal(r2.status, 200);
  assert.equal(r2.json.project.total_investment, 600.3);
  assert.equal(r2.json.unit.revenue['2020'], 0.3);
  assert.equal(r2.json.unit.revenue['2022'], 2.2);
  assert.equal(r2.json.unit.revenue['2021'], 1.1);
  assert.equal(r2.json.project.non_construction_investment, 500.3);
  assert.deepEqual(noisyNumbers(r2.text), [], 'no JSON number with more than two decimals');
});

test('money: 500.001 is saved as sent and reported under project.non_construction_investment', async () => {
  const { c, reg, app } = await applicantWithDraft(server);
  const r = await c.put(path(app.id), completeForm(reg, { project: { non_construction_investment: 500.001 } }));
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.project.non_construction_investment, 500.001);
  assert.equal(r.json.problems['project.non_construction_investment'], '非土建类投资金额最多保留两位小数（万元）');
  const g = await c.get(path(app.id));
  assert.equal(g.json.project.non_construction_investment, 500.001, 'saved');
  assert.ok(g.json.problems['project.non_construction_investment']);
});

// Saves the complete form with `patch` and returns the application answered by the PUT.
async function saved(d, patch) {
  const r = await d.c.put(path(d.app.id), completeForm(d.reg, patch));
  assert.equal(r.status, 200, r.text);
  return r.json;
}

// One boundary per rule: `bad` reports `key` (with `message` exactly when given), `good` does not.
async function boundary(d, key, bad, good, message) {
  const a = await saved(d, bad);
  assert.ok(a.problems[key], `${key} should be a problem for ${JSON.stringify(bad)}: ${JSON.stringify(a.problems)}`);
  assert.ok(hasChinese(a.problems[key]));
  if (message) assert.equal(a.problems[key], message);
  const b = await saved(d, good);
  assert.ok(!b.problems[key], `${key} should not be a problem for ${JSON.stringify(good)}: ${b.problems[key]}`);
  onlyAttachmentProblems(b);
}

test('rule: non-construction investment at least 500.00 万元 (499.99 vs 500.00)', async () => {
  const d = await applicantWithDraft(server);
  await boundary(d, 'project.non_construction_investment', { project: { non_construction_investment: 499.99 } },
    { project: { non_construction_investment: 500.00 } }, '非土建类投资不少于 500.00 万元');
});

test('rule: non-construction investment not above the total', async () => {
  const d = await applicantWithDraft(server);
  await boundary(d, 'project.non_construction_investment',
    { project: { total_investment: 600, non_construction_investment: 600.01 } },
    { project: { total_investment: 600, non_construction_investment: 600 } }, '非土建类投资不能超过项目总投资');
});

test('rule: start not earlier than 2022-01 (2021-12 vs 2022-01)', async () => {
  const d = await applicantWithDraft(server);
  await boundary(d, 'project.start_month', { project: { start_month: '2021-12', end_month: '2023-11' } },
    { project: { start_month: '2022-01', end_month: '2023-12' } }, '项目启动时间不早于 2022 年 1 月');
});

test('rule: unit.overview at most 300 characters (301 vs 300, counted in characters)', async () => {
  const d = await applicantWithDraft(server);
  await boundary(d, 'unit.overview', { unit: { overview: '字'.repeat(301) } }, { unit: { overview: '字'.repeat(300) } },
    '申报单位概况不超过 300 字（现 301 字）');
});

test('rule: unit.credit_code check character', async () => {
  const d = await applicantWithDraft(server);
  const good = d.reg.credit_code;
  const flipped = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
  await boundary(d, 'unit.credit_code', { unit: { credit_code: flipped } }, { unit: { credit_code: good } },
    '统一社会信用代码校验位不正确');
  // a valid code that is not the registered unit's
  const other = creditCode('91320102MA1X0000' + (good[16] === '1' ? '2' : '1'));
  const a = await saved(d, { unit: { credit_code: other } });
  assert.match(a.problems['unit.credit_code'] || '', /注册/, JSON.stringify(a.problems));
});

test('rule: unit.contact_phone, a landline with area code or a mobile', async () => {
  const d = await applicantWithDraft(server);
  await boundary(d, 'unit.contact_phone', { unit: { contact_phone: '025-6965279' } }, { unit: { contact_phone: '025-69652796' } },
    '联系电话应为手机号或带区号的固定电话，如 025-69652796');
  for (const ok of ['0512-57318888', '13912345678']) {
    const a = await saved(d, { unit: { contact_phone: ok } });
    assert.ok(!a.problems['unit.contact_phone'], `${ok}: ${a.problems['unit.contact_phone']}`);
  }
  const a = await saved(d, { unit: { contact_phone: '02569652796' } });
  assert.ok(a.problems['unit.contact_phone'], '02569652796 has no dash');
});

test('rule: regions must be in Jiangsu', async () => {
  const d = await applicantWithDraft(server);
  await boundary(d, 'unit.region_code', { unit: { region_code: '310101' } }, { unit: { region_code: '320102' } },
    '申报地区应为江苏省内的设区市或县（市、区）');
  await boundary(d, 'project.region_code', { project: { region_code: '330100' } }, { project: { region_code: '320000' } },
    '项目建设地区应为江苏省（全省）、设区市或县（市、区）');
});

test('rule: an enterprise gives its 2021 revenue; an institution need not', async () => {
  const d = await applicantWithDraft(server);
  await boundary(d, 'unit.revenue.2021', { unit: { revenue: { 2020: 3560.25, 2021: null, 2022: 5236.5 } } },
    { unit: { revenue: { 2020: 3560.25, 2021: 0, 2022: 5236.5 } } }, '请填写2021年业务收入（万元）');
  const r = await d.c.put(path(d.app.id), completeForm(d.reg, { unit: { revenue: null } }));
  assert.equal(r.status, 422, 'revenue must be an object');
  const form = completeForm(d.reg);
  form.unit.revenue = { 2020: 3560.25, 2022: 5236.5 };
  const a = (await d.c.put(path(d.app.id), form)).json;
  assert.equal(a.problems['unit.revenue.2021'], '请填写2021年业务收入（万元）', 'a missing 2021 key is a problem too');
  const inst = await saved(d, { unit: { nature: 'institution', revenue: {}, main_business: '' } });
  assert.ok(!inst.problems['unit.revenue.2021'], JSON.stringify(inst.problems));
  assert.ok(!inst.problems['unit.main_business'], JSON.stringify(inst.problems));
  assert.ok(!inst.problems['attachments.business_license'], 'no licence needed for an institution');
});

test('rule: honors year not after the 2022 statistics cutoff (2023 vs 2022)', async () => {
  const d = await applicantWithDraft(server);
  await boundary(d, 'unit.honors.high_tech.year', { unit: { honors: { high_tech: { level: 'national', year: 2023 } } } },
    { unit: { honors: { high_tech: { level: 'national', year: 2022 } } } }, '高新技术企业的授予年份不能晚于统计截止日期 2022 年');
});

test('rule: a joint application names its partner; partner fields ignored otherwise', async () => {
  const d = await applicantWithDraft(server);
  const a = await saved(d, { cover: { joint: true } });
  for (const k of ['cover.partner_unit', 'cover.partner_address', 'cover.partner_postcode', 'cover.partner_contact_name',
    'cover.partner_contact_mobile', 'unit.joint_units']) {
    assert.ok(a.problems[k], `${k} is required for a joint application: ${JSON.stringify(a.problems)}`);
  }
  assert.equal(a.problems['cover.partner_unit'], '请填写合作单位');
  const partner = {
    cover: { joint: true, partner_unit: '南京合作科技有限公司', partner_address: '南京市玄武区长江路 1 号', partner_postcode: '210005',
      partner_contact_name: '李四', partner_contact_mobile: '13900001111' },
    unit: { joint_units: '南京合作科技有限公司' },
  };
  onlyAttachmentProblems(await saved(d, partner));
  const notJoint = await saved(d, { cover: { joint: false, partner_postcode: 'abc', partner_contact_mobile: 'x' } });
  onlyAttachmentProblems(notJoint);
});

test('rule: ownership variant 4 needs the owner and an authorization_letter', async () => {
  const d = await applicantWithDraft(server);
  const a = await saved(d, { ownership: { variant: 4, partner_unit: '南京市玄武区城市管理局' } });
  assert.equal(a.problems['attachments.authorization_letter'], '以承建单位名义申报，须上传项目权属单位授权书');
  const noOwner = await saved(d, { ownership: { variant: 4, partner_unit: '' } });
  assert.ok(noOwner.problems['ownership.partner_unit'], JSON.stringify(noOwner.problems));
  const bad = await saved(d, { ownership: { variant: 5 } });
  assert.ok(bad.problems['ownership.variant']);
  await uploadOk(d.c, d.app.id, 'authorization_letter', pdfBytes(), { filename: '授权书.pdf' });
  const b = await saved(d, { ownership: { variant: 4, partner_unit: '南京市玄武区城市管理局' } });
  assert.ok(!b.problems['attachments.authorization_letter'], JSON.stringify(b.problems));
  onlyAttachmentProblems(b);
  const v1 = await saved(d, { ownership: { variant: 1 } });
  assert.ok(!v1.problems['attachments.authorization_letter']);
});

test('rule: continuation projects are not accepted', async () => {
  const d = await applicantWithDraft(server);
  await boundary(d, 'project.is_continuation', { project: { is_continuation: true } }, { project: { is_continuation: false } },
    '不接受续期建设项目申报');
});

test('rule: a duration of 37 months is a warning only; 36 is none', async () => {
  const d = await applicantWithDraft(server);
  const a = await saved(d, { project: { start_month: '2022-03', end_month: '2025-03' } });
  onlyAttachmentProblems(a);
  assert.ok(a.warnings['project.end_month'], `warning expected: ${JSON.stringify(a.warnings)}`);
  assert.match(a.warnings['project.end_month'], /37/);
  const b = await saved(d, { project: { start_month: '2022-03', end_month: '2025-02' } });
  assert.ok(!b.warnings['project.end_month'], JSON.stringify(b.warnings));
});

test("another unit's application is 404 on GET, PUT, submit, withdraw and attachments", async () => {
  const owner = await applicantWithDraft(server, { form: true });
  const att = await uploadOk(owner.c, owner.app.id, 'stamped_form');
  const { c: other, reg } = await newApplicant(server);
  const id = owner.app.id;
  assertError(await other.get(path(id)), 404, 'not_found');
  assertError(await other.put(path(id), completeForm(reg)), 404, 'not_found');
  assertError(await other.post(`${path(id)}/submit`), 404, 'not_found');
  assertError(await other.post(`${path(id)}/withdraw`), 404, 'not_found');
  assertError(await other.get(`${path(id)}/attachments/${att.id}`), 404, 'not_found');
  assertError(await other.del(`${path(id)}/attachments/${att.id}`), 404, 'not_found');
  assertError(await upload(other, id, 'other', pdfBytes()), 404, 'not_found');
  // and a missing id answers the same
  assertError(await other.get(path(999999)), 404, 'not_found');
  assert.equal((await other.get('/api/v1/applications')).json.total, 0);
  const g = await owner.c.get(path(id));
  assert.equal(g.json.attachments.length, 1, 'nothing added by the other unit');
  assert.equal(g.json.cover.applicant_unit, owner.reg.unit_name, 'not changed by the other unit');
});

test('create after 2023-07-31 23:59:59 +08:00 is refused with window_closed', async () => {
  const early = await newApplicant(server);
  await server.restart({ now: '2023-08-01T00:00:00+08:00' });
  // more than 30 idle minutes have passed: sign in again
  await early.c.signIn(early.reg.username, early.reg.password);
  assertError(await early.c.post('/api/v1/applications', { campaign: 2023 }), 409, 'window_closed');
  assert.equal((await early.c.get('/api/v1/applications')).json.total, 0);
});
