// What every browser journey shares: a real shenbao (demo data, fixed clock, the built web UI),
// Debian's Chromium through playwright-core, fresh pages in a time zone other than Beijing's,
// screenshots, and a journey wrapper that keeps a screenshot and the server's log tail on failure.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, selectors } from 'playwright-core';
import { Server, runCli } from '../lib/server.mjs';

const here = dirname(fileURLToPath(import.meta.url));
export const WEB_ROOT = resolve(here, '../../web/dist');
export const SHOTS = join(here, 'screenshots');
export const SAMPLE_PDF = resolve(here, '../../data/demo/sample.pdf');
// inside the 2023 application window; tests fix the server's clock here
export const NOW = '2023-07-15T10:00:00+08:00';
export const DEMO_PASSWORD = 'Shenbao@2023';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

// The running server and browser of this test file.
export const e2e = { server: null, browser: null, base: null };

// Loads the demo data (dated at demoNow, or on the machine's clock when null), starts the server
// at NOW and the browser.
export async function startE2E({ demoNow = NOW } = {}) {
  if (!existsSync(join(WEB_ROOT, 'index.html'))) {
    throw new Error('web/dist/index.html is missing: run `npm ci && npm run build` in web/ first');
  }
  mkdirSync(SHOTS, { recursive: true });
  selectors.setTestIdAttribute('data-test');
  e2e.server = new Server({ now: NOW, args: ['--web-root', WEB_ROOT] });
  const demo = runCli(demoNow ? ['demo', '--now', demoNow] : ['demo'], { dataDir: e2e.server.dataDir });
  assert.equal(demo.code, 0, `shenbao demo failed: ${demo.stderr}`);
  await e2e.server.start();
  e2e.base = e2e.server.url;
  e2e.browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });
  return e2e;
}

export async function stopE2E() {
  await e2e.browser?.close();
  await e2e.server?.close();
}

// A fresh browser profile (no cookies) in UTC, so the page has to convert times itself.
// Uncaught page errors are collected and fail the journey.
export async function openPage() {
  const context = await e2e.browser.newContext({
    viewport: { width: 1440, height: 900 },
    locale: 'zh-CN',
    timezoneId: 'UTC',
    acceptDownloads: true,
  });
  const page = await context.newPage();
  page.setDefaultTimeout(10000);
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(e.message));
  return page;
}

// Waits for finite animations (dialogs, message boxes fading in), not for endless spinners.
export async function settle(page) {
  await page.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        .filter((a) => a.effect && a.effect.getTiming().iterations !== Infinity)
        .map((a) => a.finished.catch(() => {})),
    ),
  );
}

// Full-page screenshots from the top; `{ fullPage: false }` for dialogs (their overlay covers the
// window only). Loading masks and closing dropdowns fade out first: not part of the picture.
export async function shot(page, name, { fullPage = true } = {}) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.locator('.el-loading-mask').filter({ visible: true }).first().waitFor({ state: 'hidden' }).catch(() => {});
  await page.locator('.el-select-dropdown').filter({ visible: true }).first().waitFor({ state: 'hidden', timeout: 2000 }).catch(() => {});
  await settle(page);
  return page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage });
}

// Runs a journey in a fresh page; on failure keeps a screenshot of where it stopped.
export async function journey(name, fn) {
  const page = await openPage();
  try {
    await fn(page);
    assert.deepEqual(page.errors, [], 'uncaught errors in the page');
  } catch (e) {
    await shot(page, `FAILED-${name}`).catch(() => {});
    e.message += `\n(screenshot: tests/e2e/screenshots/FAILED-${name}.png)\nserver log tail:\n${e2e.server.log.slice(-1500)}`;
    throw e;
  } finally {
    await page.context().close();
  }
}

export async function expectPath(page, path) {
  await page.waitForURL((u) => (path instanceof RegExp ? path.test(u.pathname) : u.pathname === path));
}

// Signs in and waits for the role's home: the call's notice, or 我的评审 for an expert
// (`home: '/reviews'`).
export async function signIn(page, username, password = DEMO_PASSWORD, { home = '/' } = {}) {
  await page.goto(e2e.base + '/login');
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await expectPath(page, home);
  await page.getByTestId('role-label').waitFor();
}

export async function signOut(page) {
  await page.getByTestId('sign-out').click();
  await expectPath(page, '/login');
}

// The same picture at the desktop size the pages are made for and on a phone (390×844):
// `<name>.png` and `<name>-phone.png`. The page is back at 1440×900 afterwards.
export const DESKTOP = { width: 1440, height: 900 };
export const PHONE = { width: 390, height: 844 };
export async function shotBoth(page, name, opts = {}) {
  await shot(page, name, opts);
  await page.setViewportSize(PHONE);
  await page.waitForTimeout(150); // layouts that follow the window's width
  await shot(page, `${name}-phone`, opts);
  await page.setViewportSize(DESKTOP);
  await page.waitForTimeout(150);
}

// ---- the 申报表's fields (data-test="field-<dotted key>") --------------------------------------
export const fieldInput = (page, key) =>
  page.locator(`[data-test="field-${key}"]`).first().locator('input:not([type=hidden]):not([type=file]), textarea').first();

// Types into a text field and leaves it, the way a person does.
export async function fillField(page, key, value) {
  const input = fieldInput(page, key);
  await input.fill(value);
  await input.press('Tab');
}

// The form header's save indicator in a state: saved, conflict, locked… (never its text, which
// carries the time).
export async function waitSaveState(page, state = 'saved') {
  await page.getByTestId('save-status').and(page.locator(`[data-state="${state}"]`)).waitFor();
}

// ---- what the server says -----------------------------------------------------------------------
// GET an API path with the page's session.
export async function apiGet(page, path) {
  const r = await page.request.get(e2e.base + path);
  assert.equal(r.status(), 200, `GET ${path}: ${r.status()}`);
  return r.json();
}

// The texts of the buttons or links in a locator, trimmed, in order.
export async function texts(loc) {
  return (await loc.allTextContents()).map((s) => s.replace(/\s+/g, ' ').trim());
}
