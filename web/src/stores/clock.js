// The server's clock as reported by GET /api/v1/about. With --now the server's clock starts at the
// given instant and runs on from there, so both cases are "the answer plus the time since".
import { reactive } from 'vue';
import { getAbout } from '../api/about.js';

export const clock = reactive({
  loaded: false,
  name: '',
  version: '',
  now: null,
  overridden: false,
  runs: true,
  fetchedAt: 0,
  limits: null, // {max_file_mb, max_application_mb} when the server says
});

let pending = null;
export function loadClock() {
  if (!pending) {
    pending = getAbout()
      .then((a) => {
        clock.name = a.name || '';
        clock.version = a.version || '';
        clock.now = a.now || null;
        clock.overridden = !!a.clock_overridden;
        clock.runs = a.clock_runs !== false;
        clock.fetchedAt = Date.now();
        clock.limits = a.limits && typeof a.limits === 'object' ? a.limits : null;
        clock.loaded = true;
      })
      .catch(() => {
        pending = null;
      });
  }
  return pending;
}

// The current instant (ms) by the server's clock.
export function serverNow() {
  if (!clock.now) return Date.now();
  const base = Date.parse(clock.now);
  if (Number.isNaN(base)) return Date.now();
  return base + (Date.now() - clock.fetchedAt);
}

// Upload limits in MB (GET /api/v1/about "limits"), 20/200 until the server says otherwise.
export function uploadLimits() {
  const l = clock.limits || {};
  const num = (v, d) => (Number.isFinite(Number(v)) && Number(v) > 0 ? Number(v) : d);
  return { fileMb: num(l.max_file_mb, 20), applicationMb: num(l.max_application_mb, 200) };
}
