// 省有关部门, managed by the provincial office: every department with whether it is still
// offered (GET ?all=1), adding one, renaming or retiring one. A retired department is no longer
// offered for new accounts and applications; existing ones keep it.
import { http } from './http.js';
import { forgetDepartments } from './reference.js';

// → [{code, name, active}]
export function listAllDepartments() {
  return http.get('/api/v1/departments', { query: { all: 1 } });
}

// → 201 {code, name, active}; 409 when the code is taken; 422 {fields: {code, name}}
export async function createDepartment({ code, name }) {
  const d = await http.post('/api/v1/departments', { code, name });
  forgetDepartments();
  return d;
}

// body {name, active} (both, always) → the department; 422 {fields}; 404 unknown code
export async function updateDepartment(code, { name, active }) {
  const d = await http.put(`/api/v1/departments/${encodeURIComponent(code)}`, { name, active });
  forgetDepartments();
  return d;
}
