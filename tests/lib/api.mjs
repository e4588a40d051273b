// Assertions and low-level HTTP shared by the API tests (tests/api/). Builds on server.mjs.
import assert from 'node:assert/strict';
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const JSON_TYPE = 'application/json; charset=utf-8';
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// True when s contains at least one CJK ideograph.
export const hasChinese = (s) => typeof s === 'string' && /[\u4e00-\u9fff]/.test(s);

// Adds `minutes` to an RFC 3339 instant and writes it back in Beijing time (+08:00).
export function plusMinutes(rfc3339, minutes) {
  const t = new Date(Date.parse(rfc3339) + minutes * 60000 + 8 * 3600000);
  return t.toISOString().replace(/\.\d{3}Z$/, '+08:00');
}

// Sends exactly the bytes given, to exactly the path given (fetch would normalise `..` and
// `%2e%2e`). Resolves with {status, headers, text, json}; a reset after the response arrived
// (a server refusing a large body early) is not an error.
export function rawRequest(server, method, path, { headers = {}, body } = {}) {
  const url = new URL(server.url);
  return new Promise((res, rej) => {
    let done = false;
    const req = http.request({ host: url.hostname, port: url.port, method, path, headers, agent: false }, (r) => {
      const chunks = [];
      r.on('data', (c) => chunks.push(c));
      const finish = () => {
        if (done) return;
        done = true;
        const text = Buffer.concat(chunks).toString('utf8');
        let json = null;
        if ((r.headers['content-type'] || '').includes('application/json')) {
          try { json = JSON.parse(text); } catch { json = null; }
        }
        res({ status: r.statusCode, headers: r.headers, text, json });
      };
      r.on('end', finish);
      r.on('error', finish);
      r.on('aborted', finish);
    });
    req.on('error', (e) => { if (!done) { done = true; rej(e); } });
    if (body !== undefined) req.write(body);
    req.end();
  });
}

// Asserts an error answer: exact status, the JSON content type, {"error":{"code","message"}} with
// a Chinese message, and, when `fields` is given, that every listed field is named in
// error.fields with a Chinese message (a RegExp value must also match that message).
export function assertError(r, status, code, fields) {
  const body = r.text ?? JSON.stringify(r.json);
  assert.equal(r.status, status, `status: expected ${status}, got ${r.status}: ${body}`);
  const ct = typeof r.headers.get === 'function' ? r.headers.get('content-type') : r.headers['content-type'];
  assert.equal((ct || '').toLowerCase(), JSON_TYPE, `content type of the error: ${ct}`);
  assert.ok(r.json && r.json.error && typeof r.json.error === 'object', `error body: ${body}`);
  assert.equal(r.json.error.code, code, `error code: ${body}`);
  assert.ok(hasChinese(r.json.error.message), `error.message should be Chinese: ${body}`);
  if (fields) {
    const f = r.json.error.fields;
    assert.ok(f && typeof f === 'object', `error.fields missing: ${body}`);
    const list = Array.isArray(fields) ? Object.fromEntries(fields.map((k) => [k, null])) : fields;
    for (const [k, re] of Object.entries(list)) {
      assert.ok(Object.hasOwn(f, k), `error.fields.${k} missing: ${body}`);
      assert.ok(hasChinese(f[k]), `error.fields.${k} should be a Chinese message: ${body}`);
      if (re) assert.match(f[k], re, `error.fields.${k} should name the field: ${body}`);
    }
  }
  return r.json.error;
}

// Chinese words a message about each registration field is expected to contain.
export const LABEL = {
  username: /用户名|账号|帐号/,
  password: /密码/,
  unit_name: /单位/,
  credit_code: /信用代码/,
  contact_name: /联系人|姓名/,
  contact_mobile: /手机|电话/,
  region_code: /地区|区域|行政区|县|市/,
  department_code: /部门/,
  role: /角色/,
};

export function header(r, name) {
  return typeof r.headers.get === 'function' ? r.headers.get(name) : r.headers[name.toLowerCase()];
}

export function assertJsonType(r) {
  assert.equal((header(r, 'content-type') || '').toLowerCase(), JSON_TYPE);
}

// Waits until the server's stderr contains what `test` looks for (the access log is written
// after the response), up to `ms`.
export async function waitForLog(server, test, ms = 3000) {
  const until = Date.now() + ms;
  for (;;) {
    if (test(server.log)) return true;
    if (Date.now() > until) return false;
    await sleep(50);
  }
}

// data/*.csv parsed into objects (simple CSV: no quoted commas in these files).
export function readCsv(name) {
  const lines = readFileSync(join(ROOT, 'data', name), 'utf8').split('\n').filter((l) => l.trim() !== '');
  const head = lines[0].split(',');
  return lines.slice(1).map((l) => {
    const cells = l.split(',');
    return Object.fromEntries(head.map((h, i) => [h, cells[i] ?? '']));
  });
}
