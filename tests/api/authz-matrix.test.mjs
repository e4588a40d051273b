// The authorization matrix: every route of src/api/routes.c × every role × an object inside and
// outside the caller's scope. Each cell is one real request; its status is compared with EXPECTED,
// the table below written as data, and the whole matrix is printed (rows = endpoint, columns = users,
// cells = status, `!` = differs from EXPECTED). The rule (docs/api.md, ../shared/API.md):
//   401 anonymous on a signed-in route · 403 a role the route does not admit · 404 an object outside
//   the caller's scope, told apart from nothing (an id that does not exist answers the same) ·
//   otherwise what the handler answers an admitted caller: 200/201/204, 409 (state), 422 (body/rule).
// Authorities named in a query or a path segment (the summary table's ?region=/?department=, the
// contacts' {region}) are public reference data, not secret objects: docs/api.md answers 403 there.
// Then: no cell is a 500, and every state-changing route refuses a signed-in caller without (or
// with a wrong) X-CSRF-Token with 403 before anything else.
//
// Demo data (`shenbao demo`) is loaded before the server starts; three more reviewers are added
// with `shenbao user add`. Requests that would change what later cells rely on are put back
// (a withdrawn or returned application is resubmitted by its unit; one the office returns from the
// formal check is recommended again by its city; a score the office reopens is submitted again by
// its expert), the one cell of a row expected to succeed runs after the refusals of that row, and a
// deleted attachment, assignment or conflict mark is one made for it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Server, runCli, registration } from '../lib/server.mjs';
import { ROOT } from '../lib/api.mjs';
import { T_OPEN, REVIEWER_PW, readyToSubmit, multipart, pdfBytes } from '../lib/apps.mjs';

const PW = 'Shenbao@2023';

// The columns: who asks. `add`: created with `shenbao user add` (role, region or department).
const COLUMNS = [
  { col: 'anon', user: null, who: 'not signed in (a fresh client for every request)' },
  { col: 'owner', user: 'demo_unit_yunfan', who: 'applicant, the unit of X' },
  { col: 'appl2', user: 'demo_applicant', who: 'applicant, the unit of D' },
  { col: 'cnty', user: 'demo_county', who: 'county_reviewer 320102 玄武区' },
  { col: 'cnty2', user: 'authz_qinhuai', who: 'county_reviewer 320104 秦淮区', add: ['county_reviewer', '--region', '320104'] },
  { col: 'city', user: 'demo_city', who: 'city_reviewer 320100 南京市' },
  { col: 'city2', user: 'authz_suzhou', who: 'city_reviewer 320500 苏州市', add: ['city_reviewer', '--region', '320500'] },
  { col: 'kshan', user: 'demo_kunshan', who: 'city_reviewer 320583 昆山市 (reports to the province)' },
  { col: 'dept', user: 'demo_dept', who: 'department_reviewer gxt 省工业和信息化厅' },
  { col: 'dept2', user: 'authz_jyt', who: 'department_reviewer jyt 省教育厅', add: ['department_reviewer', '--department', 'jyt'] },
  { col: 'admin', user: 'demo_admin', who: 'province_admin' },
  { col: 'expert', user: 'demo_expert', who: 'expert' },
];
const COLS = COLUMNS.map((c) => c.col);
const password = (col) => (COLUMNS.find((c) => c.col === col).add ? REVIEWER_PW : PW);

// The applications the {id} rows are asked about (demo data), and the unit that owns each.
const OBJECTS = {
  X: { name: '玄武区智慧社区综合服务平台', owner: 'demo_unit_yunfan', what: 'submitted to 玄武区 (county level)' },
  D: { name: '玄武区城市运行“一网统管”平台', owner: 'demo_applicant', what: 'draft, never submitted', draft: true },
  K: { name: '昆山市工业互联网标识解析二级节点及应用', owner: 'demo_unit_kunshan', what: 'submitted to 昆山市 (direct county)' },
  C: { name: '南京市公共数据授权运营平台', owner: 'demo_unit_njic', what: 'submitted to 南京市 (市直 unit)' },
  G: { name: '江苏省制造业智改数转公共服务平台', owner: 'demo_unit_jsiit', what: 'submitted to gxt (省直 unit)' },
  // found in before(): the application of demo_expert's draft score (the demo's seeded draw)
  E: { name: null, owner: null, what: 'in expert review, demo_expert assigned (a draft score)', review: true },
};
// The province's phase (demo data): the application the formal-check rows ask about, recommended to
// the province by 常州市 for its 市直 unit, and the city that recommends it again after a return.
const FORMAL = { name: '常州市全民健康信息平台（二期）', city: 'demo_changzhou' };
const NONE_ID = 999999; // {none}: an id that does not exist

