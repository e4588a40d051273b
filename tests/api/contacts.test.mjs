// The 负责同志 of each city and direct county (notice 四.1: name and phone to the province by
// 2023-07-05): GET /api/v1/campaigns/{year}/contacts and PUT …/contacts/{region}; who is missing,
// who came late, on both sides of 2023-07-05 23:59:59 Beijing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, runCli } from '../lib/server.mjs';
import { assertError, readCsv } from '../lib/api.mjs';
import { T_OPEN } from '../lib/apps.mjs';

const PW = 'Shenbao@2023';
const USERS = ['demo_city', 'demo_kunshan', 'demo_county', 'demo_dept', 'demo_admin', 'demo_applicant', 'demo_expert'];
const BEFORE_DUE = '2023-07-03T09:30:00+08:00';
const LAST_SECOND = '2023-07-05T23:59:59+08:00';
const MIDNIGHT = '2023-07-06T00:00:00+08:00';
const CONTACT_REGIONS = readCsv('jiangsu-regions.csv').filter((r) => r.reports_to_province === '1');
let server;
const c = {};

async function signInAll() {
  for (const u of USERS) {
    c[u] = server.client();
    await c[u].signIn(u, PW);
  }
}

const url = (region) => `/api/v1/campaigns/2023/contacts${region ? `/${region}` : ''}`;
async function list(user) {
  const r = await c[user].get(url());
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.total, r.json.items.length);
  return r.json;
}
const entry = (l, code) => l.items.find((e) => e.region.code === code);
async function put(user, region, body) {
  const r = await c[user].put(url(region), body);
  assert.equal(r.status, 200, `${user} PUT ${region}: ${r.text}`);
  return r.json;
}

before(async () => {
  server = new Server({ now: BEFORE_DUE });
  const res = runCli(['demo'], { dataDir: server.dataDir, env: { SHENBAO_NOW: T_OPEN } });
  assert.equal(res.code, 0, res.stderr);
  await server.start();
  await signInAll();
});
after(async () => { await server?.close(); });

test('the admin sees all 16 authorities, every one missing and none late before the due date', async () => {
  assert.equal(CONTACT_REGIONS.length, 16);
  const l = await list('demo_admin');
  assert.equal(l.due, '2023-07-05');
  assert.deepEqual(l.items.map((e) => e.region.code), CONTACT_REGIONS.map((r) => r.code));
  assert.deepEqual(l.items.map((e) => e.region.name), CONTACT_REGIONS.map((r) => r.name));
  for (const e of l.items) {
    assert.deepEqual([e.name, e.phone, e.updated_at, e.missing, e.late], [null, null, null, true, false], JSON.stringify(e));
  }
  assert.equal(entry(l, '320100').authority, '南京市信息化主管部门');
  assert.equal(entry(l, '321283').authority, '泰兴市信息化主管部门');
  assert.deepEqual([l.missing, l.late], [16, 0]);
});

test('a city records its own contact; a mobile or a landline with its area code', async () => {
  const e = await put('demo_city', '320100', { name: ' 陈静 ', phone: '025-83346688' });
  assert.deepEqual(e, {
    region: { code: '320100', name: '南京市' }, authority: '南京市信息化主管部门', name: '陈静', phone: '025-83346688',
    recorded_at: BEFORE_DUE, updated_at: BEFORE_DUE, missing: false, late: false,
  });
  const k = await put('demo_kunshan', '320583', { name: '周立', phone: '13862001234' });
  assert.equal(k.phone, '13862001234');
  const mine = await list('demo_city');
  assert.deepEqual(mine.items, [e]);
  assert.deepEqual([mine.total, mine.missing], [1, 0]);
  const admin = await list('demo_admin');
  assert.deepEqual(entry(admin, '320100'), e);
  assert.deepEqual([admin.missing, admin.late], [14, 0]);
});

