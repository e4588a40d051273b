// allowed_actions tells the truth. Every demo account (and two more units) looks at every demo
// application at three moments of the 2023 call — inside the application window, after it closed
// while local review is open, and after the local review deadline — and:
//   - every action its allowed_actions lists is accepted by the server (2xx), each tried on a fresh
//     copy of the same data, since it changes it;
//   - every action it does not list is refused (4xx, never 5xx) and changes nothing (status and
//     version as before), tried on the shared server.
// Actions and how a client takes them: edit (PUT a section), submit, withdraw, and the reviews
// recommend / return / reject (with a reason). The data: the demo's five applications (a draft
// and four submitted: 玄武区, 昆山市, 南京市 市直, 省工信厅), plus one a county recommended (the
// city's turn) and one returned to its unit (the unit's turn), made through the API.
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
const DEMO_USERS = ['demo_applicant', 'demo_unit_yunfan', 'demo_unit_kunshan', 'demo_unit_njic', 'demo_unit_jsiit',
  'demo_county', 'demo_city', 'demo_kunshan', 'demo_dept', 'demo_admin', 'demo_expert'];
const ACTIONS = ['edit', 'submit', 'withdraw', 'recommend', 'return', 'reject'];

// The request that takes `action` on application `id` as client `c`.
async function take(c, action, id) {
  switch (action) {
    case 'edit': {
      // a whole section, changed: a sent section replaces the stored one (docs/api.md)
      const own = await c.get(`/api/v1/applications/${id}`);
      const cover = own.status === 200 ? { ...own.json.cover, address: `${own.json.cover.address}（核对）` } : { address: 'x' };
      return c.put(`/api/v1/applications/${id}`, { cover });
    }
    case 'submit':
    case 'withdraw':
      return c.post(`/api/v1/applications/${id}/${action}`);
    default:
      return c.post(`/api/v1/applications/${id}/reviews`, { action, comment: '经审核，意见如上（测试）' });
  }
}

let pristine; // the data directory every moment starts from
const users = {}; // username → password
let apps; // [{id, name, owner}]

before(async () => {
  pristine = mkdtempSync(join(tmpdir(), 'shenbao-actions-'));
  const setup = new Server({ now: T_OPEN, dataDir: pristine });
  const res = runCli(['demo'], { dataDir: pristine, env: { SHENBAO_NOW: T_OPEN } });
  assert.equal(res.code, 0, res.stderr);
  await setup.start();
  for (const u of DEMO_USERS) users[u] = PW;
  const county = setup.client();
  await county.signIn('demo_county', PW);
  // one the county recommends (now the city's), one it returns (now its unit's again)
  for (const [name, action] of [['recommended', 'recommend'], ['returned', 'return']]) {
    const d = await readyToSubmit(setup, { form: { cover: { project_name: `玄武区测试项目（${name}）` }, project: { name: `玄武区测试项目（${name}）` } } });
    assert.equal((await d.c.post(`/api/v1/applications/${d.app.id}/submit`)).status, 200);
    const r = await county.post(`/api/v1/applications/${d.app.id}/reviews`, { action, comment: '请补充材料（测试）' });
    assert.equal(r.status, 200, r.text);
    users[d.reg.username] = d.reg.password;
  }
  const admin = setup.client();
  await admin.signIn('demo_admin', PW);
  const seen = (await admin.get('/api/v1/applications?per_page=100')).json.items;
  // the draft is its owner's alone: the admin's list lacks it
  const own = setup.client();
  await own.signIn('demo_applicant', PW);
  const draft = (await own.get('/api/v1/applications')).json.items[0];
  apps = [...seen, draft].map((a) => ({ id: a.id, name: a.project_name }));
  await setup.close(); // stops it; the directory is ours (dataDir given), removed in after()
  assert.equal(apps.length, 7);
});

after(() => {
  if (pristine) rmSync(pristine, { recursive: true, force: true });
});

