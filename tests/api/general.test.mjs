// Cross-cutting behaviour: errors, routing, body handling, health, about/clock, access log,
// static UI, security headers, rate limit defaults, SIGTERM.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Server, registration } from '../lib/server.mjs';
import {
  ROOT, JSON_TYPE, assertError, assertJsonType, rawRequest, waitForLog, sleep, header, LABEL,
} from '../lib/api.mjs';

const NOW = '2023-07-15T10:00:00+08:00';
const RFC3339_BJ = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?\+08:00$/;
let server;
let anon;

before(async () => {
  server = await new Server({ now: NOW }).start();
  anon = server.client();
});
after(async () => { await server?.close(); });

test('GET /healthz answers 200 {"status":"ok"} as JSON', async () => {
  const r = await anon.get('/healthz');
  assert.equal(r.status, 200);
  assertJsonType(r);
  assert.deepEqual(r.json, { status: 'ok' });
});

test('unknown /api paths answer 404 not_found', async () => {
  for (const [m, p] of [['GET', '/api/v1/nope'], ['POST', '/api/v1/nope'], ['GET', '/api/v1/regions/extra/x'], ['GET', '/api/v2/regions']]) {
    const r = await anon.request(m, p, m === 'POST' ? { body: {} } : {});
    assertError(r, 404, 'not_found');
  }
});

test('a known path with a wrong method answers 405 method_not_allowed with Allow', async () => {
  const cases = [
    ['PUT', '/api/v1/me', 'GET'],
    ['DELETE', '/api/v1/regions', 'GET'],
    ['DELETE', '/api/v1/departments', 'POST'],
    ['GET', '/api/v1/session', 'POST'],
    ['PUT', '/api/v1/accounts', 'POST'],
  ];
  for (const [m, p, allowed] of cases) {
    const r = await anon.request(m, p, m === 'GET' ? {} : { body: {} });
    assertError(r, 405, 'method_not_allowed');
    const allow = (header(r, 'allow') || '').split(',').map((s) => s.trim().toUpperCase());
    assert.ok(allow.includes(allowed), `${m} ${p}: Allow "${header(r, 'allow')}" should list ${allowed}`);
    assert.ok(!allow.includes(m), `${m} ${p}: Allow should not list ${m}`);
  }
  const r = await anon.request('DELETE', '/api/v1/session', {}); // allowed method, not signed in
  assert.notEqual(r.status, 405);
});

test('JSON endpoints refuse other content types with 415 unsupported_media_type', async () => {
  const body = JSON.stringify(registration());
  for (const ct of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
    const r = await anon.request('POST', '/api/v1/accounts', { body, headers: { 'content-type': ct } });
    assertError(r, 415, 'unsupported_media_type');
  }
  const r = await rawRequest(server, 'POST', '/api/v1/accounts', { body, headers: { 'content-length': Buffer.byteLength(body) } });
  assertError(r, 415, 'unsupported_media_type');
});

test('Content-Type application/json with a charset parameter is accepted', async () => {
  const reg = registration();
  const r = await anon.request('POST', '/api/v1/accounts', { body: JSON.stringify(reg), headers: { 'content-type': 'application/json; charset=utf-8' } });
  assert.equal(r.status, 201, r.text);
});

test('malformed JSON answers 400 bad_request', async () => {
  for (const body of ['{"username":', '{username: "a"}', '', "{'a':1}", '{"a":1}garbage']) {
    const r = await anon.post('/api/v1/accounts', body);
    assertError(r, 400, 'bad_request');
  }
});

test('invalid UTF-8 in the body answers 400 bad_request', async () => {
  const bad = Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]);
  let r = await anon.post('/api/v1/accounts', bad);
  assertError(r, 400, 'bad_request');
  // A whole registration whose unit name holds an overlong encoding of "/" (C0 AF).
  const reg = registration();
  const good = Buffer.from(JSON.stringify(reg));
  const i = good.indexOf(Buffer.from('南京'));
  const overlong = Buffer.concat([good.subarray(0, i), Buffer.from([0xc0, 0xaf]), good.subarray(i)]);
  r = await anon.post('/api/v1/accounts', overlong);
  assertError(r, 400, 'bad_request');
  r = await anon.post('/api/v1/session', { username: reg.username, password: reg.password });
  assertError(r, 401, 'unauthenticated');
});

test('a JSON value that is not an object answers 400', async () => {
  for (const body of ['[]', '"text"', '5', 'null', 'true', '[{"username":"abc"}]']) {
    const r = await anon.post('/api/v1/accounts', body);
    assertError(r, 400, 'bad_request');
  }
});

