// Reopening the local review after its deadline (2023-08-21 23:59:59 Beijing): the province admin
// reopens it for one authority until a date, with a reason that is logged; that authority's
// reviews are accepted until the date ends, every other authority's still answer 409.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, runCli } from '../lib/server.mjs';
import { assertError } from '../lib/api.mjs';
import { T_OPEN, readyToSubmit } from '../lib/apps.mjs';

const PW = 'Shenbao@2023';
const USERS = ['demo_county', 'demo_city', 'demo_kunshan', 'demo_dept', 'demo_admin'];
const PROJECT = {
  xuanwu: '玄武区智慧社区综合服务平台',
  kunshan: '昆山市工业互联网标识解析二级节点及应用',
  city: '南京市公共数据授权运营平台',
  dept: '江苏省制造业智改数转公共服务平台',
};
let server;
const c = {};
let ids;
let more;            // two more 玄武区 applications, submitted in the window

async function signInAll() {
  for (const u of USERS) {
    c[u] = server.client();
    await c[u].signIn(u, PW);
  }
}

before(async () => {
  server = new Server({ now: T_OPEN });
  const res = runCli(['demo'], { dataDir: server.dataDir, env: { SHENBAO_NOW: T_OPEN } });
  assert.equal(res.code, 0, res.stderr);
  await server.start();
  await signInAll();
  const all = (await c.demo_admin.get('/api/v1/applications?per_page=100')).json.items;
  ids = Object.fromEntries(Object.entries(PROJECT).map(([k, name]) => [k, all.find((a) => a.project_name === name).id]));
  more = [];
  for (let i = 0; i < 2; i++) {
    const d = await readyToSubmit(server);
    assert.equal((await d.c.post(`/api/v1/applications/${d.app.id}/submit`)).status, 200);
    more.push(d.app.id);
  }
  await server.restart({ now: '2023-08-22T10:00:00+08:00' });
  await signInAll();
});
after(async () => { await server?.close(); });

const review = (user, id, body = { action: 'recommend' }) => c[user].post(`/api/v1/applications/${id}/reviews`, body);
const reopen = (body, client = c.demo_admin, year = 2023) => client.post(`/api/v1/campaigns/${year}/reopen`, body);
const XUANWU_REOPEN = { authority: { kind: 'region', code: '320102' }, until: '2023-08-25', reason: '系统故障导致玄武区未能按时完成审核' };

test('after the deadline every review answers 409 window_closed', async () => {
  assertError(await review('demo_county', ids.xuanwu), 409, 'window_closed');
  assertError(await review('demo_kunshan', ids.kunshan), 409, 'window_closed');
  assert.equal((await c.demo_admin.get(`/api/v1/applications/${ids.xuanwu}`)).json.status, 'submitted');
});

test('a reopening needs a reason, a date after the deadline and within 30 days, a real authority, the admin', async () => {
  const { reason, ...noReason } = XUANWU_REOPEN;
  assert.ok(reason);
  assertError(await reopen(noReason), 422, 'validation_failed', { reason: /理由/ });
  assertError(await reopen({ ...XUANWU_REOPEN, reason: '  ' }), 422, 'validation_failed', ['reason']);
  assertError(await reopen({ ...XUANWU_REOPEN, reason: '因'.repeat(501) }), 422, 'validation_failed', ['reason']);
  assertError(await reopen({ ...XUANWU_REOPEN, until: '2023-08-21' }), 422, 'validation_failed', { until: /2023-08-21/ });
  assertError(await reopen({ ...XUANWU_REOPEN, until: '2023-09-21' }), 422, 'validation_failed', { until: /2023-09-20/ });
  assertError(await reopen({ ...XUANWU_REOPEN, until: '2023/08/25' }), 422, 'validation_failed', ['until']);
  assertError(await reopen({ ...XUANWU_REOPEN, authority: { kind: 'city', code: '320100' } }), 422, 'validation_failed', ['authority.kind']);
  assertError(await reopen({ ...XUANWU_REOPEN, authority: { kind: 'region', code: '329999' } }), 422, 'validation_failed', ['authority.code']);
  assertError(await reopen({ ...XUANWU_REOPEN, authority: { kind: 'region', code: '320000' } }), 422, 'validation_failed', ['authority.code']);
  assertError(await reopen({ ...XUANWU_REOPEN, authority: { kind: 'department', code: 'nope' } }), 422, 'validation_failed', ['authority.code']);
  assertError(await reopen({ ...XUANWU_REOPEN, authority: { kind: 'region' } }), 422, 'validation_failed', ['authority.code']);
  assertError(await reopen({ ...XUANWU_REOPEN, authority: undefined }), 422, 'validation_failed', ['authority']);
  assertError(await reopen(XUANWU_REOPEN, c.demo_county), 403, 'forbidden');
  assertError(await c.demo_admin.post('/api/v1/campaigns/2023/reopen', XUANWU_REOPEN, { csrf: false }), 403, 'forbidden');
  assertError(await reopen(XUANWU_REOPEN, c.demo_admin, 2099), 404, 'not_found');
  // nothing was logged, nothing opened
  assert.equal((await c.demo_admin.get('/api/v1/campaigns/2023/reopenings')).json.total, 0);
  assertError(await review('demo_county', ids.xuanwu), 409, 'window_closed');
});

