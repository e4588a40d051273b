// `shenbao demo`: one account per role, password Shenbao@2023; running it twice is fine.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, runCli } from '../lib/server.mjs';

const PW = 'Shenbao@2023';
const ACCOUNTS = [
  ['demo_applicant', 'applicant', null, null],
  ['demo_county', 'county_reviewer', '320102', null],
  ['demo_city', 'city_reviewer', '320100', null],
  ['demo_kunshan', 'city_reviewer', '320583', null],
  ['demo_dept', 'department_reviewer', null, 'gxt'],
  ['demo_admin', 'province_admin', null, null],
  ['demo_expert', 'expert', null, null],
];
let server;

before(async () => {
  server = await new Server({ now: '2023-07-15T10:00:00+08:00' }).start();
});
after(async () => { await server?.close(); });

async function checkAccounts() {
  for (const [username, role, region, department] of ACCOUNTS) {
    const c = server.client();
    const r = await c.post('/api/v1/session', { username, password: PW });
    assert.equal(r.status, 200, `${username}: ${r.text}`);
    const me = (await c.get('/api/v1/me')).json.user;
    assert.equal(me.role, role, username);
    if (region) assert.equal(me.region_code, region, username);
    if (department) assert.equal(me.department_code, department, username);
  }
}

test('`shenbao demo` creates one account per role', async () => {
  const res = runCli(['demo'], { dataDir: server.dataDir });
  assert.equal(res.code, 0, res.stderr);
  await checkAccounts();
});

test('running `shenbao demo` twice succeeds and keeps the accounts', async () => {
  const res = runCli(['demo'], { dataDir: server.dataDir });
  assert.equal(res.code, 0, res.stderr);
  await checkAccounts();
  const admin = server.client();
  await admin.signIn('demo_admin', PW);
  const r = await admin.get('/api/v1/users?per_page=100');
  assert.equal(r.status, 200);
  for (const [username] of ACCOUNTS) {
    assert.equal(r.json.items.filter((u) => u.username === username).length, 1, `${username} exactly once`);
  }
});
