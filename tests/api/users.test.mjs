// Accounts made by operators: `shenbao user add`, POST/GET /api/v1/users (province admin only).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, runCli, registration } from '../lib/server.mjs';
import { assertError, assertJsonType, hasChinese, LABEL } from '../lib/api.mjs';

let server;
let admin;
const PW = 'Review@2023x';

before(async () => {
  server = await new Server({ now: '2023-07-15T10:00:00+08:00' }).start();
});
after(async () => { await server?.close(); });

function assertCliFailure(res, what) {
  assert.notEqual(res.code, 0, `${what}: should exit non-zero (stdout ${res.stdout})`);
  const msg = res.stderr.trim();
  assert.ok(msg.length > 0, `${what}: a reason on stderr`);
  assert.equal(msg.split('\n').length, 1, `${what}: one line on stderr, got:\n${res.stderr}`);
}

async function cannotSignIn(username, password) {
  const r = await server.client().post('/api/v1/session', { username, password });
  assertError(r, 401, 'unauthenticated');
}

test('`shenbao user add` creates a province admin while the server runs', async () => {
  const res = runCli(['user', 'add', '--username', 'admin1', '--password', 'Admin@2023x', '--role', 'province_admin'], { dataDir: server.dataDir });
  assert.equal(res.code, 0, res.stderr);
  admin = server.client();
  const si = await admin.signIn('admin1', 'Admin@2023x');
  assert.equal(si.json.user.role, 'province_admin');
  const me = await admin.get('/api/v1/me');
  assert.equal(me.json.user.role, 'province_admin');
});

test('`shenbao user add` with a county reviewer and a department reviewer', async () => {
  let res = runCli(['user', 'add', '--username', 'cli_county', '--password', PW, '--role', 'county_reviewer', '--region', '320104', '--name', '李四'], { dataDir: server.dataDir });
  assert.equal(res.code, 0, res.stderr);
  let c = server.client();
  await c.signIn('cli_county', PW);
  let me = (await c.get('/api/v1/me')).json.user;
  assert.equal(me.role, 'county_reviewer');
  assert.equal(me.region_code, '320104');
  assert.equal(me.region_name, '秦淮区');

  res = runCli(['user', 'add', '--username', 'cli_dept', '--password', PW, '--role', 'department_reviewer', '--department', 'kjt'], { dataDir: server.dataDir });
  assert.equal(res.code, 0, res.stderr);
  c = server.client();
  await c.signIn('cli_dept', PW);
  me = (await c.get('/api/v1/me')).json.user;
  assert.equal(me.role, 'department_reviewer');
  assert.equal(me.department_code, 'kjt');
  assert.equal(me.department_name, '省科技厅');
});

test('`shenbao user add` refuses bad roles and scopes with a one-line reason', async () => {
  const cases = [
    ['bad role', ['--username', 'cli_bad1', '--password', PW, '--role', 'superuser']],
    ['county reviewer without region', ['--username', 'cli_bad2', '--password', PW, '--role', 'county_reviewer']],
    ['county reviewer on a city', ['--username', 'cli_bad3', '--password', PW, '--role', 'county_reviewer', '--region', '320100']],
    ['county reviewer on an unknown region', ['--username', 'cli_bad4', '--password', PW, '--role', 'county_reviewer', '--region', '999999']],
    ['department reviewer, unknown department', ['--username', 'cli_bad5', '--password', PW, '--role', 'department_reviewer', '--department', 'nope']],
    ['weak password', ['--username', 'cli_bad6', '--password', 'weak', '--role', 'expert']],
    ['duplicate username', ['--username', 'ADMIN1', '--password', PW, '--role', 'expert']],
  ];
  for (const [what, args] of cases) {
    const res = runCli(['user', 'add', ...args], { dataDir: server.dataDir });
    assertCliFailure(res, what);
    if (args[1] !== 'ADMIN1') await cannotSignIn(args[1], args[3]);
  }
});

