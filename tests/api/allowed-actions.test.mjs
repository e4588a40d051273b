// allowed_actions tells the truth. Every account of the data (the demo's, and two more units) looks
// at every application at three moments of the 2023 call — inside the application window, after it
// closed while local review is open, and after the local review deadline — and:
//   - every action its allowed_actions lists is accepted by the server (2xx), on a fresh copy of the
//     same data, since it changes it (one copy takes at most one action per application: the
//     workflow's actions are per application, so each is taken on its application as it was);
//   - every action it does not list is refused (4xx, never 5xx) and changes nothing (status and
//     version as before, looked at after each account's tries on the application), tried on the
//     shared server.
// Actions and how a client takes them: edit (PUT a section), submit, withdraw, the reviews
// recommend / return / reject (with a reason), the province's formal check formal_pass /
// formal_fail / formal_return (POST …/formal-check with result pass / fail / return, and a reason)
// and assign (POST /api/v1/assignments with an expert of the pool who may review it: a specialist
// of its category, active, without a conflict, not yet on it). Experts have no action on an
// application: whatever they see lists none, and every action is refused them.
// The data: the demo's applications (a draft and four submitted in 玄武区, 昆山市, 南京市 市直,
// 省工信厅; and the province's phase — in expert review, passed the formal check, recommended to the
// province, failed), plus one a county recommended (the city's turn) and one returned to its unit
// (the unit's turn), made through the API.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Server, runCli } from '../lib/server.mjs';
import { T_OPEN, readyToSubmit } from '../lib/apps.mjs';

const PW = 'Shenbao@2023';
const MOMENTS = [
  { at: T_OPEN, what: 'application window open' },
  { at: '2023-08-01T10:00:00+08:00', what: 'window closed, local review open' },
  { at: '2023-08-22T10:00:00+08:00', what: 'local review closed' },
];
const ACTIONS = ['edit', 'submit', 'withdraw', 'recommend', 'return', 'reject',
  'formal_pass', 'formal_fail', 'formal_return', 'assign'];
const FORMAL = { formal_pass: 'pass', formal_fail: 'fail', formal_return: 'return' };

let pristine; // the data directory every moment starts from
const users = {}; // username → {password, role}
let apps; // [{id, name, owner}]
const assignee = {}; // application id → the expert an "assign" asks for

// The request that takes `action` on application `id` as client `c` (`view`: what c just read of it).
async function take(c, action, id, view) {
  switch (action) {
    case 'edit': {
      // a whole section, changed: a sent section replaces the stored one (docs/api.md)
      const own = view ?? await c.get(`/api/v1/applications/${id}`);
      const cover = own.status === 200 ? { ...own.json.cover, address: `${own.json.cover.address}（核对）` } : { address: 'x' };
      return c.put(`/api/v1/applications/${id}`, { cover });
    }
    case 'submit':
    case 'withdraw':
      return c.post(`/api/v1/applications/${id}/${action}`);
    case 'formal_pass':
    case 'formal_fail':
    case 'formal_return':
      return c.post(`/api/v1/applications/${id}/formal-check`, { result: FORMAL[action], comment: '形式审查意见如上（测试）' });
    case 'assign':
      return c.post('/api/v1/assignments', { application_id: id, expert_id: assignee[id] });
    default:
      return c.post(`/api/v1/applications/${id}/reviews`, { action, comment: '经审核，意见如上（测试）' });
  }
}

before(async () => {
  pristine = mkdtempSync(join(tmpdir(), 'shenbao-actions-'));
  const setup = new Server({ now: T_OPEN, dataDir: pristine });
  const res = runCli(['demo'], { dataDir: pristine, env: { SHENBAO_NOW: T_OPEN } });
  assert.equal(res.code, 0, res.stderr);
  await setup.start();
  try {
    await survey(setup);
  } finally {
    await setup.close(); // stops it; the directory is ours (dataDir given), removed in after()
  }
});

