// Applicant registration (POST /api/v1/accounts) and its pre-check (POST /api/v1/accounts/validate).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, registration, creditCode } from '../lib/server.mjs';
import { assertError, assertJsonType, header, LABEL } from '../lib/api.mjs';

let server;
let anon;

before(async () => {
  server = await new Server({ now: '2023-07-15T10:00:00+08:00' }).start();
  anon = server.client();
});
after(async () => { await server?.close(); });

// No account exists for reg: sign-in fails with 401.
async function assertNoAccount(reg) {
  const r = await server.client().post('/api/v1/session', { username: reg.username, password: reg.password });
  assertError(r, 401, 'unauthenticated');
}

// Registration refused with 422 naming `field`; then nothing exists, and the fixed body registers.
async function refused(overrides, field, fix = {}) {
  const reg = registration(overrides);
  for (const [k, v] of Object.entries(overrides)) if (v === undefined) delete reg[k];
  const r = await anon.post('/api/v1/accounts', reg);
  assertError(r, 422, 'validation_failed', { [field]: LABEL[field] });
  await assertNoAccount(reg);
  const fixed = { ...reg, ...fix };
  const r2 = await anon.post('/api/v1/accounts', fixed);
  assert.equal(r2.status, 201, `retry with the fixed body: ${r2.text}`);
}

let unique = 0;
function cc(prefix = '91320102MA1N') {
  unique += 1;
  const n = String(process.pid % 1000).padStart(3, '0') + String(unique).padStart(2, '0');
  return creditCode((prefix + n).slice(0, 17));
}

test('registration answers 201 with the applicant and signs nobody in', async () => {
  const c = server.client();
  const reg = registration();
  const r = await c.post('/api/v1/accounts', reg);
  assert.equal(r.status, 201, r.text);
  assertJsonType(r);
  const u = r.json.user;
  assert.ok(u, r.text);
  assert.ok(Number.isInteger(u.id) || (typeof u.id === 'string' && u.id.length > 0), `id: ${u.id}`);
  assert.equal(u.username, reg.username);
  assert.equal(u.role, 'applicant');
  assert.equal(u.unit_name, reg.unit_name);
  assert.equal(u.credit_code, reg.credit_code);
  assert.ok(!r.text.includes(reg.password), 'the password is not echoed');
  assert.ok(!/password|hash/i.test(Object.keys(u).join(',')), `no password keys: ${Object.keys(u)}`);
  assert.deepEqual(r.res.headers.getSetCookie(), [], 'no cookie');
  const me = await c.get('/api/v1/me');
  assertError(me, 401, 'unauthenticated');
  await c.signIn(reg.username, reg.password);
});

test('username: 3–32 of [A-Za-z0-9_.-] starting with a letter', async () => {
  for (const bad of ['ab', 'a'.repeat(33), '1abc', '_abc', '.abc', 'ab c', 'ab@c', '张三丰', 'abc\u00e9', '']) {
    const reg = registration({ username: bad });
    const r = await anon.post('/api/v1/accounts', reg);
    assertError(r, 422, 'validation_failed', { username: LABEL.username });
  }
  for (const good of [`x${process.pid % 1000}b`.slice(0, 3), 'Y' + 'a'.repeat(26) + String(process.pid % 100000).padStart(5, '0'), `a.b-c_${process.pid}`]) {
    const reg = registration({ username: good });
    const r = await anon.post('/api/v1/accounts', reg);
    assert.equal(r.status, 201, `${good}: ${r.text}`);
  }
});

test('a refused registration leaves no account, and the fixed body then registers', async () => {
  await refused({ username: '9starts' }, 'username', { username: `s${process.pid}fixed` });
  await refused({ credit_code: 'X' }, 'credit_code', { credit_code: cc() });
  await refused({ contact_mobile: '12912345678' }, 'contact_mobile', { contact_mobile: '13912345678' });
  await refused({ unit_name: undefined }, 'unit_name', { unit_name: '南京补填科技有限公司' });
});

