// Documents people print, stamp and file: the 申报表 (form.pdf) and the 申报回执 (receipt.pdf).
// Each PDF is checked the way a person would: its text (pdftotext), its fonts (pdffonts: CJK,
// embedded), its structure (qpdf --check) and its page count (pdfinfo). Needs poppler-utils and qpdf.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Server } from '../lib/server.mjs';
import { assertError } from '../lib/api.mjs';
import {
  T_OPEN, completeForm, applicantWithDraft, readyToSubmit, createApp, newApplicant, uploadOk, pdfBytes, account,
  dispositionFilename,
} from '../lib/apps.mjs';

let server;
let dir;

before(async () => {
  server = await new Server({ now: T_OPEN }).start();
  dir = mkdtempSync(join(tmpdir(), 'shenbao-docs-'));
});
after(async () => {
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const path = (id) => `/api/v1/applications/${id}`;
let seq = 0;

// GET a PDF: asserts 200 application/pdf and returns {file, bytes, headers}.
async function getPdf(c, url) {
  const r = await c.get(url, { raw: true });
  const bytes = Buffer.from(await r.res.arrayBuffer());
  assert.equal(r.status, 200, `${url}: ${r.status} ${bytes.toString('utf8', 0, 300)}`);
  assert.equal(r.headers.get('content-type'), 'application/pdf');
  assert.equal(bytes.subarray(0, 5).toString('latin1'), '%PDF-');
  const file = join(dir, `doc-${++seq}.pdf`);
  writeFileSync(file, bytes);
  return { file, bytes, headers: r.headers };
}

const run = (cmd, args) => execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
const pages = (file) => Number(/^Pages:\s+(\d+)/m.exec(run('pdfinfo', [file]))[1]);
const squeeze = (s) => s.replace(/\s+/g, '');

// The text of a PDF twice: as laid out on the page (pdftotext -layout) and in the order it was drawn
// (-raw). A value is shown when either has it, whitespace aside: a short value reads the same in
// both; a wrapped one shares its printed lines with the label column beside it, so it reads whole
// only in drawing order, once the footer and the "…（续）" label that interrupt a value continued
// on the next page are cut out.
function pdfText(file) {
  return { layout: run('pdftotext', ['-layout', file, '-']), raw: run('pdftotext', ['-raw', file, '-']) };
}

// The labels of rows whose value may continue on the next page.
const CONTINUED = ['申报单位名称', '统一社会信用代码', '单位隶属', '单位地址', '主营业务（企业填报）', '联合申报单位', '申报单位概况',
  '申报项目名称', '起止时间', '项目建设地区', '申报项目基本情况', '项目成效'].map((l) => `${l}（续）`);

function joined(raw) {
  let s = squeeze(raw).replace(/申报编号：(?:[A-Z0-9-]+|未提交（草稿）)|第\d+页共\d+页/g, '');
  for (const l of CONTINUED) s = s.split(l).join('');
  return s;
}

function assertShows(t, values, what) {
  const layout = squeeze(t.layout), raw = joined(t.raw);
  for (const v of values) {
    if (v === '' || v === null || v === undefined) continue;
    const want = squeeze(String(v));
    assert.ok(layout.includes(want) || raw.includes(want), `${what}: "${v}" not in the PDF text`);
  }
}

// pdffonts: every font embedded, and CJK ones among them.
function assertFonts(file) {
  const rows = run('pdffonts', [file]).split('\n').slice(2).filter((l) => l.trim());
  assert.ok(rows.length > 0, 'fonts');
  for (const row of rows) {
    const cols = row.trim().split(/\s+/);
    // name type... encoding emb sub uni object ID: emb is the 5th column from the end
    assert.equal(cols[cols.length - 5], 'yes', `font not embedded: ${row}`);
  }
  assert.ok(rows.some((r) => /UMing|UKai|WenQuanYi|Noto\w*CJK|FangSong|SimHei|KaiTi|Song|Hei|Kai/i.test(r)),
    `no CJK font in:\n${rows.join('\n')}`);
}

function assertQpdf(file) {
  const r = spawnSync('qpdf', ['--check', file], { encoding: 'utf8' });
  assert.equal(r.status, 0, `qpdf --check: ${r.stdout}${r.stderr}`);
}

// A form with every option used: joint, all three honors, provincial funding, nature 其他, variant 3.
const FULL = {
  cover: {
    joint: true, partner_unit: '东南大学', partner_address: '南京市玄武区四牌楼 2 号', partner_postcode: '210096',
    partner_contact_name: '李华', partner_contact_mobile: '13912345679',
  },
  unit: {
    nature: 'other', nature_other: '民办非企业单位', joint_units: '东南大学（技术支撑单位）',
    honors: {
      high_tech: { level: 'national', year: 2021 }, tech_center: { level: 'provincial_municipal', year: 2020 },
      key_lab: { level: 'national', year: 2019 }, other: '2022 年南京市软件和信息服务业“十佳”企业',
    },
  },
  project: { provincial_funding: { month: '2022-09', fund_name: '省工业和信息产业转型升级专项资金', amount: 150.5 } },
  ownership: { variant: 3, partner_unit: '东南大学' },
};

test('form.pdf of a fully filled, submitted application: every value, every option ticked, its number', async () => {
  const d = await readyToSubmit(server, { form: FULL, enterprise: false });
  const s = await d.c.post(`${path(d.app.id)}/submit`);
  assert.equal(s.status, 200, s.text);
  const no = s.json.submission_no;
  const f = completeForm(d.reg, FULL);

  const { file, headers } = await getPdf(d.c, `${path(d.app.id)}/form.pdf`);
  assert.equal(dispositionFilename(headers.get('content-disposition')), `申报表-${no}.pdf`);
  assertQpdf(file);
  assertFonts(file);
  const n = pages(file);
  assert.ok(n >= 5 && n <= 6, `pages: ${n}`);
  const text = pdfText(file);

  // the cover, as the paper form
  assertShows(text, ['2023年智慧江苏重点工程申报表', '江苏省信息化领导小组办公室编制', '填报日期：2023年7月10日'], 'cover');
  assertShows(text, [f.cover.project_name, f.cover.applicant_unit, f.cover.address, f.cover.postcode,
    f.cover.project_leader, f.cover.contact_name, f.cover.contact_mobile, '☑是', '☐否', f.cover.partner_unit,
    f.cover.partner_address, f.cover.partner_postcode, f.cover.partner_contact_name, f.cover.partner_contact_mobile],
  'cover');
  assertShows(text, ['填报说明', '所填数据的统计截止日期为2022年12月31日'], '填报说明');

  // 表一
  const u = f.unit;
  assertShows(text, ['一、申报单位信息', u.name, u.credit_code, '县（市、区）属单位', u.legal_representative, '南京市玄武区',
    u.contact_name, u.contact_phone, u.address, u.main_business, u.joint_units, u.overview], '表一');
  assertShows(text, ['☐政府机关', '☐民营企业', '☐国有参股企业', '☑其他（请注明）：民办非企业单位'], '单位性质');
  assertShows(text, ['2020年3,560.25', '2021年4,120.80', '2022年5,236.50'], '近三年业务收入');
  assertShows(text, ['高新技术企业☑国家级／☐省市级授予年份：2021年', '企业技术中心☐国家级／☑省市级授予年份：2020年',
    '重点实验室☑国家级／☐省市级授予年份：2019年', `其他市级以上荣誉：${u.honors.other}`], '相关荣誉');

  // 表二, the declaration and the seal box
  const p = f.project;
  assertShows(text, ['二、申报项目信息', p.name, '2022年3月至2024年2月', '1,200.00万元', '860.50万元',
    '☐无', '☑有', '2022年9月获省工业和信息产业转型升级专项资金支持150.50万元', '☐数字基础设施类', '☐数字经济类',
    '☑数字治理类', '☐智慧民生类', p.basic_info, p.achievements], '表二');
  assertShows(text, ['真实性', '特此承诺：申报表中所填内容及附件均属实。若有虚假，本单位愿意承担由此产生的一切后果。',
    '年月日（签章）'], '真实性声明');

  // the ownership statement, variant 3, stamped by the applicant
  assertShows(text, ['项目权属及授权情况说明', '江苏省信息化领导小组办公室：',
    `兹有我单位与东南大学（单位）合作共同实施的${p.name}（项目），该项目所有权为双方共同所有，经双方议定由我单位将该项目申报2023年智慧江苏重点工程。`,
    '特此说明。', `${u.name}（盖章）`], '权属说明');
  assert.ok(!squeeze(text.layout).includes('兹有我单位建设实施的'), 'only the chosen variant');

  // every page: the number, 第 x 页 共 y 页, and no draft mark
  const sq = squeeze(text.layout);
  for (let i = 1; i <= n; i++) assert.ok(sq.includes(`第${i}页共${n}页`), `page ${i} footer`);
  assert.equal(sq.split(`申报编号：${no}`).length - 1, n, 'the number on every page');
  assert.ok(!sq.includes('草稿'), 'a submitted form has no draft mark');
});

test('form.pdf of a fresh draft: 草稿, 未提交, blanks, the prefilled unit', async () => {
  const { c, reg } = await newApplicant(server);
  const app = await createApp(c);
  const { file } = await getPdf(c, `${path(app.id)}/form.pdf`);
  assertQpdf(file);
  assertFonts(file);
  const n = pages(file);
  const text = pdfText(file);
  const sq = squeeze(text.layout);
  assertShows(text, [reg.unit_name, reg.credit_code, reg.contact_name, reg.contact_mobile, '2023年7月15日'], 'prefilled');
  assert.equal(sq.split('申报编号：未提交（草稿）').length - 1, n, '未提交（草稿） on every page');
  for (let i = 1; i <= n; i++) assert.ok(sq.includes(`第${i}页共${n}页`), `page ${i} footer`);
  // unanswered and unchosen: nothing ticked but 无 (no provincial funding is null, as in a fresh
  // draft), the four variants offered with their blanks
  assert.deepEqual(sq.match(/☑./g), ['☑无'], 'nothing else ticked in a fresh draft');
  assertShows(text, ['☐是', '☐否', '☐有', '☐数字治理类', '☐政府机关', '☐国家级／☐省市级授予年份：年',
    '1、兹有我单位建设实施的', '4、兹有我单位委托'], 'blanks');
  // the watermark, drawn diagonally on every page, reads as a 草 and a 稿 besides the footer's
  const raw = squeeze(text.raw);
  assert.ok(raw.split('草').length - 1 >= 2 * n && raw.split('稿').length - 1 >= 2 * n, 'a 草稿 watermark on every page');

  assertError(await c.get(`${path(app.id)}/receipt.pdf`), 409, 'conflict');
});

test('form.pdf of a complete draft (only the stamped scans missing) is printable without the 草稿 mark', async () => {
  // the applicant prints, stamps and uploads this copy before the first submission
  const d = await applicantWithDraft(server, { form: true });
  const { file } = await getPdf(d.c, `${path(d.app.id)}/form.pdf`);
  const n = pages(file);
  const text = pdfText(file);
  const sq = squeeze(text.layout);
  assert.equal(sq.split('申报编号：未提交').length - 1, n, '未提交 on every page');
  assert.ok(!sq.includes('草稿'), 'no 草稿 in the footer');
  const raw = squeeze(text.raw);
  assert.equal(raw.split('草').length - 1, 0, 'no 草稿 watermark');
  // one missing field makes it a draft again
  const form = completeForm(d.reg, { cover: { postcode: '' } });
  assert.equal((await d.c.put(path(d.app.id), form)).status, 200);
  const again = pdfText((await getPdf(d.c, `${path(d.app.id)}/form.pdf`)).file);
  assert.ok(squeeze(again.layout).includes('未提交（草稿）'));
});

const FILLER = '春夏秋冬东西南北金木水火土山川湖海风云雷电梅兰竹菊琴棋书画诗酒茶花江河湖泊日月星辰';
const long = (n) => FILLER.repeat(Math.ceil(n / FILLER.length)).slice(0, n);

test('form.pdf with the longest texts: 300/500/500 characters, names and addresses at their caps', async () => {
  const d = await applicantWithDraft(server);
  const name = long(100);
  const form = completeForm(d.reg, {
    ...FULL,
    cover: {
      ...FULL.cover, project_name: name, address: long(200), project_leader: long(50), contact_name: long(50),
      partner_unit: long(200), partner_address: long(200), partner_contact_name: long(50),
    },
    unit: {
      ...FULL.unit, legal_representative: long(50), contact_name: long(50), address: long(200), main_business: long(200),
      joint_units: long(500), overview: long(300), nature_other: long(50),
      honors: { ...FULL.unit.honors, other: long(200) },
    },
    project: {
      name, basic_info: long(500), achievements: long(500),
      provincial_funding: { ...FULL.project.provincial_funding, fund_name: long(100) },
    },
    ownership: { variant: 4, partner_unit: long(200) },
  });
  const r = await d.c.put(path(d.app.id), form);
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(Object.keys(r.json.problems).filter((k) => /overview|basic_info|achievements|address|name/.test(k)
    && !/^(cover\.applicant_unit|unit\.name)$/.test(k)), [], 'the texts are within their limits');

  const { file } = await getPdf(d.c, `${path(d.app.id)}/form.pdf`);
  assertQpdf(file);
  assertFonts(file);
  const n = pages(file);
  assert.ok(n >= 6 && n <= 10, `pages: ${n}`);
  // the cover stays one page: page 2 is the 填报说明
  const text = pdfText(file);
  assert.ok(squeeze(text.layout.split('\f')[1]).includes('填报说明'), 'the cover fits on page 1');

  const c = form.cover, u = form.unit, p = form.project;
  assertShows(text, [c.project_name, c.address, c.project_leader, c.contact_name, c.partner_unit, c.partner_address,
    c.partner_contact_name], 'cover');
  assertShows(text, [u.legal_representative, u.contact_name, u.address, u.main_business, u.joint_units, u.overview,
    u.nature_other, u.honors.other], '表一');
  assertShows(text, [p.name, p.basic_info, p.achievements, p.provincial_funding.fund_name], '表二');
  // variant 4 is the owner's: it names the applicant as the unit it commissioned, and the owner stamps it
  assertShows(text, [`兹有我单位委托${u.name}（单位）实施的${p.name}（项目），该项目所有权为我单位所有，现同意授权对方单位将该项目申报2023年智慧江苏重点工程。`,
    `${form.ownership.partner_unit}（盖章）`], '权属说明');
  // a long text continued on the next page says so
  assert.ok(squeeze(text.layout).includes('（续）'), 'a continued cell is marked （续）');
});

test('receipt.pdf: one page with the number, unit, project, time, authority and every SHA-256', async () => {
  const d = await readyToSubmit(server);
  const extra = [
    await uploadOk(d.c, d.app.id, 'award_proof', pdfBytes(undefined, 'award'), { filename: '2022年度优秀软件产品奖证书.pdf' }),
    await uploadOk(d.c, d.app.id, 'other', pdfBytes(undefined, 'other'), { filename: 'other.pdf' }),
  ];
  const s = await d.c.post(`${path(d.app.id)}/submit`);
  assert.equal(s.status, 200, s.text);
  const app = (await d.c.get(path(d.app.id))).json;
  assert.ok(app.attachments.length >= 7);

  const { file, headers } = await getPdf(d.c, `${path(d.app.id)}/receipt.pdf`);
  assert.equal(dispositionFilename(headers.get('content-disposition')), `申报回执-${app.submission_no}.pdf`);
  assertQpdf(file);
  assertFonts(file);
  assert.equal(pages(file), 1);
  const text = pdfText(file);
  const f = completeForm(d.reg);
  assertShows(text, ['申报回执', app.submission_no, d.reg.unit_name, d.reg.credit_code, f.project.name, '数字治理类',
    '2023年7月15日', '（北京时间）', '玄武区信息化主管部门'], 'receipt');
  assert.ok(squeeze(text.layout).includes('第1页共1页'));
  for (const a of app.attachments) {
    assert.match(a.sha256, /^[0-9a-f]{64}$/);
    assertShows(text, [a.filename, a.sha256], `attachment ${a.kind}`);
  }
  assert.ok(extra.every((e) => squeeze(text.layout).includes(e.sha256)));
  assertShows(text, ['SHA-256值是按文件内容计算的“数字指纹”'], 'the explanation');
});

test('receipt.pdf with many attachments stays on one page', async () => {
  const d = await readyToSubmit(server);
  for (let i = 0; i < 10; i++) {
    await uploadOk(d.c, d.app.id, 'other', pdfBytes(undefined, `x${i}`), { filename: `补充材料-${i + 1}-项目运行情况说明.pdf` });
  }
  assert.equal((await d.c.post(`${path(d.app.id)}/submit`)).status, 200);
  const app = (await d.c.get(path(d.app.id))).json;
  const { file } = await getPdf(d.c, `${path(d.app.id)}/receipt.pdf`);
  assert.equal(pages(file), 1);
  const text = pdfText(file);
  for (const a of app.attachments) assertShows(text, [a.sha256], a.filename);
});

test('who may have the documents: the applicant and reviewers in scope; others get 404', async () => {
  const d = await readyToSubmit(server);
  assert.equal((await d.c.post(`${path(d.app.id)}/submit`)).status, 200);
  const other = await applicantWithDraft(server);
  const inScope = await account(server, `rev_xw_${process.pid}`, 'county_reviewer', { region: '320102' });
  const outOfScope = await account(server, `rev_qh_${process.pid}`, 'county_reviewer', { region: '320104' });

  for (const doc of ['form.pdf', 'receipt.pdf']) {
    const url = `${path(d.app.id)}/${doc}`;
    assertError(await other.c.get(url), 404, 'not_found');
    assertError(await outOfScope.get(url), 404, 'not_found');
    const { file } = await getPdf(inScope, url);
    assertQpdf(file);
  }
  assertError(await other.c.get(`${path(999999)}/form.pdf`), 404, 'not_found');
  // a draft is its applicant's alone
  assertError(await inScope.get(`${path(other.app.id)}/form.pdf`), 404, 'not_found');
});
