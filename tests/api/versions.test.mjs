// Read, change, write back — and nothing lost on the way: every application carries a version
// (also its ETag); a save naming an older one answers 409 with the current one; saves without a
// version merge their sections inside one write; PUT takes the object exactly as GET gave it,
// refusing only a changed read-only key; attachment ids are never handed out twice; the list walks
// by keyset as it does by page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, runCli } from '../lib/server.mjs';
import { assertError, header } from '../lib/api.mjs';
import { T_OPEN, applicantWithDraft, uploadOk, pdfBytes } from '../lib/apps.mjs';

let server;
const path = (id) => `/api/v1/applications/${id}`;

before(async () => {
  server = new Server({ now: T_OPEN, args: ['--rate-limit', '0'] });
  const res = runCli(['demo'], { dataDir: server.dataDir, env: { SHENBAO_NOW: T_OPEN } });
  assert.equal(res.code, 0, res.stderr);
  await server.start();
});
after(async () => { await server?.close(); });

test('version and ETag: every change of the form adds one; GET, PUT and the action answers carry it', async () => {
  const { c, app } = await applicantWithDraft(server);
  assert.equal(app.version, 1);
  let r = await c.get(path(app.id));
  assert.equal(r.json.version, 1);
  assert.equal(header(r, 'etag'), '"v1"');
  r = await c.put(path(app.id), { cover: { ...r.json.cover, address: '南京市玄武区中山路 1 号' } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.version, 2);
  assert.equal(header(r, 'etag'), '"v2"');
  // an attachment is its own resource: the form's version stays
  await uploadOk(c, app.id, 'other', pdfBytes());
  assert.equal((await c.get(path(app.id))).json.version, 2);
});

test('a save naming an older version (If-Match or "version") answers 409 with the current one, and saves nothing', async () => {
  const { c, app } = await applicantWithDraft(server);
  const first = await c.get(path(app.id));
  const cover = first.json.cover;
  let r = await c.put(path(app.id), { version: 1, cover: { ...cover, address: '第一次' } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.version, 2);
  // the same version again: someone (this client) saved since
  r = await c.put(path(app.id), { version: 1, cover: { ...cover, address: '第二次' } });
  assertError(r, 409, 'conflict');
  assert.equal(r.json.error.current_version, 2);
  assert.equal(header(r, 'etag'), '"v2"');
  r = await c.put(path(app.id), { cover: { ...cover, address: '第三次' } }, { headers: { 'if-match': '"v1"' } });
  assertError(r, 409, 'conflict');
  assert.equal(r.json.error.current_version, 2);
  assert.equal((await c.get(path(app.id))).json.cover.address, '第一次', 'the refused saves left nothing');
  // the current version is accepted either way
  r = await c.put(path(app.id), { cover: { ...cover, address: '第四次' } }, { headers: { 'if-match': '"v2"' } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.version, 3);
  r = await c.put(path(app.id), { version: 3, cover: { ...cover, address: '第五次' } });
  assert.equal(r.status, 200, r.text);
  // If-Match: * means any version
  r = await c.put(path(app.id), { cover: { ...cover, address: '第六次' } }, { headers: { 'if-match': '*' } });
  assert.equal(r.status, 200, r.text);
  // malformed versions are refused before anything is read
  assertError(await c.put(path(app.id), { version: '5', cover }), 422, 'validation_failed', ['version']);
  assertError(await c.put(path(app.id), { version: 0, cover }), 422, 'validation_failed', ['version']);
  assertError(await c.put(path(app.id), { cover }, { headers: { 'if-match': 'v5' } }), 400, 'bad_request');
  assertError(await c.put(path(app.id), { version: 6, cover }, { headers: { 'if-match': '"v7"' } }), 400, 'bad_request');
});

test('PUT takes the object exactly as GET returned it; a changed read-only key is refused by name', async () => {
  const { c, app } = await applicantWithDraft(server, { form: true });
  const g = await c.get(path(app.id));
  const whole = g.json;
  whole.project = { ...whole.project, name: '改过的项目名称' };
  let r = await c.put(path(app.id), whole);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.project.name, '改过的项目名称');
  assert.equal(r.json.version, whole.version + 1);
  // the answer, sent back as it is (JSON.stringify writes the server's 1200.0 as 1200: the same number)
  assert.equal((await c.put(path(app.id), r.json)).status, 200);
  const now = (await c.get(path(app.id))).json;
  for (const [key, value] of [['status', 'submitted'], ['id', now.id + 1], ['submission_no', 'ZHJS2023-9999'],
    ['history', []], ['problems', {}], ['allowed_actions', []], ['campaign', 2024]]) {
    r = await c.put(path(app.id), { ...now, [key]: value });
    assertError(r, 422, 'validation_failed', [key]);
    assert.match(r.json.error.fields[key], /只读/);
  }
  assert.equal((await c.get(path(app.id))).json.version, now.version, 'nothing was saved');
  // a key GET does not have is no read-only key: the shape check names it
  assertError(await c.put(path(app.id), { ...now, nickname: 'x' }), 422, 'validation_failed', ['nickname']);
});

// Fires a pair of saves at the same moment.
const pair = (a, b) => Promise.all([a(), b()]);

test('120 pairs of saves of different sections at once, no version: both acknowledged, both kept', async () => {
  const { c, app } = await applicantWithDraft(server, { form: true });
  const base = (await c.get(path(app.id))).json;
  for (let i = 0; i < 120; i++) {
    const [r1, r2] = await pair(
      () => c.put(path(app.id), { cover: { ...base.cover, address: `地址${i}` } }),
      () => c.put(path(app.id), { project: { ...base.project, basic_info: `基本情况${i}` } }),
    );
    assert.equal(r1.status, 200, r1.text);
    assert.equal(r2.status, 200, r2.text);
    const g = (await c.get(path(app.id))).json;
    assert.equal(g.cover.address, `地址${i}`, `pair ${i}: the cover save was lost`);
    assert.equal(g.project.basic_info, `基本情况${i}`, `pair ${i}: the project save was lost`);
    // each answer shows the row as its own save left it
    assert.equal(r1.json.cover.address, `地址${i}`);
    assert.equal(r2.json.project.basic_info, `基本情况${i}`);
    assert.notEqual(r1.json.version, r2.json.version);
  }
});

test('120 pairs of saves from the same version at once, same or different sections: one 200, one 409, the 200 kept', async () => {
  const { c, app } = await applicantWithDraft(server, { form: true });
  for (let i = 0; i < 120; i++) {
    const cur = (await c.get(path(app.id))).json;
    const other = i % 2 === 0
      ? { cover: { ...cur.cover, address: `另一处${i}` } }                       // same section
      : { project: { ...cur.project, achievements: `成效${i}` } };               // another section
    const [r1, r2] = await pair(
      () => c.put(path(app.id), { version: cur.version, cover: { ...cur.cover, address: `此处${i}` } }),
      () => c.put(path(app.id), { version: cur.version, ...other }),
    );
    const statuses = [r1.status, r2.status].sort();
    assert.deepEqual(statuses, [200, 409], `pair ${i}: ${r1.status} ${r2.status}`);
    const won = r1.status === 200 ? r1 : r2;
    const lost = r1.status === 200 ? r2 : r1;
    assert.equal(lost.json.error.current_version, cur.version + 1);
    const g = (await c.get(path(app.id))).json;
    assert.equal(g.version, cur.version + 1);
    if (won === r1) assert.equal(g.cover.address, `此处${i}`);
    else if (i % 2 === 0) assert.equal(g.cover.address, `另一处${i}`);
    else assert.equal(g.project.achievements, `成效${i}`);
  }
});

test('attachment ids are never reused: deleting the newest does not hand its id (and link) to the next upload', async () => {
  const { c, app } = await applicantWithDraft(server);
  const a = await uploadOk(c, app.id, 'other', pdfBytes(undefined, 'a'));
  const b = await uploadOk(c, app.id, 'other', pdfBytes(undefined, 'b'));
  assert.equal((await c.del(`${path(app.id)}/attachments/${b.id}`)).status, 204);
  const next = await uploadOk(c, app.id, 'other', pdfBytes(undefined, 'c'));
  assert.ok(next.id > b.id, `new id ${next.id} after deleted ${b.id}`);
  assert.equal((await c.get(`${path(app.id)}/attachments/${b.id}`)).status, 404, 'the old link leads nowhere');
  assert.equal((await c.get(`${path(app.id)}/attachments/${a.id}`)).status, 200);
});

test('keyset paging: ?after= walks the same applications as ?page=, next_after ends with null', async () => {
  const admin = server.client();
  await admin.signIn('demo_admin', 'Shenbao@2023');
  const byPage = [];
  for (let p = 1; ; p++) {
    const r = await admin.get(`/api/v1/applications?per_page=2&page=${p}`);
    assert.equal(r.status, 200);
    byPage.push(...r.json.items.map((a) => a.id));
    if (r.json.items.length < 2) break;
  }
  const byCursor = [];
  let after = 0;
  for (;;) {
    const r = await admin.get(`/api/v1/applications?per_page=2&after=${after}`);
    assert.equal(r.status, 200);
    assert.equal(r.json.total, byPage.length, 'the total is the whole list\'s');
    byCursor.push(...r.json.items.map((a) => a.id));
    assert.ok(r.json.items.length > 0, 'next_after never leads to an empty page');
    if (r.json.next_after === null) break;
    assert.equal(r.json.next_after, r.json.items.at(-1).id);
    after = r.json.next_after;
  }
  assert.deepEqual(byCursor, byPage);
  // a last page exactly full says it is the last; one row short of everything says there is more
  const n = byPage.length;
  const whole = await admin.get(`/api/v1/applications?per_page=${n}&after=0`);
  assert.equal(whole.json.items.length, n);
  assert.equal(whole.json.next_after, null);
  const short = await admin.get(`/api/v1/applications?per_page=${n - 1}`);
  assert.equal(short.json.next_after, byPage[n - 2]);
  assert.deepEqual(byPage, [...byPage].sort((x, y) => x - y));
  assertError(await admin.get('/api/v1/applications?after=-1'), 400, 'bad_request', ['after']);
  assertError(await admin.get('/api/v1/applications?after=abc'), 400, 'bad_request', ['after']);
});

test('GET /api/v1/statuses: every status in the order of the call, with the words people see', async () => {
  const r = await server.client().get('/api/v1/statuses');
  assert.equal(r.status, 200);
  assert.deepEqual(r.json.items.map((s) => s.code), ['draft', 'submitted', 'returned', 'rejected', 'county_recommended',
    'city_recommended', 'formal_passed', 'formal_failed', 'expert_review', 'defense', 'evaluated', 'key_project',
    'not_selected', 'landmark']);
  assert.equal(r.json.items[0].label, '草稿');
  // submitted goes to a county, a city or a department: the list says it for all three
  assert.equal(r.json.items[1].label, '已提交，待审核');
  for (const s of r.json.items) assert.match(s.label, /[\u4e00-\u9fff]/);
});
