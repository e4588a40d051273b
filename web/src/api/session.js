// Sign-in, sign-out and "who am I" (POST/DELETE /api/v1/session, GET /api/v1/me).
import { http, setCsrfToken } from './http.js';

export function signIn(username, password) {
  return http.post('/api/v1/session', { username, password }, { probe: true });
}

export async function signOut() {
  try {
    await http.del('/api/v1/session', { probe: true });
  } finally {
    setCsrfToken(null);
  }
}

// Resolves to {user, csrf_token}; rejects with ApiError status 401 when not signed in.
export function fetchMe() {
  return http.get('/api/v1/me', { probe: true });
}
