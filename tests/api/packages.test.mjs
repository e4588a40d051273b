// The 推荐项目汇总表 (GET /api/v1/campaigns/{year}/summary-table.xlsx, .pdf) and the recommendation
// packages (GET, POST /api/v1/campaigns/{year}/packages, GET …/packages/{id}/file).
// Demo data is loaded before the server starts; projects are recommended through the review API:
//   A 玄武区智慧社区综合服务平台 (demo, livelihood): county → city, at the province
//   D 南京市公共数据授权运营平台 (demo, 市直, governance): city, at the province
//   E a new 玄武区 unit (infrastructure, nature 其他): county → city, at the province
//   B a new 玄武区 unit (governance): county only (county_recommended)
//   C a new 玄武区 unit: submitted, not reviewed
//   K 昆山市工业互联网标识解析二级节点及应用 (demo, economy): 昆山市, at the province
//   G 江苏省制造业智改数转公共服务平台 (demo, 省直 gxt, economy): the department, at the province
// The demo's province phase was recommended by other authorities (无锡市, 常州市, 泰兴市, 省大数据管理中心),
// none of which has sent a package.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Server, runCli } from '../lib/server.mjs';
import { assertError, header, readCsv } from '../lib/api.mjs';
import { T_OPEN, readyToSubmit, multipart, pdfBytes, pngBytes, JPEG, sha256, dispositionFilename } from '../lib/apps.mjs';

const PW = 'Shenbao@2023';
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const NAMES = {
  A: '玄武区智慧社区综合服务平台',
  D: '南京市公共数据授权运营平台',
  K: '昆山市工业互联网标识解析二级节点及应用',
  G: '江苏省制造业智改数转公共服务平台',
  E: '玄武区城市级物联感知底座建设项目',
  B: '玄武区基层治理数字化平台',
  C: '玄武区政务服务一网通办提升工程',
};
const USERS = ['demo_county', 'demo_city', 'demo_kunshan', 'demo_dept', 'demo_admin', 'demo_expert', 'demo_unit_yunfan', 'suzhou1'];
let server;
const c = {};
const id = {};

async function signInAll() {
  for (const u of USERS) {
    c[u] = server.client();
    await c[u].signIn(u, u === 'suzhou1' ? 'Review@2023x' : PW);
  }
}

const review = async (user, appId, action = 'recommend') => {
  const r = await c[user].post(`/api/v1/applications/${appId}/reviews`, { action });
  assert.equal(r.status, 200, `${user} ${action} ${appId}: ${r.text}`);
  return r.json;
};

// A new 玄武区 unit's application with this project name, submitted.
async function submitted(name, patch = {}) {
  const d = await readyToSubmit(server, { form: { cover: { project_name: name }, project: { name, ...patch.project }, unit: patch.unit } });
  const r = await d.c.post(`/api/v1/applications/${d.app.id}/submit`);
  assert.equal(r.status, 200, `submit ${name}: ${r.text}`);
  return d.app.id;
}

const tableUrl = (fmt, q = '') => `/api/v1/campaigns/2023/summary-table.${fmt}${q}`;

async function download(user, path) {
  const r = await c[user].get(path, { raw: true });
  const body = Buffer.from(await r.res.arrayBuffer());
  return { ...r, body, text: body.toString('utf8'), json: (header(r, 'content-type') || '').includes('json') ? JSON.parse(body.toString('utf8')) : null };
}

function inTmp(name, data, fn) {
  const dir = mkdtempSync(join(tmpdir(), 'pkg-'));
  try {
    writeFileSync(join(dir, name), data);
    return fn(dir, join(dir, name));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// RFC 4180 records (LibreOffice quotes text cells and ends records with LF).
function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { row.push(field); field = ''; } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field); rows.push(row); row = []; field = '';
    } else field += ch;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  return rows;
}