test('a body over 1 MiB answers 413 payload_too_large; exactly 1 MiB is read', async () => {
  const reg = registration();
  const json = JSON.stringify(reg);
  const exact = json.slice(0, -1) + ' '.repeat(1048576 - Buffer.byteLength(json)) + '}';
  assert.equal(Buffer.byteLength(exact), 1048576);
  const over = exact.slice(0, -1) + ' }';
  let r = await rawRequest(server, 'POST', '/api/v1/accounts', {
    body: over, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(over) },
  });
  assertError(r, 413, 'payload_too_large');
  // Same without a Content-Length (chunked): the cap applies to what arrives.
  r = await rawRequest(server, 'POST', '/api/v1/accounts', {
    body: over, headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
  });
  assertError(r, 413, 'payload_too_large');
  r = await anon.post('/api/v1/session', { username: reg.username, password: reg.password });
  assertError(r, 401, 'unauthenticated');
  r = await rawRequest(server, 'POST', '/api/v1/accounts', {
    body: exact, headers: { 'content-type': 'application/json', 'content-length': 1048576 },
  });
  assert.equal(r.status, 201, r.text.slice(0, 500));
});

test('unknown field, wrong type and missing field answer 422 naming the field', async () => {
  let reg = registration({ nickname: 'x' });
  let r = await anon.post('/api/v1/accounts', reg);
  assertError(r, 422, 'validation_failed', ['nickname']);

  reg = registration({ username: 5 });
  r = await anon.post('/api/v1/accounts', reg);
  assertError(r, 422, 'validation_failed', { username: LABEL.username });

  reg = registration({ contact_mobile: 13912345678 });
  r = await anon.post('/api/v1/accounts', reg);
  assertError(r, 422, 'validation_failed', { contact_mobile: LABEL.contact_mobile });

  reg = registration({ password: null });
  r = await anon.post('/api/v1/accounts', reg);
  assertError(r, 422, 'validation_failed', { password: LABEL.password });

  reg = registration();
  delete reg.unit_name;
  r = await anon.post('/api/v1/accounts', reg);
  assertError(r, 422, 'validation_failed', { unit_name: LABEL.unit_name });

  r = await anon.post('/api/v1/accounts', {});
  const e = assertError(r, 422, 'validation_failed',
    ['username', 'password', 'unit_name', 'credit_code', 'contact_name', 'contact_mobile']);
  assert.ok(e.fields);
});

test('GET /api/v1/about reports name, version and the overridden clock, fixed at --now', async () => {
  const r1 = await anon.get('/api/v1/about');
  assert.equal(r1.status, 200);
  assertJsonType(r1);
  assert.equal(r1.json.name, 'shenbao');
  assert.equal(typeof r1.json.version, 'string');
  assert.ok(r1.json.version.length > 0);
  assert.equal(r1.json.clock_overridden, true);
  assert.equal(r1.json.clock_runs, false);
  assert.deepEqual(r1.json.limits, { max_file_mb: 20, max_application_mb: 200 });
  assert.match(r1.json.now, RFC3339_BJ);
  assert.equal(Date.parse(r1.json.now), Date.parse(NOW));
  await sleep(1100);
  const r2 = await anon.get('/api/v1/about');
  assert.equal(r2.json.now, r1.json.now, 'a fixed clock does not move');
});

test('with --clock-runs the overridden clock starts at --now and runs on', async () => {
  const s = new Server({ now: NOW, args: ['--clock-runs'] });
  await s.start();
  try {
    const c = s.client();
    const r1 = await c.get('/api/v1/about');
    assert.equal(r1.json.clock_overridden, true);
    assert.equal(r1.json.clock_runs, true);
    const t1 = Date.parse(r1.json.now);
    assert.ok(t1 >= Date.parse(NOW) && t1 < Date.parse(NOW) + 60000, `now ${r1.json.now} should be just after ${NOW}`);
    await sleep(1100);
    const t2 = Date.parse((await c.get('/api/v1/about')).json.now);
    assert.ok(t2 >= t1 + 1000, `the clock should run on: ${t1} then ${t2}`);
  } finally {
    await s.close();
  }
});

test('X-Content-Type-Options: nosniff on every response', async () => {
  const paths = [
    ['GET', '/healthz'], ['GET', '/api/v1/about'], ['GET', '/api/v1/regions'], ['GET', '/api/v1/me'],
    ['GET', '/api/v1/nope'], ['PUT', '/api/v1/me'], ['GET', '/'], ['GET', '/assets/x.js'],
    ['POST', '/api/v1/accounts'],
  ];
  for (const [m, p] of paths) {
    const r = await anon.request(m, p, m === 'GET' ? {} : { body: '{' });
    assert.equal(header(r, 'x-content-type-options'), 'nosniff', `${m} ${p} (${r.status})`);
  }
});