test('POST /api/v1/users: admin creates reviewers and experts within the scope rules', async () => {
  const ok = [
    { username: 'api_county', role: 'county_reviewer', region_code: '320102' },
    { username: 'api_county_city', role: 'county_reviewer', region_code: '320583' },
    { username: 'api_county2', role: 'county_reviewer', region_code: '321322' },
    { username: 'api_city', role: 'city_reviewer', region_code: '320100' },
    { username: 'api_kunshan', role: 'city_reviewer', region_code: '320583' },
    { username: 'api_taixing', role: 'city_reviewer', region_code: '321283' },
    { username: 'api_shuyang', role: 'city_reviewer', region_code: '321322' },
    { username: 'api_dept', role: 'department_reviewer', department_code: 'gxt' },
    { username: 'api_admin2', role: 'province_admin' },
    { username: 'api_expert', role: 'expert' },
  ];
  for (const u of ok) {
    const body = { password: PW, name: '王五', mobile: '13812345678', ...u };
    const r = await admin.post('/api/v1/users', body);
    assert.equal(r.status, 201, `${u.username}: ${r.text}`);
    assertJsonType(r);
    assert.equal(r.json.user.username, u.username);
    assert.equal(r.json.user.role, u.role);
    if (u.region_code) assert.equal(r.json.user.region_code, u.region_code);
    if (u.department_code) assert.equal(r.json.user.department_code, u.department_code);
    assert.ok(!r.text.includes(PW));
  }
  const c = server.client();
  await c.signIn('api_county', PW);
  const me = (await c.get('/api/v1/me')).json.user;
  assert.deepEqual(
    [me.role, me.region_code, me.region_name, me.name, me.mobile],
    ['county_reviewer', '320102', '玄武区', '王五', '13812345678'],
  );
  const d = server.client();
  await d.signIn('api_dept', PW);
  const dme = (await d.get('/api/v1/me')).json.user;
  assert.deepEqual([dme.role, dme.department_code, dme.department_name], ['department_reviewer', 'gxt', '省工业和信息化厅']);
});

test('POST /api/v1/users: scope violations answer 422 naming region_code / department_code', async () => {
  const cases = [
    [{ role: 'county_reviewer' }, 'region_code'],
    [{ role: 'county_reviewer', region_code: '320100' }, 'region_code'],
    [{ role: 'county_reviewer', region_code: '320000' }, 'region_code'],
    [{ role: 'county_reviewer', region_code: '999999' }, 'region_code'],
    [{ role: 'city_reviewer' }, 'region_code'],
    [{ role: 'city_reviewer', region_code: '320102' }, 'region_code'],
    [{ role: 'city_reviewer', region_code: '320582' }, 'region_code'],
    [{ role: 'city_reviewer', region_code: '320000' }, 'region_code'],
    [{ role: 'department_reviewer' }, 'department_code'],
    [{ role: 'department_reviewer', department_code: 'nope' }, 'department_code'],
    [{ role: 'province_admin', region_code: '320102' }, 'region_code'],
    [{ role: 'province_admin', department_code: 'gxt' }, 'department_code'],
    [{ role: 'expert', region_code: '320100' }, 'region_code'],
    [{ role: 'expert', department_code: 'gxt' }, 'department_code'],
    [{ role: 'superuser' }, 'role'],
    [{ role: 'county_reviewer', region_code: 320102 }, 'region_code'],
  ];
  let n = 0;
  for (const [u, field] of cases) {
    n += 1;
    const username = `bad_scope${n}`;
    const r = await admin.post('/api/v1/users', { username, password: PW, name: '赵六', mobile: '13812345678', ...u });
    assertError(r, 422, 'validation_failed', { [field]: LABEL[field] });
    await cannotSignIn(username, PW);
  }
});