// LibreOffice's reading of the workbook as CSV records (a fresh profile, so runs do not collide).
function xlsxRows(xlsx) {
  return inTmp('table.xlsx', xlsx, (dir, file) => {
    execFileSync('soffice', [`-env:UserInstallation=file://${dir}/profile`, '--headless', '--convert-to',
      'csv:Text - txt - csv (StarCalc):44,34,76,1', '--outdir', dir, file], { stdio: 'ignore', timeout: 120000 });
    return parseCsv(readFileSync(join(dir, 'table.csv'), 'utf8'));
  });
}

// In drawing order (-raw), so a name wrapped inside its cell reads whole once white space is gone.
const pdfText = (pdf) => inTmp('table.pdf', pdf, (dir, file) => execFileSync('pdftotext', ['-raw', file, '-'], { encoding: 'utf8' }));
const squeeze = (s) => s.replace(/\s+/g, '');

// The project names in a table's rows, in order (the XLSX's third column after the header rows).
async function xlsxProjects(user, q = '') {
  const r = await download(user, tableUrl('xlsx', q));
  assert.equal(r.status, 200, r.text);
  assert.equal(header(r, 'content-type'), XLSX_TYPE);
  const rows = xlsxRows(r.body);
  const all = Object.values(NAMES);
  return { r, rows, projects: rows.map((cells) => cells[2]).filter((p) => all.includes(p)) };
}

async function pdfProjects(user, q = '') {
  const r = await download(user, tableUrl('pdf', q));
  assert.equal(r.status, 200, r.text);
  assert.equal(header(r, 'content-type'), 'application/pdf');
  const text = squeeze(pdfText(r.body));
  return { r, text, projects: Object.entries(NAMES).filter(([, n]) => text.includes(squeeze(n))).map(([k]) => k) };
}

function postPackage(user, data, { filename = '推荐项目汇总表（盖章）.pdf', type = 'application/pdf', extra = [], year = 2023 } = {}) {
  const parts = [...extra];
  if (data !== null) parts.push({ name: 'file', filename, type, data });
  const m = multipart(parts);
  return c[user].post(`/api/v1/campaigns/${year}/packages`, m.body, { headers: { 'content-type': m.type } });
}

const packages = async (user) => {
  const r = await c[user].get('/api/v1/campaigns/2023/packages');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.total, r.json.items.length);
  return r.json.items;
};
const entryOf = (items, code) => items.find((e) => e.authority.code === code);

before(async () => {
  server = new Server({ now: T_OPEN });
  const res = runCli(['demo'], { dataDir: server.dataDir, env: { SHENBAO_NOW: T_OPEN } });
  assert.equal(res.code, 0, res.stderr);
  const out = runCli(['user', 'add', '--username', 'suzhou1', '--password', 'Review@2023x', '--role', 'city_reviewer',
    '--region', '320500', '--name', '苏州审核'], { dataDir: server.dataDir });
  assert.equal(out.code, 0, out.stderr);
  await server.start();
  await signInAll();
  const all = (await c.demo_admin.get('/api/v1/applications?per_page=200')).json.items;
  for (const k of ['A', 'D', 'K', 'G']) id[k] = all.find((a) => a.project_name === NAMES[k]).id;
  id.E = await submitted(NAMES.E, { project: { category: 'infrastructure' }, unit: { nature: 'other', nature_other: '民办非企业单位' } });
  id.B = await submitted(NAMES.B);
  id.C = await submitted(NAMES.C);
});
after(async () => { await server?.close(); });

// What the demo's own reviewers recommended to the province (data/demo/applications.json: 无锡市 for
// its 梁溪区 units, 常州市 for its 市直 units, 泰兴市, 省大数据管理中心), counted by category — also the
// one that failed the formal check: it was recommended.
const DEMO_RECOMMENDED = {
  320200: { infrastructure: 0, economy: 2, governance: 1, livelihood: 2, total: 5 },
  320400: { infrastructure: 2, economy: 0, governance: 1, livelihood: 1, total: 4 },
  321283: { infrastructure: 1, economy: 1, governance: 1, livelihood: 1, total: 4 },
  dsj: { infrastructure: 1, economy: 1, governance: 1, livelihood: 0, total: 3 },
};
const ZERO = { infrastructure: 0, economy: 0, governance: 0, livelihood: 0, total: 0 };

