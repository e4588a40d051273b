// Reference data, returned whole by the server and cached for the page's lifetime.
import { http } from './http.js';

let regions = null;
let departments = null;
let statuses = null;

export function getRegions() {
  if (!regions) regions = http.get('/api/v1/regions').catch((e) => { regions = null; throw e; });
  return regions;
}

export function getDepartments() {
  if (!departments) departments = http.get('/api/v1/departments').catch((e) => { departments = null; throw e; });
  return departments;
}

// After the departments changed (部门管理): the next getDepartments() asks the server again.
export function forgetDepartments() {
  departments = null;
}

// Every status with its words, in the workflow's order: [{code, label}] (public).
export function getStatuses() {
  if (!statuses) {
    statuses = http
      .get('/api/v1/statuses')
      .then((r) => (r && r.items) || [])
      .catch((e) => {
        statuses = null;
        throw e;
      });
  }
  return statuses;
}
