// The province overview: counts by status, category and authority (13 cities, 昆山市/泰兴市/沭阳县,
// 省直 by department) and investment totals equal what the province admin's application list shows,
// to the cent, with and without the list's filters.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, runCli } from '../lib/server.mjs';
import { assertError } from '../lib/api.mjs';
import { T_OPEN, readyToSubmit, applicantWithDraft } from '../lib/apps.mjs';

const PW = 'Shenbao@2023';
let server;
const c = {};
let regions;
let demoBy; // authority code → {count, total, nci} of the demo's own applications (before this file adds any)

const cents = (x) => (x === null ? 0 : Math.round(x * 100));

async function submitted(form) {
  const d = await readyToSubmit(server, { form });
  const r = await d.c.post(`/api/v1/applications/${d.app.id}/submit`);
  assert.equal(r.status, 200, r.text);
  return d;
}

before(async () => {
  server = new Server({ now: T_OPEN });
  const res = runCli(['demo'], { dataDir: server.dataDir, env: { SHENBAO_NOW: T_OPEN } });
  assert.equal(res.code, 0, res.stderr);
  await server.start();
  for (const u of ['demo_admin', 'demo_county', 'demo_kunshan', 'demo_dept']) {
    c[u] = server.client();
    await c[u].signIn(u, PW);
  }
  regions = (await c.demo_admin.get('/api/v1/regions')).json;
  demoBy = {};
  for (const a of (await c.demo_admin.get('/api/v1/applications?per_page=200')).json.items) {
    const g = (demoBy[authorityOf(a)] ??= { count: 0, total: 0, nci: 0 });
    g.count += 1;
    g.total += cents(a.total_investment);
    g.nci += cents(a.non_construction_investment);
  }
  // amounts whose floating-point sum is not exact: 1000.10 + 2000.05 + 1500.07 …
  const a = await submitted({ project: { category: 'economy', total_investment: 1000.1, non_construction_investment: 800.2 } });
  await submitted({
    unit: { region_code: '320211' },
    project: { region_code: '320211', category: 'infrastructure', total_investment: 2000.05, non_construction_investment: 600.15 },
  });
  await submitted({
    unit: { region_code: '321283' },
    project: { region_code: '321283', category: 'economy', total_investment: 1500.07, non_construction_investment: 700.01 },
  });
  // a draft with amounts is not counted: the province sees nothing before submission
  await applicantWithDraft(server, { form: { project: { total_investment: 9999.99, non_construction_investment: 999.99 } } });
  const all = (await c.demo_admin.get('/api/v1/applications?per_page=100')).json.items;
  const byName = (n) => all.find((x) => x.project_name === n).id;
  const acts = [
    ['demo_county', a.app.id, { action: 'return', comment: '请补充材料' }],
    ['demo_kunshan', byName('昆山市工业互联网标识解析二级节点及应用'), { action: 'recommend' }],
    ['demo_dept', byName('江苏省制造业智改数转公共服务平台'), { action: 'reject', comment: '不符合申报要求' }],
  ];
  for (const [u, id, body] of acts) {
    const r = await c[u].post(`/api/v1/applications/${id}/reviews`, body);
    assert.equal(r.status, 200, r.text);
  }
});
after(async () => { await server?.close(); });

async function list(query = '') {
  const r = await c.demo_admin.get(`/api/v1/applications?campaign=2023&per_page=200${query.replace('?', '&')}`);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.items.length, r.json.total);
  return r.json.items;
}

async function overview(query = '') {
  const r = await c.demo_admin.get(`/api/v1/campaigns/2023/overview${query}`);
  assert.equal(r.status, 200, r.text);
  return r.json;
}

// count and sums (in cents) of some list items
function totals(items) {
  return {
    count: items.length,
    total: items.reduce((s, a) => s + cents(a.total_investment), 0),
    nci: items.reduce((s, a) => s + cents(a.non_construction_investment), 0),
  };
}
function assertGroup(g, items, what) {
  const t = totals(items);
  assert.equal(g.count, t.count, `${what}: count`);
  // exact decimals: the JSON number is the decimal of the integer sum, not a float sum
  assert.equal(g.total_investment, t.total / 100, `${what}: total_investment`);
  assert.equal(g.non_construction_investment, t.nci / 100, `${what}: non_construction_investment`);
}

// The authority a listed application counts under: its department, else its first reviewer's
// city (or 昆山/泰兴/沭阳 themselves).
function authorityOf(a) {
  if (a.review.level === 'department') return a.review.code;
  const r = regions.find((x) => x.code === a.review.code);
  return r.reports_to_province ? r.code : r.parent_code;
}

