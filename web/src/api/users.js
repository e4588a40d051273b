// Accounts managed by the provincial office (reviewers, experts, administrators).
import { http } from './http.js';

export function listUsers({ page = 1, perPage = 20, role } = {}) {
  return http.get('/api/v1/users', { query: { page, per_page: perPage, role } });
}

export function createUser(body) {
  return http.post('/api/v1/users', body);
}