test('password: ≥ 8 characters, 3 of 4 classes, not the username', async () => {
  const ok = registration({ password: 'Abcdefg1' });
  let r = await anon.post('/api/v1/accounts', ok);
  assert.equal(r.status, 201, r.text);
  await server.client().signIn(ok.username, 'Abcdefg1');

  for (const bad of ['Abcdef1', 'abcdefgh1', 'ABCDEFGH1', 'abcdefgh!', '12345678!', 'Ab1密码密码', '']) {
    const reg = registration({ password: bad });
    r = await anon.post('/api/v1/accounts', reg);
    assertError(r, 422, 'validation_failed', { password: LABEL.password });
    await assertNoAccount(reg);
  }
  const same = registration({ username: 'Pass.Word9', password: 'Pass.Word9' });
  r = await anon.post('/api/v1/accounts', same);
  assertError(r, 422, 'validation_failed', { password: LABEL.password });
  for (const good of ['abcdefg!1', 'ABCDEFG!1', 'Abcdefg!', 'Ab1密码密码密']) {
    r = await anon.post('/api/v1/accounts', registration({ password: good }));
    assert.equal(r.status, 201, `${good}: ${r.text}`);
  }
});

test('credit_code: GB 32100-2015 check character, upper case only', async () => {
  const good = cc();
  const flipped = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
  for (const bad of [flipped, good.toLowerCase(), good.slice(0, 17), good + '0', '91320102MA1NIOZS0X', '']) {
    const reg = registration({ credit_code: bad });
    const r = await anon.post('/api/v1/accounts', reg);
    assertError(r, 422, 'validation_failed', { credit_code: LABEL.credit_code });
    await assertNoAccount(reg);
  }
  const r = await anon.post('/api/v1/accounts', registration({ credit_code: good }));
  assert.equal(r.status, 201, r.text);
});

test('contact_mobile: 11 digits starting 1[3-9]', async () => {
  for (const bad of ['12912345678', '10912345678', '1391234567', '139123456789', '1391234567a', '+8613912345678', '23912345678', '']) {
    const r = await anon.post('/api/v1/accounts', registration({ contact_mobile: bad }));
    assertError(r, 422, 'validation_failed', { contact_mobile: LABEL.contact_mobile });
  }
  for (const good of ['13012345678', '19912345678', '15012345678']) {
    const r = await anon.post('/api/v1/accounts', registration({ contact_mobile: good }));
    assert.equal(r.status, 201, `${good}: ${r.text}`);
  }
});

test('unit_name 2–100 and contact_name 1–50 characters, counted as characters not bytes', async () => {
  for (const [field, bad] of [['unit_name', '南'], ['unit_name', '南'.repeat(101)], ['unit_name', ''],
    ['contact_name', ''], ['contact_name', '张'.repeat(51)]]) {
    const r = await anon.post('/api/v1/accounts', registration({ [field]: bad }));
    assertError(r, 422, 'validation_failed', { [field]: LABEL[field] });
  }
  for (const [field, good] of [['unit_name', '南京'], ['unit_name', '南'.repeat(100)], ['contact_name', '张'], ['contact_name', '张'.repeat(50)]]) {
    const r = await anon.post('/api/v1/accounts', registration({ [field]: good }));
    assert.equal(r.status, 201, `${field}=${good.length} chars: ${r.text}`);
  }
});

test('several problems at once are all named', async () => {
  const reg = registration({ username: '1x', password: 'short', credit_code: 'nope', contact_mobile: '123' });
  const r = await anon.post('/api/v1/accounts', reg);
  assertError(r, 422, 'validation_failed', {
    username: LABEL.username, password: LABEL.password, credit_code: LABEL.credit_code, contact_mobile: LABEL.contact_mobile,
  });
  assert.ok(!('unit_name' in r.json.error.fields) && !('contact_name' in r.json.error.fields), r.text);
});