// The specification, as data. Columns as in COLUMNS; the label is everything before the 12 codes.
// {X} {D} {K} {C} {G} {E}: the applications above; {aX}: one of X's attachments; {new}: one uploaded
// for the row; {nj}: 南京市's recommendation package (sent in the POST /packages row); {R}: FORMAL's
// application (recommended to the province); {F}: the demo's one that passed the formal check after
// the draw (no expert yet). Assignments: {mine} demo_expert's draft, {mine-done} its submitted one,
// {mine-new} its not yet begun one, {other} another expert's submitted one, {made} the one the POST
// /assignments row makes. {pooled}: an expert made for the PUT row; {mark}: the conflict the POST
// /conflicts row marks.
const EXPECTED = `
endpoint                                          anon owner appl2 cnty cnty2 city city2 kshan dept dept2 admin expert
GET    /healthz                                    200  200  200  200  200  200  200  200  200  200  200  200
GET    /about                                      200  200  200  200  200  200  200  200  200  200  200  200
GET    /regions                                    200  200  200  200  200  200  200  200  200  200  200  200
GET    /departments                                200  200  200  200  200  200  200  200  200  200  200  200
POST   /departments                                401  403  403  403  403  403  403  403  403  403  201  403
PUT    /departments/jyt                            401  403  403  403  403  403  403  403  403  403  200  403
GET    /campaigns                                  200  200  200  200  200  200  200  200  200  200  200  200
GET    /campaigns/2023                             200  200  200  200  200  200  200  200  200  200  200  200
GET    /statuses                                   200  200  200  200  200  200  200  200  200  200  200  200
POST   /accounts                                   201  201  201  201  201  201  201  201  201  201  201  201
POST   /accounts/validate                          200  200  200  200  200  200  200  200  200  200  200  200
POST   /session                                    200  200  200  200  200  200  200  200  200  200  200  200
DELETE /session                                    401  204  204  204  204  204  204  204  204  204  204  204
GET    /me                                         401  200  200  200  200  200  200  200  200  200  200  200
GET    /users                                      401  403  403  403  403  403  403  403  403  403  200  403
POST   /users                                      401  403  403  403  403  403  403  403  403  403  201  403
POST   /applications                               401  409  409  403  403  403  403  403  403  403  403  403
GET    /applications                               401  200  200  200  200  200  200  200  200  200  200  200
GET    /applications.csv                           401  200  200  200  200  200  200  200  200  200  200  200
GET    /applications.xlsx                          401  200  200  200  200  200  200  200  200  200  200  200
GET    /applications/{X}                           401  200  404  200  404  404  404  404  404  404  200  404
GET    /applications/{D}                           401  404  200  404  404  404  404  404  404  404  404  404
GET    /applications/{K}                           401  404  404  404  404  404  404  200  404  404  200  404
GET    /applications/{C}                           401  404  404  404  404  200  404  404  404  404  200  404
GET    /applications/{G}                           401  404  404  404  404  404  404  404  200  404  200  404
GET    /applications/{E}                           401  404  404  404  404  404  404  404  404  404  200  200
GET    /applications/{none}                        401  404  404  404  404  404  404  404  404  404  404  404
PUT    /applications/{X}                           401  409  404  403  403  403  403  403  403  403  403  403
PUT    /applications/{D}                           401  404  200  403  403  403  403  403  403  403  403  403
PUT    /applications/{K}                           401  404  404  403  403  403  403  403  403  403  403  403
PUT    /applications/{C}                           401  404  404  403  403  403  403  403  403  403  403  403
PUT    /applications/{G}                           401  404  404  403  403  403  403  403  403  403  403  403
PUT    /applications/{E}                           401  404  404  403  403  403  403  403  403  403  403  403
POST   /applications/{X}/submit                    401  409  404  403  403  403  403  403  403  403  403  403
POST   /applications/{D}/submit                    401  404  422  403  403  403  403  403  403  403  403  403
POST   /applications/{K}/submit                    401  404  404  403  403  403  403  403  403  403  403  403
POST   /applications/{C}/submit                    401  404  404  403  403  403  403  403  403  403  403  403
POST   /applications/{G}/submit                    401  404  404  403  403  403  403  403  403  403  403  403
POST   /applications/{E}/submit                    401  404  404  403  403  403  403  403  403  403  403  403
POST   /applications/{X}/withdraw                  401  200  404  403  403  403  403  403  403  403  403  403
POST   /applications/{D}/withdraw                  401  404  409  403  403  403  403  403  403  403  403  403
POST   /applications/{K}/withdraw                  401  404  404  403  403  403  403  403  403  403  403  403
POST   /applications/{C}/withdraw                  401  404  404  403  403  403  403  403  403  403  403  403
POST   /applications/{G}/withdraw                  401  404  404  403  403  403  403  403  403  403  403  403
POST   /applications/{E}/withdraw                  401  404  404  403  403  403  403  403  403  403  403  403
POST   /applications/{X}/reviews                   401  403  403  200  404  404  404  404  404  404  403  403
POST   /applications/{D}/reviews                   401  403  403  404  404  404  404  404  404  404  403  403
POST   /applications/{K}/reviews                   401  403  403  404  404  404  404  200  404  404  403  403
POST   /applications/{C}/reviews                   401  403  403  404  404  200  404  404  404  404  403  403
POST   /applications/{G}/reviews                   401  403  403  404  404  404  404  404  200  404  403  403
POST   /applications/{E}/reviews                   401  403  403  404  404  404  404  404  404  404  403  403
POST   /applications/{none}/reviews                401  403  403  404  404  404  404  404  404  404  403  403
POST   /applications/{X}/attachments               401  409  404  403  403  403  403  403  403  403  403  403
POST   /applications/{D}/attachments               401  404  201  403  403  403  403  403  403  403  403  403
POST   /applications/{K}/attachments               401  404  404  403  403  403  403  403  403  403  403  403
POST   /applications/{C}/attachments               401  404  404  403  403  403  403  403  403  403  403  403
POST   /applications/{G}/attachments               401  404  404  403  403  403  403  403  403  403  403  403
POST   /applications/{E}/attachments               401  404  404  403  403  403  403  403  403  403  403  403
GET    /applications/{X}/attachments/{aX}          401  200  404  200  404  404  404  404  404  404  200  404
GET    /applications/{D}/attachments/{aD}          401  404  200  404  404  404  404  404  404  404  404  404
GET    /applications/{K}/attachments/{aK}          401  404  404  404  404  404  404  200  404  404  200  404
GET    /applications/{C}/attachments/{aC}          401  404  404  404  404  200  404  404  404  404  200  404
GET    /applications/{G}/attachments/{aG}          401  404  404  404  404  404  404  404  200  404  200  404
GET    /applications/{E}/attachments/{aE}          401  404  404  404  404  404  404  404  404  404  200  200
DELETE /applications/{X}/attachments/{aX}          401  409  404  403  403  403  403  403  403  403  403  403
DELETE /applications/{D}/attachments/{new}         401  404  204  403  403  403  403  403  403  403  403  403
DELETE /applications/{K}/attachments/{aK}          401  404  404  403  403  403  403  403  403  403  403  403
DELETE /applications/{C}/attachments/{aC}          401  404  404  403  403  403  403  403  403  403  403  403
DELETE /applications/{G}/attachments/{aG}          401  404  404  403  403  403  403  403  403  403  403  403
DELETE /applications/{E}/attachments/{aE}          401  404  404  403  403  403  403  403  403  403  403  403
GET    /applications/{X}/form.pdf                  401  200  404  200  404  404  404  404  404  404  200  404
GET    /applications/{D}/form.pdf                  401  404  200  404  404  404  404  404  404  404  404  404
GET    /applications/{K}/form.pdf                  401  404  404  404  404  404  404  200  404  404  200  404
GET    /applications/{C}/form.pdf                  401  404  404  404  404  200  404  404  404  404  200  404
GET    /applications/{G}/form.pdf                  401  404  404  404  404  404  404  404  200  404  200  404
GET    /applications/{E}/form.pdf                  401  404  404  404  404  404  404  404  404  404  200  200
GET    /applications/{X}/receipt.pdf               401  200  404  200  404  404  404  404  404  404  200  404
GET    /applications/{D}/receipt.pdf               401  404  409  404  404  404  404  404  404  404  404  404
GET    /applications/{K}/receipt.pdf               401  404  404  404  404  404  404  200  404  404  200  404
GET    /applications/{C}/receipt.pdf               401  404  404  404  404  200  404  404  404  404  200  404
GET    /applications/{G}/receipt.pdf               401  404  404  404  404  404  404  404  200  404  200  404
GET    /applications/{E}/receipt.pdf               401  404  404  404  404  404  404  404  404  404  200  200
GET    /campaigns/2023/summary-table.xlsx          401  403  403  200  200  200  200  200  200  200  422  403
GET    /campaigns/2023/summary-table.xlsx?region=320100  401  403  403  403  403  200  403  403  403  403  200  403
GET    /campaigns/2023/summary-table.pdf           401  403  403  200  200  200  200  200  200  200  422  403
GET    /campaigns/2023/summary-table.pdf?department=gxt  401  403  403  403  403  403  403  403  200  403  200  403
GET    /campaigns/2023/packages                    401  403  403  403  403  200  200  200  200  200  200  403
POST   /campaigns/2023/packages                    401  403  403  403  403  201  422  422  422  422  403  403
GET    /campaigns/2023/packages/{nj}/file          401  403  403  403  403  200  404  404  404  404  200  403
GET    /campaigns/2023/contacts                    401  403  403  403  403  200  200  200  403  403  200  403
PUT    /campaigns/2023/contacts/320100             401  403  403  403  403  200  403  403  403  403  200  403
PUT    /campaigns/2023/contacts/320583             401  403  403  403  403  403  403  200  403  403  200  403
GET    /notifications                              401  200  200  200  200  200  200  200  200  200  200  200
POST   /notifications/read                         401  200  200  200  200  200  200  200  200  200  200  200
POST   /campaigns/2023/reopen                      401  403  403  403  403  403  403  403  403  403  201  403
GET    /campaigns/2023/reopenings                  401  403  403  403  403  403  403  403  403  403  200  403
GET    /campaigns/2023/overview                    401  403  403  403  403  403  403  403  403  403  200  403
POST   /applications/{R}/formal-check              401  403  403  403  403  403  403  403  403  403  200  403
POST   /applications/{X}/formal-check              401  403  403  403  403  403  403  403  403  403  409  403
POST   /applications/{E}/formal-check              401  403  403  403  403  403  403  403  403  403  409  403
POST   /applications/{none}/formal-check           401  403  403  403  403  403  403  403  403  403  404  403
GET    /experts                                    401  403  403  403  403  403  403  403  403  403  200  403
POST   /experts                                    401  403  403  403  403  403  403  403  403  403  201  403
GET    /experts/template.xlsx                      401  403  403  403  403  403  403  403  403  403  200  403
GET    /experts/template.csv                       401  403  403  403  403  403  403  403  403  403  200  403
POST   /experts/import                             401  403  403  403  403  403  403  403  403  403  201  403
PUT    /experts/{pooled}                           401  403  403  403  403  403  403  403  403  403  200  403
PUT    /experts/{none}                             401  403  403  403  403  403  403  403  403  403  404  403
GET    /campaigns/2023/conflicts                   401  403  403  403  403  403  403  403  403  403  200  403
POST   /campaigns/2023/conflicts                   401  403  403  403  403  403  403  403  403  403  201  403
DELETE /campaigns/2023/conflicts/{mark}            401  403  403  403  403  403  403  403  403  403  204  403
DELETE /campaigns/2023/conflicts/{none}            401  403  403  403  403  403  403  403  403  403  404  403
POST   /assignments                                401  403  403  403  403  403  403  403  403  403  201  403
GET    /assignments                                401  403  403  403  403  403  403  403  403  403  200  200
GET    /assignments/{mine}                         401  403  403  403  403  403  403  403  403  403  200  200
GET    /assignments/{other}                        401  403  403  403  403  403  403  403  403  403  200  404
GET    /assignments/{none}                         401  403  403  403  403  403  403  403  403  403  404  404
DELETE /assignments/{made}                         401  403  403  403  403  403  403  403  403  403  204  403
DELETE /assignments/{other}                        401  403  403  403  403  403  403  403  403  403  409  403
PUT    /assignments/{mine}/score                   401  403  403  403  403  403  403  403  403  403  403  200
PUT    /assignments/{other}/score                  401  403  403  403  403  403  403  403  403  403  403  404
PUT    /assignments/{none}/score                   401  403  403  403  403  403  403  403  403  403  403  404
POST   /assignments/{mine-new}/conflict            401  403  403  403  403  403  403  403  403  403  403  200
POST   /assignments/{other}/conflict               401  403  403  403  403  403  403  403  403  403  403  404
POST   /assignments/{mine-done}/reopen             401  403  403  403  403  403  403  403  403  403  200  403
POST   /assignments/{mine}/reopen                  401  403  403  403  403  403  403  403  403  403  409  403
POST   /assignments/{none}/reopen                  401  403  403  403  403  403  403  403  403  403  404  403
GET    /assignments/{mine}/score-sheet.pdf         401  403  403  403  403  403  403  403  403  403  200  200
GET    /assignments/{other}/score-sheet.pdf        401  403  403  403  403  403  403  403  403  403  200  404
GET    /assignments/{none}/score-sheet.pdf         401  403  403  403  403  403  403  403  403  403  404  404
POST   /campaigns/2023/assignments/auto            401  403  403  403  403  403  403  403  403  403  200  403
GET    /campaigns/2023/draws                       401  403  403  403  403  403  403  403  403  403  200  403
GET    /campaigns/2023/review-progress             401  403  403  403  403  403  403  403  403  403  200  403
POST   /campaigns/2023/review-reminders            401  403  403  403  403  403  403  403  403  403  200  403
GET    /campaigns/2023/ranking                     401  403  403  403  403  403  403  403  403  403  200  403
GET    /campaigns/2023/ranking.xlsx                401  403  403  403  403  403  403  403  403  403  200  403
GET    /campaigns/2099/ranking                     401  403  403  403  403  403  403  403  403  403  404  403
`;

