// In-app notifications: a return tells the applicant with the reason and shows in the unread count
// (also on GET /me); reading clears it; each step of the review tells the next reviewer and the
// applicant; the 3-day deadline reminders appear on their first day, not the day before, and once.
// Demo data is loaded before the server starts.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, runCli } from '../lib/server.mjs';
import { assertError, hasChinese } from '../lib/api.mjs';
import { T_OPEN, readyToSubmit } from '../lib/apps.mjs';

const PW = 'Shenbao@2023';
const USERS = ['demo_applicant', 'demo_county', 'demo_city', 'demo_kunshan', 'demo_dept', 'demo_admin', 'demo_unit_yunfan'];
const XUANWU = '玄武区智慧社区综合服务平台';
let server;
const c = {};
let xuanwu;

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
  xuanwu = all.find((a) => a.project_name === XUANWU).id;
});
after(async () => { await server?.close(); });

const review = (user, id, body) => c[user].post(`/api/v1/applications/${id}/reviews`, body);
async function inbox(client, query = '') {
  const r = await client.get(`/api/v1/notifications${query}`);
  assert.equal(r.status, 200, r.text);
  return r.json;
}
const unreadOnMe = async (client) => (await client.get('/api/v1/me')).json.unread;

test('a county return tells the applicant with the reason; /me has the unread count; reading clears it', async () => {
  const empty = await inbox(c.demo_unit_yunfan);
  assert.deepEqual([empty.total, empty.unread, empty.items.length, empty.page, empty.per_page], [0, 0, 0, 1, 50]);
  assert.equal(await unreadOnMe(c.demo_unit_yunfan), 0);

  const reason = '请补充 2022 年度项目投资审计报告';
  const r = await review('demo_county', xuanwu, { action: 'return', comment: reason });
  assert.equal(r.status, 200, r.text);

  const box = await inbox(c.demo_unit_yunfan);
  assert.equal(box.unread, 1);
  assert.equal(box.total, 1);
  const n = box.items[0];
  assert.deepEqual(Object.keys(n).sort(), ['application_id', 'at', 'body', 'id', 'kind', 'read', 'title']);
  assert.equal(n.kind, 'returned');
  assert.equal(n.application_id, xuanwu);
  assert.equal(n.read, false);
  assert.equal(n.at, T_OPEN);
  assert.ok(hasChinese(n.title), n.title);
  assert.ok(n.body.includes(reason), n.body);
  assert.ok(n.body.includes(XUANWU), n.body);
  assert.ok(n.body.includes('玄武区'), n.body);
  assert.equal(await unreadOnMe(c.demo_unit_yunfan), 1);
  // nobody else was told
  for (const u of ['demo_applicant', 'demo_city', 'demo_kunshan', 'demo_dept', 'demo_admin']) {
    assert.equal(await unreadOnMe(c[u]), 0, u);
  }

  // someone else's id is not theirs to mark
  const other = await c.demo_city.post('/api/v1/notifications/read', { ids: [n.id] });
  assert.equal(other.status, 200, other.text);
  assert.equal((await inbox(c.demo_unit_yunfan)).unread, 1);

  assert.equal((await inbox(c.demo_unit_yunfan, '?unread=1')).total, 1);
  const read = await c.demo_unit_yunfan.post('/api/v1/notifications/read', { ids: [n.id] });
  assert.equal(read.status, 200, read.text);
  assert.deepEqual(read.json, { unread: 0 });
  assert.equal(await unreadOnMe(c.demo_unit_yunfan), 0);
  assert.equal((await inbox(c.demo_unit_yunfan, '?unread=1')).total, 0);
  const after = await inbox(c.demo_unit_yunfan);
  assert.equal(after.total, 1);
  assert.equal(after.items[0].read, true);
});

