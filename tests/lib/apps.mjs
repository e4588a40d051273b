// Helpers for the application (申报表) API tests: applicants with a draft, the complete valid form,
// multipart uploads, small files of each type recognised by content, reviewers, process memory.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { createHash, randomBytes } from 'node:crypto';
import { registration, runCli } from './server.mjs';
import { ROOT } from './api.mjs';

export const T_OPEN = '2023-07-15T10:00:00+08:00';
export const KINDS = ['business_license', 'investment_proof', 'stamped_form', 'ownership_statement',
  'authorization_letter', 'detailed_materials', 'award_proof', 'qualification_proof', 'other'];
// What an enterprise must attach before it can submit (an institution needs all but the licence).
export const REQUIRED_KINDS = ['stamped_form', 'ownership_statement', 'detailed_materials', 'investment_proof', 'business_license'];
export const SECTION_KEYS = {
  cover: ['project_name', 'applicant_unit', 'address', 'postcode', 'project_leader', 'contact_name', 'contact_mobile',
    'joint', 'partner_unit', 'partner_address', 'partner_postcode', 'partner_contact_name', 'partner_contact_mobile', 'fill_date'],
  unit: ['name', 'credit_code', 'legal_representative', 'region_code', 'affiliation', 'department_code', 'contact_name',
    'contact_phone', 'address', 'nature', 'nature_other', 'revenue', 'main_business', 'honors', 'joint_units', 'overview'],
  project: ['name', 'start_month', 'end_month', 'total_investment', 'non_construction_investment', 'region_code',
    'provincial_funding', 'category', 'basic_info', 'achievements', 'main_part_completed', 'is_continuation'],
  ownership: ['variant', 'partner_unit'],
};

export const sha256 = (buf) => createHash('sha256').update(buf).digest('hex');
const clone = (v) => JSON.parse(JSON.stringify(v));

// Objects are merged key by key; anything else (arrays, null, scalars) replaces.
export function deepMerge(base, patch) {
  if (patch === undefined) return base;
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch) || base === null || typeof base !== 'object') return clone(patch);
  const out = { ...base };
  for (const [k, v] of Object.entries(patch)) out[k] = deepMerge(base[k], v);
  return out;
}

// data/demo/form-complete.json made the given unit's (name and credit code of its account),
// with `patch` deep-merged over it.
export function completeForm(reg, patch) {
  const form = clone(JSON.parse(readFileSync(join(ROOT, 'data/demo/form-complete.json'), 'utf8')));
  form.cover.applicant_unit = reg.unit_name;
  form.unit.name = reg.unit_name;
  form.unit.credit_code = reg.credit_code;
  return deepMerge(form, patch);
}

// Registers a fresh applicant unit and signs it in: {c, reg}.
export async function newApplicant(server, overrides = {}) {
  const reg = registration(overrides);
  const c = server.client();
  const r = await c.post('/api/v1/accounts', reg);
  assert.equal(r.status, 201, `registration: ${r.text}`);
  await c.signIn(reg.username, reg.password);
  return { c, reg };
}

export async function createApp(c, campaign = 2023) {
  const r = await c.post('/api/v1/applications', { campaign });
  assert.equal(r.status, 201, `create: ${r.text}`);
  return r.json;
}

// A signed-in applicant with a draft: {c, reg, app}; with `form` (true or a patch) the complete
// form is saved too.
export async function applicantWithDraft(server, { form, reg: regOverrides } = {}) {
  const { c, reg } = await newApplicant(server, regOverrides);
  let app = await createApp(c);
  if (form) {
    const r = await c.put(`/api/v1/applications/${app.id}`, completeForm(reg, form === true ? undefined : form));
    assert.equal(r.status, 200, `save: ${r.text}`);
    app = r.json;
  }
  return { c, reg, app };
}

// ---- multipart ------------------------------------------------------------------------------

// parts: [{name, value}] for fields, [{name, filename, type, data}] for files. Returns {body, type}.
export function multipart(parts) {
  const boundary = '----shenbao' + randomBytes(12).toString('hex');
  const chunks = [];
  for (const p of parts) {
    let head = `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"`;
    if (p.filename !== undefined) head += `; filename="${p.filename}"`;
    head += '\r\n';
    if (p.filename !== undefined) head += `Content-Type: ${p.type || 'application/octet-stream'}\r\n`;
    head += '\r\n';
    chunks.push(Buffer.from(head, 'utf8'));
    chunks.push(Buffer.isBuffer(p.data) ? p.data : Buffer.from(p.value ?? p.data ?? '', 'utf8'));
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), type: `multipart/form-data; boundary=${boundary}` };
}