function parseExpected(text) {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  const head = lines[0].trim().split(/\s+/).slice(1);
  assert.deepEqual(head, COLS, 'EXPECTED columns');
  const out = new Map();
  for (const line of lines.slice(1)) {
    const tok = line.trim().split(/\s+/);
    const codes = tok.slice(-COLS.length).map(Number);
    const label = tok.slice(0, -COLS.length).join(' ');
    assert.ok(codes.every((n) => n >= 100 && n < 600), `EXPECTED row ${label}`);
    assert.ok(!out.has(label), `EXPECTED row ${label} twice`);
    out.set(label, Object.fromEntries(COLS.map((c, i) => [c, codes[i]])));
  }
  return out;
}

// ---- the rows: what each cell sends -----------------------------------------------------------

const V1 = '/api/v1';
const appPath = (ctx, k) => `${V1}/applications/${k === 'none' ? NONE_ID : ctx.ids[k]}`;
let seq = 0;
const uniq = () => `${process.pid % 100000}${++seq}`;

function uploadBody(fields) {
  const m = multipart(fields);
  return { body: m.body, headers: { 'content-type': m.type } };
}
const attachment = () => uploadBody([{ name: 'kind', value: 'other' }, { name: 'file', filename: '其他材料.pdf', type: 'application/pdf', data: pdfBytes() }]);
const scan = () => uploadBody([{ name: 'file', filename: '推荐项目汇总表（盖章）.pdf', type: 'application/pdf', data: pdfBytes(undefined, 'authz') }]);