test('marking read: bad bodies are refused, the CSRF header is required, {"all": true} reads everything', async () => {
  const u = c.demo_unit_yunfan;
  assertError(await u.post('/api/v1/notifications/read', {}), 422, 'validation_failed', ['ids']);
  assertError(await u.post('/api/v1/notifications/read', { ids: 'all' }), 422, 'validation_failed', ['ids']);
  assertError(await u.post('/api/v1/notifications/read', { ids: [0] }), 422, 'validation_failed', ['ids']);
  assertError(await u.post('/api/v1/notifications/read', { ids: [1], all: true }), 422, 'validation_failed', ['ids']);
  assertError(await u.post('/api/v1/notifications/read', { all: false }), 422, 'validation_failed', ['all']);
  assertError(await u.post('/api/v1/notifications/read', { all: true, x: 1 }), 422, 'validation_failed', ['x']);
  assertError(await u.post('/api/v1/notifications/read', { all: true }, { csrf: false }), 403, 'forbidden');
  assertError(await u.get('/api/v1/notifications?unread=maybe'), 400, 'bad_request', ['unread']);
  assertError(await server.client().get('/api/v1/notifications'), 401, 'unauthenticated');

  // a second return gives a second unread notification; "all" reads it
  const re = await u.post(`/api/v1/applications/${xuanwu}/submit`);
  assert.equal(re.status, 200, re.text);
  assert.equal((await review('demo_county', xuanwu, { action: 'return', comment: '附件不清晰' })).status, 200);
  assert.equal(await unreadOnMe(u), 1);
  const all = await u.post('/api/v1/notifications/read', { all: true });
  assert.deepEqual(all.json, { unread: 0 });
  const box = await inbox(u);
  assert.equal(box.total, 2);
  assert.ok(box.items.every((n) => n.read));
  assert.ok(box.items[0].id > box.items[1].id, 'newest first');
  assert.ok(box.items[0].body.includes('附件不清晰'));
});

test('each step tells the next reviewer and the applicant: resubmit → county, county → city, city → province', async () => {
  for (const user of ['demo_county', 'demo_city', 'demo_unit_yunfan']) await c[user].post('/api/v1/notifications/read', { all: true });
  assert.equal((await c.demo_unit_yunfan.post(`/api/v1/applications/${xuanwu}/submit`)).status, 200);
  let box = await inbox(c.demo_county, '?unread=1');
  assert.equal(box.total, 1);
  assert.deepEqual([box.items[0].kind, box.items[0].application_id], ['arrived', xuanwu]);
  assert.match(box.items[0].title, /重新提交/);

  // the city hears nothing until its county recommends
  assert.equal(await unreadOnMe(c.demo_city), 0);
  assert.equal((await review('demo_county', xuanwu, { action: 'recommend' })).status, 200);
  box = await inbox(c.demo_city, '?unread=1');
  assert.equal(box.total, 1);
  assert.deepEqual([box.items[0].kind, box.items[0].application_id], ['arrived', xuanwu]);
  const mine = await inbox(c.demo_unit_yunfan, '?unread=1');
  assert.equal(mine.total, 1);
  assert.equal(mine.items[0].kind, 'recommended');
  assert.match(mine.items[0].body, /设区市/);

  // the city sends it back to the county, with its reason
  assert.equal((await review('demo_city', xuanwu, { action: 'return', comment: '请县区复核投资额' })).status, 200);
  box = await inbox(c.demo_county, '?unread=1');
  assert.equal(box.items[0].kind, 'sent_back');
  assert.ok(box.items[0].body.includes('请县区复核投资额'));
  assert.equal((await review('demo_county', xuanwu, { action: 'recommend' })).status, 200);
  assert.equal((await review('demo_city', xuanwu, { action: 'recommend' })).status, 200);
  const last = (await inbox(c.demo_unit_yunfan)).items[0];
  assert.equal(last.kind, 'recommended');
  assert.match(last.body, /省信息化办/);
  assert.match(last.body, /南京市/);
  // other authorities were never told
  for (const u of ['demo_kunshan', 'demo_dept', 'demo_admin', 'demo_applicant']) assert.equal(await unreadOnMe(c[u]), 0, u);
});

