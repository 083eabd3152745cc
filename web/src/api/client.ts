// The one way the UI talks to the server: daicho's documented API (kintone's /k/v1/ plus
// /api/). Sessions ride on the HttpOnly cookie; every request that changes something
// carries the session's CSRF token. Failures become ApiError with the server's own
// human message (already in the user's language), never a raw status.
import { lang } from '../i18n';

export interface FieldErrors {
  [key: string]: { messages: string[] };
}

export class ApiError extends Error {
  constructor(
    public status: number,
    public code: string,
    message: string,
    public errors: FieldErrors = {},
    public id = '',
  ) {
    super(message);
  }
  /** Messages of field errors whose key starts with prefix (e.g. "record.title"). */
  fieldMessages(prefix: string): string[] {
    return Object.entries(this.errors)
      .filter(([k]) => k === prefix || k.startsWith(prefix + '.') || k.startsWith(prefix + '['))
      .flatMap(([, v]) => v.messages);
  }
}

let csrf = '';
export function setCsrf(token: string): void {
  csrf = token;
}

type Params = Record<string, unknown>;

/** Query string as the official client writes it: arrays with indexed brackets. */
export function toQuery(params: Params): string {
  const parts: string[] = [];
  const add = (key: string, v: unknown) => {
    if (v === undefined) return;
    if (Array.isArray(v)) v.forEach((x, i) => add(`${key}[${i}]`, x));
    else if (v !== null && typeof v === 'object')
      Object.entries(v as Params).forEach(([k, x]) => add(`${key}[${k}]`, x));
    else parts.push(`${encodeURIComponent(key)}=${encodeURIComponent(v === null ? '' : String(v))}`);
  };
  Object.entries(params).forEach(([k, v]) => add(k, v));
  return parts.join('&');
}

// Whoever shows the full-page refusal when the hours rule refuses (DC_HR01, Abiko §8).
let hoursRefused: ((e: ApiError) => void) | null = null;
export function onHoursRefused(f: ((e: ApiError) => void) | null): void {
  hoursRefused = f;
}

async function toError(r: Response): Promise<ApiError> {
  const e = await readError(r);
  if (e.code === 'DC_HR01' && hoursRefused) hoursRefused(e);
  return e;
}

async function readError(r: Response): Promise<ApiError> {
  let body: { code?: string; message?: string; errors?: FieldErrors; id?: string } = {};
  try {
    body = await r.json();
  } catch {
    /* not JSON: a proxy or a crash */
  }
  if (body.code && body.message) return new ApiError(r.status, body.code, body.message, body.errors, body.id);
  const fallback =
    lang() === 'ja'
      ? `サーバーから予期しない応答がありました（${r.status}）。しばらくしてからもう一度お試しください。`
      : `The server answered unexpectedly (${r.status}). Please try again in a moment.`;
  return new ApiError(r.status, 'HTTP', fallback);
}

function networkError(): ApiError {
  return new ApiError(
    0,
    'NETWORK',
    lang() === 'ja'
      ? 'サーバーに接続できませんでした。ネットワークを確認してください。'
      : 'Could not reach the server. Check the network connection.',
  );
}

/** Per-call options: extra request headers (e.g. a stated download reason). */
export interface CallOptions {
  headers?: Record<string, string>;
}

async function send<T>(method: string, path: string, params?: Params, opts?: CallOptions): Promise<T> {
  const headers: Record<string, string> = { ...opts?.headers, 'Accept-Language': lang(), 'X-Requested-With': 'XMLHttpRequest' };
  let url = path;
  let body: string | undefined;
  if (method === 'GET' || method === 'DELETE') {
    const q = params ? toQuery(params) : '';
    if (q.length > 4096) {
      // Long queries go as a POST with the method override, as kintone's client does.
      headers['X-HTTP-Method-Override'] = method;
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(params);
      method = 'POST';
    } else if (q) {
      url += '?' + q;
    }
  } else {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(params ?? {});
  }
  if (method !== 'GET' && csrf) headers['X-Daicho-CSRF'] = csrf;
  let r: Response;
  try {
    r = await fetch(url, { method, headers, body, credentials: 'same-origin' });
  } catch {
    throw networkError();
  }
  if (!r.ok) throw await toError(r);
  return (await r.json()) as T;
}

export const api = {
  get: <T>(path: string, params?: Params, opts?: CallOptions) => send<T>('GET', path, params, opts),
  post: <T>(path: string, params?: Params, opts?: CallOptions) => send<T>('POST', path, params, opts),
  put: <T>(path: string, params?: Params, opts?: CallOptions) => send<T>('PUT', path, params, opts),
  del: <T>(path: string, params?: Params, opts?: CallOptions) => send<T>('DELETE', path, params, opts),
};

/** A URL for downloads (CSV export, files), with the query string encoded. */
export function downloadUrl(path: string, params: Params): string {
  return `${path}?${toQuery(params)}`;
}

/**
 * Uploads one file to /k/v1/file.json, reporting progress (0..1); resolves to the
 * upload key. Uses XMLHttpRequest because fetch cannot report upload progress.
 */
export function uploadFile(file: File, onProgress?: (fraction: number) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/k/v1/file.json');
    xhr.setRequestHeader('Accept-Language', lang());
    if (csrf) xhr.setRequestHeader('X-Daicho-CSRF', csrf);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && onProgress) onProgress(e.loaded / e.total);
    };
    xhr.onerror = () => reject(networkError());
    xhr.onload = async () => {
      const resp = new Response(xhr.responseText, { status: xhr.status });
      if (xhr.status >= 200 && xhr.status < 300) resolve((await resp.json()).fileKey);
      else reject(await toError(resp));
    };
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
}

/**
 * POSTs a JSON body like api.post, reporting upload progress (0..1) for large bodies such
 * as a CSV import; XMLHttpRequest because fetch cannot report upload progress.
 */
export function postWithProgress<T>(path: string, params: Params, onProgress?: (fraction: number) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.setRequestHeader('Accept-Language', lang());
    xhr.setRequestHeader('Content-Type', 'application/json');
    xhr.setRequestHeader('X-Requested-With', 'XMLHttpRequest');
    if (csrf) xhr.setRequestHeader('X-Daicho-CSRF', csrf);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && onProgress) onProgress(e.loaded / e.total);
    };
    xhr.onerror = () => reject(networkError());
    xhr.onload = async () => {
      const resp = new Response(xhr.responseText, { status: xhr.status });
      if (xhr.status >= 200 && xhr.status < 300) resolve((await resp.json()) as T);
      else reject(await toError(resp));
    };
    xhr.send(JSON.stringify(params));
  });
}