// Each row: label (as in EXPECTED), route (as in routes.c), method, path (string or (ctx, col) →),
// body (value, or (ctx, col) → value / {body, headers}), and optional hooks:
//   client(ctx, col): the client to use instead of the column's own (never for anon)
//   capture(ctx, col, r): remember something from an answer
//   before(ctx) / after(ctx): set up, or put back what the row changed
const ROWS = [];
const row = (label, route, spec) => ROWS.push({ label, route, ...spec });

row('GET /healthz', 'GET /healthz', { method: 'GET', path: '/healthz' });
row('GET /about', 'GET /api/v1/about', { method: 'GET', path: `${V1}/about` });
row('GET /regions', 'GET /api/v1/regions', { method: 'GET', path: `${V1}/regions` });
row('GET /departments', 'GET /api/v1/departments', { method: 'GET', path: `${V1}/departments` });
row('POST /departments', 'POST /api/v1/departments', {
  method: 'POST', path: `${V1}/departments`, body: () => ({ code: `authz_${uniq()}`, name: '授权矩阵测试部门' }),
});
row('PUT /departments/jyt', 'PUT /api/v1/departments/{code}', {
  method: 'PUT', path: `${V1}/departments/jyt`, body: { name: '省教育厅', active: true },
});
row('GET /campaigns', 'GET /api/v1/campaigns', { method: 'GET', path: `${V1}/campaigns` });
row('GET /campaigns/2023', 'GET /api/v1/campaigns/{year}', { method: 'GET', path: `${V1}/campaigns/2023` });
row('GET /statuses', 'GET /api/v1/statuses', { method: 'GET', path: `${V1}/statuses` });
row('POST /accounts', 'POST /api/v1/accounts', { method: 'POST', path: `${V1}/accounts`, body: () => registration() });
row('POST /accounts/validate', 'POST /api/v1/accounts/validate', {
  method: 'POST', path: `${V1}/accounts/validate`, body: () => ({ username: `fresh${uniq()}` }),
});
// The session rows use a second session of each user, so the column's own session stays.
row('POST /session', 'POST /api/v1/session', {
  method: 'POST', path: `${V1}/session`, client: (ctx, col) => ctx.spare[col],
  body: (ctx, col) => (col === 'anon' ? { username: 'demo_expert', password: PW }
    : { username: COLUMNS.find((c) => c.col === col).user, password: password(col) }),
});
row('DELETE /session', 'DELETE /api/v1/session', { method: 'DELETE', path: `${V1}/session`, client: (ctx, col) => ctx.spare[col] });
row('GET /me', 'GET /api/v1/me', { method: 'GET', path: `${V1}/me` });
row('GET /users', 'GET /api/v1/users', { method: 'GET', path: `${V1}/users` });
row('POST /users', 'POST /api/v1/users', {
  method: 'POST', path: `${V1}/users`,
  body: () => ({ username: `authz_e${uniq()}`, password: REVIEWER_PW, role: 'expert', name: '授权测试专家' }),
});
row('POST /applications', 'POST /api/v1/applications', { method: 'POST', path: `${V1}/applications`, body: { campaign: 2023 } });
row('GET /applications', 'GET /api/v1/applications', { method: 'GET', path: `${V1}/applications` });
row('GET /applications.csv', 'GET /api/v1/applications.csv', { method: 'GET', path: `${V1}/applications.csv` });
row('GET /applications.xlsx', 'GET /api/v1/applications.xlsx', { method: 'GET', path: `${V1}/applications.xlsx` });

const KEYS = Object.keys(OBJECTS);
const REVIEW = { action: 'return', comment: '授权矩阵测试：请补充项目投资证明' };
for (const k of [...KEYS, 'none']) {
  row(`GET /applications/{${k}}`, 'GET /api/v1/applications/{id}', { method: 'GET', path: (ctx) => appPath(ctx, k) });
}
for (const k of KEYS) {
  // {}: a valid save that changes nothing
  row(`PUT /applications/{${k}}`, 'PUT /api/v1/applications/{id}', { method: 'PUT', path: (ctx) => appPath(ctx, k), body: {} });
}
for (const k of KEYS) {
  row(`POST /applications/{${k}}/submit`, 'POST /api/v1/applications/{id}/submit', { method: 'POST', path: (ctx) => `${appPath(ctx, k)}/submit` });
}
for (const k of KEYS) {
  row(`POST /applications/{${k}}/withdraw`, 'POST /api/v1/applications/{id}/withdraw', {
    method: 'POST', path: (ctx) => `${appPath(ctx, k)}/withdraw`, after: (ctx) => resubmit(ctx, k),
  });
}
// A real return with its reason: accepted in scope, then the unit resubmits.
for (const k of [...KEYS, 'none']) {
  row(`POST /applications/{${k}}/reviews`, 'POST /api/v1/applications/{id}/reviews', {
    method: 'POST', path: (ctx) => `${appPath(ctx, k)}/reviews`, body: REVIEW,
    after: k === 'none' ? undefined : (ctx) => resubmit(ctx, k),
  });
}
for (const k of KEYS) {
  row(`POST /applications/{${k}}/attachments`, 'POST /api/v1/applications/{id}/attachments', {
    method: 'POST', path: (ctx) => `${appPath(ctx, k)}/attachments`, body: () => attachment(),
    capture: (ctx, col, r) => { if (k === 'D' && r.status === 201) ctx.newAid = r.json?.id; },
  });
}
for (const k of KEYS) {
  row(`GET /applications/{${k}}/attachments/{a${k}}`, 'GET /api/v1/applications/{id}/attachments/{aid}', {
    method: 'GET', path: (ctx) => `${appPath(ctx, k)}/attachments/${ctx.aids[k]}`,
  });
}
for (const k of KEYS) {
  const fresh = k === 'D'; // the draft's own attachments stay: delete one uploaded for the row
  row(`DELETE /applications/{${k}}/attachments/{${fresh ? 'new' : `a${k}`}}`, 'DELETE /api/v1/applications/{id}/attachments/{aid}', {
    method: 'DELETE', path: (ctx) => `${appPath(ctx, k)}/attachments/${fresh ? ctx.newAid : ctx.aids[k]}`,
    before: fresh ? async (ctx) => {
      if (ctx.newAid) return;
      const { body, headers } = attachment();
      const r = await ctx.c.appl2.post(`${appPath(ctx, 'D')}/attachments`, body, { headers });
      ctx.newAid = r.json?.id;
    } : undefined,
  });
}
for (const k of KEYS) {
  row(`GET /applications/{${k}}/form.pdf`, 'GET /api/v1/applications/{id}/form.pdf', { method: 'GET', path: (ctx) => `${appPath(ctx, k)}/form.pdf` });
}
for (const k of KEYS) {
  row(`GET /applications/{${k}}/receipt.pdf`, 'GET /api/v1/applications/{id}/receipt.pdf', { method: 'GET', path: (ctx) => `${appPath(ctx, k)}/receipt.pdf` });
}

