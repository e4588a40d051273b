// The yearly calls (申报通知).
import { http } from './http.js';

export function listCampaigns() {
  return http.get('/api/v1/campaigns');
}

export function getCampaign(year) {
  return http.get(`/api/v1/campaigns/${encodeURIComponent(year)}`);
}

// The newest call (the year the work lists and packages are about), whole; null when none.
let latest = null;
export function getLatestCampaign() {
  if (!latest) {
    latest = listCampaigns()
      .then((list) => {
        const items = (list && list.items) || [];
        if (!items.length) return null;
        const newest = items.reduce((a, b) => (Number(b.year) > Number(a.year) ? b : a));
        return getCampaign(newest.year);
      })
      .catch((e) => {
        latest = null;
        throw e;
      });
  }
  return latest;
}
