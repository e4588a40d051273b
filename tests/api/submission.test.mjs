// Submission: full validation, the submission number, routing to the first reviewing authority,
// the call's window (moved with --now), the lock after submit, races, and withdrawal.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server } from '../lib/server.mjs';
import { assertError } from '../lib/api.mjs';
import { T_OPEN, completeForm, applicantWithDraft, readyToSubmit, attachRequired, uploadOk, account } from '../lib/apps.mjs';

let server;

before(async () => {
  server = await new Server({ now: T_OPEN }).start();
});
after(async () => { await server?.close(); });

const path = (id) => `/api/v1/applications/${id}`;
const submit = (c, id) => c.post(`${path(id)}/submit`);
const withdraw = (c, id) => c.post(`${path(id)}/withdraw`);
const NO = /^ZHJS2023-\d{4}$/;
const RFC3339_BEIJING = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?\+08:00$/;

// 市直 and 省直 units below are public institutions: no revenue, no licence.
const INSTITUTION = { unit: { nature: 'institution', main_business: '', honors: { high_tech: null, tech_center: null, key_lab: null, other: '' } } };
const withUnit = (unit) => ({ ...INSTITUTION, unit: { ...INSTITUTION.unit, ...unit } });

async function submitted(d) {
  const r = await submit(d.c, d.app.id);
  assert.equal(r.status, 200, `submit: ${r.text}`);
  return r.json;
}

test('submit: 200, submitted with a number, a time and the county as review unit', async () => {
  const d = await readyToSubmit(server);
  const a = await submitted(d);
  assert.equal(a.id, d.app.id);
  assert.equal(a.status, 'submitted');
  assert.match(a.submission_no, NO);
  assert.match(a.submitted_at, RFC3339_BEIJING);
  assert.ok(a.submitted_at.startsWith('2023-07-15T'), a.submitted_at);
  assert.deepEqual(a.review, { level: 'county', code: '320102', name: '玄武区信息化主管部门' });
  assert.equal(a.review.code, a.unit.region_code);
  assert.equal(a.editable, false);
  assert.deepEqual(a.problems, {});

  const g = await d.c.get(path(d.app.id));
  assert.equal(g.json.status, 'submitted');
  assert.equal(g.json.editable, false);
  assert.equal(g.json.submission_no, a.submission_no);
  const actions = g.json.history.map((h) => h.action);
  assert.deepEqual(actions, ['create', 'submit']);
  for (const h of g.json.history) {
    assert.equal(h.user, d.reg.contact_name, `history user: ${JSON.stringify(h)}`);
    assert.equal(h.role, 'applicant');
    assert.match(h.at, RFC3339_BEIJING);
  }
  assert.equal(g.json.history[1].from, 'draft');
  assert.equal(g.json.history[1].to, 'submitted');

  // locked
  assertError(await d.c.put(path(d.app.id), completeForm(d.reg, { project: { name: '改' } })), 409, 'conflict');
  assertError(await submit(d.c, d.app.id), 409, 'conflict');
  const again = await d.c.get(path(d.app.id));
  assert.equal(again.json.project.name, completeForm(d.reg).project.name, 'PUT changed nothing');

  const list = await d.c.get('/api/v1/applications');
  assert.equal(list.json.items[0].status, 'submitted');
  assert.equal(list.json.items[0].submission_no, a.submission_no);
});

test('submission numbers differ between applications', async () => {
  const a = await submitted(await readyToSubmit(server));
  const b = await submitted(await readyToSubmit(server));
  assert.match(a.submission_no, NO);
  assert.match(b.submission_no, NO);
  assert.notEqual(a.submission_no, b.submission_no);
});

test('incomplete: 422 with error.fields equal to the problems, status unchanged', async () => {
  // no attachments
  const d = await applicantWithDraft(server, { form: true });
  const problems = (await d.c.get(path(d.app.id))).json.problems;
  assert.ok(Object.keys(problems).length > 0);
  let err = assertError(await submit(d.c, d.app.id), 422, 'validation_failed', Object.keys(problems));
  assert.deepEqual(Object.keys(err.fields).sort(), Object.keys(problems).sort());
  assert.deepEqual(err.fields, problems);

  // attachments but a form problem
  await attachRequired(d.c, d.app.id);
  await d.c.put(path(d.app.id), completeForm(d.reg, { project: { non_construction_investment: 499.99, is_continuation: true } }));
  const p2 = (await d.c.get(path(d.app.id))).json.problems;
  assert.deepEqual(Object.keys(p2).sort(), ['project.is_continuation', 'project.non_construction_investment']);
  err = assertError(await submit(d.c, d.app.id), 422, 'validation_failed', ['project.non_construction_investment', 'project.is_continuation']);
  assert.deepEqual(err.fields, p2);

  // an empty draft
  const e = await applicantWithDraft(server);
  err = assertError(await submit(e.c, e.app.id), 422, 'validation_failed');
  assert.deepEqual(err.fields, (await e.c.get(path(e.app.id))).json.problems);

  for (const x of [d, e]) {
    const g = await x.c.get(path(x.app.id));
    assert.equal(g.json.status, 'draft');
    assert.equal(g.json.submission_no, null);
    assert.equal(g.json.editable, true);
    assert.deepEqual(g.json.history.map((h) => h.action), ['create']);
  }
});