const CY = `${V1}/campaigns/2023`;
row('GET /campaigns/2023/summary-table.xlsx', 'GET /api/v1/campaigns/{year}/summary-table.xlsx', { method: 'GET', path: `${CY}/summary-table.xlsx` });
row('GET /campaigns/2023/summary-table.xlsx?region=320100', 'GET /api/v1/campaigns/{year}/summary-table.xlsx', {
  method: 'GET', path: `${CY}/summary-table.xlsx?region=320100`,
});
row('GET /campaigns/2023/summary-table.pdf', 'GET /api/v1/campaigns/{year}/summary-table.pdf', { method: 'GET', path: `${CY}/summary-table.pdf` });
row('GET /campaigns/2023/summary-table.pdf?department=gxt', 'GET /api/v1/campaigns/{year}/summary-table.pdf', {
  method: 'GET', path: `${CY}/summary-table.pdf?department=gxt`,
});
row('GET /campaigns/2023/packages', 'GET /api/v1/campaigns/{year}/packages', { method: 'GET', path: `${CY}/packages` });
row('POST /campaigns/2023/packages', 'POST /api/v1/campaigns/{year}/packages', {
  method: 'POST', path: `${CY}/packages`, body: () => scan(),
  capture: (ctx, col, r) => { if (col === 'city' && r.status === 201) ctx.pkg = r.json?.id; },
});
row('GET /campaigns/2023/packages/{nj}/file', 'GET /api/v1/campaigns/{year}/packages/{id}/file', {
  method: 'GET', path: (ctx) => `${CY}/packages/${ctx.pkg}/file`,
});
row('GET /campaigns/2023/contacts', 'GET /api/v1/campaigns/{year}/contacts', { method: 'GET', path: `${CY}/contacts` });
for (const region of ['320100', '320583']) {
  row(`PUT /campaigns/2023/contacts/${region}`, 'PUT /api/v1/campaigns/{year}/contacts/{region}', {
    method: 'PUT', path: `${CY}/contacts/${region}`, body: { name: '授权测试', phone: '025-69652796' },
  });
}
row('GET /notifications', 'GET /api/v1/notifications', { method: 'GET', path: `${V1}/notifications` });
row('POST /notifications/read', 'POST /api/v1/notifications/read', { method: 'POST', path: `${V1}/notifications/read`, body: { all: true } });
row('POST /campaigns/2023/reopen', 'POST /api/v1/campaigns/{year}/reopen', {
  method: 'POST', path: `${CY}/reopen`,
  body: { authority: { kind: 'region', code: '320102' }, until: '2023-08-25', reason: '授权矩阵测试：系统故障导致未能按时完成审核' },
});
row('GET /campaigns/2023/reopenings', 'GET /api/v1/campaigns/{year}/reopenings', { method: 'GET', path: `${CY}/reopenings` });
row('GET /campaigns/2023/overview', 'GET /api/v1/campaigns/{year}/overview', { method: 'GET', path: `${CY}/overview` });

// ---- the province's phase -----------------------------------------------------------------------

