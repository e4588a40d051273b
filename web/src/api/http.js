// The single fetch wrapper every API module goes through: JSON in and out, the session cookie,
// the CSRF header on state-changing requests, the error JSON turned into ApiError, and 401 → sign-in.

export class ApiError extends Error {
  constructor(status, code, message, fields = {}) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.fields = fields || {};
  }
}

let csrfToken = null;
let onUnauthenticated = null;

export function setCsrfToken(token) {
  csrfToken = token || null;
}

// Called with no arguments when a request (other than a session probe) answers 401.
export function setUnauthenticatedHandler(fn) {
  onUnauthenticated = fn;
}

function withQuery(path, query) {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v !== undefined && v !== null && v !== '') params.append(k, String(v));
  }
  const s = params.toString();
  return s ? `${path}${path.includes('?') ? '&' : '?'}${s}` : path;
}

// request('POST', '/api/v1/users', { body, query, probe })
//   probe: a 401 is an answer ("not signed in"), not a reason to leave the page.
export async function request(method, path, { body, query, probe = false } = {}) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers['X-CSRF-Token'] = csrfToken;

  let res;
  try {
    res = await fetch(withQuery(path, query), {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'network', '无法连接服务器，请检查网络后重试');
  }

  let data = null;
  const type = res.headers.get('content-type') || '';
  if (res.status !== 204 && type.includes('application/json')) {
    try {
      data = await res.json();
    } catch {
      data = null;
    }
  }
  if (data && typeof data.csrf_token === 'string') setCsrfToken(data.csrf_token);

  if (!res.ok) {
    const err = data && data.error ? data.error : {};
    const e = new ApiError(
      res.status,
      err.code || 'http_' + res.status,
      err.message || defaultMessage(res.status),
      err.fields,
    );
    if (res.status === 401 && !probe && onUnauthenticated) onUnauthenticated(e);
    throw e;
  }
  return data;
}

function defaultMessage(status) {
  if (status === 401) return '登录已失效，请重新登录';
  if (status === 403) return '没有权限执行此操作';
  if (status === 404) return '请求的内容不存在';
  if (status === 413) return '上传内容过大';
  if (status === 429) return '操作过于频繁，请稍后再试';
  if (status >= 500) return `服务器错误（${status}），请稍后重试`;
  return `请求失败（${status}）`;
}

export const http = {
  get: (path, opts) => request('GET', path, opts),
  post: (path, body, opts = {}) => request('POST', path, { ...opts, body }),
  put: (path, body, opts = {}) => request('PUT', path, { ...opts, body }),
  del: (path, opts) => request('DELETE', path, opts),
};
