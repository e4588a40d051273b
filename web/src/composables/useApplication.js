// One application on screen: load it, keep a local copy of the form the steps edit, autosave it
// (PUT 2 s after the last change, at once when leaving a step or the page), and carry the server's
// `problems` / `warnings`. Which messages are shown is decided here too: a field's problem shows
// once the user has touched that field, or once its step was "revealed" (下一步 / 提交 pressed),
// so a new empty form is not painted red.
//
// The local form is the source of truth while editing: answers to saves update problems,
// warnings, attachments and the status, never the fields (the user may have typed on meanwhile).
//
// No lost update: every save sends the `version` this page last saw, and every answer (saves,
// loads, refreshes, submit, withdraw, reviews) brings the new one. When someone else saved in
// between (another tab, a colleague), the server answers 409 with `current_version`: autosave
// stops and `state.conflict` opens the choice — 重新加载 (the latest saved form, this page's
// unsaved changes dropped) or 保留我的修改 (this page's changes re-applied onto the latest and
// saved again with its version). Typed text is never dropped without the user choosing so.
import { computed, inject, provide, reactive, watch } from 'vue';
import * as api from '../api/applications.js';
import { getCampaign } from '../api/campaigns.js';
import { getDepartments, getRegions } from '../api/reference.js';
import { SECTIONS, groupByStep, stepOfKey } from '../utils/application.js';
import { hasAction } from '../utils/actions.js';

const KEY = Symbol('application');
const SAVE_DELAY_MS = 2000;
const RETRY_MS = [2000, 5000, 10000, 20000, 30000];

const clone = (v) => (v === undefined ? undefined : JSON.parse(JSON.stringify(v)));