// The office returns {R} to the city that recommended it (the only reversible result); the city
// recommends it again, past nothing (the clock is inside the local review).
for (const k of ['R', 'X', 'E', 'none']) {
  row(`POST /applications/{${k}}/formal-check`, 'POST /api/v1/applications/{id}/formal-check', {
    method: 'POST', path: (ctx) => `${appPath(ctx, k)}/formal-check`,
    body: { result: 'return', comment: '授权矩阵测试：请核实项目总投资证明' },
    after: k === 'R' ? async (ctx) => {
      const r = await ctx.formalCity.post(`${appPath(ctx, 'R')}/reviews`, { action: 'recommend' });
      assert.equal(r.status, 200, `putting R back to city_recommended: ${r.status} ${r.text}`);
      assert.equal(r.json.status, 'city_recommended');
    } : undefined,
  });
}
const expertBody = (name) => ({ name, unit: '授权矩阵测试大学', title: '教授', specialties: ['economy'], region_code: '320102', mobile: '13912345678' });
row('GET /experts', 'GET /api/v1/experts', { method: 'GET', path: `${V1}/experts` });
row('POST /experts', 'POST /api/v1/experts', { method: 'POST', path: `${V1}/experts`, body: () => expertBody(`授权测试专家${uniq()}`) });
row('GET /experts/template.xlsx', 'GET /api/v1/experts/template.xlsx', { method: 'GET', path: `${V1}/experts/template.xlsx` });
row('GET /experts/template.csv', 'GET /api/v1/experts/template.csv', { method: 'GET', path: `${V1}/experts/template.csv` });
// a CSV in the template's columns (its header as the server gives it), one new expert a request
row('POST /experts/import', 'POST /api/v1/experts/import', {
  method: 'POST', path: `${V1}/experts/import`,
  body: (ctx) => uploadBody([{ name: 'file', filename: '专家导入.csv', type: 'text/csv',
    data: Buffer.from(`${ctx.templateHead}\r\n导入测试专家${uniq()},授权矩阵测试学院,,研究员,数字治理类,南京市,13912345679,,,\r\n`) }]),
});
row('PUT /experts/{pooled}', 'PUT /api/v1/experts/{id}', {
  method: 'PUT', path: (ctx) => `${V1}/experts/${ctx.pooled}`, body: () => expertBody('授权测试被改专家'),
});
row('PUT /experts/{none}', 'PUT /api/v1/experts/{id}', {
  method: 'PUT', path: `${V1}/experts/${NONE_ID}`, body: () => expertBody('授权测试无此专家'),
});
row('GET /campaigns/2023/conflicts', 'GET /api/v1/campaigns/{year}/conflicts', { method: 'GET', path: `${CY}/conflicts` });
row('POST /campaigns/2023/conflicts', 'POST /api/v1/campaigns/{year}/conflicts', {
  method: 'POST', path: `${CY}/conflicts`,
  body: (ctx) => ({ expert_id: ctx.markPair.expert_id, application_id: ctx.markPair.application_id, comment: '授权矩阵测试：亲属在申报单位任职' }),
  capture: (ctx, col, r) => { if (col === 'admin' && r.status === 201) ctx.mark = r.json?.id; },
});
row('DELETE /campaigns/2023/conflicts/{mark}', 'DELETE /api/v1/campaigns/{year}/conflicts/{id}', {
  method: 'DELETE', path: (ctx) => `${CY}/conflicts/${ctx.mark}`,
});
row('DELETE /campaigns/2023/conflicts/{none}', 'DELETE /api/v1/campaigns/{year}/conflicts/{id}', {
  method: 'DELETE', path: `${CY}/conflicts/${NONE_ID}`,
});
row('POST /assignments', 'POST /api/v1/assignments', {
  method: 'POST', path: `${V1}/assignments`, body: (ctx) => ctx.assignPair,
  capture: (ctx, col, r) => { if (col === 'admin' && r.status === 201) ctx.asg.made = r.json?.id; },
});
row('GET /assignments', 'GET /api/v1/assignments', { method: 'GET', path: `${V1}/assignments` });
const asgPath = (ctx, k) => `${V1}/assignments/${k === 'none' ? NONE_ID : ctx.asg[k]}`;
for (const k of ['mine', 'other', 'none']) {
  row(`GET /assignments/{${k}}`, 'GET /api/v1/assignments/{id}', { method: 'GET', path: (ctx) => asgPath(ctx, k) });
}
for (const k of ['made', 'other']) {
  row(`DELETE /assignments/{${k}}`, 'DELETE /api/v1/assignments/{id}', { method: 'DELETE', path: (ctx) => asgPath(ctx, k) });
}
// a draft save: the expert's own sheet, the first criterion only
for (const k of ['mine', 'other', 'none']) {
  row(`PUT /assignments/{${k}}/score`, 'PUT /api/v1/assignments/{id}/score', {
    method: 'PUT', path: (ctx) => `${asgPath(ctx, k)}/score`, body: { criteria: { fit: 20 }, comment: '', submit: false },
  });
}
for (const k of ['mine-new', 'other']) {
  row(`POST /assignments/{${k}}/conflict`, 'POST /api/v1/assignments/{id}/conflict', {
    method: 'POST', path: (ctx) => `${asgPath(ctx, k)}/conflict`, body: { reason: '授权矩阵测试：曾参与该项目咨询' },
  });
}
// the office reopens demo_expert's submitted score; demo_expert submits it again as it was
for (const k of ['mine-done', 'mine', 'none']) {
  row(`POST /assignments/{${k}}/reopen`, 'POST /api/v1/assignments/{id}/reopen', {
    method: 'POST', path: (ctx) => `${asgPath(ctx, k)}/reopen`, body: { reason: '授权矩阵测试：请复核评分' },
    after: k === 'mine-done' ? async (ctx) => {
      const was = ctx.doneSheet;
      const r = await ctx.c.expert.put(`${asgPath(ctx, k)}/score`, { criteria: was.criteria, comment: was.comment, submit: true });
      assert.equal(r.status, 200, `putting {mine-done} back to submitted: ${r.status} ${r.text}`);
      assert.equal(r.json.status, 'submitted');
    } : undefined,
  });
}
for (const k of ['mine', 'other', 'none']) {
  row(`GET /assignments/{${k}}/score-sheet.pdf`, 'GET /api/v1/assignments/{id}/score-sheet.pdf', {
    method: 'GET', path: (ctx) => `${asgPath(ctx, k)}/score-sheet.pdf`,
  });
}
row('POST /campaigns/2023/assignments/auto', 'POST /api/v1/campaigns/{year}/assignments/auto', {
  method: 'POST', path: `${CY}/assignments/auto`, body: { seed: 'authz-matrix' },
});
row('GET /campaigns/2023/draws', 'GET /api/v1/campaigns/{year}/draws', { method: 'GET', path: `${CY}/draws` });
row('GET /campaigns/2023/review-progress', 'GET /api/v1/campaigns/{year}/review-progress', { method: 'GET', path: `${CY}/review-progress` });
row('POST /campaigns/2023/review-reminders', 'POST /api/v1/campaigns/{year}/review-reminders', {
  method: 'POST', path: `${CY}/review-reminders`, body: {},
});
row('GET /campaigns/2023/ranking', 'GET /api/v1/campaigns/{year}/ranking', { method: 'GET', path: `${CY}/ranking` });
row('GET /campaigns/2023/ranking.xlsx', 'GET /api/v1/campaigns/{year}/ranking.xlsx', { method: 'GET', path: `${CY}/ranking.xlsx` });
row('GET /campaigns/2099/ranking', 'GET /api/v1/campaigns/{year}/ranking', { method: 'GET', path: `${V1}/campaigns/2099/ranking` });

// ---- running it --------------------------------------------------------------------------------

let server;
const ctx = { c: {}, spare: {}, owners: {}, ids: {}, aids: {}, asg: {} };

// Puts an application back to `submitted` (after a withdraw or a return) through its unit.
async function resubmit(ctx, k) {
  if (OBJECTS[k].draft || OBJECTS[k].review) return;
  const owner = ctx.owners[OBJECTS[k].owner];
  const path = appPath(ctx, k);
  const now = await owner.get(path);
  if (now.json?.status === 'submitted') return;
  const r = await owner.post(`${path}/submit`);
  assert.equal(r.status, 200, `putting ${k} back to submitted: ${r.status} ${r.text}`);
}