test('before this file recommends anything: every authority is missing, only the demo\'s recommendations count, and 南京市 has nothing to send', async () => {
  const items = await packages('demo_admin');
  const regions = readCsv('jiangsu-regions.csv').filter((r) => r.reports_to_province === '1');
  const deps = (await c.demo_admin.get('/api/v1/departments')).json;
  const depList = Array.isArray(deps) ? deps : deps.items;
  assert.equal(regions.length, 16, '13 cities and 3 direct counties');
  assert.deepEqual(items.map((e) => e.authority.code), [...regions.map((r) => r.code), ...depList.map((d) => d.code)]);
  for (const e of items) {
    assert.equal(e.status, 'missing');
    assert.equal(e.submitted_at, null);
    assert.equal(e.file, null);
    assert.deepEqual(e.counts, DEMO_RECOMMENDED[e.authority.code] ?? ZERO, e.authority.code);
  }
  // the same counts as the province's list: by authority and category, what is at the province or past it
  const atProvince = (await c.demo_admin.get('/api/v1/applications?per_page=200')).json.items
    .filter((a) => !['submitted', 'returned', 'rejected', 'county_recommended'].includes(a.status));
  const table = readCsv('jiangsu-regions.csv');
  const codeOf = (a) => {
    if (a.review.level === 'department') return a.review.code;
    const r = table.find((x) => x.code === a.review.code);
    return r.reports_to_province === '1' ? r.code : r.parent_code;
  };
  for (const [code, counts] of Object.entries(DEMO_RECOMMENDED)) {
    const mine = atProvince.filter((a) => codeOf(a) === code);
    assert.equal(mine.length, counts.total, code);
    for (const cat of ['infrastructure', 'economy', 'governance', 'livelihood']) {
      assert.equal(mine.filter((a) => a.category === cat).length, counts[cat], `${code} ${cat}`);
    }
  }
  assert.deepEqual(entryOf(items, '320100').authority, { kind: 'region', level: 'city', code: '320100', name: '南京市信息化主管部门' });
  assert.deepEqual(entryOf(items, '320583').authority, { kind: 'region', level: 'direct_county', code: '320583', name: '昆山市信息化主管部门' });
  assert.deepEqual(entryOf(items, '321322').authority.name, '沭阳县信息化主管部门');
  assert.deepEqual(entryOf(items, 'gxt').authority, { kind: 'department', level: 'department', code: 'gxt', name: '省工业和信息化厅' });
  assertError(await postPackage('demo_city', pdfBytes()), 422, 'validation_failed', ['applications']);
  assert.equal(entryOf(await packages('demo_admin'), '320100').status, 'missing');
});

test('recommend through the review API', async () => {
  await review('demo_county', id.A);
  await review('demo_county', id.E);
  await review('demo_county', id.B);
  await review('demo_city', id.A);
  await review('demo_city', id.E);
  await review('demo_city', id.D);
  await review('demo_kunshan', id.K);
  await review('demo_dept', id.G);
});

test('the city\'s XLSX: exactly its recommended projects, by category then id, with the authority and labels', async () => {
  const { r, rows, projects } = await xlsxProjects('demo_city');
  assert.deepEqual(projects, [NAMES.E, NAMES.D, NAMES.A], 'infrastructure, governance, livelihood; not B (county only), C, K, G');
  assert.match(header(r, 'content-disposition'), /^attachment;/);
  assert.equal(dispositionFilename(header(r, 'content-disposition')), '2023年智慧江苏重点工程推荐项目汇总表-南京市信息化主管部门.xlsx');
  const flat = rows.map((x) => x.join('|')).join('\n');
  assert.match(flat, /推荐单位：南京市信息化主管部门/);
  const e = rows.find((x) => x[2] === NAMES.E);
  assert.equal(e[1], '数字基础设施类');
  assert.equal(e[4], '民办非企业单位', 'the nature the unit wrote for 其他');
  const a = rows.find((x) => x[2] === NAMES.A);
  assert.equal(a[1], '智慧民生类');
  assert.equal(a[3], '南京云帆数据服务有限公司');
  assert.equal(a[6], '2022.06~2024.05');
  assert.deepEqual(rows.filter((x) => Object.values(NAMES).includes(x[2])).map((x) => x[0]), ['1', '2', '3']);
});