test('reopened for 玄武区: its review is accepted, other authorities still get 409, the reopening is logged', async () => {
  const r = await reopen(XUANWU_REOPEN);
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.until, '2023-08-25');
  assert.deepEqual(r.json.authority, { kind: 'region', code: '320102', name: '玄武区' });
  assert.equal(r.json.reason, XUANWU_REOPEN.reason);
  assert.equal(r.json.created_by.name, '鞠庆');
  assert.equal(r.json.created_at, '2023-08-22T10:00:00+08:00');

  const ok = await review('demo_county', ids.xuanwu);
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json.status, 'county_recommended');
  // its city is another authority: not reopened
  assertError(await review('demo_city', ids.xuanwu), 409, 'window_closed');
  assertError(await review('demo_city', ids.city), 409, 'window_closed');
  assertError(await review('demo_kunshan', ids.kunshan), 409, 'window_closed');
  assertError(await review('demo_dept', ids.dept), 409, 'window_closed');

  const list = await c.demo_admin.get('/api/v1/campaigns/2023/reopenings');
  assert.equal(list.status, 200, list.text);
  assert.equal(list.json.total, 1);
  assert.deepEqual(list.json.items[0], r.json);
  assertError(await c.demo_county.get('/api/v1/campaigns/2023/reopenings'), 403, 'forbidden');
  // the reviewers of 玄武区 were told
  const box = (await c.demo_county.get('/api/v1/notifications')).json;
  const told = box.items.find((n) => n.kind === 'reopened');
  assert.ok(told, JSON.stringify(box));
  assert.match(told.body, /2023-08-25/);
  assert.equal((await c.demo_city.get('/api/v1/notifications')).json.items.filter((n) => n.kind === 'reopened').length, 0);
});

test('the reopening ends with its day; a department can be reopened on its own', async () => {
  await server.restart({ now: '2023-08-25T23:59:59+08:00' });
  await signInAll();
  const last = await review('demo_county', more[0], { action: 'return', comment: '请补充材料' });
  assert.equal(last.status, 200, last.text);
  await server.restart({ now: '2023-08-26T00:00:00+08:00' });
  await signInAll();
  assertError(await review('demo_county', more[1]), 409, 'window_closed');

  const r = await reopen({ authority: { kind: 'department', code: 'gxt' }, until: '2023-08-30', reason: '补录省直单位审核结果' });
  assert.equal(r.status, 201, r.text);
  assertError(await reopen({ ...XUANWU_REOPEN, until: '2023-08-25' }), 422, 'validation_failed', ['until']);   // already past
  const d = await review('demo_dept', ids.dept);
  assert.equal(d.status, 200, d.text);
  assert.equal(d.json.status, 'city_recommended');
  assertError(await review('demo_kunshan', ids.kunshan), 409, 'window_closed');
  assert.equal((await c.demo_admin.get('/api/v1/campaigns/2023/reopenings')).json.total, 2);
});