test('POST /api/v1/users validates username, password and mobile like registration', async () => {
  const base = { password: PW, role: 'expert', name: '钱七', mobile: '13812345678' };
  let r = await admin.post('/api/v1/users', { ...base, username: '1bad' });
  assertError(r, 422, 'validation_failed', { username: LABEL.username });
  r = await admin.post('/api/v1/users', { ...base, username: 'weak_pw', password: 'abcdefgh' });
  assertError(r, 422, 'validation_failed', { password: LABEL.password });
  r = await admin.post('/api/v1/users', { ...base, username: 'bad_mobile', mobile: '12812345678' });
  assertError(r, 422, 'validation_failed', ['mobile']);
  r = await admin.post('/api/v1/users', { ...base, username: 'extra_key', nickname: 'x' });
  assertError(r, 422, 'validation_failed', ['nickname']);
  r = await admin.post('/api/v1/users', { ...base, username: 'API_EXPERT' });
  assertError(r, 409, 'conflict', { username: LABEL.username });
});

test('POST /api/v1/users: applicant → 403, anonymous → 401, admin without CSRF token → 403', async () => {
  const body = { username: 'sneaky', password: PW, role: 'province_admin', name: '孙八', mobile: '13812345678' };
  const reg = registration();
  const app = server.client();
  assert.equal((await app.post('/api/v1/accounts', reg)).status, 201);
  await app.signIn(reg.username, reg.password);
  assertError(await app.post('/api/v1/users', body), 403, 'forbidden');
  assertError(await server.client().post('/api/v1/users', body), 401, 'unauthenticated');
  assertError(await admin.post('/api/v1/users', body, { csrf: false }), 403, 'forbidden');
  await cannotSignIn('sneaky', PW);
});

test('GET /api/v1/users lists accounts for the admin, paged and filtered by role', async () => {
  let r = await admin.get('/api/v1/users?page=1&per_page=20&role=county_reviewer');
  assert.equal(r.status, 200, r.text);
  assertJsonType(r);
  assert.equal(r.json.page, 1);
  assert.equal(r.json.per_page, 20);
  // cli_county, api_county, api_county_city, api_county2
  assert.equal(r.json.total, 4, r.text);
  assert.equal(r.json.items.length, 4);
  assert.ok(r.json.items.every((u) => u.role === 'county_reviewer'), r.text);
  assert.deepEqual(r.json.items.map((u) => u.username).sort(), ['api_county', 'api_county2', 'api_county_city', 'cli_county']);
  assert.ok(!/password|hash/i.test(r.text), 'no password material in the list');

  r = await admin.get('/api/v1/users?page=2&per_page=3&role=county_reviewer');
  assert.equal(r.status, 200);
  assert.equal(r.json.total, 4);
  assert.equal(r.json.page, 2);
  assert.equal(r.json.per_page, 3);
  assert.equal(r.json.items.length, 1);

  r = await admin.get('/api/v1/users?role=city_reviewer');
  assert.equal(r.json.total, 4, r.text);
  r = await admin.get('/api/v1/users');
  assert.equal(r.status, 200);
  // admin1, cli_county, cli_dept, ten api_* accounts and one applicant
  assert.ok(r.json.total >= 14, r.text);
  assert.ok(r.json.items.some((u) => u.role === 'applicant'));
});

test('GET /api/v1/users: 403 for an applicant and a reviewer, 401 anonymous', async () => {
  const reg = registration();
  const app = server.client();
  assert.equal((await app.post('/api/v1/accounts', reg)).status, 201);
  await app.signIn(reg.username, reg.password);
  assertError(await app.get('/api/v1/users?page=1&per_page=20'), 403, 'forbidden');
  const rev = server.client();
  await rev.signIn('api_city', PW);
  assertError(await rev.get('/api/v1/users'), 403, 'forbidden');
  const e = assertError(await server.client().get('/api/v1/users'), 401, 'unauthenticated');
  assert.ok(hasChinese(e.message));
});