test('the city\'s PDF shows the same projects; the county\'s table has what it recommended', async () => {
  const city = await pdfProjects('demo_city');
  assert.deepEqual(city.projects.sort(), ['A', 'D', 'E']);
  assert.ok(city.text.includes('推荐单位：南京市信息化主管部门'), city.text.slice(0, 300));
  assert.match(header(city.r, 'content-disposition'), /^inline;/);
  assert.equal(dispositionFilename(header(city.r, 'content-disposition')), '2023年智慧江苏重点工程推荐项目汇总表-南京市信息化主管部门.pdf');
  // the county: its own at county_recommended or later (B too; not the 市直 D)
  const county = await xlsxProjects('demo_county');
  assert.deepEqual(county.projects, [NAMES.E, NAMES.B, NAMES.A]);
  assert.deepEqual((await pdfProjects('demo_county')).projects.sort(), ['A', 'B', 'E']);
  assert.ok((await pdfProjects('demo_county')).text.includes('推荐单位：玄武区信息化主管部门'));
});

test('昆山市, the department, and 苏州市 (which never sees 昆山市\'s projects)', async () => {
  assert.deepEqual((await xlsxProjects('demo_kunshan')).projects, [NAMES.K]);
  assert.deepEqual((await pdfProjects('demo_kunshan')).projects, ['K']);
  assert.deepEqual((await xlsxProjects('demo_dept')).projects, [NAMES.G]);
  const dept = await pdfProjects('demo_dept');
  assert.deepEqual(dept.projects, ['G']);
  assert.ok(dept.text.includes('推荐单位：省工业和信息化厅'));
  const sz = await xlsxProjects('suzhou1');
  assert.deepEqual(sz.projects, []);
  assert.match(sz.rows.map((x) => x.join('|')).join('\n'), /推荐单位：苏州市信息化主管部门/);
});

test('the province admin names the authority: ?region= or ?department=, else 422', async () => {
  assert.deepEqual((await xlsxProjects('demo_admin', '?region=320100')).projects, [NAMES.E, NAMES.D, NAMES.A]);
  assert.deepEqual((await pdfProjects('demo_admin', '?region=320583')).projects, ['K']);
  assert.deepEqual((await pdfProjects('demo_admin', '?department=gxt')).projects, ['G']);
  assert.deepEqual((await pdfProjects('demo_admin', '?region=320102')).projects.sort(), ['A', 'B', 'E']);
  assertError(await c.demo_admin.get(tableUrl('xlsx')), 422, 'validation_failed', ['region']);
  assertError(await c.demo_admin.get(tableUrl('pdf')), 422, 'validation_failed', ['region']);
  assertError(await c.demo_admin.get(tableUrl('pdf', '?region=320100&department=gxt')), 422, 'validation_failed', ['region']);
  assertError(await c.demo_admin.get(tableUrl('pdf', '?region=320000')), 422, 'validation_failed', ['region']);
  assertError(await c.demo_admin.get(tableUrl('pdf', '?region=999999')), 422, 'validation_failed', ['region']);
  assertError(await c.demo_admin.get(tableUrl('pdf', '?department=nope')), 422, 'validation_failed', ['department']);
});

