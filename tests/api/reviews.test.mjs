// Local review through the API: county → city → province, the direct-reporting county (昆山市),
// the 市直 and 省直 paths, return and resubmit, the city's return to the county, reasons, the
// deadline, and two reviewers acting at once. Demo data is loaded before the server starts.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, runCli } from '../lib/server.mjs';
import { assertError } from '../lib/api.mjs';
import { T_OPEN, readyToSubmit } from '../lib/apps.mjs';

const PW = 'Shenbao@2023';
const PROJECT = {
  xuanwu: '玄武区智慧社区综合服务平台',
  kunshan: '昆山市工业互联网标识解析二级节点及应用',
  city: '南京市公共数据授权运营平台',
  dept: '江苏省制造业智改数转公共服务平台',
};
let server;
const c = {};
let ids;

async function signInAll() {
  for (const u of ['demo_county', 'demo_kunshan', 'demo_city', 'demo_dept', 'demo_admin', 'demo_unit_yunfan']) {
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
});
after(async () => { await server?.close(); });

const review = (user, id, body) => c[user].post(`/api/v1/applications/${id}/reviews`, body);
const history = async (id) => (await c.demo_admin.get(`/api/v1/applications/${id}`)).json.history;

test('a return needs a reason; an unknown action is refused; nothing changes', async () => {
  assertError(await review('demo_county', ids.xuanwu, { action: 'return' }), 422, 'validation_failed', ['comment']);
  assertError(await review('demo_county', ids.xuanwu, { action: 'reject', comment: '   ' }), 422, 'validation_failed', ['comment']);
  assertError(await review('demo_county', ids.xuanwu, { action: 'approve' }), 422, 'validation_failed', ['action']);
  assert.equal((await c.demo_admin.get(`/api/v1/applications/${ids.xuanwu}`)).json.status, 'submitted');
});

test('out of scope: another authority gets 404, an applicant 403', async () => {
  assertError(await review('demo_city', ids.kunshan, { action: 'recommend' }), 404, 'not_found');
  assertError(await review('demo_dept', ids.xuanwu, { action: 'recommend' }), 404, 'not_found');
  assertError(await review('demo_unit_yunfan', ids.xuanwu, { action: 'recommend' }), 403, 'forbidden');
  // the city may not skip its county
  assertError(await review('demo_city', ids.xuanwu, { action: 'recommend' }), 404, 'not_found');
});

test('county returns → applicant edits and resubmits → county recommends → city confirms → province', async () => {
  const r1 = await review('demo_county', ids.xuanwu, { action: 'return', comment: '请补充项目投资证明' });
  assert.equal(r1.status, 200, r1.text);
  assert.equal(r1.json.status, 'returned');
  const mine = await c.demo_unit_yunfan.get(`/api/v1/applications/${ids.xuanwu}`);
  assert.equal(mine.json.status, 'returned');
  assert.equal(mine.json.editable, true);
  const last = mine.json.history.at(-1);
  assert.deepEqual([last.action, last.from, last.to, last.reason, last.role], ['return', 'submitted', 'returned', '请补充项目投资证明', 'county_reviewer']);
  const re = await c.demo_unit_yunfan.post(`/api/v1/applications/${ids.xuanwu}/submit`);
  assert.equal(re.status, 200, re.text);
  assert.equal(re.json.status, 'submitted');

  // the city does not see it before the county recommends
  assert.ok(!(await c.demo_city.get('/api/v1/applications')).json.items.some((a) => a.id === ids.xuanwu));
  const r2 = await review('demo_county', ids.xuanwu, { action: 'recommend', comment: '符合申报要求' });
  assert.equal(r2.json.status, 'county_recommended');
  assertError(await review('demo_county', ids.xuanwu, { action: 'recommend' }), 409, 'conflict');
  assert.ok((await c.demo_city.get('/api/v1/applications')).json.items.some((a) => a.id === ids.xuanwu));

  // the city sends it back to the county once, then confirms it
  const back = await review('demo_city', ids.xuanwu, { action: 'return', comment: '请县区复核投资额' });
  assert.equal(back.status, 200, back.text);
  assert.equal(back.json.status, 'submitted');
  assert.equal((await review('demo_county', ids.xuanwu, { action: 'recommend' })).json.status, 'county_recommended');
  const r3 = await review('demo_city', ids.xuanwu, { action: 'recommend' });
  assert.equal(r3.json.status, 'city_recommended');
  assert.equal(r3.json.status_label, '已推荐至省信息化办');
  const actions = (await history(ids.xuanwu)).map((h) => `${h.role}:${h.action}:${h.to}`);
  assert.deepEqual(actions.slice(-6), [
    'county_reviewer:return:returned', 'applicant:submit:submitted', 'county_reviewer:recommend:county_recommended',
    'city_reviewer:return:submitted', 'county_reviewer:recommend:county_recommended', 'city_reviewer:recommend:city_recommended',
  ]);
});

