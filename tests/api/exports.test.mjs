// List exports (GET /api/v1/applications.csv and .xlsx): the rows the list shows, with its
// filters and the caller's scope, every field of the form, CSV per RFC 4180 with a BOM, XLSX as
// LibreOffice reads it, and memory that does not grow with the number of rows.
// The demo data (`shenbao demo`) has a draft in 玄武区, four submitted applications (玄武区,
// 昆山市, 南京市 市直, the department gxt) and the province's phase (applications past local review,
// most in expert review, demo_expert on some); the tests add one submitted in 玄武区 with texts that
// need quoting, and one draft with a formula-like value.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, readdirSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Server, runCli } from '../lib/server.mjs';
import { ROOT, assertError, header } from '../lib/api.mjs';
import { T_OPEN, applicantWithDraft, readyToSubmit, procStatusKb, dispositionFilename } from '../lib/apps.mjs';

const PW = 'Shenbao@2023';
const BOM = Buffer.from([0xEF, 0xBB, 0xBF]);
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const TRICKY = '数据治理平台（一期），含"一网通办"\n与 “一网统管”, 二期';
let server;
const clients = {};
let tricky; // the submitted application with TRICKY in its project name
// the demo's applications past draft (submitted, and on at the province): what the admin lists
const DEMO_PAST_DRAFT = JSON.parse(readFileSync(join(ROOT, 'data/demo/applications.json'), 'utf8'))
  .applications.filter((a) => a.status !== 'draft').length;

// RFC 4180: fields separated by commas, records by CRLF, quoted fields may hold both and "".
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
    else if (ch === ',') { row.push(field); field = ''; } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field); rows.push(row); row = []; field = ''; i++;
    } else if (ch === '\n') { // LibreOffice ends records with LF
      row.push(field); rows.push(row); row = []; field = '';
    } else field += ch;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  return rows;
}

// The export as {head, rows (objects by header), raw (the bytes)}; asserts the envelope.
async function exportCsv(user, query = '') {
  const r = await clients[user].get(`/api/v1/applications.csv${query}`, { raw: true });
  const raw = Buffer.from(await r.res.arrayBuffer());
  assert.equal(r.status, 200, raw.toString());
  assert.equal(header(r, 'content-type'), 'text/csv; charset=utf-8');
  assert.ok(raw.subarray(0, 3).equals(BOM), 'starts with the UTF-8 BOM');
  const text = raw.subarray(3).toString('utf8');
  assert.ok(text.endsWith('\r\n'), 'CRLF after the last record');
  const [head, ...rest] = parseCsv(text);
  for (const cells of rest) assert.equal(cells.length, head.length, `every record has ${head.length} fields`);
  const rows = rest.map((cells) => Object.fromEntries(head.map((h, i) => [h, cells[i]])));
  return { r, head, rows, raw, text };
}

async function listIds(user, query = '') {
  const sep = query ? '&' : '?';
  const r = await clients[user].get(`/api/v1/applications${query}${sep}per_page=200`);
  assert.equal(r.status, 200, r.text);
  return r.json.items.map((a) => String(a.id));
}