test('scope: another authority\'s table is refused, applicants and experts have none, unknown years are 404', async () => {
  assertError(await c.demo_city.get(tableUrl('xlsx', '?region=320500')), 403, 'forbidden');
  assertError(await c.demo_city.get(tableUrl('pdf', '?region=320583')), 403, 'forbidden');
  assertError(await c.demo_kunshan.get(tableUrl('pdf', '?region=320100')), 403, 'forbidden');
  assertError(await c.demo_dept.get(tableUrl('pdf', '?region=320100')), 403, 'forbidden');
  assertError(await c.demo_dept.get(tableUrl('pdf', '?department=jyt')), 403, 'forbidden');
  assertError(await c.demo_county.get(tableUrl('pdf', '?region=320100')), 403, 'forbidden');
  assertError(await c.demo_unit_yunfan.get(tableUrl('pdf')), 403, 'forbidden');
  assertError(await c.demo_expert.get(tableUrl('xlsx')), 403, 'forbidden');
  assertError(await server.client().get(tableUrl('pdf')), 401, 'unauthenticated');
  assertError(await c.demo_city.get('/api/v1/campaigns/2019/summary-table.pdf'), 404, 'not_found');
  // asking for one's own authority by name is the same as not naming it
  assert.deepEqual((await pdfProjects('demo_city', '?region=320100')).projects.sort(), ['A', 'D', 'E']);
});

test('a package needs one file recognised as PDF, JPG or PNG', async () => {
  assertError(await postPackage('demo_city', null), 422, 'validation_failed', ['file']);
  assertError(await postPackage('demo_city', Buffer.from('not a scan at all'), { filename: 'a.pdf' }), 415, 'unsupported_media_type', ['file']);
  assertError(await postPackage('demo_city', pdfBytes(), { extra: [{ name: 'kind', value: 'stamped_form' }] }), 400, 'bad_request');
  assertError(await postPackage('demo_city', pdfBytes(), { extra: [{ name: 'file', filename: 'b.pdf', type: 'application/pdf', data: pdfBytes() }] }), 400, 'bad_request');
  assertError(await postPackage('demo_county', pdfBytes()), 403, 'forbidden');
  assertError(await postPackage('demo_admin', pdfBytes()), 403, 'forbidden');
  assertError(await postPackage('demo_city', pdfBytes(), { year: 2019 }), 404, 'not_found');
  assert.equal(entryOf(await packages('demo_admin'), '320100').status, 'missing');
});

let nanjing; // the city's package as answered
const SCAN = pdfBytes(undefined, 'nanjing-stamped');

test('the city sends its package once: the snapshot of its recommended list', async () => {
  const r = await postPackage('demo_city', SCAN);
  assert.equal(r.status, 201, r.text);
  nanjing = r.json;
  assert.equal(nanjing.status, 'submitted');
  assert.equal(nanjing.authority.name, '南京市信息化主管部门');
  assert.equal(nanjing.submitted_at, '2023-07-15T10:00:00+08:00');
  assert.deepEqual(nanjing.counts, { infrastructure: 1, economy: 0, governance: 1, livelihood: 1, total: 3 });
  assert.deepEqual(nanjing.application_ids, [id.A, id.D, id.E].sort((x, y) => x - y));
  assert.deepEqual(nanjing.file, { name: '推荐项目汇总表（盖章）.pdf', size: SCAN.length, sha256: sha256(SCAN), content_type: 'application/pdf' });
  assert.equal(nanjing.submitted_by.name, '陈静');
  const again = await postPackage('demo_city', pdfBytes(undefined, 'second'));
  assertError(again, 409, 'conflict');
  // the city's own view: only its entry
  const mine = await packages('demo_city');
  assert.equal(mine.length, 1);
  assert.deepEqual(mine[0], nanjing);
});

test('the overview: submitted with the snapshot, missing with live counts', async () => {
  // recommended after the package went in: the live table has it, the package does not
  await review('demo_city', id.B);
  assert.deepEqual((await xlsxProjects('demo_city')).projects, [NAMES.E, NAMES.D, NAMES.B, NAMES.A]);
  const items = await packages('demo_admin');
  assert.deepEqual(entryOf(items, '320100'), nanjing);
  const ks = entryOf(items, '320583');
  assert.equal(ks.status, 'missing');
  assert.deepEqual(ks.counts, { infrastructure: 0, economy: 1, governance: 0, livelihood: 0, total: 1 });
  assert.deepEqual(ks.application_ids, [id.K]);
  assert.deepEqual(entryOf(items, 'gxt').counts, { infrastructure: 0, economy: 1, governance: 0, livelihood: 0, total: 1 });
  assert.deepEqual(entryOf(items, '320500').counts.total, 0);
  assert.equal(items.filter((e) => e.status === 'submitted').length, 1);
  // reviewers who send none have no overview
  assertError(await c.demo_county.get('/api/v1/campaigns/2023/packages'), 403, 'forbidden');
  assertError(await c.demo_unit_yunfan.get('/api/v1/campaigns/2023/packages'), 403, 'forbidden');
  const sz = await packages('suzhou1');
  assert.deepEqual(sz.map((e) => [e.authority.code, e.status, e.counts.total]), [['320500', 'missing', 0]]);
  assertError(await postPackage('suzhou1', pdfBytes()), 422, 'validation_failed');
});

