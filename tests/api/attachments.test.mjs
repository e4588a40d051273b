// Attachments: multipart upload (kind + file), type recognised by content, size limits per file and
// per application, streaming (memory does not grow with the file), content-addressed blobs,
// download with the original name, delete, and the lock after submission.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { Server } from '../lib/server.mjs';
import { assertError, header } from '../lib/api.mjs';
import {
  T_OPEN, applicantWithDraft, readyToSubmit, account, multipart, upload, uploadOk, pdfBytes, pngBytes, docxBytes, docBytes,
  xlsxBytes, JPEG, HTML, sha256, procStatusKb, blobFiles, dispositionFilename,
} from '../lib/apps.mjs';

const MB = 1024 * 1024;
const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
let server;
let d; // one applicant with a draft, shared by the tests that only add attachments

before(async () => {
  server = await new Server({ now: T_OPEN }).start();
  d = await applicantWithDraft(server, { form: true });
});
after(async () => { await server?.close(); });

const appPath = (id) => `/api/v1/applications/${id}`;
const attachments = async (c, id) => (await c.get(appPath(id))).json.attachments;

async function download(c, appId, attId) {
  const r = await c.get(`${appPath(appId)}/attachments/${attId}`, { raw: true });
  const body = Buffer.from(await r.res.arrayBuffer());
  return { ...r, body };
}

test('memory does not grow with the file: three 19 MB uploads raise VmHWM by less than 8 MB', async (t) => {
  const pid = server.proc.pid;
  await uploadOk(d.c, d.app.id, 'other', pdfBytes(1 * MB, 'warm-up')); // first-use allocations
  const before = procStatusKb(pid, 'VmHWM');
  for (let i = 0; i < 3; i++) await uploadOk(d.c, d.app.id, 'other', pdfBytes(19 * MB, `mem-${i}`));
  const after = procStatusKb(pid, 'VmHWM');
  t.diagnostic(`VmHWM before ${before} kB, after ${after} kB, growth ${after - before} kB`);
  assert.ok(after - before < 8 * 1024, `VmHWM grew by ${after - before} kB (before ${before} kB, after ${after} kB)`);
});

test('PDF, JPG and PNG upload: 201 with id, kind, filename, size, sha256 and the recognised type', async () => {
  const files = [
    ['stamped_form', pdfBytes(), '盖章申报表.pdf', 'application/pdf', 'application/pdf'],
    ['business_license', JPEG, '营业执照.jpg', 'image/jpeg', 'image/jpeg'],
    ['investment_proof', pngBytes(), 'proof.png', 'image/png', 'image/png'],
  ];
  for (const [kind, data, filename, sent, expected] of files) {
    const r = await upload(d.c, d.app.id, kind, data, { filename, type: sent });
    assert.equal(r.status, 201, `${filename}: ${r.text}`);
    const a = r.json;
    assert.ok(Number.isInteger(a.id) && a.id > 0, `id ${a.id}`);
    assert.equal(a.kind, kind);
    assert.equal(a.filename, filename);
    assert.equal(a.size, data.length);
    assert.equal(a.sha256, sha256(data));
    assert.equal(a.content_type, expected);
  }
  const list = await attachments(d.c, d.app.id);
  for (const [kind, data, filename] of files) {
    const a = list.find((x) => x.filename === filename);
    assert.ok(a, `${filename} listed`);
    assert.equal(a.kind, kind);
    assert.equal(a.sha256, sha256(data));
  }
});