function requestOf(rw, col) {
  const path = typeof rw.path === 'function' ? rw.path(ctx, col) : rw.path;
  let body = typeof rw.body === 'function' ? rw.body(ctx, col) : rw.body;
  let headers = {};
  if (body && Buffer.isBuffer(body.body)) ({ body, headers } = body);
  return { method: rw.method, path, body, headers };
}

function clientOf(rw, col) {
  if (col === 'anon') return server.client();
  return (rw.client && rw.client(ctx, col)) || ctx.c[col];
}

// One request; `csrf`: false to leave the token out, 'wrong' to send another one.
async function send(client, req, csrf = true) {
  const headers = { ...req.headers };
  if (csrf === 'wrong') headers['x-csrf-token'] = 'A'.repeat(43);
  return client.request(req.method, req.path, { body: req.body, headers, csrf: csrf === true });
}

const isSuccess = (code) => code >= 200 && code < 300;
// What an answer was, for a report line: the error (or the start of the JSON), else its type.
const brief = (r) => (r.json ? JSON.stringify(r.json.error ?? r.json).slice(0, 160)
  : `(${r.headers.get('content-type') || 'no body'})`);

before(async () => {
  server = new Server({ now: T_OPEN, args: ['--rate-limit', '0'] });
  const res = runCli(['demo'], { dataDir: server.dataDir, env: { SHENBAO_NOW: T_OPEN } });
  assert.equal(res.code, 0, res.stderr);
  for (const col of COLUMNS.filter((x) => x.add)) {
    const [role, opt, val] = col.add;
    const out = runCli(['user', 'add', '--username', col.user, '--password', REVIEWER_PW, '--role', role, opt, val,
      '--name', '授权测试'], { dataDir: server.dataDir });
    assert.equal(out.code, 0, `user add ${col.user}: ${out.stderr}`);
  }
  await server.start();
  const signIn = async (user, pw) => { const c = server.client(); await c.signIn(user, pw); return c; };
  await Promise.all(COLUMNS.filter((x) => x.user).map(async (x) => {
    ctx.c[x.col] = await signIn(x.user, password(x.col));
    ctx.spare[x.col] = await signIn(x.user, password(x.col));
  }));
  await findEvaluationObjects(signIn);
  for (const o of Object.values(OBJECTS)) {
    const col = COLUMNS.find((x) => x.user === o.owner);
    ctx.owners[o.owner] = col ? ctx.c[col.col] : await signIn(o.owner, PW);
  }
  // The objects and one attachment of each.
  const all = (await ctx.c.admin.get(`${V1}/applications?per_page=200`)).json.items;
  const own = (await ctx.c.appl2.get(`${V1}/applications`)).json.items;
  for (const [k, o] of Object.entries(OBJECTS)) {
    const a = (k === 'D' ? own : all).find((x) => x.project_name === o.name);
    assert.ok(a, `demo application ${o.name}`);
    ctx.ids[k] = a.id;
    const full = await ctx.owners[o.owner].get(appPath(ctx, k));
    assert.ok(full.json.attachments.length > 0, `${k} has attachments`);
    ctx.aids[k] = full.json.attachments[0].id;
  }
  // 南京市 needs a recommended project to send its package: a new 玄武区 unit's, through the county.
  const f = await readyToSubmit(server);
  assert.equal((await f.c.post(`${V1}/applications/${f.app.id}/submit`)).status, 200);
  for (const col of ['cnty', 'city']) {
    const r = await ctx.c[col].post(`${V1}/applications/${f.app.id}/reviews`, { action: 'recommend' });
    assert.equal(r.status, 200, `${col} recommends: ${r.text}`);
  }
});
after(async () => { await server?.close(); });

// The province's phase as the demo left it: E (demo_expert's draft) and its assignments, R (recommended
// to the province, FORMAL), F (passed, no expert yet) and who may be assigned to it or marked on it, an
// expert for the PUT row, the import template's header.
async function findEvaluationObjects(signIn) {
  const admin = ctx.c.admin;
  const pool = (await admin.get(`${V1}/experts`)).json.items;
  const me = pool.find((e) => e.username === 'demo_expert');
  const mine = (await admin.get(`${V1}/assignments?expert_id=${me.id}`)).json.items;
  const byStatus = (st) => mine.find((s) => s.status === st);
  for (const st of ['draft', 'submitted', 'assigned']) assert.ok(byStatus(st), `demo_expert has a ${st} assignment`);
  ctx.asg.mine = byStatus('draft').id;
  ctx.asg['mine-done'] = byStatus('submitted').id;
  ctx.asg['mine-new'] = byStatus('assigned').id;
  ctx.doneSheet = byStatus('submitted');
  const others = (await admin.get(`${V1}/assignments`)).json.items.filter((s) => s.expert_id !== me.id && s.status === 'submitted');
  ctx.asg.other = others[0].id;
  // E: the application of demo_expert's draft, and its unit (the demo's data names it)
  const e = byStatus('draft').application;
  const demo = JSON.parse(readFileSync(join(ROOT, 'data/demo/applications.json'), 'utf8')).applications;
  OBJECTS.E.name = e.project_name;
  OBJECTS.E.owner = demo.find((a) => a.form?.project?.name === e.project_name).username;
  const all = (await admin.get(`${V1}/applications?per_page=200`)).json.items;
  const r = all.find((a) => a.project_name === FORMAL.name);
  assert.equal(r?.status, 'city_recommended', `${FORMAL.name} is at the province`);
  ctx.ids.R = r.id;
  ctx.formalCity = await signIn(FORMAL.city, PW);
  const f = all.find((a) => a.status === 'formal_passed');
  assert.ok(f, 'an application passed the formal check without an expert');
  ctx.ids.F = f.id;
  const conflicts = (await admin.get(`${CY}/conflicts`)).json.items;
  const free = pool.filter((x) => x.active && x.specialties.includes(f.category)
    && !conflicts.some((k) => k.expert_id === x.id && k.application_id === f.id));
  assert.ok(free.length >= 2, 'two experts may review F');
  ctx.assignPair = { application_id: f.id, expert_id: free[0].id };
  ctx.markPair = { application_id: f.id, expert_id: free[1].id };
  const made = await admin.post(`${V1}/experts`, expertBody('授权测试专家（修改用）'));
  assert.equal(made.status, 201, made.text);
  ctx.pooled = made.json.id;
  const tpl = await admin.get(`${V1}/experts/template.csv`);
  ctx.templateHead = tpl.text.replace(/^\uFEFF/, '').split('\r\n')[0];
}

