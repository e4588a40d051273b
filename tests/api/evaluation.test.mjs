// The province's evaluation through real HTTP (API.md "Provincial evaluation"): the formal check,
// the expert pool and its import, conflicts of interest, assigning by hand and by the seeded draw,
// the experts' scores, what an expert may see, the ranking, progress and reminders, and the
// documents (score sheet PDF, ranking XLSX).
//
// The demo data (`shenbao demo`, loaded once and copied for every server here) reaches the expert
// phase: twelve applications in expert review after the seeded draw "2023-demo" (five experts each;
// scores submitted, drafts, not begun), one that passed the formal check after the draw (no expert
// yet), two recommended to the province (formal check to do) and one that failed it; a pool of 14
// experts (demo_expert = 孙强, expert_wangjg and expert_liuyang with accounts) with two conflicts
// to find (徐慧: a former unit; 朱刚: the same unit). Every test file starts its own servers: the
// main one (`main`) is shared by the tests in order; the formal check and the draws have their own.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Server, runCli } from '../lib/server.mjs';
import { assertError, header, hasChinese } from '../lib/api.mjs';
import { T_OPEN, readyToSubmit, multipart, zipBytes, dispositionFilename } from '../lib/apps.mjs';

const PW = 'Shenbao@2023';
const EXPERT_PW = 'Expert@2023x';
const T_LATE = '2023-08-25T10:00:00+08:00'; // after the local review deadline (2023-08-21)
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const V1 = '/api/v1';
const CY = `${V1}/campaigns/2023`;
const NAMES = {
  xinghuo: '梁溪区工业互联网平台赋能中小企业数字化转型', // expert review; 徐慧 once worked for its unit
  txjm: '泰兴市精密制造行业工业大数据平台', // expert review; 朱刚 works for its unit
  jstx: '江苏省 5G+工业互联网融合应用节点', // formal check passed after the draw: no expert yet
  xinlian: '集成电路设计协同云平台', // at the province: 梁溪区 → 无锡市
  czwsxx: '常州市全民健康信息平台（二期）', // at the province: 常州市 for its 市直 unit
  txjz: '泰兴市基层治理“智治”平台', // failed the formal check
  yunfan: '玄武区智慧社区综合服务平台', // submitted, at 玄武区
};

let pristine; // the demo's data directory, copied for every server
const servers = [];
const dirs = [];

// A server on a fresh copy of the demo's data.
async function demoServer(now = T_OPEN) {
  const dir = mkdtempSync(join(tmpdir(), 'shenbao-eval-'));
  cpSync(pristine, dir, { recursive: true });
  dirs.push(dir);
  const s = new Server({ now, dataDir: dir, args: ['--rate-limit', '0'] });
  servers.push(s);
  await s.start();
  return s;
}

async function signIn(server, username, password = PW) {
  const c = server.client();
  await c.signIn(username, password);
  return c;
}

before(async () => {
  pristine = mkdtempSync(join(tmpdir(), 'shenbao-eval-demo-'));
  const res = runCli(['demo'], { dataDir: pristine, env: { SHENBAO_NOW: T_OPEN } });
  assert.equal(res.code, 0, res.stderr);
});
after(async () => {
  for (const s of servers) await s.stop();
  for (const d of [...dirs, pristine]) if (d) rmSync(d, { recursive: true, force: true });
});

// ---- helpers ---------------------------------------------------------------------------------

