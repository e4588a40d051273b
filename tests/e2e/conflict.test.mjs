// No lost update in the 申报表: two browsers signed in as the same applicant (two tabs, or two
// colleagues of one unit) on the same draft. Every autosave sends the version it is based on; the
// second save after the other's meets the 409 and the page asks. 重新加载 shows the other's text;
// 保留我的修改 saves this page's text on top of the latest, and what the other changed elsewhere —
// another section, another field of the same section — stays.
// Needs web/dist (cd web && npm ci && npm run build) and build/shenbao (or $SHENBAO_BIN).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startE2E,
  stopE2E,
  NOW,
  openPage,
  shot,
  shotBoth,
  journey,
  signIn,
  fieldInput,
  fillField,
  waitSaveState,
  apiGet,
} from './browser.mjs';

before(async () => {
  await startE2E({ demoNow: NOW });
});

after(stopE2E);

// The PUT bodies a page sends (to check that each names its version).
function recordSaves(page) {
  const saves = [];
  page.on('request', (r) => {
    if (r.method() === 'PUT' && /\/api\/v1\/applications\/\d+$/.test(new URL(r.url()).pathname)) saves.push(r.postDataJSON());
  });
  return saves;
}

async function openStep(page, id, step) {
  await page.goto(`${new URL(page.url()).origin}/apply/${id}/edit?step=${step}`);
  await page.getByTestId(`step-body-${step}`).waitFor();
}

test('two pages on one draft: the later save asks; 重新加载 shows the other text, 保留我的修改 keeps both', () =>
  journey('conflict', async (a) => {
    const b = await openPage();
    try {
      const saves = recordSaves(b);
      await signIn(a, 'demo_applicant');
      await signIn(b, 'demo_applicant');
      const id = (await apiGet(a, '/api/v1/applications')).items[0].id;
      const start = await apiGet(a, `/api/v1/applications/${id}`);
      assert.equal(start.status, 'draft');
      await openStep(a, id, 'cover');
      await openStep(b, id, 'cover');

      // ---- 1. both change 通讯地址; A saves first, B's save is refused and B is asked -----------
      await fillField(a, 'cover.address', '南京市玄武区珠江路88号A座');
      await waitSaveState(a);
      await fillField(b, 'cover.address', '南京市玄武区中山路1号B座');
      const dialog = b.getByTestId('conflict-dialog').filter({ visible: true });
      await dialog.waitFor();
      await waitSaveState(b, 'conflict');
      assert.match(await dialog.getByTestId('conflict-sections').textContent(), /本页尚未保存的修改：\s*封面/);
      await dialog.getByText('本页尚未保存的修改将被丢弃').waitFor();
      // B's typing is still there behind the dialog, and nothing of it was saved
      assert.equal(await fieldInput(b, 'cover.address').inputValue(), '南京市玄武区中山路1号B座');
      assert.equal((await apiGet(a, `/api/v1/applications/${id}`)).cover.address, '南京市玄武区珠江路88号A座');
      // every save named the version it was based on: the one B read
      assert.ok(saves.length >= 1, 'B tried to save');
      assert.deepEqual([...new Set(saves.map((s) => s.version))], [start.version], 'B’s saves are based on the version it read');
      await b.waitForTimeout(300); // the dialog's entry
      await shotBoth(b, 'conflict-01-dialog', { fullPage: false });

      // 重新加载: A's address on screen, B's change gone (it said so), autosave back on
      await dialog.getByTestId('conflict-reload').click();
      await dialog.waitFor({ state: 'hidden' });
      assert.equal(await fieldInput(b, 'cover.address').inputValue(), '南京市玄武区珠江路88号A座');
      assert.equal(await b.getByTestId('save-status').getAttribute('data-state'), 'idle');
      await shot(b, 'conflict-02-reloaded');

      // ---- 2. A changes 表一 and the cover's 邮编; B, still on the cover, changes 项目负责人 --------
      await openStep(a, id, 'unit');
      await fillField(a, 'unit.legal_representative', '周立新');
      await waitSaveState(a);
      await openStep(a, id, 'cover');
      await fillField(a, 'cover.postcode', '210016');
      await waitSaveState(a);
      const afterA = await apiGet(a, `/api/v1/applications/${id}`);

      await b.setViewportSize({ width: 390, height: 844 });
      await fillField(b, 'cover.project_leader', '孙志远');
      await dialog.waitFor();
      await b.waitForTimeout(300);
      await shot(b, 'conflict-03-dialog-phone', { fullPage: false });
      await b.setViewportSize({ width: 1440, height: 900 });

      // 保留我的修改: saved on top of A's version; A's 表一 and A's 邮编 stay
      await dialog.getByTestId('conflict-keep').click();
      await dialog.waitFor({ state: 'hidden' });
      await waitSaveState(b);
      const kept = await apiGet(b, `/api/v1/applications/${id}`);
      assert.equal(kept.cover.project_leader, '孙志远', 'B’s text is saved');
      assert.equal(kept.unit.legal_representative, '周立新', 'A’s other section is intact');
      assert.equal(kept.cover.postcode, '210016', 'A’s other field of the same section is intact');
      assert.equal(kept.cover.address, '南京市玄武区珠江路88号A座');
      assert.equal(kept.version, afterA.version + 1, 'one save on top of A’s');
      assert.equal(saves.at(-1).version, afterA.version, 'the save after 保留我的修改 is based on A’s version');
      // B's page shows all of it
      assert.equal(await fieldInput(b, 'cover.project_leader').inputValue(), '孙志远');
      assert.equal(await fieldInput(b, 'cover.postcode').inputValue(), '210016');
      await openStep(b, id, 'unit');
      assert.equal(await fieldInput(b, 'unit.legal_representative').inputValue(), '周立新');
      await shot(b, 'conflict-04-kept');

      // ---- 3. A now holds an old version: its next save asks too ----------------------------------
      await fillField(a, 'cover.contact_name', '王晓明（联系人）');
      await a.getByTestId('conflict-dialog').filter({ visible: true }).waitFor();
      await a.getByTestId('conflict-dialog').filter({ visible: true }).getByTestId('conflict-keep').click();
      await waitSaveState(a);
      const last = await apiGet(a, `/api/v1/applications/${id}`);
      assert.equal(last.cover.contact_name, '王晓明（联系人）');
      assert.equal(last.cover.project_leader, '孙志远', 'B’s saved text survives A’s 保留我的修改');
      assert.deepEqual(b.errors, [], 'uncaught errors in the second page');
    } catch (e) {
      await shot(b, 'FAILED-conflict-b').catch(() => {});
      throw e;
    } finally {
      await b.context().close();
    }
  }));