test('the stamped scan downloads for the admin and the city, for no one else', async () => {
  const url = `/api/v1/campaigns/2023/packages/${nanjing.id}/file`;
  for (const u of ['demo_admin', 'demo_city']) {
    const r = await download(u, url);
    assert.equal(r.status, 200, r.text);
    assert.ok(r.body.equals(SCAN), `${u} gets the bytes sent`);
    assert.equal(header(r, 'content-type'), 'application/pdf');
    assert.equal(dispositionFilename(header(r, 'content-disposition')), '推荐项目汇总表（盖章）.pdf');
  }
  for (const u of ['demo_kunshan', 'demo_dept', 'suzhou1']) assertError(await c[u].get(url), 404, 'not_found');
  for (const u of ['demo_county', 'demo_unit_yunfan', 'demo_expert']) assertError(await c[u].get(url), 403, 'forbidden');
  assertError(await c.demo_admin.get(`/api/v1/campaigns/2023/packages/${nanjing.id + 1000}/file`), 404, 'not_found');
  assertError(await c.demo_admin.get(`/api/v1/campaigns/2019/packages/${nanjing.id}/file`), 404, 'not_found');
});

test('the deadline: 昆山市 at 2023-08-21 23:59:59 is in time, the department at midnight is not until reopened', async () => {
  await server.restart({ now: '2023-08-21T23:59:59+08:00' });
  await signInAll();
  const jpg = await postPackage('demo_kunshan', JPEG, { filename: '昆山.jpg', type: 'image/jpeg' });
  assert.equal(jpg.status, 201, jpg.text);
  assert.equal(jpg.json.file.content_type, 'image/jpeg');
  assert.equal(jpg.json.submitted_at, '2023-08-21T23:59:59+08:00');
  assert.deepEqual(jpg.json.application_ids, [id.K]);
  const got = await download('demo_kunshan', `/api/v1/campaigns/2023/packages/${jpg.json.id}/file`);
  assert.ok(got.body.equals(JPEG));
  assertError(await c.demo_city.get(`/api/v1/campaigns/2023/packages/${jpg.json.id}/file`), 404, 'not_found');

  await server.restart({ now: '2023-08-22T00:00:00+08:00' });
  await signInAll();
  const late = await postPackage('demo_dept', pngBytes(), { filename: 'gxt.png', type: 'image/png' });
  assertError(late, 409, 'window_closed');
  assert.match(late.json.error.message, /2023-08-21/);
  const items = await packages('demo_admin');
  assert.deepEqual(items.filter((e) => e.status === 'submitted').map((e) => e.authority.code), ['320100', '320583']);
  assert.equal(entryOf(items, 'gxt').status, 'missing');

  // the province reopens the local review for the department: its package may then go in
  const re = await c.demo_admin.post('/api/v1/campaigns/2023/reopen',
    { authority: { kind: 'department', code: 'gxt' }, until: '2023-08-25', reason: '部门盖章流程延误，经批准延期报送' });
  assert.equal(re.status, 201, re.text);
  assertError(await postPackage('demo_city', pdfBytes(undefined, 'again')), 409, 'window_closed');
  const png = await postPackage('demo_dept', pngBytes(), { filename: 'gxt.png', type: 'image/png' });
  assert.equal(png.status, 201, png.text);
  assert.deepEqual([png.json.file.content_type, png.json.authority.code, png.json.counts.economy], ['image/png', 'gxt', 1]);
});