async function ok(r, status = 200) {
  assert.equal(r.status, status, `${status} expected: ${r.status} ${r.text}`);
  return r.json;
}
const byName = (items, name) => {
  const a = items.find((x) => x.project_name === name);
  assert.ok(a, `application ${name}`);
  return a;
};
async function applications(c) {
  const r = await c.get(`${V1}/applications?per_page=200`);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.items.length, r.json.total);
  return r.json.items;
}
async function notifications(c) {
  const r = await c.get(`${V1}/notifications?per_page=100`);
  assert.equal(r.status, 200, r.text);
  return r.json.items;
}
const stateOf = async (c, id) => {
  const a = await ok(await c.get(`${V1}/applications/${id}`));
  return `${a.status}@${a.version}`;
};
// The contract's trimming rule in hundredths: with at least trim_from (and 3) totals the highest and
// the lowest are dropped, then the mean, rounded half away from zero (totals are ≥ 0).
function trimmedMean(totals, trimFrom) {
  let t = totals.map((x) => Math.round(x * 100)).sort((a, b) => a - b);
  if (t.length >= trimFrom && t.length >= 3) t = t.slice(1, -1);
  const sum = t.reduce((s, x) => s + x, 0);
  return Math.floor((2 * sum + t.length) / (2 * t.length)) / 100;
}
// Points for the rubric adding up to `total` (hundredths exact), each within its maximum.
function criteriaFor(rubric, total) {
  let left = Math.round(total * 100);
  const out = {};
  for (const c of rubric) {
    const p = Math.min(left, c.max * 100);
    out[c.code] = p / 100;
    left -= p;
  }
  assert.equal(left, 0, `${total} fits the rubric`);
  return out;
}
function pdfText(pdf) {
  const dir = mkdtempSync(join(tmpdir(), 'eval-pdf-'));
  try {
    writeFileSync(join(dir, 'a.pdf'), pdf);
    return execFileSync('pdftotext', ['-layout', join(dir, 'a.pdf'), '-'], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
async function download(c, path) {
  const r = await c.get(path, { raw: true });
  const body = Buffer.from(await r.res.arrayBuffer());
  const json = (header(r, 'content-type') || '').includes('json') ? JSON.parse(body.toString('utf8')) : null;
  return { ...r, body, text: body.toString('utf8'), json };
}
// RFC 4180 records as LibreOffice writes them.
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
// LibreOffice's reading of every sheet of a workbook: {sheet name: CSV records}.
function xlsxSheets(xlsx) {
  const dir = mkdtempSync(join(tmpdir(), 'eval-xlsx-'));
  try {
    writeFileSync(join(dir, 'book.xlsx'), xlsx);
    execFileSync('soffice', [`-env:UserInstallation=file://${dir}/profile`, '--headless', '--convert-to',
      'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1', '--outdir', dir, join(dir, 'book.xlsx')],
    { stdio: 'ignore', timeout: 120000 });
    const out = readdirSync(dir).filter((f) => f.startsWith('book-') && f.endsWith('.csv'));
    return Object.fromEntries(out.map((f) => [f.slice(5, -4), parseCsv(readFileSync(join(dir, f), 'utf8'))]));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---- the formal check ----------------------------------------------------------------------------

test('formal check: pass, fail and return from city_recommended only; a reason for fail and return; the return goes back to the recommending authority, which acts again past the local deadline', async () => {
  const s = await demoServer(T_OPEN);
  // two more at the province, by the authorities not in the demo's formal-check queue: a 泰兴市 unit
  // (a county that reports to the province) and a 省直 unit of 省大数据管理中心
  const sent = {};
  for (const [k, form, authority] of [
    ['taixing', { unit: { region_code: '321283' }, project: { region_code: '321283', name: '泰兴市测试项目（形式审查）' }, cover: { project_name: '泰兴市测试项目（形式审查）' } }, 'demo_taixing'],
    ['dsj', { unit: { affiliation: 'province_direct', department_code: 'dsj', region_code: '320106' }, project: { region_code: '320000', name: '省直测试项目（形式审查）' }, cover: { project_name: '省直测试项目（形式审查）' } }, 'demo_dsj'],
  ]) {
    const d = await readyToSubmit(s, { form });
    await ok(await d.c.post(`${V1}/applications/${d.app.id}/submit`));
    const r = await ok(await (await signIn(s, authority)).post(`${V1}/applications/${d.app.id}/reviews`, { action: 'recommend' }));
    assert.equal(r.status, 'city_recommended');
    sent[k] = { id: d.app.id, reg: d.reg };
  }
  // past the local deadline from here on
  await s.restart({ now: T_LATE });
  const admin = await signIn(s, 'demo_admin');
  const all = await applications(admin);
  const id = {
    xinlian: byName(all, NAMES.xinlian).id, czwsxx: byName(all, NAMES.czwsxx).id, jstx: byName(all, NAMES.jstx).id,
    txjz: byName(all, NAMES.txjz).id, xinghuo: byName(all, NAMES.xinghuo).id, yunfan: byName(all, NAMES.yunfan).id,
    taixing: sent.taixing.id, dsj: sent.dsj.id,
  };
  const check = (k, body) => admin.post(`${V1}/applications/${id[k]}/formal-check`, body);
  const before = await stateOf(admin, id.xinlian);

  // bad input: 422 naming the field; nothing changes
  assertError(await check('xinlian', {}), 422, 'validation_failed', ['result']);
  assertError(await check('xinlian', { result: 'approve', comment: '通过' }), 422, 'validation_failed', { result: /pass|通过/ });
  assertError(await check('xinlian', { result: 'fail' }), 422, 'validation_failed', ['comment']);
  assertError(await check('xinlian', { result: 'fail', comment: ' \n ' }), 422, 'validation_failed', ['comment']);
  assertError(await check('xinlian', { result: 'return', comment: '' }), 422, 'validation_failed', ['comment']);
  assertError(await check('xinlian', { result: 'return', comment: '退'.repeat(501) }), 422, 'validation_failed', { comment: /500/ });
  assert.equal(await stateOf(admin, id.xinlian), before);
  // only the office; an unknown application is 404
  assertError(await (await signIn(s, 'demo_wuxi')).post(`${V1}/applications/${id.xinlian}/formal-check`, { result: 'pass' }), 403, 'forbidden');
  assertError(await (await signIn(s, 'demo_expert')).post(`${V1}/applications/${id.xinlian}/formal-check`, { result: 'pass' }), 403, 'forbidden');
  assertError(await admin.post(`${V1}/applications/999999/formal-check`, { result: 'pass' }), 404, 'not_found');
  // 409 when the application is not (or no longer) at the province waiting for it
  for (const k of ['jstx', 'txjz', 'xinghuo', 'yunfan']) {
    const was = await stateOf(admin, id[k]);
    for (const body of [{ result: 'pass' }, { result: 'fail', comment: '材料不全' }, { result: 'return', comment: '请补充' }]) {
      assertError(await check(k, body), 409, 'conflict');
    }
    assert.equal(await stateOf(admin, id[k]), was, `${k} unchanged`);
  }

  // the deadline has passed for everyone: 玄武区 cannot review its own waiting application
  const county = await signIn(s, 'demo_county');
  assertError(await county.post(`${V1}/applications/${id.yunfan}/reviews`, { action: 'recommend' }), 409, 'window_closed');

  // a return, and who it goes back to: [application, status after, the authority, its unit]
  const cases = [
    ['xinlian', 'county_recommended', 'demo_wuxi', 'demo_unit_xinlian'], // a 梁溪区 county's, confirmed by 无锡市
    ['czwsxx', 'submitted', 'demo_changzhou', 'demo_unit_czwsxx'], // 常州市's 市直 unit
    ['taixing', 'submitted', 'demo_taixing', sent.taixing.reg], // 泰兴市 reports to the province
    ['dsj', 'submitted', 'demo_dsj', sent.dsj.reg], // a 省直 unit of 省大数据管理中心
  ];
  for (const [k, to, authority, unit] of cases) {
    const reason = `形式审查退回（${k}）：项目总投资证明金额与申报表不一致`;
    const a = await ok(await check(k, { result: 'return', comment: reason }));
    assert.equal(a.status, to, `${k} goes back to ${to}`);
    const last = a.history.at(-1);
    assert.equal(last.action, 'formal_return');
    assert.equal(last.from, 'city_recommended');
    assert.equal(last.to, to);
    assert.equal(last.reason, reason);
    assert.equal(last.role, 'province_admin');
    // the authority is told, with the reason, and may act on it now, past its deadline
    const who = await signIn(s, authority);
    const told = (await notifications(who)).filter((n) => n.application_id === id[k] && n.kind === 'sent_back');
    assert.equal(told.length, 1, `${authority} is told of ${k}: ${JSON.stringify(told)}`);
    assert.ok(told[0].body.includes(reason), told[0].body);
    const owner = typeof unit === 'string' ? await signIn(s, unit) : await signIn(s, unit.username, unit.password);
    const ownerTold = (await notifications(owner)).filter((n) => n.application_id === id[k] && n.kind === 'sent_back');
    assert.equal(ownerTold.length, 1, `the unit of ${k} is told`);
    assert.ok(ownerTold[0].body.includes(reason));
    const seen = await ok(await who.get(`${V1}/applications/${id[k]}`));
    assert.deepEqual(seen.allowed_actions.map((x) => x.action).sort(), k === 'xinlian' ? ['recommend', 'return'] : ['recommend', 'reject', 'return']);
    if (k === 'xinlian') {
      // 无锡市 sends it on back to 梁溪区, which (past its deadline too) recommends it again
      const back = await ok(await who.post(`${V1}/applications/${id[k]}/reviews`, { action: 'return', comment: '请县区重新审核投资证明' }));
      assert.equal(back.status, 'submitted');
      const lx = await signIn(s, 'demo_liangxi');
      const up = await ok(await lx.post(`${V1}/applications/${id[k]}/reviews`, { action: 'recommend' }));
      assert.equal(up.status, 'county_recommended');
    }
    const again = await ok(await who.post(`${V1}/applications/${id[k]}/reviews`, { action: 'recommend' }));
    assert.equal(again.status, 'city_recommended', `${authority} recommends ${k} again after the deadline`);
  }
  // returned once more, the department sends it on back to its unit (退回修改) past every deadline:
  // the unit may correct and resubmit it (nothing stranded), and the department recommends it again
  await ok(await check('dsj', { result: 'return', comment: '请补充项目权属说明' }));
  const dsjReviewer = await signIn(s, 'demo_dsj');
  const toUnit = await ok(await dsjReviewer.post(`${V1}/applications/${id.dsj}/reviews`, { action: 'return', comment: '请补充项目权属说明后重新提交' }));
  assert.equal(toUnit.status, 'returned');
  const dsjUnit = await signIn(s, sent.dsj.reg.username, sent.dsj.reg.password);
  const seenByUnit = await ok(await dsjUnit.get(`${V1}/applications/${id.dsj}`));
  assert.ok(seenByUnit.allowed_actions.some((x) => x.action === 'submit'), JSON.stringify(seenByUnit.allowed_actions));
  const resubmitted = await ok(await dsjUnit.post(`${V1}/applications/${id.dsj}/submit`));
  assert.equal(resubmitted.status, 'submitted');
  assert.equal((await ok(await dsjReviewer.post(`${V1}/applications/${id.dsj}/reviews`, { action: 'recommend' }))).status, 'city_recommended');
  // only that application: a unit with an ordinary draft is still held to the window
  const drafter = await signIn(s, 'demo_applicant');
  const draft = (await ok(await drafter.get(`${V1}/applications`))).items[0];
  assertError(await drafter.post(`${V1}/applications/${draft.id}/submit`), 409, 'window_closed');

  // 梁溪区 was not told by the province (the city had confirmed the county's recommendation), only by its city
  const liangxi = await signIn(s, 'demo_liangxi');
  const lxNotes = (await notifications(liangxi)).filter((n) => n.application_id === id.xinlian);
  assert.ok(!lxNotes.some((n) => /省信息化办/.test(n.title)), JSON.stringify(lxNotes));
  // the county's other work stays closed: the return reopened that one application only
  assertError(await county.post(`${V1}/applications/${id.yunfan}/reviews`, { action: 'return', comment: '请补充' }), 409, 'window_closed');

  // pass and fail, back at the province: the unit is told; a second check is 409
  const passed = await ok(await check('xinlian', { result: 'pass', comment: '' }));
  assert.equal(passed.status, 'formal_passed');
  assert.equal(passed.history.at(-1).action, 'formal_pass');
  const failReason = '未按要求提供项目权属及授权情况说明';
  const failed = await ok(await check('czwsxx', { result: 'fail', comment: failReason }));
  assert.equal(failed.status, 'formal_failed');
  assert.equal(failed.history.at(-1).reason, failReason);
  const xin = (await notifications(await signIn(s, 'demo_unit_xinlian'))).filter((n) => n.application_id === id.xinlian);
  assert.ok(xin.some((n) => n.kind === 'formal_passed'), JSON.stringify(xin));
  const cz = (await notifications(await signIn(s, 'demo_unit_czwsxx'))).filter((n) => n.application_id === id.czwsxx);
  const f = cz.find((n) => n.kind === 'formal_failed');
  assert.ok(f && f.body.includes(failReason), JSON.stringify(cz));
  for (const k of ['xinlian', 'czwsxx']) assertError(await check(k, { result: 'return', comment: '再次退回' }), 409, 'conflict');
  // a return after a pass or fail is no longer possible for the authority either
  assertError(await (await signIn(s, 'demo_changzhou')).post(`${V1}/applications/${id.czwsxx}/reviews`, { action: 'recommend' }), 409, 'conflict');
  // the formal_passed one is now the office's to assign
  assert.deepEqual((await ok(await admin.get(`${V1}/applications/${id.xinlian}`))).allowed_actions.map((x) => x.action), ['assign']);
});

// ---- the main server: the pool, conflicts, assignments, scores, what experts see, the ranking --

let main; // the server
const M = {}; // its clients and the objects found
const rubric = [];
let trimFrom;

async function pool() {
  return (await ok(await M.admin.get(`${V1}/experts`))).items;
}
async function assignmentsOf(query = '') {
  return (await ok(await M.admin.get(`${V1}/assignments${query}`))).items;
}

test('setup: the main server on the demo data', async () => {
  main = await demoServer(T_OPEN);
  M.admin = await signIn(main, 'demo_admin');
  M.expert = await signIn(main, 'demo_expert');
  M.wangjg = await signIn(main, 'expert_wangjg');
  M.liuyang = await signIn(main, 'expert_liuyang');
  const cp = await ok(await main.client().get(`${CY}`));
  rubric.push(...cp.evaluation.rubric);
  trimFrom = cp.evaluation.trim_from;
  assert.equal(rubric.reduce((s, c) => s + c.max, 0), 100);
  assert.equal(cp.evaluation.experts_per_project, 5);
  const all = await applications(M.admin);
  M.id = Object.fromEntries(Object.entries(NAMES).map(([k, n]) => [k, byName(all, n).id]));
  M.pool = await pool();
  M.e = (name) => M.pool.find((x) => x.name === name);
  assert.equal(M.pool.length, 14);
});

test('conflicts: the demo\'s two are found with their reasons; a pair marked by the office is refused by POST /assignments with its reason, and taken back', async () => {
  const list = await ok(await M.admin.get(`${CY}/conflicts`));
  assert.equal(list.total, list.items.length);
  assert.deepEqual(list.items.map((k) => [k.expert_name, k.project_name, k.reason]).sort(), [
    ['徐慧', NAMES.xinghuo, 'former_unit'],
    ['朱刚', NAMES.txjm, 'same_unit'],
  ].sort());
  for (const k of list.items) {
    assert.equal(k.expert_id, M.e(k.expert_name).id);
    assert.ok(hasChinese(k.reason_label) && hasChinese(k.detail), JSON.stringify(k));
    assert.equal(k.mark_id, undefined, 'found, not marked');
  }
  assert.match(list.items.find((k) => k.reason === 'former_unit').detail, /无锡星火工业互联网有限公司/);
  // both refused by hand, with the reason
  const xu = await M.admin.post(`${V1}/assignments`, { application_id: M.id.xinghuo, expert_id: M.e('徐慧').id });
  assert.equal(assertError(xu, 409, 'conflict', ['expert_id']).reason, 'former_unit');
  const zhu = await M.admin.post(`${V1}/assignments`, { application_id: M.id.txjm, expert_id: M.e('朱刚').id });
  assert.equal(assertError(zhu, 409, 'conflict').reason, 'same_unit');

  // the office marks demo_expert (孙强, a specialist of infrastructure) on the application that waits for experts
  const pair = { expert_id: M.e('孙强').id, application_id: M.id.jstx };
  assertError(await M.admin.post(`${CY}/conflicts`, pair), 422, 'validation_failed', ['comment']);
  assertError(await M.admin.post(`${CY}/conflicts`, { ...pair, comment: '   ' }), 422, 'validation_failed', ['comment']);
  assertError(await M.admin.post(`${CY}/conflicts`, { ...pair, expert_id: 999999, comment: '亲属任职' }), 422, 'validation_failed', ['expert_id']);
  assertError(await M.admin.post(`${CY}/conflicts`, { ...pair, application_id: 999999, comment: '亲属任职' }), 422, 'validation_failed', ['application_id']);
  assertError(await M.admin.post(`${V1}/campaigns/2099/conflicts`, { ...pair, comment: '亲属任职' }), 404, 'not_found');
  const comment = '专家近亲属在申报单位任职';
  const mark = await ok(await M.admin.post(`${CY}/conflicts`, { ...pair, comment }), 201);
  assert.deepEqual({ ...mark, id: 0 }, { id: 0, ...pair, reason: 'marked', comment });
  assertError(await M.admin.post(`${CY}/conflicts`, { ...pair, comment }), 409, 'conflict');
  const marked = (await ok(await M.admin.get(`${CY}/conflicts`))).items.filter((k) => k.application_id === M.id.jstx);
  assert.deepEqual(marked.map((k) => [k.expert_id, k.reason, k.mark_id, k.detail]), [[pair.expert_id, 'marked', mark.id, comment]]);
  const refused = await M.admin.post(`${V1}/assignments`, pair);
  const err = assertError(refused, 409, 'conflict', ['expert_id']);
  assert.equal(err.reason, 'marked');
  assert.equal(err.detail, comment);
  assert.equal((await ok(await M.admin.get(`${V1}/applications/${M.id.jstx}`))).status, 'formal_passed', 'nothing assigned');
  // taken back: gone from the list; the pair may be assigned (the next test does)
  assert.equal((await M.admin.del(`${CY}/conflicts/${mark.id}`)).status, 204);
  assertError(await M.admin.del(`${CY}/conflicts/${mark.id}`), 404, 'not_found');
  assert.equal((await ok(await M.admin.get(`${CY}/conflicts`))).total, 2);
});

test('experts: create without and with a sign-in account (role expert), duplicates 409, bad fields 422 naming them, PUT', async () => {
  const body = { name: '钱学林', unit: '南京航空航天大学', title: '教授', specialties: ['economy', 'infrastructure'], region_code: '320104', mobile: '13951000001' };
  const plain = await ok(await M.admin.post(`${V1}/experts`, body), 201);
  assert.equal(plain.name, body.name);
  assert.equal(plain.unit, body.unit);
  assert.deepEqual(plain.specialties, body.specialties);
  assert.equal(plain.username, null);
  assert.equal(plain.active, true);
  assert.equal(plain.load, 0);
  assert.deepEqual(plain.former_units, []);
  const withAccount = await ok(await M.admin.post(`${V1}/experts`, {
    ...body, name: '孔令华', unit: '江苏大学', specialties: ['governance'], username: 'expert_konglh', password: EXPERT_PW,
    former_units: [{ name: '镇江市大数据中心', credit_code: null, until: '2020-06' }],
  }), 201);
  assert.equal(withAccount.username, 'expert_konglh');
  assert.deepEqual(withAccount.former_units, [{ name: '镇江市大数据中心', credit_code: null, until: '2020-06' }]);
  const me = (await ok(await (await signIn(main, 'expert_konglh', EXPERT_PW)).get(`${V1}/me`))).user;
  assert.equal(me.role, 'expert');
  const konglh = await signIn(main, 'expert_konglh', EXPERT_PW);
  assert.deepEqual((await ok(await konglh.get(`${V1}/assignments`))).items, []);
  assert.deepEqual(await applications(konglh), []);
  const listed = await pool();
  assert.equal(listed.length, 16);
  assert.deepEqual(listed.find((x) => x.id === plain.id), plain);
  // the same name at the same unit (however spaced) is 409; so is a username taken
  assertError(await M.admin.post(`${V1}/experts`, body), 409, 'conflict', ['name']);
  assertError(await M.admin.post(`${V1}/experts`, { ...body, unit: ' 南京航空航天大学 ' }), 409, 'conflict', ['name']);
  assertError(await M.admin.post(`${V1}/experts`, { ...body, name: '冯程', username: 'demo_expert', password: EXPERT_PW }), 409, 'conflict', ['username']);
  // the load is the expert's assignments of the call
  const loads = {};
  for (const a of await assignmentsOf()) if (a.status !== 'conflict_declared') loads[a.expert_id] = (loads[a.expert_id] ?? 0) + 1;
  for (const x of listed) assert.equal(x.load, loads[x.id] ?? 0, `${x.name}'s load`);
  // bad fields: each named
  const bad = await M.admin.post(`${V1}/experts`, {
    name: '', unit: '某大学', specialties: ['space'], region_code: '999999', mobile: '12345',
    former_units: [{ name: '某单位', until: '2021-13' }], username: 'expert_nopw', colour: 'blue',
  });
  assertError(bad, 422, 'validation_failed', ['name', 'specialties', 'region_code', 'mobile', 'former_units.0.until', 'password', 'colour']);
  assertError(await M.admin.post(`${V1}/experts`, { ...body, name: '褚明', specialties: [] }), 422, 'validation_failed', ['specialties']);
  assertError(await M.admin.post(`${V1}/experts`, { ...body, name: '褚明', active: 'yes' }), 422, 'validation_failed', ['active']);
  assert.equal((await pool()).length, 16, 'nothing created by the refused ones');

  // PUT replaces the record; deactivated here, used below
  const put = await ok(await M.admin.put(`${V1}/experts/${plain.id}`, { ...body, title: '研究员', specialties: ['economy'], active: false }));
  assert.equal(put.title, '研究员');
  assert.deepEqual(put.specialties, ['economy']);
  assert.equal(put.active, false);
  assert.deepEqual((await pool()).find((x) => x.id === plain.id), put);
  assertError(await M.admin.put(`${V1}/experts/${plain.id}`, { ...body, name: '王建国', unit: '南京大学' }), 409, 'conflict', ['name']);
  assertError(await M.admin.put(`${V1}/experts/${withAccount.id}`, { ...body, name: '孔令华', unit: '江苏大学', username: 'expert_konglh2', password: EXPERT_PW }), 409, 'conflict', ['username']);
  assertError(await M.admin.put(`${V1}/experts/${plain.id}`, { ...body, mobile: '1' }), 422, 'validation_failed', ['mobile']);
  assertError(await M.admin.put(`${V1}/experts/999999`, body), 404, 'not_found');
  assert.deepEqual((await pool()).find((x) => x.id === plain.id), put, 'the refused PUTs changed nothing');
  // an expert without an account gets one by PUT
  const li = M.e('李敏');
  assert.equal(li.username, null);
  const { id: liId, username: u0, load: l0, updated_at: t0, region_name: r0, ...liBody } = li;
  const given = await ok(await M.admin.put(`${V1}/experts/${liId}`, { ...liBody, username: 'expert_limin', password: EXPERT_PW }));
  assert.equal(given.username, 'expert_limin');
  const limin = await signIn(main, 'expert_limin', EXPERT_PW);
  assert.equal((await ok(await limin.get(`${V1}/me`))).user.role, 'expert');
  const hers = (await ok(await limin.get(`${V1}/assignments`))).items;
  assert.deepEqual(hers.map((a) => a.id).sort((a, b) => a - b), (await assignmentsOf(`?expert_id=${liId}`)).map((a) => a.id).sort((a, b) => a - b));
  assert.ok(hers.length > 0, 'her assignments from the draw are hers to score now');
  M.inactive = put;
  M.konglh = { ...withAccount, client: konglh };
});

// The template's header, as the CSV template has it.
const COLUMN_KEYS = ['name', 'unit', 'credit_code', 'title', 'specialties', 'region_code', 'mobile', 'former_units', 'username', 'password'];
function csvOf(head, rows) {
  const line = (cells) => cells.map((c) => (/[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',');
  return Buffer.from(`\uFEFF${[head, ...rows.map((r) => COLUMN_KEYS.map((k) => r[k] ?? ''))].map(line).join('\r\n')}\r\n`);
}
// A minimal XLSX as spreadsheet programs write it: shared strings, and numbers as numbers.
function xlsxOf(head, rows) {
  const strings = [];
  const si = (s) => { let i = strings.indexOf(s); if (i < 0) { i = strings.length; strings.push(s); } return i; };
  const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const col = (i) => String.fromCharCode(65 + i);
  const xmlRow = (n, cells) => `<row r="${n}">${cells.map((v, i) => (v === '' ? ''
    : /^\d{11}$/.test(v) ? `<c r="${col(i)}${n}"><v>${v}</v></c>`
      : `<c r="${col(i)}${n}" t="s"><v>${si(v)}</v></c>`)).join('')}</row>`;
  const body = [head, ...rows.map((r) => COLUMN_KEYS.map((k) => r[k] ?? ''))].map((cells, i) => xmlRow(i + 1, cells)).join('');
  const NS = 'http://schemas.openxmlformats.org';
  return zipBytes({
    '[Content_Types].xml': `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="${NS}/package/2006/content-types">`
      + '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
      + '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
      + '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
      + '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
    '_rels/.rels': `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${NS}/package/2006/relationships">`
      + `<Relationship Id="rId1" Type="${NS}/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    'xl/workbook.xml': `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${NS}/spreadsheetml/2006/main" xmlns:r="${NS}/officeDocument/2006/relationships">`
      + '<sheets><sheet name="专家" sheetId="1" r:id="rId1"/></sheets></workbook>',
    'xl/_rels/workbook.xml.rels': `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${NS}/package/2006/relationships">`
      + `<Relationship Id="rId1" Type="${NS}/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>`
      + `<Relationship Id="rId2" Type="${NS}/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
    'xl/worksheets/sheet1.xml': `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${NS}/spreadsheetml/2006/main"><sheetData>${body}</sheetData></worksheet>`,
    'xl/sharedStrings.xml': `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="${NS}/spreadsheetml/2006/main" count="${strings.length}" uniqueCount="${strings.length}">`
      + `${strings.map((s) => `<si><t>${esc(s)}</t></si>`).join('')}</sst>`,
  });
}
const importFile = (data, filename, type) => {
  const m = multipart([{ name: 'file', filename, type, data }]);
  return M.admin.post(`${V1}/experts/import`, m.body, { headers: { 'content-type': m.type } });
};

test('import: the template (CSV, XLSX) filled in and uploaded creates every row; one bad row or a duplicate of the pool creates nothing and names rows.<n>.<column>', async () => {
  const csv = await download(M.admin, `${V1}/experts/template.csv`);
  assert.equal(csv.status, 200);
  assert.equal(header(csv, 'content-type'), 'text/csv; charset=utf-8');
  assert.match(header(csv, 'content-disposition'), /^attachment;/);
  assert.equal(dispositionFilename(header(csv, 'content-disposition')), '评审专家导入模板.csv');
  assert.ok(csv.body.subarray(0, 3).equals(Buffer.from([0xEF, 0xBB, 0xBF])), 'a BOM, for Excel and WPS');
  const head = parseCsv(csv.body.subarray(3).toString('utf8'))[0];
  assert.equal(head.length, COLUMN_KEYS.length);
  assert.deepEqual(head.slice(0, 2), ['姓名', '工作单位']);
  assert.ok(head[6] === '手机号' && head[4].startsWith('专业领域') && head[8] === '登录用户名', head.join('|'));
  const xlsx = await download(M.admin, `${V1}/experts/template.xlsx`);
  assert.equal(xlsx.status, 200);
  assert.equal(header(xlsx, 'content-type'), XLSX_TYPE);
  assert.equal(dispositionFilename(header(xlsx, 'content-disposition')), '评审专家导入模板.xlsx');
  assert.equal(xlsx.body.subarray(0, 2).toString(), 'PK');
  const size = (await pool()).length;

  const rows = [
    { name: '严新民', unit: '江苏科技大学', title: '教授', specialties: '数字经济类、数字治理类', region_code: '玄武区', mobile: '13951000011',
      former_units: '南京大学||2021-03；江苏省数据局|11320000MB12345675|2019-12' },
    { name: '华晓', unit: '常州大学', specialties: 'livelihood', region_code: '320400', mobile: '13951000012', username: 'expert_huax', password: EXPERT_PW },
    { name: '金涛', unit: '南通大学', title: '高级工程师', specialties: '数字基础设施类', region_code: '南通市', mobile: '13951000013' },
  ];
  assert.deepEqual(await ok(await importFile(csvOf(head, rows), '专家名单.csv', 'text/csv'), 201), { created: 3 });
  const after = await pool();
  assert.equal(after.length, size + 3);
  const yan = after.find((x) => x.name === '严新民');
  assert.deepEqual(yan.specialties, ['economy', 'governance']);
  assert.equal(yan.region_code, '320102');
  assert.equal(yan.title, '教授');
  assert.deepEqual(yan.former_units, [{ name: '南京大学', credit_code: null, until: '2021-03' },
    { name: '江苏省数据局', credit_code: '11320000MB12345675', until: '2019-12' }]);
  assert.equal(yan.username, null);
  assert.equal(after.find((x) => x.name === '金涛').region_code, '320600');
  assert.equal(after.find((x) => x.name === '华晓').username, 'expert_huax');
  assert.equal((await ok(await (await signIn(main, 'expert_huax', EXPERT_PW)).get(`${V1}/me`))).user.role, 'expert');

  // one bad row among good ones: 422 naming that row (the sheet's row: the header is row 1) and column; nothing created
  const good = (n) => ({ name: `批量专家${n}`, unit: '扬州大学', specialties: '数字治理类', region_code: '扬州市', mobile: `139510001${String(n).padStart(2, '0')}` });
  const refused = async (file, filename, type, fields) => {
    const r = await importFile(file, filename, type);
    const e = assertError(r, 422, 'validation_failed', fields);
    assert.deepEqual(Object.keys(e.fields).sort(), [...fields].sort(), JSON.stringify(e.fields));
    for (const [k, msg] of Object.entries(e.fields)) assert.match(msg, new RegExp(`第 ${k.split('.')[1]} 行`), msg);
    assert.equal((await pool()).length, size + 3, 'nothing created');
  };
  await refused(csvOf(head, [good(1), { ...good(2), mobile: '1395100' }, good(3)]), 'a.csv', 'text/csv', ['rows.3.mobile']);
  await refused(csvOf(head, [{ ...good(1), region_code: '火星市' }, good(2), { ...good(3), specialties: '太空类' }]), 'a.csv', 'text/csv',
    ['rows.2.region_code', 'rows.4.specialties']);
  await refused(csvOf(head, [good(1), { ...good(2), former_units: '南京大学||2021-13' }]), 'a.csv', 'text/csv', ['rows.3.former_units']);
  // duplicates: of the pool (王建国 of 南京大学; one just imported), within the file, a username taken
  await refused(csvOf(head, [good(1), { name: '王建国', unit: '南京大学', specialties: '数字治理类', region_code: '320106', mobile: '13951000099' }]),
    'a.csv', 'text/csv', ['rows.3.name']);
  await refused(csvOf(head, [{ ...rows[2] }, good(2)]), 'a.csv', 'text/csv', ['rows.2.name']);
  await refused(csvOf(head, [good(1), good(2), { ...good(1), mobile: '13951000177' }]), 'a.csv', 'text/csv', ['rows.4.name']);
  await refused(csvOf(head, [good(1), { ...good(2), username: 'demo_expert', password: EXPERT_PW }]), 'a.csv', 'text/csv', ['rows.3.username']);
  // the same bad row in an XLSX
  await refused(xlsxOf(head, [good(1), { ...good(2), mobile: '1395100' }]), 'a.xlsx', XLSX_TYPE, ['rows.3.mobile']);
  // not the template: 422 on the file
  const noMobile = Buffer.from(`姓名,工作单位,专业领域,所在地区\r\n${good(1).name},扬州大学,数字治理类,扬州市\r\n`);
  const e = assertError(await importFile(noMobile, 'a.csv', 'text/csv'), 422, 'validation_failed', ['file']);
  assert.match(e.fields.file, /手机号/);
  assertError(await importFile(Buffer.alloc(0), 'a.csv', 'text/csv'), 422, 'validation_failed', ['file']);
  assert.equal((await pool()).length, size + 3);

  // an XLSX with two good rows, the mobile numbers as numbers
  assert.deepEqual(await ok(await importFile(xlsxOf(head, [good(1), good(2)]), '专家名单.xlsx', XLSX_TYPE), 201), { created: 2 });
  const now = await pool();
  assert.equal(now.length, size + 5);
  const one = now.find((x) => x.name === '批量专家1');
  assert.equal(one.mobile, '13951000101');
  assert.equal(one.region_code, '321000');
  assert.deepEqual(one.specialties, ['governance']);
});

test('assigning by hand: a specialist, active, without a conflict, once; the first moves formal_passed to expert_review and the expert is told', async () => {
  const post = (application_id, expert_id) => M.admin.post(`${V1}/assignments`, { application_id, expert_id });
  const before = await stateOf(M.admin, M.id.xinghuo);
  // 陈静怡 reviews livelihood only; the application is economy
  assertError(await post(M.id.xinghuo, M.e('陈静怡').id), 422, 'validation_failed', { expert_id: /专业/ });
  // an economy specialist, deactivated (the experts test)
  assertError(await post(M.id.xinghuo, M.inactive.id), 422, 'validation_failed', { expert_id: /停用/ });
  assertError(await post(M.id.xinghuo, 999999), 422, 'validation_failed', ['expert_id']);
  assertError(await post(999999, M.e('孙强').id), 422, 'validation_failed', ['application_id']);
  assertError(await M.admin.post(`${V1}/assignments`, { application_id: M.id.xinghuo }), 422, 'validation_failed', ['expert_id']);
  // already on it (the draw put 孙强 there)
  assert.ok((await assignmentsOf(`?application_id=${M.id.xinghuo}`)).some((a) => a.expert_id === M.e('孙强').id));
  assertError(await post(M.id.xinghuo, M.e('孙强').id), 409, 'conflict');
  assert.equal(await stateOf(M.admin, M.id.xinghuo), before);
  // not through the formal check: 409
  for (const k of ['xinlian', 'txjz', 'yunfan']) assertError(await post(M.id[k], M.e('张伟').id), 409, 'conflict');

  // the first expert of the application that passed: it enters expert review; the expert is told
  const jstx = await ok(await M.admin.get(`${V1}/applications/${M.id.jstx}`));
  assert.equal(jstx.status, 'formal_passed');
  assert.deepEqual(await assignmentsOf(`?application_id=${M.id.jstx}`), []);
  const seenBefore = (await notifications(M.expert)).length;
  const first = await ok(await post(M.id.jstx, M.e('孙强').id), 201);
  assert.equal(first.application_id, M.id.jstx);
  assert.equal(first.expert_id, M.e('孙强').id);
  assert.equal(first.status, 'assigned');
  assert.equal(first.total, null);
  assert.equal(first.submitted_at, null);
  assert.equal(first.draw_id, null, 'by hand, not by a draw');
  const entered = await ok(await M.admin.get(`${V1}/applications/${M.id.jstx}`));
  assert.equal(entered.status, 'expert_review');
  assert.deepEqual(entered.history.filter((h) => h.action === 'assign').map((h) => [h.from, h.to]), [['formal_passed', 'expert_review']]);
  const told = (await notifications(M.expert)).slice(0, (await notifications(M.expert)).length - seenBefore);
  assert.equal(told.length, 1, JSON.stringify(told));
  assert.equal(told[0].kind, 'assigned');
  assert.equal(told[0].application_id, M.id.jstx, 'the notice leads to the application');
  assert.ok(told[0].body.includes(NAMES.jstx), told[0].body);
  assert.ok((await applications(M.expert)).some((a) => a.id === M.id.jstx), 'the expert now sees it');
  // a second: the status stays, no second status change in the history
  const second = await ok(await post(M.id.jstx, M.e('张伟').id), 201);
  const still = await ok(await M.admin.get(`${V1}/applications/${M.id.jstx}`));
  assert.equal(still.status, 'expert_review');
  assert.equal(still.history.filter((h) => h.action === 'assign').length, 1);
  // taken off while not submitted; a submitted one stays (409)
  assert.equal((await M.admin.del(`${V1}/assignments/${second.id}`)).status, 204);
  assertError(await M.admin.get(`${V1}/assignments/${second.id}`), 404, 'not_found');
  assert.deepEqual((await assignmentsOf(`?application_id=${M.id.jstx}`)).map((a) => a.id), [first.id]);
  const done = (await assignmentsOf()).find((a) => a.status === 'submitted');
  assertError(await M.admin.del(`${V1}/assignments/${done.id}`), 409, 'conflict');
  assert.ok((await assignmentsOf()).some((a) => a.id === done.id));
  M.onJstx = first;
});

test('scores: each criterion 0 … its maximum with two decimals, submit needs all and a comment, submitted is final; the office reopens it (the expert is told) and the expert resubmits; nobody else writes it', async () => {
  const mine = (await ok(await M.expert.get(`${V1}/assignments`))).items;
  const a = mine.find((x) => x.status === 'assigned' && x.application_id !== M.id.jstx);
  assert.ok(a, 'demo_expert has one not begun');
  const put = (body, c = M.expert, id = a.id) => c.put(`${V1}/assignments/${id}/score`, body);
  const [c1, c2, c3, c4] = rubric.map((r) => r.code);
  const max = Object.fromEntries(rubric.map((r) => [r.code, r.max]));
  // out of range, three decimals, not a number, unknown criterion: each named
  for (const [criteria, key] of [
    [{ [c1]: max[c1] + 0.01 }, c1], [{ [c1]: -0.01 }, c1], [{ [c2]: 12.345 }, c2], [{ [c3]: '12' }, c3], [{ bogus: 1 }, 'bogus'],
    [{ [c4]: max[c4] + 1 }, c4],
  ]) {
    assertError(await put({ criteria, comment: '', submit: false }), 422, 'validation_failed', [`criteria.${key}`]);
  }
  assert.equal((await ok(await M.expert.get(`${V1}/assignments/${a.id}`))).status, 'assigned', 'nothing saved');
  // the bounds themselves are fine; a draft may have some
  const draft = await ok(await put({ criteria: { [c1]: max[c1], [c2]: 0 }, comment: '', submit: false }));
  assert.equal(draft.status, 'draft');
  assert.equal(draft.total, max[c1]);
  assert.deepEqual(draft.criteria, { [c1]: max[c1], [c2]: 0, [c3]: null, [c4]: null });
  // submit: every criterion and a comment
  const missing = assertError(await put({ criteria: { [c1]: 26.5, [c2]: 21.25 }, comment: '意见', submit: true }), 422, 'validation_failed',
    [`criteria.${c3}`, `criteria.${c4}`]);
  assert.ok(!(`criteria.${c1}` in missing.fields));
  const full = { [c1]: 26.5, [c2]: 21.25, [c3]: 19.75, [c4]: 16.05 };
  assertError(await put({ criteria: full, comment: '', submit: true }), 422, 'validation_failed', ['comment']);
  assertError(await put({ criteria: full, comment: '  \n', submit: true }), 422, 'validation_failed', ['comment']);
  assert.equal((await ok(await M.expert.get(`${V1}/assignments/${a.id}`))).status, 'draft');
  const comment = '项目方案完整，国产化程度较高，建议加强推广。';
  const sub = await ok(await put({ criteria: full, comment, submit: true }));
  assert.equal(sub.status, 'submitted');
  assert.equal(sub.total, 83.55);
  assert.deepEqual(sub.criteria, full);
  assert.equal(sub.comment, comment);
  assert.match(sub.submitted_at, /^2023-07-15T10:00:00\+08:00$/);
  // final: no change, no conflict declared now
  assertError(await put({ criteria: { ...full, [c1]: 20 }, comment, submit: true }), 409, 'conflict');
  assertError(await put({ criteria: full, comment, submit: false }), 409, 'conflict');
  assertError(await M.expert.post(`${V1}/assignments/${a.id}/conflict`, { reason: '想起来了' }), 409, 'conflict');
  // nobody else writes it: the office (403, not its role), another expert (404, not its sheet)
  assertError(await put({ criteria: full, comment, submit: false }, M.admin), 403, 'forbidden');
  assertError(await put({ criteria: full, comment, submit: false }, M.wangjg), 404, 'not_found');
  assertError(await M.wangjg.post(`${V1}/assignments/${a.id}/conflict`, { reason: '测试' }), 404, 'not_found');
  assertError(await M.wangjg.get(`${V1}/assignments/${a.id}`), 404, 'not_found');
  assert.equal((await ok(await M.admin.get(`${V1}/assignments/${a.id}`))).total, 83.55);

  // the office reopens it with a reason: a draft again, the expert is told, and resubmits
  assertError(await M.admin.post(`${V1}/assignments/${a.id}/reopen`, {}), 422, 'validation_failed', ['reason']);
  assertError(await M.expert.post(`${V1}/assignments/${a.id}/reopen`, { reason: '自己退回' }), 403, 'forbidden');
  const why = '第三项评分与评审意见不一致，请复核';
  assert.equal(sub.reopened, null, 'never sent back yet');
  const reopened = await ok(await M.admin.post(`${V1}/assignments/${a.id}/reopen`, { reason: why }));
  assert.equal(reopened.status, 'draft');
  assert.equal(reopened.submitted_at, null);
  // the expert's page can say why (and when) while it is a draft again
  const mineNow = await ok(await M.expert.get(`${V1}/assignments/${a.id}`));
  assert.equal(mineNow.reopened.reason, why);
  assert.match(mineNow.reopened.at, /^2023-07-15T10:00:00\+08:00$/);
  // a save from a page that read an older version (another tab) is 409 with the current version, not a silent overwrite
  const stale = assertError(await put({ criteria: full, comment, submit: false, version: sub.version }), 409, 'conflict');
  assert.equal(stale.current_version, mineNow.version);
  assertError(await M.expert.put(`${V1}/assignments/${a.id}/score`, { criteria: full, comment, submit: false }, { headers: { 'If-Match': `"v${sub.version}"` } }), 409, 'conflict');
  assert.deepEqual((await ok(await M.expert.get(`${V1}/assignments/${a.id}`))).criteria, full, 'the stale saves changed nothing');
  assertError(await put({ criteria: full, comment, submit: false, version: 'v3' }), 422, 'validation_failed', ['version']);
  assert.deepEqual(reopened.criteria, full, 'the points stay');
  assertError(await M.admin.post(`${V1}/assignments/${a.id}/reopen`, { reason: why }), 409, 'conflict');
  const told = (await notifications(M.expert)).filter((n) => n.kind === 'score_reopened');
  assert.equal(told.length, 1);
  assert.ok(told[0].body.includes(why) && told[0].body.includes(a.application.project_name), told[0].body);
  const again = await ok(await put({ criteria: { ...full, [c3]: 18 }, comment, submit: true, version: mineNow.version }));
  assert.equal(again.status, 'submitted');
  assert.equal(again.total, 81.8);
  assert.equal(again.reopened, null, 'submitted again: nothing left to say');
  M.scored = again;
});

test('an expert sees its own assignments and applications only, never another\'s scores; a declared conflict takes the application away and the pair becomes a conflict', async () => {
  const own = (await ok(await M.expert.get(`${V1}/assignments`))).items;
  const expertId = M.e('孙强').id;
  assert.ok(own.length > 0 && own.every((a) => a.expert_id === expertId));
  assert.deepEqual(own.map((a) => a.id).sort((x, y) => x - y), (await assignmentsOf(`?expert_id=${expertId}`)).map((a) => a.id).sort((x, y) => x - y));
  for (const a of own) {
    assert.ok(!('expert_name' in a) && !('draw_id' in a), 'an expert is not shown who drew it or names');
  }
  // per application: the office sees all five, the expert its own
  const app = M.id.xinghuo;
  assert.equal((await assignmentsOf(`?application_id=${app}`)).length, 5);
  const asked = (await ok(await M.expert.get(`${V1}/assignments?application_id=${app}`))).items;
  assert.deepEqual(asked.map((a) => a.expert_id), [expertId]);
  const wang = M.e('王建国').id;
  assert.deepEqual((await ok(await M.expert.get(`${V1}/assignments?expert_id=${wang}`))).items, []);
  const others = (await assignmentsOf()).filter((a) => a.expert_id !== expertId);
  for (const a of others.slice(0, 10)) assertError(await M.expert.get(`${V1}/assignments/${a.id}`), 404, 'not_found');
  // its applications: exactly the ones it is on; any other in expert review is 404
  const active = own.filter((a) => a.status !== 'conflict_declared').map((a) => a.application_id).sort((x, y) => x - y);
  assert.deepEqual((await applications(M.expert)).map((a) => a.id).sort((x, y) => x - y), active);
  const reviewed = (await applications(M.admin)).filter((a) => a.status === 'expert_review' && !active.includes(a.id));
  assert.ok(reviewed.length > 0);
  for (const a of reviewed) assertError(await M.expert.get(`${V1}/applications/${a.id}`), 404, 'not_found');
  for (const a of active) {
    const full = await ok(await M.expert.get(`${V1}/applications/${a}`));
    assert.deepEqual(full.allowed_actions, []);
  }

  // a declared conflict: a reason is needed; the assignment leaves, the application with it
  const draft = own.find((a) => a.status === 'draft');
  assert.ok(draft, 'demo_expert has a draft');
  assertError(await M.expert.post(`${V1}/assignments/${draft.id}/conflict`, { reason: ' ' }), 422, 'validation_failed', ['reason']);
  const reason = '本人曾为该项目提供技术咨询';
  const declared = await ok(await M.expert.post(`${V1}/assignments/${draft.id}/conflict`, { reason }));
  assert.equal(declared.status, 'conflict_declared');
  assertError(await M.expert.post(`${V1}/assignments/${draft.id}/conflict`, { reason }), 409, 'conflict');
  assertError(await M.expert.get(`${V1}/applications/${draft.application_id}`), 404, 'not_found');
  assert.ok(!(await applications(M.expert)).some((a) => a.id === draft.application_id));
  const k = (await ok(await M.admin.get(`${CY}/conflicts`))).items.filter((x) => x.application_id === draft.application_id && x.expert_id === expertId);
  assert.deepEqual(k.map((x) => [x.reason, x.detail]), [['declared', reason]]);
  // the office cannot take a declared conflict back (only its own marks)
  assertError(await M.admin.del(`${CY}/conflicts/${k[0].mark_id}`), 404, 'not_found');
  assert.equal((await ok(await M.admin.get(`${CY}/conflicts`))).items.filter((x) => x.reason === 'declared').length, 1);
  // and may not be assigned again
  const again = await M.admin.post(`${V1}/assignments`, { application_id: draft.application_id, expert_id: expertId });
  assert.equal(assertError(again, 409, 'conflict').reason, 'declared');
});

test('ranking: each project\'s expert score is the contract\'s trimmed mean of its submitted totals; ties share a rank; unranked last; calibrated beside', async () => {
  const check = async () => {
    const r = await ok(await M.admin.get(`${CY}/ranking`));
    assert.equal(r.trim_from, trimFrom);
    const all = await applications(M.admin);
    const inReview = all.filter((a) => a.status === 'expert_review').map((a) => a.id).sort((x, y) => x - y);
    assert.deepEqual(r.items.map((i) => i.application_id).sort((x, y) => x - y), inReview, 'every application in expert review, no other');
    const asg = await assignmentsOf();
    for (const i of r.items) {
      const mine = asg.filter((a) => a.application_id === i.application_id && a.status !== 'conflict_declared');
      const totals = mine.filter((a) => a.status === 'submitted').map((a) => a.total);
      assert.deepEqual([...i.expert_scores].sort((x, y) => x - y), [...totals].sort((x, y) => x - y), `${i.project_name}: its submitted totals`);
      assert.deepEqual(i.scores, { submitted: totals.length, expected: mine.length });
      assert.equal(i.defense_score, null);
      assert.equal(i.comprehensive_score, null);
      if (totals.length) {
        assert.equal(i.expert_score, trimmedMean(totals, trimFrom), `${i.project_name}: ${totals}`);
        assert.equal(typeof i.calibrated_score, 'number');
      } else {
        assert.equal(i.expert_score, null);
        assert.equal(i.calibrated_score, null);
        assert.equal(i.rank_overall, 0);
        assert.equal(i.rank_in_category, 0);
      }
    }
    const ranked = r.items.filter((i) => i.expert_score !== null);
    // ranked first, best first; the unranked after them
    assert.deepEqual(r.items.slice(0, ranked.length), ranked);
    for (let k = 1; k < ranked.length; k++) assert.ok(ranked[k - 1].expert_score >= ranked[k].expert_score);
    for (const i of ranked) {
      const above = ranked.filter((j) => j.expert_score > i.expert_score);
      const same = ranked.filter((j) => j !== i && j.expert_score === i.expert_score);
      assert.equal(i.rank_overall, above.length + 1, `${i.project_name} overall`);
      assert.equal(i.tied_overall, same.length > 0);
      const cat = ranked.filter((j) => j.category === i.category);
      assert.equal(i.rank_in_category, cat.filter((j) => j.expert_score > i.expert_score).length + 1, `${i.project_name} in its category`);
      assert.equal(i.tied_in_category, cat.some((j) => j !== i && j.expert_score === i.expert_score));
    }
    // the calibrated score is shown beside, never instead: it differs somewhere, the expert score stays the rule's
    assert.ok(ranked.some((i) => i.calibrated_score !== i.expert_score));
    return r;
  };
  // the application assigned by hand has no score yet: unranked, last
  let r = await check();
  const jstx = r.items.find((i) => i.application_id === M.id.jstx);
  assert.equal(jstx.expert_score, null);
  assert.equal(r.items.at(-1), jstx);
  assert.ok(r.items.some((i) => i.scores.submitted >= trimFrom), 'a project with enough scores to be trimmed');
  assert.ok(r.items.some((i) => i.scores.submitted > 0 && i.scores.submitted < trimFrom), 'and one with the plain mean');
  // its one score is exactly another infrastructure project's expert score: they share a rank
  const other = r.items.find((i) => i.category === jstx.category && i.expert_score !== null);
  const sheet = criteriaFor(rubric, other.expert_score);
  await ok(await M.expert.put(`${V1}/assignments/${M.onJstx.id}/score`, { criteria: sheet, comment: '与同类项目水平相当。', submit: true }));
  r = await check();
  const a = r.items.find((i) => i.application_id === M.id.jstx);
  const b = r.items.find((i) => i.application_id === other.application_id);
  assert.equal(a.expert_score, other.expert_score);
  assert.equal(a.rank_overall, b.rank_overall);
  assert.equal(a.rank_in_category, b.rank_in_category);
  assert.ok(a.tied_overall && b.tied_overall && a.tied_in_category && b.tied_in_category);
  const next = r.items.filter((i) => i.expert_score !== null && i.expert_score < a.expert_score);
  if (next.length) assert.ok(next[0].rank_overall >= a.rank_overall + 2, 'the rank after a tie is skipped');
  // each expert: corrected with a bias, or not, and why in words (its shared projects against min_overlap)
  for (const e of r.experts) {
    assert.ok(e.overlap_fitted <= e.overlap, JSON.stringify(e));
    if (e.corrected) {
      assert.equal(typeof e.bias, 'number');
      assert.ok(e.overlap_fitted >= r.min_overlap);
      assert.equal(e.not_corrected_because, null);
    } else {
      assert.equal(e.bias, null);
      assert.ok(e.overlap_fitted < r.min_overlap);
      assert.match(e.not_corrected_because, new RegExp(`仅 ${e.overlap < r.min_overlap ? e.overlap : e.overlap_fitted} 个（至少 ${r.min_overlap} 个才校准）`));
    }
  }
  assert.ok(r.experts.some((e) => e.corrected) && r.experts.some((e) => !e.corrected), 'the demo has both');
  assertError(await M.admin.get(`${V1}/campaigns/2099/ranking`), 404, 'not_found');
});

test('progress and reminders: counts per expert and project; reminders reach the experts with scores to submit, not those done', async () => {
  // one expert with an account who has submitted everything, one who has not begun
  const make = async (name, username, spec) => (await ok(await M.admin.post(`${V1}/experts`, {
    name, unit: '江南大学', specialties: [spec], region_code: '320200', mobile: '13951000201', username, password: EXPERT_PW,
  }), 201));
  const done = await make('沈一鸣', 'expert_shenym', 'infrastructure');
  const todo = await make('沈二鸣', 'expert_shenem', 'infrastructure');
  for (const x of [done, todo]) await ok(await M.admin.post(`${V1}/assignments`, { application_id: M.id.jstx, expert_id: x.id }), 201);
  const doneC = await signIn(main, 'expert_shenym', EXPERT_PW);
  const todoC = await signIn(main, 'expert_shenem', EXPERT_PW);
  const [mine] = (await ok(await doneC.get(`${V1}/assignments`))).items;
  await ok(await doneC.put(`${V1}/assignments/${mine.id}/score`, { criteria: criteriaFor(rubric, 80), comment: '同意推荐。', submit: true }));

  const p = await ok(await M.admin.get(`${CY}/review-progress`));
  const asg = (await assignmentsOf()).filter((a) => a.status !== 'conflict_declared');
  const experts = await pool();
  const withWork = experts.filter((x) => asg.some((a) => a.expert_id === x.id));
  assert.deepEqual(p.experts.map((x) => x.expert_id).sort((a, b) => a - b), withWork.map((x) => x.id).sort((a, b) => a - b));
  for (const x of p.experts) {
    const hers = asg.filter((a) => a.expert_id === x.expert_id);
    assert.equal(x.assigned, hers.length, x.name);
    assert.equal(x.submitted, hers.filter((a) => a.status === 'submitted').length, x.name);
    assert.equal(x.draft, hers.filter((a) => a.status === 'draft').length, x.name);
    assert.equal(x.has_account, experts.find((e) => e.id === x.expert_id).username !== null);
    const touched = hers.filter((a) => a.status !== 'assigned');
    if (!touched.length) assert.equal(x.last_activity, null, `${x.name}: nothing begun`);
    else assert.match(x.last_activity, /^2023-07-\d\dT\d\d:\d\d:\d\d\+08:00$/);
  }
  const inReview = (await applications(M.admin)).filter((a) => a.status === 'expert_review');
  assert.deepEqual(p.projects.map((x) => x.application_id).sort((a, b) => a - b), inReview.map((a) => a.id).sort((a, b) => a - b));
  for (const x of p.projects) {
    const its = asg.filter((a) => a.application_id === x.application_id);
    assert.equal(x.expected, its.length);
    assert.equal(x.submitted, its.filter((a) => a.status === 'submitted').length);
  }
  assert.deepEqual(p.totals, { assignments: asg.length, submitted: asg.filter((a) => a.status === 'submitted').length });

  // reminders: to every expert with an account and something open
  const open = (id) => asg.some((a) => a.expert_id === id && a.status !== 'submitted');
  const due = experts.filter((x) => x.username && open(x.id));
  assert.ok(due.some((x) => x.id === todo.id) && !due.some((x) => x.id === done.id));
  const count = async (c) => (await notifications(c)).filter((n) => n.kind === 'review_reminder').length;
  const clients = { expert_shenym: doneC, expert_shenem: todoC, demo_expert: M.expert, expert_wangjg: M.wangjg, expert_liuyang: M.liuyang };
  const was = Object.fromEntries(await Promise.all(Object.entries(clients).map(async ([u, c]) => [u, await count(c)])));
  assert.deepEqual(await ok(await M.admin.post(`${CY}/review-reminders`, {})), { reminded: due.length });
  for (const [u, c] of Object.entries(clients)) {
    const x = experts.find((e) => e.username === u);
    assert.equal(await count(c), was[u] + (open(x.id) ? 1 : 0), `${u}: reminded only with scores to submit`);
  }
  const note = (await notifications(todoC)).find((n) => n.kind === 'review_reminder');
  assert.ok(hasChinese(note.title) && note.body.includes('1 个'), note.body);
  // only the ones named
  assert.deepEqual(await ok(await M.admin.post(`${CY}/review-reminders`, { expert_ids: [todo.id, done.id] })), { reminded: 1 });
  assert.equal(await count(todoC), was.expert_shenem + 2);
  assert.equal(await count(doneC), was.expert_shenym);
  assertError(await M.admin.post(`${CY}/review-reminders`, { expert_ids: 'all' }), 422, 'validation_failed', ['expert_ids']);
});

test('score-sheet.pdf: the office and the assigned expert have it, another expert 404; the expert\'s name on the office\'s copy only; ranking.xlsx is a workbook of the ranking', async () => {
  const a = M.scored; // demo_expert's, submitted (81.8)
  const path = `${V1}/assignments/${a.id}/score-sheet.pdf`;
  const office = await download(M.admin, path);
  assert.equal(office.status, 200, office.text);
  assert.equal(header(office, 'content-type'), 'application/pdf');
  assert.equal(office.body.subarray(0, 5).toString(), '%PDF-');
  const officeText = pdfText(office.body);
  const own = await download(M.expert, path);
  assert.equal(own.status, 200, own.text);
  assert.equal(header(own, 'content-type'), 'application/pdf');
  const ownText = pdfText(own.body);
  const squeeze = (s) => s.replace(/\s+/g, '');
  for (const t of [officeText, ownText]) {
    assert.ok(squeeze(t).includes(squeeze(a.application.project_name)), 'the project');
    assert.ok(t.includes('81.80'), 'the total as saved');
  }
  assert.ok(squeeze(officeText).includes('孙强'), 'the office\'s copy names the expert');
  assert.ok(!squeeze(ownText).includes('孙强'), 'the expert\'s own copy does not');
  assertError(await M.wangjg.get(path), 404, 'not_found');
  assertError(await M.admin.get(`${V1}/assignments/999999/score-sheet.pdf`), 404, 'not_found');
  const blank = await download(M.expert, `${path}?blank=1`);
  assert.equal(blank.status, 200);
  const blankText = pdfText(blank.body);
  assert.ok(squeeze(blankText).includes(squeeze(a.application.project_name)));
  assert.ok(!blankText.includes('81.80'), 'blank: no points');

  const x = await download(M.admin, `${CY}/ranking.xlsx`);
  assert.equal(x.status, 200, x.text);
  assert.equal(header(x, 'content-type'), XLSX_TYPE);
  assert.equal(dispositionFilename(header(x, 'content-disposition')), '评审结果-2023.xlsx');
  assert.equal(x.body.subarray(0, 2).toString(), 'PK');
  // LibreOffice reads it: the ranking in the ranking's order with the expert scores, every expert's sheet
  const sheets = xlsxSheets(x.body);
  assert.deepEqual(Object.keys(sheets).sort(), ['专家', '专家评分明细', '排名'].sort());
  const rows = sheets['排名'];
  const head = rows.findIndex((r) => r[0] === '总排名');
  assert.ok(head > 0, 'the ranking\'s header');
  const col = (name) => rows[head].findIndex((c) => c.replace(/\s+/g, '').startsWith(name));
  const ranking = await ok(await M.admin.get(`${CY}/ranking`));
  const body = rows.slice(head + 1).filter((r) => r[col('项目名称')]);
  assert.deepEqual(body.map((r) => r[col('项目名称')]), ranking.items.map((i) => i.project_name));
  for (const [k, i] of ranking.items.entries()) {
    const r = body[k];
    if (i.expert_score === null) continue;
    assert.equal(Number(r[col('专家评分')]), i.expert_score, i.project_name);
    assert.equal(Number(r[col('总排名')]), i.rank_overall, i.project_name);
  }
  const detail = sheets['专家评分明细'].map((r) => r.join('|')).join('\n');
  assert.ok(detail.includes('孙强') && detail.includes(a.application.project_name), 'every expert\'s points, by name, for the office');
  assertError(await M.expert.get(`${CY}/ranking.xlsx`), 403, 'forbidden');
});

// ---- the draw, each on its own copy of the demo -------------------------------------------------

async function drawServer() {
  const s = await demoServer(T_OPEN);
  if (!rubric.length) rubric.push(...(await ok(await s.client().get(CY))).evaluation.rubric);
  return { s, admin: await signIn(s, 'demo_admin') };
}
const active = (items) => items.filter((a) => a.status !== 'conflict_declared');

test('the draw fills the application that passed to five specialists with no conflict, only the gaps; the same seed on the same data gives the same draw', async () => {
  const runs = [];
  for (let i = 0; i < 2; i++) {
    const { s, admin } = await drawServer();
    const all = await applications(admin);
    const jstx = byName(all, NAMES.jstx);
    const experts = (await ok(await admin.get(`${V1}/experts`))).items;
    const before = (await ok(await admin.get(`${V1}/assignments`))).items;
    const r = await ok(await admin.post(`${CY}/assignments/auto`, { per_project: 5, seed: 'evaluation-test' }));
    assert.equal(r.seed, 'evaluation-test');
    assert.equal(r.created, 5, 'the twelve had five each: only the one that passed gets experts');
    assert.deepEqual(r.unassigned, []);
    const after = (await ok(await admin.get(`${V1}/assignments`))).items;
    const made = after.filter((a) => !before.some((b) => b.id === a.id));
    assert.equal(made.length, 5);
    assert.ok(made.every((a) => a.application_id === jstx.id && a.status === 'assigned' && a.draw_id === r.draw_id));
    const conflicts = (await ok(await admin.get(`${CY}/conflicts`))).items;
    for (const a of made) {
      const e = experts.find((x) => x.id === a.expert_id);
      assert.ok(e.active && e.specialties.includes(jstx.category), `${e.name} is an active specialist of ${jstx.category}`);
      assert.ok(!conflicts.some((k) => k.expert_id === e.id && k.application_id === jstx.id));
    }
    assert.equal(new Set(made.map((a) => a.expert_id)).size, 5);
    assert.equal((await ok(await admin.get(`${V1}/applications/${jstx.id}`))).status, 'expert_review');
    // recorded with its seed
    const draws = (await ok(await admin.get(`${CY}/draws`))).items;
    assert.deepEqual([draws[0].id, draws[0].seed, draws[0].created, draws[0].per_project], [r.draw_id, 'evaluation-test', 5, 5]);
    assert.equal(draws.length, 2, 'the demo\'s and this one');
    // nothing left to fill: a second run creates nothing
    const again = await ok(await admin.post(`${CY}/assignments/auto`, { seed: 'evaluation-test-2' }));
    assert.equal(again.created, 0);
    runs.push({ s, admin, jstx, pairs: made.map((a) => a.expert_id).sort((x, y) => x - y) });
  }
  assert.deepEqual(runs[0].pairs, runs[1].pairs, 'the same seed on the same data');

  // an expert declares a conflict: the re-run fills exactly that gap, with someone else
  const { s, admin, jstx } = runs[0];
  const expert = await signIn(s, 'demo_expert');
  const open = (await ok(await expert.get(`${V1}/assignments`))).items.find((a) => a.status === 'assigned');
  await ok(await expert.post(`${V1}/assignments/${open.id}/conflict`, { reason: '曾参与该项目的方案论证' }));
  const before = active((await ok(await admin.get(`${V1}/assignments?application_id=${open.application_id}`))).items);
  assert.equal(before.length, 4);
  const r = await ok(await admin.post(`${CY}/assignments/auto`, { seed: 'refill' }));
  assert.equal(r.created, 1);
  assert.deepEqual(r.unassigned, []);
  const now = active((await ok(await admin.get(`${V1}/assignments?application_id=${open.application_id}`))).items);
  assert.equal(now.length, 5);
  const added = now.filter((a) => !before.some((b) => b.id === a.id));
  assert.equal(added.length, 1);
  assert.notEqual(added[0].expert_id, open.expert_id, 'never the expert who declared');
  assert.equal((await ok(await admin.post(`${CY}/assignments/auto`, { seed: 'refill-2' }))).created, 0);
  assert.equal(active((await ok(await admin.get(`${V1}/assignments?application_id=${jstx.id}`))).items).length, 5);
});

test('the draw reports what it cannot fill: too few specialists, none at all; bad input 422', async () => {
  const { admin } = await drawServer();
  assertError(await admin.post(`${CY}/assignments/auto`, { per_project: 0 }), 422, 'validation_failed', ['per_project']);
  assertError(await admin.post(`${CY}/assignments/auto`, { per_project: 21 }), 422, 'validation_failed', ['per_project']);
  assertError(await admin.post(`${CY}/assignments/auto`, { seed: '' }), 422, 'validation_failed', ['seed']);
  assertError(await admin.post(`${CY}/assignments/auto`, { seed: 's'.repeat(65) }), 422, 'validation_failed', ['seed']);
  assertError(await admin.post(`${V1}/campaigns/2099/assignments/auto`, {}), 404, 'not_found');
  assert.equal((await ok(await admin.get(`${CY}/draws`))).items.length, 1, 'the refused ones drew nothing');
  // nobody left for infrastructure: every specialist of it made inactive
  const experts = (await ok(await admin.get(`${V1}/experts`))).items;
  for (const e of experts.filter((x) => x.specialties.includes('infrastructure'))) {
    const { id, username, load, updated_at: u, region_name: rn, ...rest } = e;
    await ok(await admin.put(`${V1}/experts/${id}`, { ...rest, active: false }));
  }
  const all = await applications(admin);
  const jstx = byName(all, NAMES.jstx);
  const r = await ok(await admin.post(`${CY}/assignments/auto`, { seed: 'nobody' }));
  assert.equal(r.created, 0);
  assert.deepEqual(r.unassigned.map((u) => [u.application_id, u.reason, u.missing]), [[jstx.id, 'no_specialist', 5]]);
  assert.ok(hasChinese(r.unassigned[0].text));
  assert.equal((await ok(await admin.get(`${V1}/applications/${jstx.id}`))).status, 'formal_passed');
  // more than the pool can give: every application reported with what is missing
  const big = await ok(await admin.post(`${CY}/assignments/auto`, { per_project: 12, seed: 'too-many' }));
  const asg = active((await ok(await admin.get(`${V1}/assignments`))).items);
  const drawable = all.filter((a) => ['formal_passed', 'expert_review'].includes(a.status));
  assert.deepEqual(big.unassigned.map((u) => u.application_id).sort((a, b) => a - b), drawable.map((a) => a.id).sort((a, b) => a - b));
  for (const u of big.unassigned) {
    const have = asg.filter((a) => a.application_id === u.application_id).length;
    assert.equal(have, 12 - u.missing, `${u.application_id}: 12 − missing are there`);
    assert.ok(['too_few', 'no_specialist'].includes(u.reason) && hasChinese(u.text), JSON.stringify(u));
    // infrastructure has no active specialist left; the other categories have too few for 12
    const cat = all.find((a) => a.id === u.application_id).category;
    assert.equal(u.reason, cat === 'infrastructure' ? 'no_specialist' : 'too_few', `${u.application_id} (${cat})`);
  }
  assert.ok(big.created > 0);
  const recorded = (await ok(await admin.get(`${CY}/draws`))).items[0];
  assert.deepEqual([recorded.seed, recorded.per_project, recorded.created, recorded.unassigned.length],
    ['too-many', 12, big.created, big.unassigned.length]);
});

test('at the same moment: several draws fill the gap once; the same pair assigned twice, once; a formal check taken twice, once; a score submitted twice, once', async () => {
  const { s, admin } = await drawServer();
  const admins = [admin, await signIn(s, 'demo_admin'), await signIn(s, 'demo_admin')];
  const all = await applications(admin);
  const jstx = byName(all, NAMES.jstx);
  const draws = await Promise.all(admins.map((c, i) => c.post(`${CY}/assignments/auto`, { seed: `together-${i}` })));
  assert.deepEqual(draws.map((r) => r.status), [200, 200, 200]);
  assert.deepEqual(draws.map((r) => r.json.created).sort(), [0, 0, 5]);
  assert.equal(active((await ok(await admin.get(`${V1}/assignments?application_id=${jstx.id}`))).items).length, 5);
  // 周涛 (economy) is not on 梁溪区's economy project: three at once, one 201
  const xinghuo = byName(all, NAMES.xinghuo);
  const zhou = (await ok(await admin.get(`${V1}/experts`))).items.find((e) => e.name === '周涛');
  assert.ok(!(await ok(await admin.get(`${V1}/assignments?application_id=${xinghuo.id}`))).items.some((a) => a.expert_id === zhou.id));
  const pairs = await Promise.all(admins.map((c) => c.post(`${V1}/assignments`, { application_id: xinghuo.id, expert_id: zhou.id })));
  assert.deepEqual(pairs.map((r) => r.status).sort(), [201, 409, 409]);
  const xin = byName(all, NAMES.xinlian);
  const checks = await Promise.all(admins.map((c, i) => c.post(`${V1}/applications/${xin.id}/formal-check`,
    [{ result: 'pass' }, { result: 'fail', comment: '材料不全' }, { result: 'return', comment: '请补充' }][i])));
  assert.deepEqual(checks.map((r) => r.status).sort(), [200, 409, 409]);
  const won = checks.find((r) => r.status === 200).json.status;
  assert.equal((await ok(await admin.get(`${V1}/applications/${xin.id}`))).status, won);
  // demo_expert, from two tabs, submits its not begun sheet with two different totals: one is kept
  const tabs = [await signIn(s, 'demo_expert'), await signIn(s, 'demo_expert')];
  const open = (await ok(await tabs[0].get(`${V1}/assignments`))).items.find((a) => a.status === 'assigned');
  const subs = await Promise.all(tabs.map((c, i) => c.put(`${V1}/assignments/${open.id}/score`,
    { criteria: criteriaFor(rubric, 70 + i), comment: '同时提交。', submit: true })));
  assert.deepEqual(subs.map((r) => r.status).sort(), [200, 409]);
  const kept = subs.find((r) => r.status === 200).json.total;
  assert.equal((await ok(await admin.get(`${V1}/assignments/${open.id}`))).total, kept);
});
