// Five failed sign-ins lock one account for 15 minutes (the clock is moved by restarting with --now).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, registration } from '../lib/server.mjs';
import { assertError, plusMinutes } from '../lib/api.mjs';

const T0 = '2023-07-15T10:00:00+08:00';
let server;
let locked;
let other;
let resets;

before(async () => {
  server = await new Server({ now: T0 }).start();
  const c = server.client();
  for (const reg of [locked = registration(), other = registration(), resets = registration()]) {
    const r = await c.post('/api/v1/accounts', reg);
    assert.equal(r.status, 201, r.text);
  }
});
after(async () => { await server?.close(); });

const signIn = (username, password) => server.client().post('/api/v1/session', { username, password });

test('4 failures then a success reset the count', async () => {
  for (let i = 0; i < 4; i++) assertError(await signIn(resets.username, 'Wrong@pass1'), 401, 'unauthenticated');
  assert.equal((await signIn(resets.username, resets.password)).status, 200);
  for (let i = 0; i < 4; i++) assertError(await signIn(resets.username, 'Wrong@pass1'), 401, 'unauthenticated');
  const r = await signIn(resets.username, resets.password);
  assert.equal(r.status, 200, `after 4+1+4 attempts: ${r.text}`);
});

test('5 failures lock the account: the 6th attempt answers 429 even with the right password', async () => {
  for (let i = 0; i < 5; i++) assertError(await signIn(locked.username, 'Wrong@pass1'), 401, 'unauthenticated');
  assertError(await signIn(locked.username, locked.password), 429, 'too_many_requests');
  // The lock is per account, not per address.
  assert.equal((await signIn(other.username, other.password)).status, 200);
});

test('14 minutes later the account is still locked', async () => {
  await server.restart({ now: plusMinutes(T0, 14) });
  assertError(await signIn(locked.username, locked.password), 429, 'too_many_requests');
  assert.equal((await signIn(other.username, other.password)).status, 200);
});

test('16 minutes later the right password signs in again', async () => {
  await server.restart({ now: plusMinutes(T0, 16) });
  const r = await signIn(locked.username, locked.password);
  assert.equal(r.status, 200, r.text);
  // The count started again: one failure does not lock.
  assertError(await signIn(locked.username, 'Wrong@pass1'), 401, 'unauthenticated');
  assert.equal((await signIn(locked.username, locked.password)).status, 200);
});