test('access log: one line per request with method, path, status; user=<id>; no secrets', async () => {
  const c = server.client();
  const reg = registration({ password: 'Secret#Pass9' });
  let r = await c.post('/api/v1/accounts', reg);
  assert.equal(r.status, 201, r.text);
  r = await c.get('/api/v1/me');
  assert.equal(r.status, 401);
  assert.ok(await waitForLog(server, (l) => /GET \/api\/v1\/me 401/.test(l)), `log:\n${server.log}`);

  const si = await c.signIn(reg.username, reg.password);
  const id = si.json.user.id;
  const sid = c.cookies.get('sid');
  assert.ok(sid && c.csrf);
  const marker = `/api/v1/me?probe=${Date.now()}`;
  r = await c.get(marker);
  assert.equal(r.status, 200);
  r = await c.get('/api/v1/regions?second');
  assert.equal(r.status, 200);
  assert.ok(await waitForLog(server, (l) => l.includes('/api/v1/regions')), `log:\n${server.log}`);

  const lines = server.log.split('\n');
  assert.ok(lines.some((l) => /POST \/api\/v1\/session 200/.test(l)), `no sign-in line:\n${server.log}`);
  const meLines = lines.filter((l) => /GET \/api\/v1\/me\S* 200/.test(l));
  assert.equal(meLines.length, 1, `exactly one line for the signed-in GET /me:\n${server.log}`);
  assert.ok(meLines[0].includes(`user=${id}`), `signed-in line should carry user=${id}: ${meLines[0]}`);
  const anonLine = lines.find((l) => /GET \/api\/v1\/me 401/.test(l));
  assert.ok(!/user=\d/.test(anonLine), `anonymous line should carry no user id: ${anonLine}`);
  assert.ok(!server.log.includes(reg.password), 'the password must not be logged');
  assert.ok(!server.log.includes(sid), 'the sid cookie value must not be logged');
  assert.ok(!server.log.includes(c.csrf), 'the CSRF token must not be logged');
});

test('static UI: GET / is the app with Cache-Control: no-cache', async (t) => {
  if (!existsSync(join(ROOT, 'web', 'dist', 'index.html'))) {
    t.skip('web/dist not built');
    return;
  }
  const r = await anon.get('/');
  assert.equal(r.status, 200);
  assert.match(header(r, 'content-type') || '', /^text\/html/);
  assert.match(header(r, 'cache-control') || '', /no-cache/);
  assert.match(r.text, /<html/i);
});

test('static UI: a missing asset answers 404', async () => {
  const r = await anon.get('/assets/x.js');
  assert.equal(r.status, 404);
  assert.ok(!/<html/i.test(r.text), 'a missing asset must not fall back to index.html');
});

test('static UI: paths with .. never serve a file outside web/dist', async () => {
  const paths = [
    '/%2e%2e/%2e%2e/etc/passwd',
    '/../../../../etc/passwd',
    '/assets/../../../../../etc/passwd',
    '/assets/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
    '/..%2f..%2f..%2f..%2fetc%2fpasswd',
    '/assets/..%2f..%2fmeson.build',
    '/%2e%2e/meson.build',
    '/../meson.build',
  ];
  for (const p of paths) {
    const r = await rawRequest(server, 'GET', p);
    assert.ok(r.status === 404 || r.status === 400, `${p}: expected 404 or 400, got ${r.status}`);
    assert.ok(!r.text.includes('root:'), `${p} served /etc/passwd`);
    assert.ok(!r.text.includes("project('shenbao'"), `${p} served meson.build`);
    assert.equal(r.headers['x-content-type-options'], 'nosniff', p);
  }
});

test('the default rate limit lets one address make 100 requests a second', async () => {
  const statuses = [];
  for (let batch = 0; batch < 12; batch++) {
    const started = Date.now();
    const rs = await Promise.all(Array.from({ length: 25 }, () => fetch(server.url + '/healthz').then(async (x) => { await x.arrayBuffer(); return x.status; })));
    statuses.push(...rs);
    const wait = 250 - (Date.now() - started);
    if (wait > 0) await sleep(wait);
  }
  assert.equal(statuses.length, 300);
  assert.equal(statuses.filter((s) => s === 429).length, 0, 'no 429');
  assert.deepEqual([...new Set(statuses)], [200]);
});

test('without --now the clock is the real one and clock_overridden is false', async () => {
  server.now = undefined;
  await server.restart();
  const r = await server.client().get('/api/v1/about');
  assert.equal(r.status, 200);
  assert.equal(r.json.clock_overridden, false);
  assert.match(r.json.now, RFC3339_BJ);
  assert.ok(Math.abs(Date.parse(r.json.now) - Date.now()) < 120000, `now ${r.json.now}`);
});

test('SIGTERM stops the server with exit code 0', async () => {
  const r = await anon.get('/healthz');
  assert.equal(r.status, 200);
  const res = await server.stop();
  assert.deepEqual(res, { code: 0, signal: null });
});
