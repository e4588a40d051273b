// Sessions survive a restart and end after 30 idle minutes (the clock is moved with --now).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, registration } from '../lib/server.mjs';
import { assertError, plusMinutes } from '../lib/api.mjs';

const T0 = '2023-07-15T10:00:00+08:00';
let server;
let c;

before(async () => {
  server = await new Server({ now: T0 }).start();
  const reg = registration();
  c = server.client();
  assert.equal((await c.post('/api/v1/accounts', reg)).status, 201);
  await c.signIn(reg.username, reg.password);
});
after(async () => { await server?.close(); });

test('a session survives a restart', async () => {
  await server.restart({ now: T0 });
  const r = await c.get('/api/v1/me');
  assert.equal(r.status, 200, r.text);
});

test('29 idle minutes later the session is valid, and that request refreshes it', async () => {
  await server.restart({ now: plusMinutes(T0, 29) });
  assert.equal((await c.get('/api/v1/me')).status, 200);
  // 58 minutes after sign-in but 29 after the last request: still valid.
  await server.restart({ now: plusMinutes(T0, 58) });
  const r = await c.get('/api/v1/me');
  assert.equal(r.status, 200, `the request at +29 min should have refreshed the session: ${r.text}`);
});

test('31 idle minutes after the last request the session has ended', async () => {
  await server.restart({ now: plusMinutes(T0, 58 + 31) });
  assertError(await c.get('/api/v1/me'), 401, 'unauthenticated');
});
