// Who sees which application: the demo data (`shenbao demo`, loaded before the server starts) has a
// draft in 玄武区 and four submitted applications routed to 玄武区 (320102), 昆山市 (320583),
// 南京市 for a 市直 unit (320100) and the provincial department gxt — and the province's phase:
// applications of 无锡/常州/泰兴/省大数据管理中心 units past local review (data/demo/applications.json),
// most of them in expert review after the demo's seeded draw, demo_expert on some of them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Server, runCli } from '../lib/server.mjs';
import { ROOT, assertError, header } from '../lib/api.mjs';
import { T_OPEN, SAMPLE_PDF, completeForm, upload, pdfBytes, sha256, dispositionFilename } from '../lib/apps.mjs';

const PW = 'Shenbao@2023';
const PROJECT = {
  draft: '玄武区城市运行“一网统管”平台',
  xuanwu: '玄武区智慧社区综合服务平台',
  kunshan: '昆山市工业互联网标识解析二级节点及应用',
  city: '南京市公共数据授权运营平台',
  dept: '江苏省制造业智改数转公共服务平台',
};
let server;
const clients = {};
let ids; // project key → application id, from the admin's and the applicant's lists

before(async () => {
  server = new Server({ now: T_OPEN });
  const res = runCli(['demo'], { dataDir: server.dataDir, env: { SHENBAO_NOW: T_OPEN } });
  assert.equal(res.code, 0, res.stderr);
  await server.start();
  for (const u of ['demo_applicant', 'demo_county', 'demo_kunshan', 'demo_city', 'demo_dept', 'demo_admin', 'demo_expert', 'demo_unit_yunfan']) {
    clients[u] = server.client();
    await clients[u].signIn(u, PW);
  }
  const all = (await clients.demo_admin.get('/api/v1/applications?per_page=100')).json.items;
  const own = (await clients.demo_applicant.get('/api/v1/applications')).json.items;
  ids = {};
  for (const [k, name] of Object.entries(PROJECT)) {
    const a = (k === 'draft' ? own : all).find((x) => x.project_name === name);
    assert.ok(a, `demo application ${name}`);
    ids[k] = a.id;
  }
});
after(async () => { await server?.close(); });

const path = (id) => `/api/v1/applications/${id}`;
async function listed(user, query = '') {
  const r = await clients[user].get(`/api/v1/applications${query}`);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.total, r.json.items.length);
  return r.json.items;
}
const names = (items) => items.map((a) => a.project_name).sort();

test('county reviewer (玄武区) lists only the submitted application routed to 320102', async () => {
  const items = await listed('demo_county');
  assert.deepEqual(names(items), [PROJECT.xuanwu]);
  assert.equal(items[0].status, 'submitted');
  assert.equal(items[0].review.code, '320102');
});

test('昆山市 reviewer sees the 昆山 application', async () => {
  const items = await listed('demo_kunshan');
  assert.deepEqual(names(items), [PROJECT.kunshan]);
  assert.equal(items[0].review.code, '320583');
});

test('city reviewer (南京市) sees the 市直 application routed to 320100', async () => {
  const items = await listed('demo_city');
  assert.deepEqual(names(items), [PROJECT.city]);
  assert.equal(items[0].review.level, 'city');
  assert.equal(items[0].review.code, '320100');
});

test('department reviewer (gxt) sees the 省直 application', async () => {
  const items = await listed('demo_dept');
  assert.deepEqual(names(items), [PROJECT.dept]);
  assert.equal(items[0].review.level, 'department');
  assert.equal(items[0].review.code, 'gxt');
});

test('province admin sees every application past draft, not the draft', async () => {
  const items = await listed('demo_admin', '?per_page=100');
  // every demo application but the draft: the four submitted here and the province's phase
  const demo = JSON.parse(readFileSync(join(ROOT, 'data/demo/applications.json'), 'utf8')).applications;
  const pastDraft = demo.filter((a) => a.status !== 'draft').map((a) => a.form.project.name);
  assert.ok(pastDraft.length > 4, 'the demo reaches the province');
  assert.deepEqual(names(items), pastDraft.sort());
  for (const k of ['xuanwu', 'kunshan', 'city', 'dept']) {
    assert.equal(items.find((a) => a.id === ids[k]).status, 'submitted', k);
  }
  assert.ok(items.some((a) => a.status === 'expert_review'));
  assertError(await clients.demo_admin.get(path(ids.draft)), 404, 'not_found');
});