// LibreOffice's own reading of an XLSX, as CSV records (fresh profile, so runs do not collide).
function libreOfficeCsv(xlsx) {
  const dir = mkdtempSync(join(tmpdir(), 'lo-'));
  try {
    const file = join(dir, 'export.xlsx');
    writeFileSync(file, xlsx);
    execFileSync('soffice', [`-env:UserInstallation=file://${dir}/profile`, '--headless', '--convert-to',
      'csv:Text - txt - csv (StarCalc):44,34,76,1', '--outdir', dir, file], { stdio: 'ignore', timeout: 120000 });
    return parseCsv(readFileSync(join(dir, 'export.csv'), 'utf8'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

before(async () => {
  server = new Server({ now: T_OPEN });
  const res = runCli(['demo'], { dataDir: server.dataDir, env: { SHENBAO_NOW: T_OPEN } });
  assert.equal(res.code, 0, res.stderr);
  await server.start();
  for (const u of ['demo_applicant', 'demo_county', 'demo_kunshan', 'demo_city', 'demo_dept', 'demo_admin', 'demo_expert']) {
    clients[u] = server.client();
    await clients[u].signIn(u, PW);
  }
  const d = await readyToSubmit(server, {
    form: { cover: { project_name: TRICKY }, project: { name: TRICKY, total_investment: 1234.56 } },
  });
  const s = await d.c.post(`/api/v1/applications/${d.app.id}/submit`);
  assert.equal(s.status, 200, s.text);
  tricky = s.json;
  clients.tricky = d.c;
});
after(async () => { await server?.close(); });

test('CSV: BOM, CRLF, the Chinese header, one record per listed application, the list\'s order', async () => {
  const { r, head, rows } = await exportCsv('demo_admin', '?campaign=2023');
  assert.equal(dispositionFilename(header(r, 'content-disposition')), '申报列表-2023.csv');
  assert.match(header(r, 'content-disposition'), /^attachment;/);
  for (const label of ['记录号', '状态', '申报编号', '提交时间', '受理部门', '附件数', '项目名称（封面）', '统一社会信用代码',
    '单位性质', '2020年业务收入（万元）', '2022年业务收入（万元）', '高新技术企业（级别）', '其他市级以上荣誉', '申报单位概况',
    '项目总投资（万元）', '其中非土建类投资（万元）', '资金支持金额（万元）', '申报类别', '项目成效', '项目权属及授权情况', '真实性声明']) {
    assert.ok(head.includes(label), `column ${label}`);
  }
  assert.equal(new Set(head).size, head.length, 'no two columns share a header');
  assert.deepEqual(rows.map((x) => x['记录号']), await listIds('demo_admin', '?campaign=2023'));
  assert.ok(DEMO_PAST_DRAFT > 4);
  assert.equal(rows.length, DEMO_PAST_DRAFT + 1, 'the demo\'s past draft and the test\'s one; no draft');
});

test('CSV: values as people read them — labels, exact money, Beijing time, the authority', async () => {
  const { rows } = await exportCsv('demo_admin');
  const k = rows.find((x) => x['项目名称（封面）'] === '昆山市工业互联网标识解析二级节点及应用');
  const listed = (await clients.demo_admin.get('/api/v1/applications?per_page=200')).json.items.find((a) => String(a.id) === k['记录号']);
  assert.equal(k['状态'], listed.status_label);
  assert.equal(k['申报编号'], listed.submission_no);
  assert.equal(k['提交时间'], listed.submitted_at.slice(0, 19).replace('T', ' '), 'Beijing time, as the API gives it');
  assert.equal(k['受理部门'], '昆山市信息化主管部门');
  assert.equal(k['申报类别'], '数字经济类');
  assert.equal(k['单位性质'], '国有控股企业');
  assert.equal(k['申报地区'], '苏州市昆山市');
  assert.equal(k['申报地区代码'], '320583');
  assert.equal(k['单位隶属'], '县（市、区）属单位');
  assert.equal(k['项目总投资（万元）'], '3200.00');
  assert.equal(k['2021年业务收入（万元）'], '4120.80');
  assert.equal(k['获省级以上资金支持情况'], '有');
  assert.equal(k['资金支持金额（万元）'], '300.00');
  assert.equal(k['是否已完成主体部分建设'], '是');
  assert.equal(k['真实性声明'], '已承诺');
  assert.ok(Number(k['附件数']) > 0);
  const t = rows.find((x) => x['记录号'] === String(tricky.id));
  assert.equal(t['项目总投资（万元）'], '1234.56');
  assert.equal(t['高新技术企业（级别）'], '国家级');
  assert.match(t['项目权属及授权情况'], /^1\. 本单位建设实施/);
});

test('CSV: a value with commas, quotes and a line break round-trips', async () => {
  const { rows, text } = await exportCsv('demo_admin');
  const t = rows.find((x) => x['记录号'] === String(tricky.id));
  assert.equal(t['项目名称（封面）'], TRICKY);
  assert.equal(t['申报项目名称'], TRICKY);
  assert.ok(text.includes('"数据治理平台（一期），含""一网通办""\n与 “一网统管”, 二期"'), 'quoted, quotes doubled');
});

test('CSV: the list\'s filters, each and combined', async () => {
  const queries = ['?status=submitted', '?category=economy', '?category=governance', '?region_code=320500',
    '?region_code=320102', '?region_code=320000', '?campaign=2023&category=governance&region_code=320100', '?campaign=2022',
    '?status=draft'];
  for (const q of queries) {
    const { rows } = await exportCsv('demo_admin', q);
    assert.deepEqual(rows.map((x) => x['记录号']), await listIds('demo_admin', q), q);
  }
  const kunshan = await exportCsv('demo_admin', '?region_code=320500');
  assert.deepEqual(kunshan.rows.map((x) => x['申报地区']), ['苏州市昆山市']);
  assert.equal((await exportCsv('demo_admin', '?campaign=2022')).rows.length, 0);
  // bad filters are refused as the list refuses them
  for (const q of ['?status=bogus', '?campaign=23']) {
    assertError(await clients.demo_admin.get(`/api/v1/applications.csv${q}`), 400, 'bad_request');
    assertError(await clients.demo_admin.get(`/api/v1/applications.xlsx${q}`), 400, 'bad_request');
  }
});

test('CSV: scope — each reviewer its own, the applicant its own draft, the expert its assigned ones', async () => {
  for (const user of ['demo_county', 'demo_kunshan', 'demo_city', 'demo_dept', 'demo_applicant', 'demo_expert', 'demo_admin']) {
    const { rows } = await exportCsv(user);
    assert.deepEqual(rows.map((x) => x['记录号']), await listIds(user), user);
  }
  const county = await exportCsv('demo_county');
  assert.deepEqual(county.rows.map((x) => x['项目名称（封面）']).sort(), ['玄武区智慧社区综合服务平台', TRICKY].sort());
  const own = await exportCsv('demo_applicant');
  assert.equal(own.rows.length, 1);
  assert.equal(own.rows[0]['状态'], '草稿');
  assert.equal(own.rows[0]['申报编号'], '');
  assert.equal(own.rows[0]['提交时间'], '');
  // the expert: exactly the applications the office assigned to it (the demo's draw), no other
  const expert = (await clients.demo_admin.get('/api/v1/experts')).json.items.find((e) => e.username === 'demo_expert');
  const assigned = (await clients.demo_admin.get(`/api/v1/assignments?expert_id=${expert.id}`)).json.items
    .filter((s) => s.status !== 'conflict_declared').map((s) => String(s.application_id)).sort();
  assert.ok(assigned.length > 0, 'demo_expert has assignments');
  const theirs = await exportCsv('demo_expert');
  assert.deepEqual(theirs.rows.map((x) => x['记录号']).sort(), assigned);
  assert.ok(theirs.rows.every((x) => x['状态'] === '专家评审中'));
  const out = server.client();
  assertError(await out.get('/api/v1/applications.csv'), 401, 'unauthenticated');
  assertError(await out.get('/api/v1/applications.xlsx'), 401, 'unauthenticated');
});

test('CSV: a formula typed into a field is defused with a leading apostrophe', async () => {
  const d = await applicantWithDraft(server, { form: { unit: { main_business: '=HYPERLINK("http://x","点击")' } } });
  clients.formula = d.c;
  const { rows } = await exportCsv('formula');
  assert.equal(rows[0]['主营业务'], '\'=HYPERLINK("http://x","点击")');
});

test('XLSX: LibreOffice reads the same cells as the CSV has; the temp file is gone', async () => {
  const r = await clients.demo_admin.get('/api/v1/applications.xlsx?campaign=2023', { raw: true });
  const body = Buffer.from(await r.res.arrayBuffer());
  assert.equal(r.status, 200, body.toString());
  assert.equal(header(r, 'content-type'), XLSX_TYPE);
  assert.equal(dispositionFilename(header(r, 'content-disposition')), '申报列表-2023.xlsx');
  assert.equal(Number(header(r, 'content-length')), body.length);
  assert.equal(body.subarray(0, 2).toString(), 'PK');
  const tmp = join(server.dataDir, 'tmp');
  assert.deepEqual(existsSync(tmp) ? readdirSync(tmp).filter((f) => f.startsWith('export-')) : [], []);

  const cells = libreOfficeCsv(body);
  const { head, text } = await exportCsv('demo_admin', '?campaign=2023');
  assert.deepEqual(cells[0], head);
  assert.deepEqual(cells, parseCsv(text));
});

test('a 10,000-row export streams: the server\'s memory does not grow with the rows', async (t) => {
  // 10,000 more submitted applications, copies of 玄武区's, each of its own unit
  const db = join(server.dataDir, 'shenbao.db');
  assert.ok(existsSync(db), db);
  execFileSync('python3', ['-c', `
import sqlite3, sys
c = sqlite3.connect(sys.argv[1], timeout=30)
c.execute("PRAGMA foreign_keys = ON")
with c:
    src = c.execute("SELECT id FROM applications WHERE project_name = '玄武区智慧社区综合服务平台'").fetchone()[0]
    c.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10000) "
              "INSERT INTO units (credit_code, name, created_at) SELECT printf('91320102%010d', i), '批量单位' || i, 0 FROM n")
    cols = [r[1] for r in c.execute("PRAGMA table_info(applications)") if r[1] not in ('id', 'unit_id', 'submission_seq', 'submission_no')]
    c.execute("INSERT INTO applications (unit_id, " + ", ".join(cols) + ") SELECT u.id, " + ", ".join("a." + x for x in cols) +
              " FROM units u JOIN applications a ON a.id = ? WHERE u.name LIKE '批量单位%' ORDER BY u.id", (src,))
`, db]);
  const pid = server.proc.pid;
  const asan = readFileSync(`/proc/${pid}/maps`, 'utf8').includes('libasan');
  await exportCsv('demo_admin', '?region_code=320102'); // warm-up: first-use allocations
  // the peak is measured from here (clear_refs 5 resets VmHWM to the current RSS)
  writeFileSync(`/proc/${pid}/clear_refs`, '5');
  const before = procStatusKb(pid, 'VmHWM');
  const { rows, raw } = await exportCsv('demo_admin');
  const mid = procStatusKb(pid, 'VmHWM');
  writeFileSync(`/proc/${pid}/clear_refs`, '5');
  const beforeXlsx = procStatusKb(pid, 'VmHWM');
  assert.equal(rows.length, 10000 + DEMO_PAST_DRAFT + 1);
  assert.deepEqual(rows.map((x) => Number(x['记录号'])), [...rows.map((x) => Number(x['记录号']))].sort((a, b) => a - b));
  assert.equal(new Set(rows.map((x) => x['记录号'])).size, rows.length);

  const x = await clients.demo_admin.get('/api/v1/applications.xlsx', { raw: true });
  const xlsx = Buffer.from(await x.res.arrayBuffer());
  assert.equal(x.status, 200);
  const after = procStatusKb(pid, 'VmHWM');
  t.diagnostic(`CSV ${(raw.length / 1048576).toFixed(1)} MB: VmHWM ${before} → ${mid} kB; `
    + `XLSX ${(xlsx.length / 1048576).toFixed(1)} MB: VmHWM ${beforeXlsx} → ${after} kB${asan ? ' (ASan: not asserted)' : ''}`);
  if (!asan) {
    assert.ok(mid - before < 16 * 1024, `CSV: VmHWM grew by ${mid - before} kB for ${raw.length} bytes`);
    assert.ok(after - beforeXlsx < 16 * 1024, `XLSX: VmHWM grew by ${after - beforeXlsx} kB`);
  }
  const tmp = join(server.dataDir, 'tmp');
  assert.deepEqual(readdirSync(tmp).filter((f) => f.startsWith('export-')), []);
});
