// The yearly calls (申报通知).
import { http } from './http.js';

export function listCampaigns() {
  return http.get('/api/v1/campaigns');
}

export function getCampaign(year) {
  return http.get(`/api/v1/campaigns/${encodeURIComponent(year)}`);
}
