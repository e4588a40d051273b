// Applicant self-registration (POST /api/v1/accounts) and its field-by-field check.
import { http } from './http.js';

// 201 on success; does not sign the new account in.
export function register(form) {
  return http.post('/api/v1/accounts', form);
}

// Checks the keys present in `partial` → {problems: {key: message}}.
export function validateRegistration(partial) {
  return http.post('/api/v1/accounts/validate', partial);
}
