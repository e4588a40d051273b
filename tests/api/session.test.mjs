// Sign-in, /me, CSRF and sign-out.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, registration } from '../lib/server.mjs';
import { assertError, assertJsonType, hasChinese } from '../lib/api.mjs';

let server;
let reg;

before(async () => {
  server = await new Server({ now: '2023-07-15T10:00:00+08:00' }).start();
  reg = registration();
  const r = await server.client().post('/api/v1/accounts', reg);
  assert.equal(r.status, 201, r.text);
});
after(async () => { await server?.close(); });

function sidCookie(r) {
  return r.res.headers.getSetCookie().find((c) => /^\s*sid=/.test(c));
}

test('sign-in answers 200 {user, csrf_token} and sets sid HttpOnly SameSite=Strict Path=/', async () => {
  const c = server.client();
  const r = await c.post('/api/v1/session', { username: reg.username, password: reg.password });
  assert.equal(r.status, 200, r.text);
  assertJsonType(r);
  assert.equal(r.json.user.username, reg.username);
  assert.equal(r.json.user.role, 'applicant');
  assert.equal(typeof r.json.csrf_token, 'string');
  assert.ok(r.json.csrf_token.length >= 16, 'a CSRF token of some length');
  assert.ok(!r.text.includes(reg.password));
  const sc = sidCookie(r);
  assert.ok(sc, `Set-Cookie sid: ${r.res.headers.getSetCookie()}`);
  const parts = sc.split(';').map((s) => s.trim());
  const value = parts[0].slice(4);
  assert.ok(value.length >= 16, `sid value: ${parts[0]}`);
  const attrs = parts.slice(1).map((s) => s.toLowerCase());
  assert.ok(attrs.includes('path=/'), sc);
  assert.ok(attrs.includes('httponly'), sc);
  assert.ok(attrs.includes('samesite=strict'), sc);
  assert.ok(!r.json.csrf_token.includes(value) && !value.includes(r.json.csrf_token), 'the CSRF token is not the sid');
});

test('every sign-in gives a fresh sid, never the one sent; the session it replaces is ended', async () => {
  const c = server.client();
  await c.signIn(reg.username, reg.password);
  const sid1 = c.cookies.get('sid');
  const r2 = await c.post('/api/v1/session', { username: reg.username, password: reg.password });
  assert.equal(r2.status, 200, r2.text);
  const sc = sidCookie(r2);
  assert.ok(sc, 'a second sign-in sets the cookie again');
  const sid2 = c.cookies.get('sid');
  assert.notEqual(sid2, sid1);

  const old = server.client();
  old.cookies.set('sid', sid1);
  // the browser's cookie now names the new session, so the one it replaced must not live on
  assertError(await old.get('/api/v1/me'), 401, 'unauthenticated');
  assert.equal((await c.get('/api/v1/me')).status, 200, 'the new session is valid');

  // A made-up sid is never adopted.
  const forged = server.client();
  forged.cookies.set('sid', 'A'.repeat(43));
  const r3 = await forged.post('/api/v1/session', { username: reg.username, password: reg.password });
  assert.equal(r3.status, 200, r3.text);
  assert.notEqual(forged.cookies.get('sid'), 'A'.repeat(43));
  const probe = server.client();
  probe.cookies.set('sid', 'A'.repeat(43));
  assertError(await probe.get('/api/v1/me'), 401, 'unauthenticated');
});

test('wrong password and unknown user answer 401 with the same message', async () => {
  const c = server.client();
  const wrong = await c.post('/api/v1/session', { username: reg.username, password: reg.password + 'x' });
  const e1 = assertError(wrong, 401, 'unauthenticated');
  const unknown = await c.post('/api/v1/session', { username: `nobody${process.pid}`, password: reg.password });
  const e2 = assertError(unknown, 401, 'unauthenticated');
  assert.equal(e1.message, e2.message);
  assert.match(e1.message, /用户名或密码错误/);
  assert.deepEqual(wrong.res.headers.getSetCookie().filter((x) => /^sid=[^;]/.test(x) && !/max-age=0/i.test(x)), []);
  assertError(await c.get('/api/v1/me'), 401, 'unauthenticated');
});