export function useApplication() {
  const state = reactive({
    id: null,
    app: null, // the server's object (summary, attachments, history, allowed_actions, window_open…)
    // the version of the form this page's unsaved changes are based on (sent with every save)
    version: null,
    loading: false,
    loadError: '',
    form: Object.fromEntries(SECTIONS.map((s) => [s, s === 'declaration_accepted' ? false : {}])),
    problems: {},
    warnings: {},
    // what the server's problems were computed from, per section: fields edited since are not
    // judged by stale messages
    base: {},
    // reference data the steps need
    campaign: null,
    regions: [],
    departments: [],
    touched: new Set(),
    revealed: new Set(),
    save: {
      state: 'idle', // idle | pending | saving | saved | error | failed | locked | conflict
      at: null, // the server's updated_at of the last save
      message: '',
    },
    // saved elsewhere since this page read the form (a 409 with current_version): the choice
    conflict: {
      open: false,
      busy: '', // '' | 'reload' | 'keep'
      currentVersion: null,
      sections: [], // this page's unsaved sections
      latest: null, // the application as saved elsewhere (when it could be read)
      message: '',
      error: '',
    },
  });

  // ---- dirty tracking ------------------------------------------------------------------------
  const dirty = new Set(); // sections changed since their last successful save
  const rev = Object.fromEntries(SECTIONS.map((s) => [s, 0]));
  let applying = false; // the form is being replaced from the server: not a user change
  let timer = null;
  let retryTimer = null;
  let retries = 0;
  let inflight = null; // the running save's promise

  // the server offers 填写/修改 to the signed-in user now
  const canEdit = computed(() => hasAction(state.app, 'edit'));
  const stopped = () => state.save.state === 'locked' || state.save.state === 'conflict';
  const readonly = computed(() => !canEdit.value);

  for (const s of SECTIONS) {
    watch(
      () => state.form[s],
      () => {
        if (applying || !canEdit.value) return;
        dirty.add(s);
        rev[s]++;
        schedule();
      },
      // sync: a replacement from the server (applying) is told apart from a user's change
      { deep: true, flush: 'sync' },
    );
  }

  function hasUnsaved() {
    return dirty.size > 0 || !!inflight;
  }

  function schedule(delay = SAVE_DELAY_MS) {
    clearTimeout(timer);
    if (stopped()) return;
    if (state.save.state !== 'saving' && state.save.state !== 'error') state.save.state = 'pending';
    timer = setTimeout(() => {
      timer = null;
      saveNow();
    }, delay);
  }

  // Takes what the server says about the application, except the form fields unless asked. The
  // version goes with the form (a whole answer), or when asked (the answer to this page's save:
  // versions only grow, so the highest one seen is this page's).
  function applyServer(app, { form = false, version = form } = {}) {
    state.app = app;
    state.id = app.id;
    if (version && app.version !== undefined && app.version !== null) {
      state.version = form || state.version === null ? app.version : Math.max(state.version, app.version);
    }
    state.problems = app.problems || {};
    state.warnings = app.warnings || {};
    if (form) {
      applying = true;
      for (const s of SECTIONS) {
        if (s === 'declaration_accepted') state.form[s] = !!app[s];
        else state.form[s] = clone(app[s] || {});
        state.base[s] = clone(state.form[s]);
      }
      dirty.clear();
      applying = false;
    }
    if (app.updated_at && !state.save.at) state.save.at = app.updated_at;
  }

  async function load(id) {
    state.loading = true;
    state.loadError = '';
    try {
      const app = await api.getApplication(id);
      applyServer(app, { form: true });
      state.save.state = 'idle';
      state.save.at = app.updated_at || null;
      return app;
    } catch (e) {
      state.loadError = e.status === 404 ? '申报不存在，或您无权查看' : e.message || '申报加载失败';
      throw e;
    } finally {
      state.loading = false;
    }
  }

  // The call (text limits, categories, cutoff), regions and departments; failures leave them empty.
  async function loadReference(year) {
    const [c, r, d] = await Promise.allSettled([getCampaign(year), getRegions(), getDepartments()]);
    if (c.status === 'fulfilled') state.campaign = c.value;
    if (r.status === 'fulfilled') state.regions = r.value || [];
    if (d.status === 'fulfilled') state.departments = d.value || [];
  }

  // Re-reads the application (after uploads, submit, withdraw) without touching unsaved fields.
  // With unsaved fields the version stays the one they are based on: if the form was saved
  // elsewhere meanwhile, the next save meets the 409 and the user chooses.
  async function refresh() {
    if (!state.id) return null;
    const app = await api.getApplication(state.id);
    applyServer(app, { form: dirty.size === 0 && !inflight && !stopped() });
    return app;
  }

  // The changed sections, and the version they are based on.
  function body(version = state.version) {
    const b = {};
    for (const s of dirty) b[s] = clone(state.form[s]);
    if (version !== null && version !== undefined) b.version = version;
    return b;
  }

  // Saves the changed sections now; resolves true when everything is saved.
  async function saveNow({ keepalive = false } = {}) {
    clearTimeout(timer);
    timer = null;
    clearTimeout(retryTimer);
    retryTimer = null;
    if (!canEdit.value || !state.id) return dirty.size === 0;
    while (inflight) await inflight;
    if (dirty.size === 0) return true;
    if (!canEdit.value || stopped()) return false;

    const sent = { ...rev };
    const payload = body();
    state.save.state = 'saving';
    state.save.message = '';
    const p = (async () => {
      try {
        const app = await api.saveApplication(state.id, payload, { keepalive });
        for (const s of SECTIONS) {
          if (!(s in payload)) continue;
          if (rev[s] === sent[s]) dirty.delete(s);
          state.base[s] = payload[s];
        }
        applyServer(app, { version: true });
        state.save.at = app.updated_at || new Date().toISOString();
        // typed on while saving: the change's own timer saves it
        state.save.state = dirty.size ? 'pending' : 'saved';
        retries = 0;
      } catch (e) {
        onSaveError(e);
      }
    })();
    inflight = p;
    try {
      await p;
    } finally {
      if (inflight === p) inflight = null;
    }
    return dirty.size === 0;
  }

  function onSaveError(e) {
    const current = e.details && e.details.current_version;
    if (e.status === 409 && current !== undefined && current !== null) {
      openConflict(e);
      return;
    }
    if (e.status === 409) {
      // submitted elsewhere (another tab, a colleague): stop saving and show what the server has
      state.save.state = 'locked';
      state.save.message = e.message || '申报已提交并锁定，不能修改';
      dirty.clear();
      refresh().catch(() => {});
      return;
    }
    if (e.status === 422 || e.status === 403 || e.status === 404 || e.status === 401) {
      // the body itself is refused: retrying the same body cannot help
      const detail = e.fields && Object.values(e.fields)[0];
      state.save.state = 'failed';
      state.save.message = detail ? `${e.message}：${detail}` : e.message;
      return;
    }
    // network, 5xx, 429: try again, slower each time
    state.save.state = 'error';
    state.save.message = e.message || '';
    const wait = RETRY_MS[Math.min(retries, RETRY_MS.length - 1)];
    retries++;
    retryTimer = setTimeout(() => {
      retryTimer = null;
      saveNow();
    }, wait);
  }

  // Saves before leaving a step or the page; resolves true when nothing is left unsaved.
  async function flush() {
    if (!canEdit.value) return true;
    while (inflight) await inflight;
    if (dirty.size === 0) return true;
    return saveNow();
  }

  // Last-chance save while the page may be going away (tab hidden, closing): a keepalive
  // request, so the browser sends it even if the page is gone; if the page stays, its answer
  // is taken as usual.
  function flushKeepalive() {
    if (!canEdit.value || !state.id || dirty.size === 0 || stopped()) return;
    if (inflight) {
      // the running save, if it succeeds, makes the next version: this one is based on it (if
      // it fails or comes second, this one is refused and the sections stay unsaved)
      const sent = { ...rev };
      const payload = body(state.version === null ? null : state.version + 1);
      api
        .saveApplication(state.id, payload, { keepalive: true })
        .then((app) => {
          if (!app || !(app.version > (state.version || 0))) return;
          for (const s of SECTIONS) if (s in payload && rev[s] === sent[s]) dirty.delete(s);
          applyServer(app, { version: true });
        })
        .catch(() => {});
      return;
    }
    saveNow({ keepalive: true });
  }

  // ---- saved elsewhere: the user's choice ------------------------------------------------------
  function openConflict(e) {
    clearTimeout(timer);
    timer = null;
    clearTimeout(retryTimer);
    retryTimer = null;
    Object.assign(state.conflict, {
      open: true,
      busy: '',
      currentVersion: e.details.current_version,
      sections: SECTIONS.filter((s) => dirty.has(s)),
      latest: null,
      message: e.message || '',
      error: '',
    });
    state.save.state = 'conflict';
    state.save.message = '申报表已在别处保存过，自动保存已暂停';
    // what was saved elsewhere, for the dialog to say when
    api
      .getApplication(state.id)
      .then((app) => {
        if (state.conflict.open) state.conflict.latest = app;
      })
      .catch(() => {});
  }

  // 重新加载: the latest saved form, this page's unsaved changes dropped.
  // 保留我的修改: the latest saved form with this page's changes put back on top (each field this
  // page changed keeps this page's value, the rest is the latest), saved with the latest version.
  async function resolveConflict(choice) {
    if (!state.conflict.open || state.conflict.busy) return false;
    state.conflict.busy = choice;
    state.conflict.error = '';
    try {
      const latest = await api.getApplication(state.id);
      const mine = {};
      for (const s of SECTIONS) if (dirty.has(s)) mine[s] = { local: clone(state.form[s]), base: clone(state.base[s]) };
      if (!hasAction(latest, 'edit')) {
        // submitted or locked meanwhile: nothing can be saved; this page's text stays on screen
        applyServer(latest);
        state.conflict.open = false;
        state.save.state = 'locked';
        state.save.message = `当前状态为“${latest.status_label || ''}”，申报表不能再修改`;
        return false;
      }
      applyServer(latest, { form: true });
      state.conflict.open = false;
      state.save.state = 'idle';
      state.save.message = '';
      state.save.at = latest.updated_at || state.save.at;
      if (choice !== 'keep') return true;
      // put this page's changes back: the form watchers mark them dirty again
      for (const [s, m] of Object.entries(mine)) {
        state.form[s] = s === 'declaration_accepted' ? m.local : merge3(m.base, state.form[s], m.local);
      }
      return await saveNow();
    } catch (err) {
      state.conflict.error = err.message || '操作失败，请稍后重试';
      return false;
    } finally {
      state.conflict.busy = '';
    }
  }

  function dispose() {
    clearTimeout(timer);
    clearTimeout(retryTimer);
  }

  // ---- problems shown beside fields ------------------------------------------------------------
  function touch(...keys) {
    for (const k of keys.flat()) if (k) state.touched.add(k);
  }

  function reveal(step) {
    state.revealed.add(step);
  }

  function revealAll() {
    for (const k of Object.keys(state.problems)) state.revealed.add(stepOfKey(k));
    state.revealed.add('submit');
  }

  function shown(key) {
    return state.touched.has(key) || state.revealed.has(stepOfKey(key));
  }

  // Dotted keys whose value differs from what the server last judged.
  const changed = computed(() => {
    const out = [];
    for (const s of SECTIONS) diffKeys(state.form[s], state.base[s], s, out);
    return out;
  });

  function stale(key) {
    return changed.value.some((c) => c === key || key.startsWith(c + '.') || c.startsWith(key + '.'));
  }

  // The message to show under the field `key` (and keys below it when `deep`), or ''.
  function errorFor(key, { deep = false } = {}) {
    if (readonly.value) return '';
    if (state.problems[key] && shown(key) && !stale(key)) return state.problems[key];
    if (deep) {
      const prefix = key + '.';
      for (const [k, m] of Object.entries(state.problems)) if (k.startsWith(prefix) && shown(k) && !stale(k)) return m;
    }
    return '';
  }

  function warningFor(key) {
    return readonly.value || stale(key) ? '' : state.warnings[key] || '';
  }

  const problemGroups = computed(() => groupByStep(state.problems));
  const warningGroups = computed(() => groupByStep(state.warnings));
  const problemCount = computed(() => Object.keys(state.problems).length);

  function problemsInStep(step) {
    return Object.keys(state.problems).filter((k) => stepOfKey(k) === step).length;
  }

  // ---- actions -----------------------------------------------------------------------------------
  async function submit() {
    const ok = await flush();
    if (!ok) throw new Error('申报表尚未保存成功，请稍后重试');
    try {
      const app = await api.submitApplication(state.id);
      applyServer(app, { form: true });
      return app;
    } catch (e) {
      if (e.status === 422 && e.fields && Object.keys(e.fields).length) {
        state.problems = e.fields;
        revealAll();
      }
      throw e;
    }
  }

  async function withdraw() {
    const app = await api.withdrawApplication(state.id);
    applyServer(app, { form: true });
    return app;
  }

  async function removeAttachment(aid) {
    await api.deleteAttachment(state.id, aid);
    if (state.app) state.app.attachments = (state.app.attachments || []).filter((a) => a.id !== aid);
    await refresh().catch(() => {});
  }

  // 打印申报表: a link to form.pdf opens it in a new tab; this is its click handler. With changes
  // not yet saved, the tab is opened at once (so no popup blocker stops it) and sent to the PDF
  // once they are saved, so the print shows them. Resolves false when they could not be saved.
  async function openFormPdf(event) {
    if (!canEdit.value || !hasUnsaved()) return true;
    event.preventDefault();
    const url = api.formPdfUrl(state.id);
    const tab = window.open('', '_blank');
    const ok = await flush();
    if (tab) tab.location.href = url;
    else window.open(url, '_blank');
    return ok;
  }

  const ctx = {
    state,
    canEdit,
    readonly,
    load,
    loadReference,
    refresh,
    saveNow,
    flush,
    flushKeepalive,
    hasUnsaved,
    dispose,
    touch,
    reveal,
    revealAll,
    errorFor,
    warningFor,
    problemGroups,
    warningGroups,
    problemCount,
    problemsInStep,
    submit,
    withdraw,
    removeAttachment,
    openFormPdf,
    resolveConflict,
    // an answer the page already has (a review action's): taken whole, as if loaded
    accept: (app) => applyServer(app, { form: true }),
  };
  return ctx;
}