async function signedIn(server, username) {
  const c = server.client();
  await c.signIn(username, users[username]);
  return c;
}

// What the owner (who always sees its own) says of an application: its status and version.
async function stateOf(server, owners, id) {
  for (const c of owners) {
    const r = await c.get(`/api/v1/applications/${id}`);
    if (r.status === 200) return `${r.json.status}@${r.json.version}`;
  }
  const seen = []; for (const c of owners) seen.push((await c.get(`/api/v1/applications/${id}`)).status);
  throw new Error(`no owner sees application ${id}: ${seen}`);
}

for (const moment of MOMENTS) {
  test(`allowed_actions at ${moment.at} (${moment.what}): listed ⇒ accepted, not listed ⇒ refused`, async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'shenbao-actions-run-'));
    cpSync(pristine, dir, { recursive: true });
    // a thousand requests in a few seconds from one address: not what the rate limit is for here
    const server = new Server({ now: moment.at, dataDir: dir, args: ['--rate-limit', '0'] });
    await server.start();
    let listed = 0;
    let refused = 0;
    const accepted = [];
    try {
      const clients = {};
      for (const u of Object.keys(users)) clients[u] = await signedIn(server, u);
      const owners = Object.keys(users).filter((u) => !/^demo_(county|city|kunshan|dept|admin|expert)$/.test(u)).map((u) => clients[u]);
      for (const u of Object.keys(users)) {
        for (const app of apps) {
          const view = await clients[u].get(`/api/v1/applications/${app.id}`);
          assert.ok(view.status === 200 || view.status === 404, `${u} GET ${app.id}: ${view.status}`);
          const allowed = view.status === 200 ? view.json.allowed_actions : [];
          for (const a of allowed) {
            assert.ok(a.label && /[\u4e00-\u9fff]/.test(a.label), `${u} ${a.action}: a Chinese label`);
            assert.equal(typeof a.reason_required, 'boolean');
          }
          const names = allowed.map((a) => a.action);
          // the list view offers the same as the whole application
          if (view.status === 200) {
            const page = await clients[u].get('/api/v1/applications?per_page=100');
            const item = page.json.items.find((x) => x.id === app.id);
            if (item) assert.deepEqual(item.allowed_actions, allowed, `${u} ${app.name}: list and detail agree`);
          }
          for (const action of ACTIONS) {
            if (names.includes(action)) {
              listed++;
              accepted.push({ u, app, action });
              continue;
            }
            const before = await stateOf(server, owners, app.id);
            const r = await take(clients[u], action, app.id);
            assert.ok(r.status >= 400 && r.status < 500, `${u} ${action} ${app.name} (not listed): ${r.status} ${r.text}`);
            assert.equal(await stateOf(server, owners, app.id), before, `${u} ${action} ${app.name}: nothing changed`);
            refused++;
          }
        }
      }
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
    // each listed action, on its own fresh copy of the same data at the same moment (a few servers
    // at a time: each mostly waits for its start and the sign-in's password hash)
    const one = async ({ u, app, action }) => {
      const own = mkdtempSync(join(tmpdir(), 'shenbao-actions-one-'));
      cpSync(pristine, own, { recursive: true });
      const s = new Server({ now: moment.at, dataDir: own });
      await s.start();
      try {
        const c = await signedIn(s, u);
        const r = await take(c, action, app.id);
        assert.ok(r.status >= 200 && r.status < 300, `${u} ${action} ${app.name} (listed): ${r.status} ${r.text}`);
      } finally {
        await s.close();
        rmSync(own, { recursive: true, force: true });
      }
    };
    for (let i = 0; i < accepted.length; i += 4) await Promise.all(accepted.slice(i, i + 4).map(one));
    t.diagnostic(`${listed} listed actions accepted, ${refused} unlisted refused`);
    assert.ok(listed > 0 || moment.at !== T_OPEN);
  });
}