test('routing: a county unit in 昆山市 (reports to the province) goes to 320583', async () => {
  const d = await readyToSubmit(server, { form: { unit: { region_code: '320583' }, project: { region_code: '320583' } } });
  const a = await submitted(d);
  assert.equal(a.review.code, '320583');
  assert.equal(a.review.name, '昆山市信息化主管部门');
});

test('routing: a 市直 institution goes to the city (from the city itself or from a district)', async () => {
  for (const region of ['320100', '320102']) {
    const d = await readyToSubmit(server, { form: withUnit({ affiliation: 'city_direct', region_code: region }) });
    const a = await submitted(d);
    assert.equal(a.review.level, 'city', `${region}: ${JSON.stringify(a.review)}`);
    assert.equal(a.review.code, '320100');
    assert.equal(a.review.name, '南京市信息化主管部门');
  }
});

test('routing: a 省直 unit goes to its provincial department', async () => {
  const d = await readyToSubmit(server, { form: withUnit({ affiliation: 'province_direct', department_code: 'gxt', region_code: '320106' }) });
  const a = await submitted(d);
  assert.equal(a.review.level, 'department');
  assert.equal(a.review.code, 'gxt');
  assert.equal(a.review.name, '省工业和信息化厅');
});

test('two simultaneous submits of one draft: exactly one 200 and one 409', async () => {
  const d = await readyToSubmit(server);
  const rs = await Promise.all([submit(d.c, d.app.id), submit(d.c, d.app.id)]);
  const statuses = rs.map((r) => r.status).sort();
  assert.deepEqual(statuses, [200, 409], rs.map((r) => r.text).join('\n'));
  assertError(rs.find((r) => r.status === 409), 409, 'conflict');
  const g = await d.c.get(path(d.app.id));
  assert.deepEqual(g.json.history.map((h) => h.action), ['create', 'submit'], 'one submit recorded');
});

test('withdraw: back to draft keeping the number, editable again, resubmit keeps the number', async () => {
  const d = await readyToSubmit(server);
  assertError(await withdraw(d.c, d.app.id), 409, 'conflict'); // a draft
  const s = await submitted(d);
  const w = await withdraw(d.c, d.app.id);
  assert.equal(w.status, 200, w.text);
  assert.equal(w.json.status, 'draft');
  assert.equal(w.json.submission_no, s.submission_no);
  assert.equal(w.json.editable, true);
  assertError(await withdraw(d.c, d.app.id), 409, 'conflict'); // a draft again

  const put = await d.c.put(path(d.app.id), completeForm(d.reg, { project: { achievements: '撤回后补充的项目成效。' } }));
  assert.equal(put.status, 200, put.text);
  assert.equal(put.json.project.achievements, '撤回后补充的项目成效。');
  await uploadOk(d.c, d.app.id, 'other');

  const s2 = await submitted(d);
  assert.equal(s2.submission_no, s.submission_no, 'the same number');
  assert.equal(s2.project.achievements, '撤回后补充的项目成效。');
  const g = await d.c.get(path(d.app.id));
  assert.deepEqual(g.json.history.map((h) => h.action), ['create', 'submit', 'withdraw', 'submit']);
});

test("reviewers cannot submit or withdraw (403); another unit's submit is 404", async () => {
  const d = await readyToSubmit(server);
  const rev = await account(server, 'sub_county', 'county_reviewer', { region: '320102' });
  assertError(await submit(rev, d.app.id), 403, 'forbidden');
  const other = await applicantWithDraft(server);
  assertError(await submit(other.c, d.app.id), 404, 'not_found');
  await submitted(d);
  assertError(await withdraw(rev, d.app.id), 403, 'forbidden');
  assertError(await withdraw(other.c, d.app.id), 404, 'not_found');
});

test('the window: 2023-07-01 00:00:00 to 2023-07-31 23:59:59 Beijing time, inclusive', async () => {
  // its own server, prepared shortly before the close so that sessions stay fresh across restarts
  const w = await new Server({ now: '2023-07-31T23:45:00+08:00' }).start();
  try {
    const early = await readyToSubmit(w);
    const last = await readyToSubmit(w);
    const late = await readyToSubmit(w);
    const withdrawer = await readyToSubmit(w);
    await submitted(withdrawer);

    // each request right after the restart: the clock moves on from --now
    await w.restart({ now: '2023-07-31T23:59:59+08:00' });
    let r = await submit(last.c, last.app.id);
    assert.equal(r.status, 200, `at 2023-07-31T23:59:59: ${r.text}`);
    assert.equal(r.json.status, 'submitted');

    await w.restart({ now: '2023-08-01T00:00:00+08:00' });
    assertError(await submit(late.c, late.app.id), 409, 'window_closed');
    assertError(await withdraw(withdrawer.c, withdrawer.app.id), 409, 'window_closed');
    assert.equal((await late.c.get(path(late.app.id))).json.status, 'draft');
    assert.equal((await withdrawer.c.get(path(withdrawer.app.id))).json.status, 'submitted');
    assert.equal((await late.c.get(path(late.app.id))).json.window_open, false);

    await w.restart({ now: '2023-06-30T23:59:59+08:00' });
    r = await submit(early.c, early.app.id);
    assertError(r, 409, 'window_closed');

    await w.restart({ now: '2023-07-01T00:00:00+08:00' });
    r = await submit(early.c, early.app.id);
    assert.equal(r.status, 200, `at 2023-07-01T00:00:00: ${r.text}`);
    assert.equal(r.json.status, 'submitted');
  } finally {
    await w.close();
  }
});