test('sign-in body is validated like any JSON body', async () => {
  const c = server.client();
  assertError(await c.post('/api/v1/session', { username: reg.username }), 422, 'validation_failed', ['password']);
  assertError(await c.post('/api/v1/session', { username: reg.username, password: 5 }), 422, 'validation_failed', ['password']);
  assertError(await c.post('/api/v1/session', '{"username":'), 400, 'bad_request');
  assertError(await c.request('POST', '/api/v1/session', { body: JSON.stringify({ username: reg.username, password: reg.password }), headers: { 'content-type': 'text/plain' } }), 415, 'unsupported_media_type');
});

test('GET /api/v1/me: 401 when not signed in; the user and a CSRF token when signed in', async () => {
  const c = server.client();
  assertError(await c.get('/api/v1/me'), 401, 'unauthenticated');
  const si = await c.signIn(reg.username, reg.password);
  const r = await c.get('/api/v1/me');
  assert.equal(r.status, 200, r.text);
  assertJsonType(r);
  const u = r.json.user;
  for (const k of ['id', 'username', 'role', 'name', 'mobile', 'region_code', 'region_name', 'department_code', 'department_name', 'unit_name', 'credit_code']) {
    assert.ok(Object.hasOwn(u, k), `user.${k} missing: ${r.text}`);
  }
  assert.equal(u.id, si.json.user.id);
  assert.equal(u.username, reg.username);
  assert.equal(u.role, 'applicant');
  assert.equal(u.unit_name, reg.unit_name);
  assert.equal(u.credit_code, reg.credit_code);
  assert.equal(typeof r.json.csrf_token, 'string');
  assert.ok(r.json.csrf_token.length > 0);
  assert.ok(!/password|hash/i.test(Object.keys(u).join(',')));
});

test('sign-out needs the CSRF token: none or a wrong one → 403, the right one → 204', async () => {
  const c = server.client();
  await c.signIn(reg.username, reg.password);
  const token = c.csrf;

  let r = await c.del('/api/v1/session', { csrf: false });
  assertError(r, 403, 'forbidden');
  assert.equal((await c.get('/api/v1/me')).status, 200, 'still signed in after a refused sign-out');

  r = await c.del('/api/v1/session', { csrf: false, headers: { 'x-csrf-token': token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A') } });
  assertError(r, 403, 'forbidden');
  r = await c.del('/api/v1/session', { csrf: false, headers: { 'x-csrf-token': '' } });
  assertError(r, 403, 'forbidden');

  // Another session's token does not work for this one.
  const other = server.client();
  await other.signIn(reg.username, reg.password);
  if (other.csrf !== token) {
    r = await c.del('/api/v1/session', { csrf: false, headers: { 'x-csrf-token': other.csrf } });
    assertError(r, 403, 'forbidden');
  }
  assert.equal((await c.get('/api/v1/me')).status, 200);

  const sid = c.cookies.get('sid');
  r = await c.del('/api/v1/session');
  assert.equal(r.status, 204, r.text);
  assert.equal(r.text, '');
  const cleared = sidCookie(r);
  assert.ok(cleared, 'sign-out clears the cookie');
  assert.ok(/^sid=\s*(;|$)/.test(cleared) || /max-age=0/i.test(cleared) || /expires=thu, 01 jan 1970/i.test(cleared), cleared);
  assertError(await c.get('/api/v1/me'), 401, 'unauthenticated');
  const replay = server.client();
  replay.cookies.set('sid', sid);
  assertError(await replay.get('/api/v1/me'), 401, 'unauthenticated');
  assert.equal((await other.get('/api/v1/me')).status, 200, 'the other session is untouched');
});

test('DELETE /api/v1/session without a session answers 401', async () => {
  const c = server.client();
  const r = await c.del('/api/v1/session');
  assertError(r, 401, 'unauthenticated');
  assert.ok(hasChinese(r.json.error.message));
});