// POST a file as attachment `kind` (kind null: no kind field). Returns the client's response.
export function upload(c, appId, kind, data, { filename = 'file.pdf', type = 'application/pdf', extra = [] } = {}) {
  const parts = [];
  if (kind !== null) parts.push({ name: 'kind', value: kind });
  parts.push({ name: 'file', filename, type, data }, ...extra);
  const m = multipart(parts);
  return c.post(`/api/v1/applications/${appId}/attachments`, m.body, { headers: { 'content-type': m.type } });
}

export async function uploadOk(c, appId, kind, data = pdfBytes(), opts) {
  const r = await upload(c, appId, kind, data, opts);
  assert.equal(r.status, 201, `upload ${kind}: ${r.status} ${r.text}`);
  return r.json;
}

// The attachments an application needs to be submitted (the licence only for enterprises).
export async function attachRequired(c, appId, { enterprise = true } = {}) {
  const out = {};
  for (const kind of REQUIRED_KINDS) {
    if (kind === 'business_license' && !enterprise) continue;
    out[kind] = await uploadOk(c, appId, kind, pdfBytes(), { filename: `${kind}.pdf` });
  }
  return out;
}

// A registered unit with the complete form and every required attachment: ready to submit.
export async function readyToSubmit(server, { form, reg, enterprise } = {}) {
  const d = await applicantWithDraft(server, { form: form ?? true, reg });
  const nature = completeForm(d.reg, form === true ? undefined : form).unit.nature;
  const ent = enterprise ?? ['state_owned', 'private', 'foreign', 'joint_venture', 'state_controlled', 'state_participated'].includes(nature);
  await attachRequired(d.c, d.app.id, { enterprise: ent });
  return d;
}

// ---- files recognised by content ---------------------------------------------------------------

export const SAMPLE_PDF = readFileSync(join(ROOT, 'data/demo/sample.pdf'));

// A PDF of exactly `size` bytes (the sample when no size is given); `seed` varies the content.
export function pdfBytes(size, seed = '') {
  if (size === undefined && !seed) return Buffer.from(SAMPLE_PDF);
  const head = Buffer.from(`%PDF-1.4\n% ${seed}\n`);
  const tail = Buffer.from('\n%%EOF\n');
  if (size === undefined) return Buffer.concat([head, SAMPLE_PDF.subarray(9), tail]);
  assert.ok(size >= head.length + tail.length, 'pdf too small');
  const b = Buffer.alloc(size, 0x20);
  head.copy(b, 0);
  tail.copy(b, size - tail.length);
  return b;
}

// The smallest valid JPEG (1×1, arithmetic coded): FF D8 FF …
export const JPEG = Buffer.from(
  'FFD8FFDB004300030202020202030202020303030304060404040404080606050609080A0A090809090A0C0F0C0A0B0E0B09090D110D0E0F101011100A0C12131210130F101010FFC9000B080001000101011100FFCC000600101005FFDA0008010100003F00D2CF20FFD9',
  'hex');

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xEDB88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();
export function crc32(buf) {
  let c = 0xFFFFFFFF;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xFF] ^ (c >>> 8);
  return (c ^ 0xFFFFFFFF) >>> 0;
}

// A valid 1×1 RGB PNG: 89 50 4E 47 0D 0A 1A 0A …
export function pngBytes() {
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(td));
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(1, 0);
  ihdr.writeUInt32BE(1, 4);
  ihdr[8] = 8; ihdr[9] = 2; ihdr[10] = 0; ihdr[11] = 0; ihdr[12] = 0;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.from([0, 0xC8, 0x10, 0x2E]))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// A minimal zip (stored entries, with central directory): entries {name: string|Buffer}.
