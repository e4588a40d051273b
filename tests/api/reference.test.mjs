// Reference data: regions, departments and the 2023 campaign definition.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server } from '../lib/server.mjs';
import { assertError, assertJsonType, readCsv } from '../lib/api.mjs';

let server;
let c;

before(async () => {
  server = await new Server({ now: '2023-07-15T10:00:00+08:00' }).start();
  c = server.client();
});
after(async () => { await server?.close(); });

test('GET /api/v1/regions returns the 109 regions of data/jiangsu-regions.csv, whole', async () => {
  const r = await c.get('/api/v1/regions');
  assert.equal(r.status, 200);
  assertJsonType(r);
  assert.ok(Array.isArray(r.json), `an array: ${r.text.slice(0, 200)}`);
  const csv = readCsv('jiangsu-regions.csv');
  assert.equal(csv.length, 109);
  assert.equal(r.json.length, 109);
  const byCode = new Map(r.json.map((x) => [x.code, x]));
  assert.equal(byCode.size, 109, 'codes are unique strings');
  for (const row of csv) {
    const x = byCode.get(row.code);
    assert.ok(x, `region ${row.code} missing`);
    assert.equal(x.name, row.name, row.code);
    assert.equal(x.level, row.level, row.code);
    assert.equal(x.parent_code, row.parent_code === '' ? null : row.parent_code, row.code);
    assert.equal(typeof x.reports_to_province, 'boolean', `${row.code} reports_to_province`);
    if (row.level !== 'province') assert.equal(x.reports_to_province, row.reports_to_province === '1', row.code);
  }
});

test('regions: the province, the 13 cities and the three counties that report to the province', async () => {
  const r = await c.get('/api/v1/regions');
  const byCode = new Map(r.json.map((x) => [x.code, x]));
  const js = byCode.get('320000');
  assert.equal(js.name, '江苏省');
  assert.equal(js.level, 'province');
  assert.equal(js.parent_code, null);
  const cities = r.json.filter((x) => x.level === 'city');
  assert.equal(cities.length, 13);
  for (const city of cities) {
    assert.equal(city.reports_to_province, true, city.code);
    assert.equal(city.parent_code, '320000', city.code);
  }
  for (const [code, name] of [['320583', '昆山市'], ['321283', '泰兴市'], ['321322', '沭阳县']]) {
    assert.equal(byCode.get(code).name, name);
    assert.equal(byCode.get(code).reports_to_province, true, code);
  }
  const below = r.json.filter((x) => ['district', 'county', 'county_city'].includes(x.level));
  assert.equal(below.length, 95);
  assert.deepEqual(below.filter((x) => x.reports_to_province).map((x) => x.code).sort(), ['320583', '321283', '321322']);
  assert.deepEqual(
    { ...byCode.get('320102') },
    { ...byCode.get('320102'), code: '320102', name: '玄武区', level: 'district', parent_code: '320100', reports_to_province: false },
  );
});

test('GET /api/v1/departments returns the 30 departments of data/jiangsu-departments.csv', async () => {
  const r = await c.get('/api/v1/departments');
  assert.equal(r.status, 200);
  assertJsonType(r);
  assert.ok(Array.isArray(r.json));
  const csv = readCsv('jiangsu-departments.csv');
  assert.equal(csv.length, 30);
  assert.equal(r.json.length, 30);
  const byCode = new Map(r.json.map((x) => [x.code, x.name]));
  for (const row of csv) assert.equal(byCode.get(row.code), row.name, row.code);
  assert.equal(byCode.get('gxt'), '省工业和信息化厅');
});

test('GET /api/v1/campaigns lists the 2023 call with its timeline', async () => {
  const r = await c.get('/api/v1/campaigns');
  assert.equal(r.status, 200);
  assertJsonType(r);
  assert.ok(Array.isArray(r.json.items), r.text);
  assert.equal(r.json.items.length, 1);
  const it = r.json.items[0];
  assert.equal(it.year, 2023);
  assert.equal(it.title, '2023年智慧江苏重点工程');
  assert.deepEqual(it.timeline, {
    contacts_due: '2023-07-05', apply_open: '2023-07-01', apply_close: '2023-07-31', local_review_due: '2023-08-21',
  });
});