// Makes the two units' applications and finds the accounts, the applications and their experts.
async function survey(setup) {
  const county = setup.client();
  await county.signIn('demo_county', PW);
  const made = {};
  // one the county recommends (now the city's), one it returns (now its unit's again)
  for (const [name, action] of [['recommended', 'recommend'], ['returned', 'return']]) {
    const d = await readyToSubmit(setup, { form: { cover: { project_name: `玄武区测试项目（${name}）` }, project: { name: `玄武区测试项目（${name}）` } } });
    assert.equal((await d.c.post(`/api/v1/applications/${d.app.id}/submit`)).status, 200);
    const r = await county.post(`/api/v1/applications/${d.app.id}/reviews`, { action, comment: '请补充材料（测试）' });
    assert.equal(r.status, 200, r.text);
    made[d.reg.username] = d.reg.password;
  }
  const admin = setup.client();
  await admin.signIn('demo_admin', PW);
  // every account there is: the demo's (its password) and the two units made here
  const list = await admin.get('/api/v1/users?per_page=200');
  assert.equal(list.status, 200, list.text);
  assert.equal(list.json.items.length, list.json.total, 'every account on one page');
  const accounts = list.json.items;
  for (const u of accounts) users[u.username] = { password: made[u.username] ?? PW, role: u.role };
  assert.ok(Object.keys(users).length >= 30, `accounts: ${Object.keys(users)}`);
  for (const role of ['applicant', 'county_reviewer', 'city_reviewer', 'department_reviewer', 'province_admin', 'expert']) {
    assert.ok(accounts.some((u) => u.role === role), role);
  }
  // every application with its unit: each applicant's own list (drafts are their owner's alone)
  apps = [];
  for (const [u, x] of Object.entries(users)) {
    if (x.role !== 'applicant') continue;
    const c = setup.client();
    await c.signIn(u, x.password);
    for (const a of (await c.get('/api/v1/applications?per_page=100')).json.items) apps.push({ id: a.id, name: a.project_name, owner: u });
  }
  const seen = (await admin.get('/api/v1/applications?per_page=200')).json;
  assert.equal(apps.length, seen.total + 1, 'every application past draft, and the draft');
  // the expert each application's "assign" asks for: one who may review it now, if any
  const pool = (await admin.get('/api/v1/experts')).json.items;
  const conflicts = (await admin.get('/api/v1/campaigns/2023/conflicts')).json.items;
  const onIt = (await admin.get('/api/v1/assignments')).json.items;
  for (const a of seen.items) {
    const fit = pool.filter((e) => e.active && e.specialties.includes(a.category)
      && !conflicts.some((k) => k.expert_id === e.id && k.application_id === a.id)
      && !onIt.some((s) => s.expert_id === e.id && s.application_id === a.id));
    assignee[a.id] = (fit[0] ?? pool.find((e) => e.specialties.includes(a.category)) ?? pool[0]).id;
  }
  for (const a of apps) assignee[a.id] ??= pool[0].id;
}

after(() => {
  if (pristine) rmSync(pristine, { recursive: true, force: true });
});

async function signedIn(server, username) {
  const c = server.client();
  await c.signIn(username, users[username].password);
  return c;
}

// What the owner (who always sees its own) says of an application: its status and version.
async function stateOf(owner, id) {
  const r = await owner.get(`/api/v1/applications/${id}`);
  assert.equal(r.status, 200, `the owner reads ${id}: ${r.text}`);
  return `${r.json.status}@${r.json.version}`;
}