test('name 1–50 characters, phone a mobile or a landline: 422 naming each field', async () => {
  assertError(await c.demo_city.put(url('320100'), { name: '', phone: '025-83346688' }), 422, 'validation_failed', { name: /姓名/ });
  assertError(await c.demo_city.put(url('320100'), { name: '   ', phone: '025-83346688' }), 422, 'validation_failed', { name: /姓名/ });
  assertError(await c.demo_city.put(url('320100'), { name: '名'.repeat(51), phone: '025-83346688' }), 422, 'validation_failed', { name: /50/ });
  assertError(await c.demo_city.put(url('320100'), { name: '陈静', phone: '025-6965279' }), 422, 'validation_failed', { phone: /电话/ });
  assertError(await c.demo_city.put(url('320100'), { name: '陈静', phone: '02569652796' }), 422, 'validation_failed', { phone: /电话/ });
  assertError(await c.demo_city.put(url('320100'), { name: '陈静', phone: '1386200123' }), 422, 'validation_failed', { phone: /电话/ });
  assertError(await c.demo_city.put(url('320100'), {}), 422, 'validation_failed', ['name', 'phone']);
  assertError(await c.demo_city.put(url('320100'), { name: '陈静', phone: 25 }), 422, 'validation_failed', ['phone']);
  assertError(await c.demo_city.put(url('320100'), { name: '陈静', phone: '13912345678', email: 'a@b.c' }), 422, 'validation_failed', ['email']);
  // a 50-character name and a landline with an extension are fine
  const ok = await put('demo_city', '320100', { name: '名'.repeat(50), phone: '025-69652796-123' });
  assert.equal(ok.name.length, 50);
  await put('demo_city', '320100', { name: '陈静', phone: '025-83346688' });
});

test('other regions: 403 for another city, 404 for what is not a city or direct county; others have no access', async () => {
  assertError(await c.demo_city.put(url('320500'), { name: '张三', phone: '13912345678' }), 403, 'forbidden');
  assertError(await c.demo_kunshan.put(url('320100'), { name: '张三', phone: '13912345678' }), 403, 'forbidden');
  assertError(await c.demo_city.put(url('320102'), { name: '张三', phone: '13912345678' }), 404, 'not_found');
  assertError(await c.demo_admin.put(url('320000'), { name: '张三', phone: '13912345678' }), 404, 'not_found');
  assertError(await c.demo_admin.put(url('999999'), { name: '张三', phone: '13912345678' }), 404, 'not_found');
  assertError(await c.demo_admin.get('/api/v1/campaigns/2019/contacts'), 404, 'not_found');
  for (const u of ['demo_county', 'demo_dept', 'demo_applicant', 'demo_expert']) {
    assertError(await c[u].get(url()), 403, 'forbidden');
    assertError(await c[u].put(url('320100'), { name: '张三', phone: '13912345678' }), 403, 'forbidden');
  }
  assertError(await server.client().get(url()), 401, 'unauthenticated');
  const l = await list('demo_admin');
  assert.equal(entry(l, '320500').missing, true);
  assert.equal(entry(l, '320100').name, '陈静');
});

test('at 2023-07-05 23:59:59 nobody is late yet; a contact recorded then is on time', async () => {
  await server.restart({ now: LAST_SECOND });
  await signInAll();
  const e = await put('demo_admin', '320600', { name: '南通联络员', phone: '0513-85098888' });
  assert.deepEqual([e.missing, e.late, e.recorded_at], [false, false, LAST_SECOND]);
  const l = await list('demo_admin');
  assert.equal(l.items.filter((x) => x.late).length, 0);
  assert.deepEqual([l.missing, l.late], [13, 0]);
});

test('from 2023-07-06 00:00:00: the missing are late, and so is a contact recorded now; a correction is not', async () => {
  await server.restart({ now: MIDNIGHT });
  await signInAll();
  let l = await list('demo_admin');
  assert.deepEqual([l.missing, l.late], [13, 13]);
  for (const code of ['320100', '320583', '320600']) assert.equal(entry(l, code).late, false, code);
  assert.equal(entry(l, '320200').late, true);
  assert.equal(entry(l, '321322').late, true);

  const late = await put('demo_admin', '320700', { name: '连云港联络员', phone: '0518-85822222' });
  assert.deepEqual([late.missing, late.late, late.recorded_at], [false, true, MIDNIGHT]);
  // Nanjing corrects its phone after the due date: it came on time, and stays so
  const fixed = await put('demo_city', '320100', { name: '陈静', phone: '13951009999' });
  assert.deepEqual([fixed.phone, fixed.late, fixed.recorded_at, fixed.updated_at], ['13951009999', false, BEFORE_DUE, MIDNIGHT]);
  l = await list('demo_admin');
  assert.deepEqual([l.missing, l.late], [12, 13]);
  assert.deepEqual((await list('demo_city')).items.map((x) => [x.region.code, x.late]), [['320100', false]]);
});