export function zipBytes(entries) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const [name, content] of Object.entries(entries)) {
    const data = Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8');
    const n = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    const lh = Buffer.alloc(30);
    lh.writeUInt32LE(0x04034b50, 0); lh.writeUInt16LE(20, 4); lh.writeUInt16LE(0, 6); lh.writeUInt16LE(0, 8);
    lh.writeUInt16LE(0, 10); lh.writeUInt16LE(0x21, 12); lh.writeUInt32LE(crc, 14);
    lh.writeUInt32LE(data.length, 18); lh.writeUInt32LE(data.length, 22); lh.writeUInt16LE(n.length, 26); lh.writeUInt16LE(0, 28);
    const ch = Buffer.alloc(46);
    ch.writeUInt32LE(0x02014b50, 0); ch.writeUInt16LE(20, 4); ch.writeUInt16LE(20, 6); ch.writeUInt16LE(0, 8);
    ch.writeUInt16LE(0, 10); ch.writeUInt16LE(0, 12); ch.writeUInt16LE(0x21, 14); ch.writeUInt32LE(crc, 16);
    ch.writeUInt32LE(data.length, 20); ch.writeUInt32LE(data.length, 24); ch.writeUInt16LE(n.length, 28);
    ch.writeUInt32LE(offset, 42);
    locals.push(lh, n, data);
    centrals.push(ch, n);
    offset += 30 + n.length + data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  const count = Object.keys(entries).length;
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(count, 8); end.writeUInt16LE(count, 10);
  end.writeUInt32LE(cd.length, 12); end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

const CONTENT_TYPES = '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
  + '<Default Extension="xml" ContentType="application/xml"/>'
  + '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>';

// A minimal Word .docx: a zip whose entries include word/document.xml.
export function docxBytes() {
  return zipBytes({
    '[Content_Types].xml': CONTENT_TYPES,
    '_rels/.rels': '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
      + '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
    'word/document.xml': '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
      + '<w:body><w:p><w:r><w:t>项目详细材料</w:t></w:r></w:p></w:body></w:document>',
  });
}

// An .xlsx-like zip (no word/document.xml).
export function xlsxBytes() {
  return zipBytes({
    '[Content_Types].xml': '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
      + '<Default Extension="xml" ContentType="application/xml"/>'
      + '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>',
    'xl/workbook.xml': '<workbook/>',
  });
}

// An OLE2 compound file header (Word 97-2003 .doc), padded to one 512-byte sector.
export function docBytes() {
  const b = Buffer.alloc(1024, 0);
  Buffer.from('D0CF11E0A1B11AE1', 'hex').copy(b, 0);
  b.writeUInt16LE(0x3E, 24); b.writeUInt16LE(3, 26); b.writeUInt16LE(0xFFFE, 28); b.writeUInt16LE(9, 30);
  return b;
}

export const HTML = Buffer.from('<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>\n');

// ---- other accounts ----------------------------------------------------------------------------

export const REVIEWER_PW = 'Review@2023x';

// Creates an account with `shenbao user add` and returns a signed-in client.
export async function account(server, username, role, { region, department, name } = {}) {
  const args = ['user', 'add', '--username', username, '--password', REVIEWER_PW, '--role', role];
  if (region) args.push('--region', region);
  if (department) args.push('--department', department);
  if (name) args.push('--name', name);
  const res = runCli(args, { dataDir: server.dataDir });
  assert.equal(res.code, 0, `user add ${username}: ${res.stderr}`);
  const c = server.client();
  await c.signIn(username, REVIEWER_PW);
  return c;
}

// ---- the server process ------------------------------------------------------------------------

// A field of /proc/<pid>/status in kB (VmHWM, VmRSS).
export function procStatusKb(pid, field) {
  const m = readFileSync(`/proc/${pid}/status`, 'utf8').match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'));
  assert.ok(m, `${field} in /proc/${pid}/status`);
  return Number(m[1]);
}

// Files under <data-dir>/blobs (any depth): their names.
export function blobFiles(dataDir) {
  const out = [];
  const walk = (d) => {
    if (!existsSync(d)) return;
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else out.push(e.name);
    }
  };
  walk(join(dataDir, 'blobs'));
  return out;
}

// RFC 8187 ext-value of filename* in a Content-Disposition, decoded.
export function dispositionFilename(cd) {
  const m = /filename\*\s*=\s*UTF-8''([^;\s]+)/i.exec(cd || '');
  return m ? decodeURIComponent(m[1]) : null;
}