function assertMatchesList(o, items) {
  assertGroup(o.total, items, 'total');
  const statuses = [...new Set(items.map((a) => a.status))];
  assert.deepEqual(o.by_status.map((g) => g.status).sort(), statuses.sort());
  for (const g of o.by_status) {
    assertGroup(g, items.filter((a) => a.status === g.status), `status ${g.status}`);
    assert.ok(g.label, g.status);
  }
  for (const g of o.by_category) assertGroup(g, items.filter((a) => a.category === g.category), `category ${g.category}`);
  assert.equal(o.by_category.reduce((s, g) => s + g.count, 0), items.length);
  for (const g of o.by_authority) assertGroup(g, items.filter((a) => authorityOf(a) === g.code), `authority ${g.code}`);
  assert.equal(o.by_authority.reduce((s, g) => s + g.count, 0), items.length, 'every application under one authority');
}

test('counts and sums by status, category and authority equal the list, to the cent', async () => {
  const items = await list();
  const o = await overview();
  assert.equal(o.campaign, 2023);
  assert.deepEqual(o.filters, { status: null, category: null });
  assert.ok(items.length >= 7, `${items.length} applications past draft`);
  assert.ok(!items.some((a) => a.status === 'draft'));
  assertMatchesList(o, items);
  assert.notEqual(o.total.total_investment, 0);
  // several statuses are represented
  for (const s of ['submitted', 'returned', 'rejected', 'city_recommended']) {
    assert.ok(o.by_status.some((g) => g.status === s && g.count > 0), s);
  }
});

test('by authority: all 13 cities and 昆山市, 泰兴市, 沭阳县 are listed, then the departments', async () => {
  const o = await overview();
  const cities = o.by_authority.filter((g) => g.kind === 'city');
  const direct = o.by_authority.filter((g) => g.kind === 'direct_county');
  const deps = o.by_authority.filter((g) => g.kind === 'department');
  assert.equal(cities.length, 13);
  assert.deepEqual(direct.map((g) => g.name), ['昆山市', '泰兴市', '沭阳县']);
  assert.equal(cities[0].name, '南京市');
  assert.ok(deps.some((g) => g.code === 'gxt' && g.count === 1));
  assert.equal(o.by_authority.length, 16 + deps.length);
  const get = (code) => o.by_authority.find((g) => g.code === code);
  const demo = (code) => demoBy[code] ?? { count: 0, total: 0, nci: 0 };
  // 玄武区 (county), and the 市直 unit count under 南京市; 滨湖区 under 无锡市, beside the demo's
  // 梁溪区 units at the province; 泰兴市 on its own, beside the demo's 泰兴 units
  assert.equal(get('320100').count, 3);
  assert.equal(demo('320100').count, 2, 'the demo\'s 玄武区 and 南京市 市直 ones');
  assert.ok(demo('320200').count > 0 && demo('321283').count > 0, 'the demo reaches the province from 无锡 and 泰兴');
  assert.equal(get('320200').count, demo('320200').count + 1);
  assert.equal(get('320200').total_investment, (demo('320200').total + 200005) / 100);
  assert.equal(get('321283').count, demo('321283').count + 1);
  assert.equal(get('321283').non_construction_investment, (demo('321283').nci + 70001) / 100);
  assert.equal(get('321200').count, 0);
  assert.equal(get('320583').count, 1);
  assert.equal(get('320500').count, 0, '昆山市 is not counted under 苏州市');
  // every category of the call, with zeros
  assert.deepEqual(o.by_category.map((g) => g.category), ['infrastructure', 'economy', 'governance', 'livelihood']);
});

test('the list filters: category, status, both', async () => {
  for (const q of ['?category=economy', '?status=submitted', '?category=economy&status=submitted', '?status=key_project']) {
    const o = await overview(q);
    const items = await list(q);
    assertMatchesList(o, items);
  }
  const o = await overview('?category=economy&status=submitted');
  assert.deepEqual(o.filters, { status: 'submitted', category: 'economy' });
  assert.equal((await overview('?status=draft')).total.count, 0);
  assert.equal((await overview('?status=key_project')).total.total_investment, 0);
});

test('bad filters are 400, other roles 403, an unknown year 404', async () => {
  assertError(await c.demo_admin.get('/api/v1/campaigns/2023/overview?status=approved'), 400, 'bad_request', ['status']);
  assertError(await c.demo_admin.get('/api/v1/campaigns/2023/overview?category=space'), 400, 'bad_request', ['category']);
  assertError(await c.demo_county.get('/api/v1/campaigns/2023/overview'), 403, 'forbidden');
  assertError(await server.client().get('/api/v1/campaigns/2023/overview'), 401, 'unauthenticated');
  assertError(await c.demo_admin.get('/api/v1/campaigns/2099/overview'), 404, 'not_found');
});