test('an expert sees exactly the applications assigned to it, and reads no other', async () => {
  // what the office assigned to demo_expert (the demo's seeded draw), as the office sees it
  const me = (await clients.demo_expert.get('/api/v1/me')).json.user;
  const pool = (await clients.demo_admin.get('/api/v1/experts')).json.items;
  const expert = pool.find((e) => e.username === 'demo_expert');
  assert.ok(expert, 'demo_expert is in the pool');
  const mine = (await clients.demo_admin.get(`/api/v1/assignments?expert_id=${expert.id}`)).json.items
    .filter((s) => s.status !== 'conflict_declared').map((s) => s.application_id).sort((a, b) => a - b);
  assert.ok(mine.length > 0, 'demo_expert has assignments');
  const items = await listed('demo_expert', '?per_page=100');
  assert.deepEqual(items.map((a) => a.id).sort((a, b) => a - b), mine);
  assert.equal(me.role, 'expert');
  for (const id of mine) {
    const r = await clients.demo_expert.get(path(id));
    assert.equal(r.status, 200, `assigned ${id}: ${r.text}`);
    assert.equal(r.json.status, 'expert_review');
  }
  // the rest of the province's phase (others' reviews, the formal check's) and the local ones: 404
  const all = await listed('demo_admin', '?per_page=100');
  const others = all.filter((a) => !mine.includes(a.id));
  assert.ok(others.some((a) => a.status === 'expert_review'), 'expert-review applications it is not on exist');
  for (const a of others) assertError(await clients.demo_expert.get(path(a.id)), 404, 'not_found');
  assertError(await clients.demo_expert.get(path(ids.xuanwu)), 404, 'not_found');
  assertError(await clients.demo_expert.get(path(ids.draft)), 404, 'not_found');
});

test('the applicant lists only its own draft', async () => {
  const items = await listed('demo_applicant');
  assert.deepEqual(names(items), [PROJECT.draft]);
  assert.equal(items[0].status, 'draft');
});

test('reviewers read what is in scope and get 404 for the rest, drafts included', async () => {
  const inScope = { demo_county: 'xuanwu', demo_kunshan: 'kunshan', demo_city: 'city', demo_dept: 'dept' };
  for (const [user, mine] of Object.entries(inScope)) {
    const r = await clients[user].get(path(ids[mine]));
    assert.equal(r.status, 200, `${user} reads ${mine}: ${r.text}`);
    assert.equal(r.json.project.name, PROJECT[mine]);
    assert.ok(Array.isArray(r.json.attachments) && r.json.attachments.length > 0);
    for (const other of Object.keys(PROJECT)) {
      if (other === mine) continue;
      assertError(await clients[user].get(path(ids[other])), 404, 'not_found');
    }
  }
});

test('reviewers cannot PUT, submit, withdraw or upload (403)', async () => {
  const c = clients.demo_county;
  const reg = { unit_name: '南京云帆数据服务有限公司', credit_code: '' };
  assertError(await c.put(path(ids.xuanwu), completeForm(reg)), 403, 'forbidden');
  assertError(await c.post(`${path(ids.xuanwu)}/submit`), 403, 'forbidden');
  assertError(await c.post(`${path(ids.draft)}/submit`), 403, 'forbidden');
  assertError(await c.post(`${path(ids.xuanwu)}/withdraw`), 403, 'forbidden');
  assertError(await upload(c, ids.xuanwu, 'other', pdfBytes()), 403, 'forbidden');
  assertError(await clients.demo_admin.put(path(ids.xuanwu), completeForm(reg)), 403, 'forbidden');
  const g = await clients.demo_unit_yunfan.get(path(ids.xuanwu));
  assert.equal(g.json.status, 'submitted', 'unchanged');
});

test('attachment download: in scope works, out of scope is 404', async () => {
  const app = (await clients.demo_county.get(path(ids.xuanwu))).json;
  const att = app.attachments[0];
  const r = await clients.demo_county.get(`${path(ids.xuanwu)}/attachments/${att.id}`, { raw: true });
  assert.equal(r.status, 200);
  const body = Buffer.from(await r.res.arrayBuffer());
  assert.ok(body.equals(SAMPLE_PDF), 'the demo sample PDF');
  assert.equal(sha256(body), att.sha256);
  assert.equal(header(r, 'content-type'), 'application/pdf');
  assert.equal(header(r, 'x-content-type-options'), 'nosniff');
  assert.equal(dispositionFilename(header(r, 'content-disposition')), att.filename);
  const admin = await clients.demo_admin.get(`${path(ids.xuanwu)}/attachments/${att.id}`, { raw: true });
  assert.equal(admin.status, 200);
  await admin.res.arrayBuffer();
  for (const user of ['demo_city', 'demo_kunshan', 'demo_dept', 'demo_expert', 'demo_applicant']) {
    assertError(await clients[user].get(`${path(ids.xuanwu)}/attachments/${att.id}`), 404, 'not_found');
  }
  // the draft's attachment is not visible to its county
  const draft = (await clients.demo_applicant.get(path(ids.draft))).json;
  assert.ok(draft.attachments.length > 0);
  assertError(await clients.demo_county.get(`${path(ids.draft)}/attachments/${draft.attachments[0].id}`), 404, 'not_found');
});
