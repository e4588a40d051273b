// Server name, version and clock (GET /api/v1/about).
import { http } from './http.js';

export function getAbout() {
  return http.get('/api/v1/about', { probe: true });
}