function isObj(v) {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

// Deep equality of JSON values (a missing key is null).
function same(a, b) {
  if (a === undefined) a = null;
  if (b === undefined) b = null;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, i) => same(v, b[i]));
  }
  if (isObj(a) && isObj(b)) {
    return [...new Set([...Object.keys(a), ...Object.keys(b)])].every((k) => same(a[k], b[k]));
  }
  return a === b;
}

// Three-way merge of a section: where `mine` differs from `base` (what this page changed) mine,
// elsewhere `theirs` (the latest saved).
export function merge3(base, theirs, mine) {
  if (isObj(base) && isObj(theirs) && isObj(mine)) {
    const out = {};
    for (const k of new Set([...Object.keys(theirs), ...Object.keys(mine)])) {
      const v = merge3(base[k], theirs[k], mine[k]);
      if (v !== undefined) out[k] = v;
    }
    return out;
  }
  return same(mine, base) ? clone(theirs) : clone(mine);
}

// Pushes onto out the dotted keys (under prefix) where a and b differ.
function diffKeys(a, b, prefix, out) {
  if (isObj(a) && isObj(b)) {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) diffKeys(a[k], b[k], `${prefix}.${k}`, out);
    return;
  }
  if (isObj(a) || isObj(b)) {
    out.push(prefix);
    return;
  }
  const norm = (v) => (v === undefined ? null : v);
  if (norm(a) !== norm(b)) out.push(prefix);
}

// The form view provides its application to the step components.
export function provideApplication(ctx) {
  provide(KEY, ctx);
  return ctx;
}

export function useApplicationContext() {
  const ctx = inject(KEY, null);
  if (!ctx) throw new Error('useApplicationContext() outside an application view');
  return ctx;
}