test('the type is recognised by content, never by name or declared type', async () => {
  const id = d.app.id;
  let r = await upload(d.c, id, 'stamped_form', pdfBytes(undefined, 'named-png'), { filename: 'x.png', type: 'image/png' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.content_type, 'application/pdf');
  r = await upload(d.c, id, 'investment_proof', pngBytes(), { filename: 'scan.pdf', type: 'application/pdf' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.content_type, 'image/png');

  const count = (await attachments(d.c, id)).length;
  assertError(await upload(d.c, id, 'stamped_form', HTML, { filename: 'x.pdf', type: 'application/pdf' }), 415, 'unsupported_media_type');
  assertError(await upload(d.c, id, 'other', HTML, { filename: 'x.html', type: 'text/html' }), 415, 'unsupported_media_type');
  assertError(await upload(d.c, id, 'stamped_form', docxBytes(), { filename: '申报表.docx', type: DOCX_TYPE }), 415, 'unsupported_media_type');
  assertError(await upload(d.c, id, 'stamped_form', docBytes(), { filename: '申报表.doc', type: 'application/msword' }), 415, 'unsupported_media_type');
  assertError(await upload(d.c, id, 'detailed_materials', xlsxBytes(), { filename: '材料.docx', type: DOCX_TYPE }), 415, 'unsupported_media_type');
  assertError(await upload(d.c, id, 'other', Buffer.from('just some text\n'), { filename: 'a.jpg', type: 'image/jpeg' }), 415, 'unsupported_media_type');
  assert.equal((await attachments(d.c, id)).length, count, 'refused files leave no row');

  r = await upload(d.c, id, 'detailed_materials', docxBytes(), { filename: '项目详细材料.docx', type: DOCX_TYPE });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.content_type, DOCX_TYPE);
  r = await upload(d.c, id, 'detailed_materials', docBytes(), { filename: '项目详细材料.doc', type: 'application/octet-stream' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.content_type, 'application/msword');
});

test('20 MB exactly is accepted; 20 MB + 1 byte is 413 and adds nothing', async () => {
  const id = d.app.id;
  const exact = pdfBytes(20 * MB, 'exact');
  const r = await upload(d.c, id, 'other', exact, { filename: 'exact.pdf' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.size, 20 * MB);
  assert.equal(r.json.sha256, sha256(exact));
  const count = (await attachments(d.c, id)).length;
  assertError(await upload(d.c, id, 'other', pdfBytes(20 * MB + 1, 'plus-one'), { filename: 'big.pdf' }), 413, 'payload_too_large');
  const list = await attachments(d.c, id);
  assert.equal(list.length, count, 'no row added');
  assert.ok(!list.some((a) => a.filename === 'big.pdf'));
});

test('form errors: kind missing or unknown 422, file missing or empty 422, two files 400, not multipart 415', async () => {
  const id = d.app.id;
  const count = (await attachments(d.c, id)).length;
  assertError(await upload(d.c, id, null, pdfBytes()), 422, 'validation_failed', ['kind']);
  assertError(await upload(d.c, id, 'photo', pdfBytes()), 422, 'validation_failed', ['kind']);
  assertError(await upload(d.c, id, '', pdfBytes()), 422, 'validation_failed', ['kind']);
  let m = multipart([{ name: 'kind', value: 'other' }]);
  assertError(await d.c.post(`${appPath(id)}/attachments`, m.body, { headers: { 'content-type': m.type } }), 422, 'validation_failed', ['file']);
  assertError(await upload(d.c, id, 'other', Buffer.alloc(0)), 422, 'validation_failed', ['file']);
  const two = { extra: [{ name: 'file', filename: 'second.pdf', type: 'application/pdf', data: pdfBytes(undefined, 'second') }] };
  assertError(await upload(d.c, id, 'other', pdfBytes(undefined, 'first'), two), 400, 'bad_request');
  assertError(await d.c.post(`${appPath(id)}/attachments`, { kind: 'other', file: 'JVBERi0xLjQK' }), 415, 'unsupported_media_type');
  assertError(await d.c.post(`${appPath(id)}/attachments`, pdfBytes(), { headers: { 'content-type': 'application/pdf' } }), 415, 'unsupported_media_type');
  assert.equal((await attachments(d.c, id)).length, count, 'nothing added');

  // who may upload
  assertError(await upload(server.client(), id, 'other', pdfBytes()), 401, 'unauthenticated');
  const rev = await account(server, 'att_county', 'county_reviewer', { region: '320102' });
  assertError(await upload(rev, id, 'other', pdfBytes()), 403, 'forbidden');
  // and a missing CSRF token
  m = multipart([{ name: 'kind', value: 'other' }, { name: 'file', filename: 'a.pdf', type: 'application/pdf', data: pdfBytes() }]);
  assertError(await d.c.post(`${appPath(id)}/attachments`, m.body, { headers: { 'content-type': m.type }, csrf: false }), 403, 'forbidden');
});

test('download: the exact bytes, attachment with the UTF-8 name (RFC 8187), nosniff, never text/html', async () => {
  const id = d.app.id;
  const pdf = pdfBytes(300 * 1024, 'download');
  const a = await uploadOk(d.c, id, 'stamped_form', pdf, { filename: '盖章申报表.pdf', type: 'text/html' });
  let r = await download(d.c, id, a.id);
  assert.equal(r.status, 200);
  assert.ok(r.body.equals(pdf), 'the same bytes');
  const cd = header(r, 'content-disposition');
  assert.match(cd, /^attachment\s*;/i, cd);
  assert.equal(dispositionFilename(cd), '盖章申报表.pdf', cd);
  const plain = /filename="([^"]*)"/.exec(cd);
  if (plain) assert.match(plain[1], /^[\x20-\x7e]*$/, `the fallback filename is ASCII: ${cd}`);
  assert.equal(header(r, 'x-content-type-options'), 'nosniff');
  assert.equal(header(r, 'content-type'), 'application/pdf');

  const j = await uploadOk(d.c, id, 'award_proof', JPEG, { filename: 'award "2022".jpg', type: 'text/html' });
  r = await download(d.c, id, j.id);
  assert.ok(r.body.equals(JPEG));
  assert.equal(header(r, 'content-type'), 'image/jpeg');
  assert.doesNotMatch(header(r, 'content-type'), /html/i);
  assert.equal(header(r, 'x-content-type-options'), 'nosniff');
  assert.match(header(r, 'content-disposition'), /^attachment/i);

  // anonymous and unknown ids
  assertError(await server.client().get(`${appPath(id)}/attachments/${a.id}`), 401, 'unauthenticated');
  assertError(await d.c.get(`${appPath(id)}/attachments/99999999`), 404, 'not_found');
});

test('DELETE answers 204, then the attachment is gone (404)', async () => {
  const id = d.app.id;
  const a = await uploadOk(d.c, id, 'other', pdfBytes(undefined, 'to-delete'), { filename: 'delete-me.pdf' });
  const r = await d.c.del(`${appPath(id)}/attachments/${a.id}`);
  assert.equal(r.status, 204, r.text);
  assertError(await d.c.get(`${appPath(id)}/attachments/${a.id}`), 404, 'not_found');
  assertError(await d.c.del(`${appPath(id)}/attachments/${a.id}`), 404, 'not_found');
  assert.ok(!(await attachments(d.c, id)).some((x) => x.id === a.id), 'not listed');
});

test('the same content is stored once: same sha256, one file in blobs/', async () => {
  const data = pdfBytes(64 * 1024, `dedupe-${process.pid}-${Date.now()}`);
  const h = sha256(data);
  assert.ok(!blobFiles(server.dataDir).includes(h), 'not stored before');
  const a = await uploadOk(d.c, d.app.id, 'award_proof', data, { filename: 'a.pdf' });
  const b = await uploadOk(d.c, d.app.id, 'qualification_proof', data, { filename: 'b.pdf' });
  assert.notEqual(a.id, b.id);
  assert.equal(a.sha256, h);
  assert.equal(b.sha256, h);
  assert.equal(blobFiles(server.dataDir).filter((f) => f.includes(h)).length, 1, `one blob for ${h}`);
  // deleting one keeps the other readable
  assert.equal((await d.c.del(`${appPath(d.app.id)}/attachments/${a.id}`)).status, 204);
  const r = await download(d.c, d.app.id, b.id);
  assert.equal(r.status, 200);
  assert.ok(r.body.equals(data));
});

test('more than 200 MB per application is 413: ten 20 MB files fit exactly, one byte more does not', async () => {
  const e = await applicantWithDraft(server);
  const big = pdfBytes(20 * MB, 'total');
  for (let i = 0; i < 10; i++) await uploadOk(e.c, e.app.id, 'other', big, { filename: `part${i}.pdf` });
  const tiny = pdfBytes(32, 'x');
  assertError(await upload(e.c, e.app.id, 'other', tiny, { filename: 'tiny.pdf' }), 413, 'payload_too_large');
  let list = await attachments(e.c, e.app.id);
  assert.equal(list.length, 10, 'no row added');
  assert.equal(list.reduce((s, a) => s + a.size, 0), 200 * MB);
  // after a delete there is room again
  assert.equal((await e.c.del(`${appPath(e.app.id)}/attachments/${list[0].id}`)).status, 204);
  await uploadOk(e.c, e.app.id, 'other', tiny, { filename: 'tiny.pdf' });
  list = await attachments(e.c, e.app.id);
  assert.equal(list.length, 10);
});

test('after submit, upload and delete answer 409; download still works', async () => {
  const s = await readyToSubmit(server);
  const list = await attachments(s.c, s.app.id);
  const r = await s.c.post(`${appPath(s.app.id)}/submit`);
  assert.equal(r.status, 200, r.text);
  assertError(await upload(s.c, s.app.id, 'other', pdfBytes()), 409, 'conflict');
  assertError(await s.c.del(`${appPath(s.app.id)}/attachments/${list[0].id}`), 409, 'conflict');
  const after = await attachments(s.c, s.app.id);
  assert.deepEqual(after.map((a) => a.id), list.map((a) => a.id), 'unchanged');
  const dl = await download(s.c, s.app.id, list[0].id);
  assert.equal(dl.status, 200);
  assert.equal(sha256(dl.body), list[0].sha256);
});

test('an upload that would be refused is refused before its file is read: nothing reaches tmp/ or blobs/', async () => {
  const other = await applicantWithDraft(server);
  const before = blobFiles(server.dataDir).length;
  const file = pdfBytes(5 * MB, 'refused-early');
  // another unit's application: 404 (its existence is not revealed), after the body was drained
  assertError(await upload(d.c, other.app.id, 'other', file), 404, 'not_found');
  // signed out: 401 — a proxy still sending the body gets the answer, not a closed connection
  const anon = server.client();
  assertError(await upload(anon, d.app.id, 'other', file), 401, 'unauthenticated');
  assert.equal(blobFiles(server.dataDir).length, before);
  assert.deepEqual(readdirSync(`${server.dataDir}/tmp`), []);
});