for (const moment of MOMENTS) {
  test(`allowed_actions at ${moment.at} (${moment.what}): listed ⇒ accepted, not listed ⇒ refused`, async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'shenbao-actions-run-'));
    cpSync(pristine, dir, { recursive: true });
    // tens of thousands of requests in a few seconds from one address: not what the rate limit is for here
    const server = new Server({ now: moment.at, dataDir: dir, args: ['--rate-limit', '0'] });
    await server.start();
    let listed = 0;
    let refused = 0;
    let expertViews = 0;
    const accepted = [];
    try {
      const names = Object.keys(users);
      const clients = Object.fromEntries(await Promise.all(names.map(async (u) => [u, await signedIn(server, u)])));
      // each user's list, read once: nothing changes it while every try is refused
      const lists = Object.fromEntries(await Promise.all(names.map(async (u) => {
        const page = await clients[u].get('/api/v1/applications?per_page=200');
        assert.equal(page.status, 200, `${u} lists: ${page.text}`);
        return [u, page.json.items];
      })));
      // one chain per application (so its state is only changed by its own tries), users in turn
      await Promise.all(apps.map(async (app) => {
        const owner = clients[app.owner];
        let state = await stateOf(owner, app.id);
        for (const u of names) {
          const view = await clients[u].get(`/api/v1/applications/${app.id}`);
          assert.ok(view.status === 200 || view.status === 404, `${u} GET ${app.id}: ${view.status}`);
          const allowed = view.status === 200 ? view.json.allowed_actions : [];
          for (const a of allowed) {
            assert.ok(a.label && /[\u4e00-\u9fff]/.test(a.label), `${u} ${a.action}: a Chinese label`);
            assert.equal(typeof a.reason_required, 'boolean');
            assert.ok(ACTIONS.includes(a.action), `${u} ${app.name}: an action this test knows how to take: ${a.action}`);
          }
          if (users[u].role === 'expert' && view.status === 200) {
            expertViews++;
            assert.deepEqual(allowed, [], `${u} ${app.name}: an expert has no action on an application`);
          }
          const names2 = allowed.map((a) => a.action);
          // the list view offers the same as the whole application
          if (view.status === 200) {
            const item = lists[u].find((x) => x.id === app.id);
            if (item) assert.deepEqual(item.allowed_actions, allowed, `${u} ${app.name}: list and detail agree`);
          }
          const tried = [];
          for (const action of ACTIONS) {
            if (names2.includes(action)) {
              listed++;
              accepted.push({ u, app, action });
              continue;
            }
            const r = await take(clients[u], action, app.id, view);
            assert.ok(r.status >= 400 && r.status < 500, `${u} ${action} ${app.name} (not listed): ${r.status} ${r.text}`);
            tried.push(action);
            refused++;
          }
          if (tried.length) {
            const now = await stateOf(owner, app.id);
            assert.equal(now, state, `${u} ${tried.join(', ')} ${app.name} (all refused): nothing changed`);
          }
        }
      }));
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
    // the province's office: the formal check on what was recommended to it, and assigning experts
    // to what passed it, are on its lists whatever the local deadlines
    const adminActions = new Set(accepted.filter((x) => users[x.u].role === 'province_admin').map((x) => x.action));
    assert.deepEqual([...adminActions].sort(), ['assign', 'formal_fail', 'formal_pass', 'formal_return']);
    assert.ok(expertViews > 0, 'the experts see the applications assigned to them');

    // the listed ones in rounds, each on its own fresh copy of the data at the same moment: round k
    // takes the k-th listed action of every application, all of them at once
    const byApp = new Map();
    for (const x of accepted) byApp.set(x.app.id, [...(byApp.get(x.app.id) ?? []), x]);
    const rounds = Math.max(0, ...[...byApp.values()].map((v) => v.length));
    for (let k = 0; k < rounds; k++) {
      const own = mkdtempSync(join(tmpdir(), 'shenbao-actions-one-'));
      cpSync(pristine, own, { recursive: true });
      const s = new Server({ now: moment.at, dataDir: own, args: ['--rate-limit', '0'] });
      await s.start();
      try {
        const round = [...byApp.values()].filter((v) => v.length > k).map((v) => v[k]);
        const who = [...new Set(round.map((x) => x.u))];
        const clients = Object.fromEntries(await Promise.all(who.map(async (u) => [u, await signedIn(s, u)])));
        await Promise.all(round.map(async ({ u, app, action }) => {
          const r = await take(clients[u], action, app.id);
          assert.ok(r.status >= 200 && r.status < 300, `${u} ${action} ${app.name} (listed): ${r.status} ${r.text}`);
        }));
      } finally {
        await s.close();
        rmSync(own, { recursive: true, force: true });
      }
    }
    t.diagnostic(`${Object.keys(users).length} accounts × ${apps.length} applications: ${listed} listed actions accepted `
      + `(in ${rounds} fresh copies), ${refused} unlisted refused`);
    assert.ok(listed > 0);
  });
}
