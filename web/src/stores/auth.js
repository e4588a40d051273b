// Who is signed in. The server is the real guard; this only picks pages and menus.
import { reactive } from 'vue';
import * as session from '../api/session.js';
import { getRegions } from '../api/reference.js';
import { roleLabel } from '../utils/roles.js';

export const auth = reactive({
  loaded: false,
  user: null,
  region: null, // the user's region record from /regions, for the direct-county label
  unread: 0, // unread notifications (GET /api/v1/me "unread")
});

export function currentRoleLabel() {
  return auth.user ? roleLabel(auth.user.role, auth.region) : '';
}

async function loadRegion() {
  auth.region = null;
  const code = auth.user && auth.user.region_code;
  if (!code) return;
  try {
    const regions = await getRegions();
    auth.region = (regions || []).find((r) => r.code === code) || null;
  } catch {
    // the label falls back to the plain role label
  }
}

// Asks the server who we are; a 401 means "not signed in".
export async function loadMe() {
  try {
    const r = await session.fetchMe();
    auth.user = r.user || null;
    auth.unread = Number(r.unread) || 0;
  } catch (e) {
    if (e.status !== 401) throw e;
    auth.user = null;
  } finally {
    auth.loaded = true;
  }
  await loadRegion();
  return auth.user;
}

let probing = null;
export function ensureLoaded() {
  if (auth.loaded) return Promise.resolve(auth.user);
  if (!probing) probing = loadMe().finally(() => { probing = null; });
  return probing;
}

export async function signIn(username, password) {
  const r = await session.signIn(username, password);
  auth.user = r.user || null;
  auth.loaded = true;
  // /me carries the full profile (name, unit, region) and a fresh CSRF token.
  await loadMe();
  return auth.user;
}

export async function signOut() {
  try {
    await session.signOut();
  } finally {
    auth.user = null;
    auth.region = null;
    auth.unread = 0;
    auth.loaded = true;
  }
}

// The unread count again (the header's bell, every minute); quiet on failure.
export async function refreshUnread() {
  if (!auth.user) return auth.unread;
  try {
    const r = await session.fetchMe();
    if (r && r.user) auth.unread = Number(r.unread) || 0;
  } catch {
    // a 401 is noticed by the next real request; a network hiccup by the next poll
  }
  return auth.unread;
}

// After a 401 elsewhere: forget the user without asking the server.
export function forget() {
  auth.user = null;
  auth.region = null;
  auth.loaded = true;
}