test('GET /api/v1/campaigns/2023 is the whole definition', async () => {
  const r = await c.get('/api/v1/campaigns/2023');
  assert.equal(r.status, 200);
  assertJsonType(r);
  const d = r.json;
  assert.equal(d.year, 2023);
  assert.equal(d.title, '2023年智慧江苏重点工程');
  assert.deepEqual(d.categories.map((x) => [x.code, x.name]), [
    ['infrastructure', '数字基础设施类'],
    ['economy', '数字经济类'],
    ['governance', '数字治理类'],
    ['livelihood', '智慧民生类'],
  ]);
  for (const cat of d.categories) {
    assert.equal(typeof cat.description, 'string', cat.code);
    assert.ok(cat.description.trim().length > 0, `${cat.code} description`);
  }
  assert.deepEqual(d.timeline, {
    contacts_due: '2023-07-05', apply_open: '2023-07-01', apply_close: '2023-07-31', local_review_due: '2023-08-21',
  });
  const rules = d.rules;
  assert.equal(rules.min_non_construction_investment, 500);
  assert.equal(rules.earliest_start_month, '2022-01');
  assert.deepEqual(rules.text_limits, { 'unit.overview': 300, 'project.basic_info': 500, 'project.achievements': 500 });
  assert.equal(rules.projects_per_unit, 1);
  assert.equal(rules.categories_per_project, 1);
  assert.equal(rules.statistics_cutoff, '2022-12-31');
  assert.equal(rules.landmark_count, 10);
});

test('unknown or malformed campaign years answer 404 not_found', async () => {
  for (const p of ['/api/v1/campaigns/1999', '/api/v1/campaigns/abc', '/api/v1/campaigns/2024', '/api/v1/campaigns/2023abc', '/api/v1/campaigns/-1']) {
    const r = await c.get(p);
    assertError(r, 404, 'not_found');
  }
});

test('the province admin adds, renames and retires departments; others may not', async () => {
  const { runCli } = await import('../lib/server.mjs');
  const r0 = runCli(['user', 'add', '--username', 'deptadmin', '--password', 'Admin@2023x', '--role', 'province_admin', '--name', '管理员'],
    { dataDir: server.dataDir });
  assert.equal(r0.code, 0, r0.stderr);
  const admin = server.client();
  await admin.signIn('deptadmin', 'Admin@2023x');
  const created = await admin.post('/api/v1/departments', { code: 'sjj', name: '省数据局' });
  assert.equal(created.status, 201, created.text);
  assert.deepEqual(created.json, { code: 'sjj', name: '省数据局', active: true });
  assert.equal((await admin.post('/api/v1/departments', { code: 'sjj', name: '重复' })).status, 409);
  const bad = await admin.post('/api/v1/departments', { code: 'Bad Code', name: '省' });
  assert.equal(bad.status, 422);
  assert.ok(bad.json.error.fields.code && bad.json.error.fields.name);
  const anon = server.client();
  let list = (await anon.get('/api/v1/departments')).json;
  assert.ok(list.some((d) => d.code === 'sjj' && d.name === '省数据局'));
  // rename
  const renamed = await admin.put('/api/v1/departments/sjj', { name: '省数据管理局', active: true });
  assert.equal(renamed.status, 200, renamed.text);
  list = (await anon.get('/api/v1/departments')).json;
  assert.ok(list.some((d) => d.code === 'sjj' && d.name === '省数据管理局'));
  // retire: no longer offered, and no longer accepted for new department reviewers
  assert.equal((await admin.put('/api/v1/departments/sjj', { name: '省数据管理局', active: false })).status, 200);
  list = (await anon.get('/api/v1/departments')).json;
  assert.ok(!list.some((d) => d.code === 'sjj'));
  const all = (await admin.get('/api/v1/departments?all=1')).json;
  assert.ok(all.some((d) => d.code === 'sjj' && d.active === false));
  const reviewer = await admin.post('/api/v1/users', { username: 'sjjreviewer', password: 'Review@2023x', role: 'department_reviewer',
    department_code: 'sjj', name: '审核员' });
  assert.equal(reviewer.status, 422);
  assert.ok(reviewer.json.error.fields.department_code);
  assert.equal((await admin.put('/api/v1/departments/nope', { name: '不存在的部门', active: true })).status, 404);
  // an applicant may not
  const reg = (await import('../lib/server.mjs')).registration();
  await anon.post('/api/v1/accounts', reg);
  const applicant = server.client();
  await applicant.signIn(reg.username, reg.password);
  assert.equal((await applicant.post('/api/v1/departments', { code: 'x1', name: '某部门' })).status, 403);
  assert.equal((await server.client().post('/api/v1/departments', { code: 'x1', name: '某部门' })).status, 401);
});