test('昆山市 recommends straight to the province; 苏州市 never sees it', async () => {
  const r = await review('demo_kunshan', ids.kunshan, { action: 'recommend' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.status, 'city_recommended');
  const out = runCli(['user', 'add', '--username', 'suzhou1', '--password', 'Review@2023x', '--role', 'city_reviewer',
    '--region', '320500', '--name', '苏州审核'], { dataDir: server.dataDir });
  assert.equal(out.code, 0, out.stderr);
  const sz = server.client();
  await sz.signIn('suzhou1', 'Review@2023x');
  assert.equal((await sz.get('/api/v1/applications')).json.total, 0);
});

test('市直 and 省直 applications: the city and the department recommend to the province', async () => {
  assert.equal((await review('demo_city', ids.city, { action: 'recommend' })).json.status, 'city_recommended');
  const d = await review('demo_dept', ids.dept, { action: 'reject', comment: '不符合申报类别要求' });
  assert.equal(d.json.status, 'rejected');
  assertError(await review('demo_dept', ids.dept, { action: 'recommend' }), 409, 'conflict');
});

test('two reviewers acting at once: one transition and one 409', async () => {
  const out = runCli(['user', 'add', '--username', 'xuanwu2', '--password', 'Review@2023x', '--role', 'county_reviewer',
    '--region', '320102', '--name', '玄武复核'], { dataDir: server.dataDir });
  assert.equal(out.code, 0, out.stderr);
  const second = server.client();
  await second.signIn('xuanwu2', 'Review@2023x');
  const d = await readyToSubmit(server);
  const sub = await d.c.post(`/api/v1/applications/${d.app.id}/submit`);
  assert.equal(sub.status, 200, sub.text);
  const [a, b] = await Promise.all([
    review('demo_county', d.app.id, { action: 'recommend' }),
    second.post(`/api/v1/applications/${d.app.id}/reviews`, { action: 'reject', comment: '重复申报' }),
  ]);
  assert.deepEqual([a.status, b.status].sort(), [200, 409]);
  assert.equal((await history(d.app.id)).filter((e) => e.role === 'county_reviewer').length, 1);
});

test('the local review closes at 2023-08-21 23:59:59 Beijing: one second earlier works, at midnight 409', async () => {
  const d = await readyToSubmit(server);
  assert.equal((await d.c.post(`/api/v1/applications/${d.app.id}/submit`)).status, 200);
  await server.restart({ now: '2023-08-21T23:59:59+08:00' });
  await signInAll();
  const before = await review('demo_county', d.app.id, { action: 'recommend' });
  assert.equal(before.status, 200, before.text);
  assert.equal(before.json.status, 'county_recommended');
  await server.restart({ now: '2023-08-22T00:00:00+08:00' });
  await signInAll();
  const late = await review('demo_city', d.app.id, { action: 'recommend' });
  assertError(late, 409, 'window_closed');
  assert.match(late.json.error.message, /2023-08-21/);
  assert.equal((await c.demo_admin.get(`/api/v1/applications/${d.app.id}`)).json.status, 'county_recommended');
});
