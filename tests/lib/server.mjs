// Starts a real `shenbao serve` on a free loopback port with a fresh data dir,
// and a small HTTP client that keeps the session cookie and CSRF token like a browser does.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = process.env.SHENBAO_BIN || join(root, 'build', 'shenbao');

// Runs a shenbao command line (migrate, user add, demo...) to completion.
export function runCli(args, { dataDir, env = {} } = {}) {
  const full = dataDir ? [...args, '--data-dir', dataDir] : args;
  try {
    const stdout = execFileSync(BIN, full, { env: { ...process.env, ...env }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return { code: 0, stdout, stderr: '' };
  } catch (e) {
    return { code: e.status, stdout: e.stdout?.toString() ?? '', stderr: e.stderr?.toString() ?? '' };
  }
}

export class Server {
  constructor({ now, args = [], dataDir } = {}) {
    this.now = now;
    this.args = args;
    this.ownDir = !dataDir;
    this.dataDir = dataDir || mkdtempSync(join(tmpdir(), 'shenbao-test-'));
    this.log = '';
  }

  // Starts the server and resolves once it prints the address it listens on.
  async start({ now = this.now, args = this.args } = {}) {
    this.url = null;
    const argv = ['serve', '--listen', '127.0.0.1:0', '--data-dir', this.dataDir, ...args];
    if (now) argv.push('--now', now);
    const proc = spawn(BIN, argv, { stdio: ['ignore', 'ignore', 'pipe'] });
    this.proc = proc;
    this.exited = new Promise((res) => proc.on('exit', (code, signal) => res({ code, signal })));
    // Only this process's own output decides when it is up: a stopped process may still flush
    // its last lines (with its old "listening on") after its exit event.
    let own = '';
    let up = false;
    await new Promise((res, rej) => {
      const timer = setTimeout(() => rej(new Error('server did not start:\n' + own)), 20000);
      proc.stderr.on('data', (chunk) => {
        const text = chunk.toString();
        own += text;
        if (this.proc === proc || this.proc === null) this.log += text;
        const m = !up && own.match(/listening on (http:\/\/[0-9.:]+)/);
        if (m) {
          up = true;
          this.url = m[1];
          clearTimeout(timer);
          res();
        }
      });
      this.exited.then(({ code }) => { clearTimeout(timer); rej(new Error(`server exited ${code}:\n${own}`)); });
    });
    return this;
  }

  // Sends SIGTERM and waits for the exit; returns {code, signal}.
  async stop() {
    if (!this.proc) return null;
    const p = this.proc;
    this.proc = null;
    this.url = null;
    if (p.exitCode === null && p.signalCode === null) p.kill('SIGTERM');
    return this.exited;
  }

  async restart(opts = {}) {
    await this.stop();
    this.log = '';
    return this.start(opts);
  }

  async close() {
    await this.stop();
    if (this.ownDir) rmSync(this.dataDir, { recursive: true, force: true });
  }

  client() {
    return new Client(this);
  }
}

export class Client {
  constructor(server) {
    this.server = server;
    this.cookies = new Map();
    this.csrf = null;
  }

  cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  // Sends a request; `body` objects are sent as JSON, strings and Buffers as they are.
  async request(method, path, { body, headers = {}, csrf = true, raw = false } = {}) {
    const h = { ...headers };
    if (this.cookies.size) h.cookie = this.cookieHeader();
    if (csrf && this.csrf && method !== 'GET' && method !== 'HEAD') h['x-csrf-token'] = this.csrf;
    let payload = body;
    if (body !== undefined && typeof body === 'object' && !Buffer.isBuffer(body)) {
      payload = JSON.stringify(body);
      h['content-type'] ??= 'application/json';
    } else if (body !== undefined) {
      h['content-type'] ??= 'application/json';
    }
    const res = await fetch(this.server.url + path, { method, headers: h, body: payload, redirect: 'manual' });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair.indexOf('=');
      const name = pair.slice(0, i).trim();
      const value = pair.slice(i + 1).trim();
      if (value === '' || /max-age=0/i.test(c)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const text = raw ? null : await res.text();
    let json = null;
    if (text && (res.headers.get('content-type') || '').includes('application/json')) json = JSON.parse(text);
    if (json && typeof json.csrf_token === 'string') this.csrf = json.csrf_token;
    return { status: res.status, headers: res.headers, json, text, res };
  }

  get(path, opts) { return this.request('GET', path, opts); }
  post(path, body, opts = {}) { return this.request('POST', path, { ...opts, body }); }
  put(path, body, opts = {}) { return this.request('PUT', path, { ...opts, body }); }
  del(path, opts) { return this.request('DELETE', path, opts); }

  async signIn(username, password) {
    const r = await this.post('/api/v1/session', { username, password });
    if (r.status !== 200) throw new Error(`sign-in ${username} failed: ${r.status} ${r.text}`);
    return r;
  }
}

// GB 32100-2015 check character, so tests can make as many valid credit codes as they need.
const CC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
export function creditCode(first17) {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CC_CHARS.indexOf(first17[i]) * CC_WEIGHTS[i];
  return first17 + CC_CHARS[(31 - (sum % 31)) % 31];
}

let seq = 0;
// A fresh, valid registration body; every call gives a new username and credit code.
export function registration(overrides = {}) {
  seq += 1;
  const n = String(process.pid % 10000).padStart(4, '0') + String(seq).padStart(5, '0');
  return {
    username: `unit${n}`,
    password: 'Jiangsu@2023',
    unit_name: `南京测试科技有限公司${seq}`,
    credit_code: creditCode(`91320102${n}`.slice(0, 17).padEnd(17, '0')),
    contact_name: '张三',
    contact_mobile: '13912345678',
    ...overrides,
  };
}