test('duplicate username (also in another case) answers 409 conflict on username', async () => {
  const first = registration({ username: `CaseUser${process.pid}` });
  let r = await anon.post('/api/v1/accounts', first);
  assert.equal(r.status, 201, r.text);
  for (const [i, name] of [first.username, first.username.toLowerCase(), first.username.toUpperCase()].entries()) {
    const dup = registration({ username: name });
    r = await anon.post('/api/v1/accounts', dup);
    assertError(r, 409, 'conflict', { username: LABEL.username });
    // The refused body's credit code stays free.
    r = await anon.post('/api/v1/accounts', { ...dup, username: `${name}v${i}` });
    assert.equal(r.status, 201, r.text);
  }
});

test('duplicate credit code answers 409 conflict on credit_code', async () => {
  const first = registration();
  let r = await anon.post('/api/v1/accounts', first);
  assert.equal(r.status, 201, r.text);
  const dup = registration({ credit_code: first.credit_code });
  r = await anon.post('/api/v1/accounts', dup);
  assertError(r, 409, 'conflict', { credit_code: LABEL.credit_code });
  await assertNoAccount(dup);
});

test('two simultaneous registrations with the same username: exactly one 201', async () => {
  for (let round = 0; round < 3; round++) {
    const username = `race${process.pid}r${round}`;
    const rs = await Promise.all(Array.from({ length: 4 }, () => server.client().post('/api/v1/accounts', registration({ username }))));
    const statuses = rs.map((x) => x.status).sort();
    assert.deepEqual(statuses, [201, 409, 409, 409], rs.map((x) => x.text).join('\n'));
    for (const x of rs.filter((y) => y.status === 409)) assertError(x, 409, 'conflict', ['username']);
  }
});

test('POST /api/v1/accounts/validate reports problems only for the keys sent, and creates nothing', async () => {
  const taken = registration();
  let r = await anon.post('/api/v1/accounts', taken);
  assert.equal(r.status, 201);

  const good = cc();
  const bad = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
  r = await anon.post('/api/v1/accounts/validate', { credit_code: bad });
  assert.equal(r.status, 200, r.text);
  assertJsonType(r);
  assert.deepEqual(Object.keys(r.json.problems), ['credit_code']);
  assert.match(r.json.problems.credit_code, LABEL.credit_code);

  r = await anon.post('/api/v1/accounts/validate', { username: taken.username.toUpperCase() });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(Object.keys(r.json.problems), ['username']);
  assert.match(r.json.problems.username, LABEL.username);

  r = await anon.post('/api/v1/accounts/validate', { credit_code: taken.credit_code });
  assert.deepEqual(Object.keys(r.json.problems), ['credit_code'], r.text);

  r = await anon.post('/api/v1/accounts/validate', { username: 'ab', password: 'short' });
  assert.deepEqual(Object.keys(r.json.problems).sort(), ['password', 'username'], r.text);

  r = await anon.post('/api/v1/accounts/validate', {});
  assert.equal(r.status, 200);
  assert.deepEqual(r.json, { problems: {} });

  const fresh = registration();
  r = await anon.post('/api/v1/accounts/validate', fresh);
  assert.equal(r.status, 200);
  assert.deepEqual(r.json, { problems: {} });
  await assertNoAccount(fresh);
  r = await anon.post('/api/v1/accounts', fresh);
  assert.equal(r.status, 201, 'validate created nothing, so registration still works');

  r = await anon.post('/api/v1/accounts/validate', '[1]');
  assertError(r, 400, 'bad_request');
  r = await anon.request('POST', '/api/v1/accounts/validate', { body: '{}', headers: { 'content-type': 'text/plain' } });
  assertError(r, 415, 'unsupported_media_type');
});

test('a registration with a sign-in cookie but no X-CSRF-Token is refused (403)', async () => {
  const c = server.client();
  const me = registration();
  assert.equal((await c.post('/api/v1/accounts', me)).status, 201);
  await c.signIn(me.username, me.password);
  const other = registration();
  let r = await c.post('/api/v1/accounts', other, { csrf: false });
  assertError(r, 403, 'forbidden');
  await assertNoAccount(other);
  r = await c.post('/api/v1/accounts', other);
  assert.equal(r.status, 201, r.text);
  assert.equal(header(r, 'x-content-type-options'), 'nosniff');
});
