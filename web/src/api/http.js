// The single fetch wrapper every API module goes through: JSON in and out, the session cookie,
// the CSRF header on state-changing requests, the error JSON turned into ApiError, and 401 → sign-in.

export class ApiError extends Error {
  // details: the error object's other keys (a 409 on a stale save carries current_version)
  constructor(status, code, message, fields = {}, details = {}) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.fields = fields || {};
    this.details = details || {};
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

// request('POST', '/api/v1/users', { body, query, probe, keepalive })
//   probe: a 401 is an answer ("not signed in"), not a reason to leave the page.
//   keepalive: the request may outlive the page (a last save while the tab closes).
export async function request(method, path, { body, query, probe = false, keepalive = false } = {}) {
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
      keepalive,
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
    const e = errorFrom(res.status, data);
    if (res.status === 401 && !probe && onUnauthenticated) onUnauthenticated(e);
    throw e;
  }
  return data;
}

function errorFrom(status, data) {
  const err = data && data.error ? data.error : {};
  const { code, message, fields, ...details } = err;
  return new ApiError(status, code || 'http_' + status, message || defaultMessage(status), fields, details);
}

// upload('/api/v1/applications/1/attachments', formData, { onProgress }) → the JSON answer.
// XMLHttpRequest rather than fetch, for upload progress: onProgress(percent 0–100).
// The returned promise has abort(); an aborted upload rejects with code 'aborted'.
export function upload(path, formData, { onProgress } = {}) {
  const xhr = new XMLHttpRequest();
  const p = new Promise((resolve, reject) => {
    xhr.open('POST', path);
    xhr.withCredentials = true;
    xhr.setRequestHeader('Accept', 'application/json');
    if (csrfToken) xhr.setRequestHeader('X-CSRF-Token', csrfToken);
    if (onProgress) {
      xhr.upload.onprogress = (ev) => {
        if (ev.lengthComputable && ev.total > 0) onProgress(Math.min(100, Math.round((ev.loaded / ev.total) * 100)));
      };
    }
    xhr.onerror = () => reject(new ApiError(0, 'network', '无法连接服务器，请检查网络后重试'));
    xhr.onabort = () => reject(new ApiError(0, 'aborted', '已取消上传'));
    xhr.onload = () => {
      let data = null;
      const type = xhr.getResponseHeader('content-type') || '';
      if (xhr.status !== 204 && type.includes('application/json')) {
        try {
          data = JSON.parse(xhr.responseText);
        } catch {
          data = null;
        }
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve(data);
        return;
      }
      const e = errorFrom(xhr.status, data);
      if (xhr.status === 401 && onUnauthenticated) onUnauthenticated(e);
      reject(e);
    };
    xhr.send(formData);
  });
  p.abort = () => xhr.abort();
  return p;
}

// download('/api/v1/applications.csv', { query }) fetches a file and hands it to the browser as
// a download named as the server says (Content-Disposition filename*), or `fallbackName`.
// Errors come back as ApiError, like request(): the page can say what went wrong.
export async function download(path, { query, fallbackName = 'download' } = {}) {
  let res;
  try {
    res = await fetch(withQuery(path, query), { credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'network', '无法连接服务器，请检查网络后重试');
  }
  if (!res.ok) {
    let data = null;
    if ((res.headers.get('content-type') || '').includes('application/json')) {
      try {
        data = await res.json();
      } catch {
        data = null;
      }
    }
    const e = errorFrom(res.status, data);
    if (res.status === 401 && onUnauthenticated) onUnauthenticated(e);
    throw e;
  }
  const blob = await res.blob();
  const name = filenameFrom(res.headers.get('content-disposition')) || fallbackName;
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
  return name;
}

// The file name in a Content-Disposition header: filename* (RFC 5987, UTF-8) before filename.
export function filenameFrom(header) {
  if (!header) return '';
  const star = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(header);
  if (star) {
    try {
      return decodeURIComponent(star[1].trim());
    } catch {
      // fall through to the plain name
    }
  }
  const plain = /filename\s*=\s*"([^"]*)"|filename\s*=\s*([^;]+)/.exec(header);
  return plain ? (plain[1] || plain[2] || '').trim() : '';
}

function defaultMessage(status) {
  if (status === 401) return '登录已失效，请重新登录';
  if (status === 403) return '没有权限执行此操作';
  if (status === 404) return '请求的内容不存在';
  if (status === 409) return '当前状态下不能执行此操作，请刷新后重试';
  if (status === 413) return '上传内容过大';
  if (status === 415) return '不支持的文件类型';
  if (status === 429) return '操作过于频繁，请稍后再试';
  if (status >= 500) return `服务器错误（${status}），请稍后重试`;
  return `请求失败（${status}）`;
}

export const http = {
  get: (path, opts) => request('GET', path, opts),
  head: (path, opts) => request('HEAD', path, opts),
  post: (path, body, opts = {}) => request('POST', path, { ...opts, body }),
  put: (path, body, opts = {}) => request('PUT', path, { ...opts, body }),
  del: (path, opts) => request('DELETE', path, opts),
};