test('a new submission tells the county; a rejection tells the applicant with the reason', async () => {
  await c.demo_county.post('/api/v1/notifications/read', { all: true });
  const d = await readyToSubmit(server);
  assert.equal((await d.c.post(`/api/v1/applications/${d.app.id}/submit`)).status, 200);
  const box = await inbox(c.demo_county, '?unread=1');
  assert.equal(box.total, 1);
  assert.deepEqual([box.items[0].kind, box.items[0].title, box.items[0].application_id], ['arrived', '收到新的申报', d.app.id]);
  assert.equal((await review('demo_county', d.app.id, { action: 'reject', comment: '非本年度申报范围' })).status, 200);
  const mine = await inbox(d.c);
  assert.equal(mine.unread, 1);
  assert.equal(mine.items[0].kind, 'rejected');
  assert.ok(mine.items[0].body.includes('非本年度申报范围'));
});

const reminders = async (client, kind) => (await inbox(client)).items.filter((n) => n.kind === kind);

test('the application deadline reminder: not on 2023-07-27, on 2023-07-28, once, only for unsubmitted drafts', async () => {
  await server.restart({ now: '2023-07-27T23:59:59+08:00' });
  await signInAll();
  assert.equal((await reminders(c.demo_applicant, 'deadline_apply')).length, 0);

  await server.restart({ now: '2023-07-28T00:00:00+08:00' });
  await signInAll();
  const before = await unreadOnMe(c.demo_applicant);       // made by the server's job at its start
  assert.ok(before >= 1);
  const list = await reminders(c.demo_applicant, 'deadline_apply');
  assert.equal(list.length, 1);
  assert.equal(list[0].title, '申报截止前 3 天');
  assert.match(list[0].body, /2023-07-31/);
  assert.equal(typeof list[0].application_id, 'number');
  assert.equal(list[0].at, '2023-07-28T00:00:00+08:00');
  // once: more requests, and a later day, make no second one
  await inbox(c.demo_applicant);
  assert.equal(await unreadOnMe(c.demo_applicant), before);
  await server.restart({ now: '2023-07-30T09:00:00+08:00' });
  await signInAll();
  assert.equal((await reminders(c.demo_applicant, 'deadline_apply')).length, 1);
  // submitted units and reviewers are not reminded of it
  assert.equal((await reminders(c.demo_unit_yunfan, 'deadline_apply')).length, 0);
  assert.equal((await reminders(c.demo_county, 'deadline_apply')).length, 0);
});

test('the local review reminder: not on 2023-08-17, on 2023-08-18 to reviewers with work waiting, once', async () => {
  await server.restart({ now: '2023-08-17T23:59:59+08:00' });
  await signInAll();
  assert.equal((await reminders(c.demo_kunshan, 'deadline_review')).length, 0);

  await server.restart({ now: '2023-08-18T00:00:00+08:00' });
  await signInAll();
  // 昆山市, 南京市 (its 市直 unit) and the department each have one submitted application waiting
  for (const u of ['demo_kunshan', 'demo_city', 'demo_dept']) {
    const list = await reminders(c[u], 'deadline_review');
    assert.equal(list.length, 1, u);
    assert.equal(list[0].title, '地方审核截止前 3 天');
    assert.match(list[0].body, /2023-08-21/);
    assert.match(list[0].body, /1 个项目/);
    assert.equal(list[0].application_id, null);
    assert.equal((await reminders(c[u], 'deadline_review')).length, 1, `${u}: once`);
  }
  // 玄武区 has nothing waiting: its projects are all decided
  assert.equal((await reminders(c.demo_county, 'deadline_review')).length, 0);
  // the applicants' deadline has passed; the province admin is not a local reviewer
  assert.equal((await reminders(c.demo_admin, 'deadline_review')).length, 0);
  assert.equal((await reminders(c.demo_applicant, 'deadline_apply')).length, 1);
});