test('every route of src/api/routes.c has a row, and every row has its expectation', () => {
  const src = readFileSync(join(ROOT, 'src/api/routes.c'), 'utf8');
  // the table's macros, and a row written out as a struct (.method = "POST", .pattern = "...")
  const routes = [...src.matchAll(/(?:(?:ROUTE|UPLOAD)\(\s*"([A-Z]+)",\s*"([^"]+)"|\.method\s*=\s*"([A-Z]+)",\s*\.pattern\s*=\s*"([^"]+)")/g)]
    .map((m) => `${m[1] ?? m[3]} ${m[2] ?? m[4]}`);
  assert.ok(routes.length >= 40, `routes found in routes.c: ${routes.length}`);
  const covered = new Set(ROWS.map((r) => r.route));
  assert.deepEqual(routes.filter((r) => !covered.has(r)), [], 'routes without a row');
  assert.deepEqual([...covered].filter((r) => !routes.includes(r)), [], 'rows naming a route that does not exist');
  const expected = parseExpected(EXPECTED);
  const labels = ROWS.map((r) => r.label);
  assert.deepEqual(labels.filter((l) => !expected.has(l)), [], 'rows without an expectation');
  assert.deepEqual([...expected.keys()].filter((l) => !labels.includes(l)), [], 'expectations without a row');
});

const got = new Map(); // label → {col: status}

test('authorization matrix: every endpoint × every role × inside/outside scope', async (t) => {
  const expected = parseExpected(EXPECTED);
  const mismatches = [];
  const errors500 = [];
  for (const rw of ROWS) {
    const exp = expected.get(rw.label);
    if (!exp) continue;
    if (rw.before) await rw.before(ctx);
    const cells = {};
    // the refusals first, then the cells expected to succeed (which may change the object)
    const order = [...COLS].sort((a, b) => isSuccess(exp[a]) - isSuccess(exp[b]));
    for (const col of order) {
      const r = await send(clientOf(rw, col), requestOf(rw, col));
      cells[col] = r.status;
      if (rw.capture) rw.capture(ctx, col, r);
      if (r.status >= 500) errors500.push(`${rw.label} | ${col}: ${r.status} ${brief(r)}`);
      if (r.status !== exp[col]) {
        mismatches.push(`${rw.label} | ${col} (${COLUMNS.find((c) => c.col === col).user ?? 'anonymous'}): `
          + `expected ${exp[col]}, got ${r.status} ${brief(r)}`);
      }
    }
    got.set(rw.label, cells);
    if (rw.after) await rw.after(ctx);
  }

  // the table
  const labelW = Math.max(...ROWS.map((r) => r.label.length), 'endpoint'.length);
  const w = Math.max(...COLS.map((c) => c.length), 4) + 1;
  const line = (label, cells) => label.padEnd(labelW) + cells.map((c) => String(c).padStart(w)).join('');
  const out = [];
  out.push(`authorization matrix: ${ROWS.length} rows × ${COLS.length} users = ${ROWS.length * COLS.length} requests; `
    + `${mismatches.length} mismatches (marked !)`);
  out.push(line('endpoint', COLS));
  out.push('-'.repeat(labelW + w * COLS.length));
  for (const rw of ROWS) {
    const cells = got.get(rw.label);
    const exp = expected.get(rw.label);
    out.push(line(rw.label, COLS.map((c) => (cells[c] === exp[c] ? `${cells[c]}` : `${cells[c]}!`))));
  }
  out.push('users:');
  for (const c of COLUMNS) out.push(`  ${c.col.padEnd(7)} ${(c.user ?? '-').padEnd(17)} ${c.who}`);
  out.push('objects:');
  for (const [k, o] of Object.entries(OBJECTS)) out.push(`  {${k}} id ${ctx.ids[k]}  ${o.owner.padEnd(17)} ${o.name}: ${o.what}`);
  out.push(`  {none} id ${NONE_ID} (does not exist); {aK} etc.: an attachment of that application; `
    + `{new}: one uploaded for the row; {nj}: 南京市's package, id ${ctx.pkg}`);
  out.push(`  {R} id ${ctx.ids.R} ${FORMAL.name}: recommended to the province (formal check to do); {F} id ${ctx.ids.F}: passed, no expert`);
  out.push(`  assignments: ${Object.entries(ctx.asg).map(([k, v]) => `{${k}} ${v}`).join(', ')}; `
    + `expert {pooled} ${ctx.pooled}; conflict {mark} ${ctx.mark}`);
  for (const l of out) t.diagnostic(l);
  if (mismatches.length) for (const m of mismatches) t.diagnostic(`MISMATCH ${m}`);

  assert.deepEqual(errors500, [], 'no cell may answer 5xx');
  assert.equal(mismatches.length, 0, `${mismatches.length} cells differ from EXPECTED:\n${mismatches.join('\n')}`);
});

test('CSRF: every state-changing route refuses a signed-in caller without the token, or with a wrong one (403)', async (t) => {
  const failures = [];
  const changing = ROWS.filter((r) => r.method !== 'GET');
  let n = 0;
  for (const rw of changing) {
    for (const col of COLS.filter((c) => c !== 'anon')) {
      for (const csrf of [false, 'wrong']) {
        // the column's own session (a refusal ends nothing)
        const r = await send(ctx.c[col], requestOf(rw, col), csrf);
        n += 1;
        const ok = r.status === 403 && r.json?.error?.code === 'forbidden' && /安全校验/.test(r.json?.error?.message ?? '');
        if (!ok) failures.push(`${rw.label} | ${col} | ${csrf === false ? 'no token' : 'wrong token'}: ${r.status} ${brief(r)}`);
      }
    }
  }
  t.diagnostic(`CSRF: ${changing.length} state-changing rows × ${COLS.length - 1} signed-in users × (no token, wrong token) = ${n} requests, `
    + `${failures.length} not refused by the CSRF check`);
  for (const f of failures) t.diagnostic(`CSRF FAILURE ${f}`);
  assert.deepEqual(failures, []);
  // and the sessions used for it are still alive
  for (const col of COLS.filter((c) => c !== 'anon')) assert.equal((await ctx.c[col].get(`${V1}/me`)).status, 200, `${col} still signed in`);
});
