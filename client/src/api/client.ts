import type { UploadedFileDto } from '@sro/shared/schemas/files';
import type { ErrorDetail } from '@sro/shared/errors';
import { errorText, t } from '../i18n';

// The one way the client talks to the API: JSON, session cookies, the CSRF header on changes,
// one silent refresh on 401, and the contract's error body turned into an ApiError.

export class ApiError extends Error {
  constructor(readonly status: number, readonly detail: ErrorDetail) {
    // Russian UI: the server's own (Russian) message; English UI: our translation of the code when we have one.
    super(errorText(detail));
  }
  get code(): string {
    return this.detail.code;
  }
  /** Field path → message, for showing next to the inputs. */
  get fields(): Record<string, string> {
    return this.detail.fields ?? {};
  }
}

/** Any thrown value as an ApiError (network failures and bugs become a readable message). */
export const toApiError = (err: unknown): ApiError =>
  err instanceof ApiError ? err : new ApiError(0, { code: 'internal', message: t('error.network') });

export const csrfToken = () => {
  const raw = document.cookie.split('; ').find((c) => c.startsWith('csrf='))?.slice(5) ?? '';
  return decodeURIComponent(raw);
};

/** Called when the session is gone for good (refresh refused): the session store signs the tab out. */
let onSignedOut: () => void = () => undefined;
export const setSignedOutHandler = (fn: () => void) => void (onSignedOut = fn);

export type RefreshResult = 'ok' | 'signed_out' | 'offline';
let refreshing: Promise<RefreshResult> | null = null;

/** Rotates the session cookies. Concurrent 401s share one refresh (a rotating token may be used once). */
export function refreshSession(): Promise<RefreshResult> {
  // The server sets the csrf cookie with the session: without it there is nothing to refresh (a first visit).
  if (!csrfToken()) return Promise.resolve('signed_out');
  refreshing ??= fetch('/api/auth/refresh', { method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json', 'x-csrf-token': csrfToken() }, body: '{}' })
    .then((r): RefreshResult => (r.ok ? 'ok' : r.status === 401 || r.status === 400 ? 'signed_out' : 'offline'))
    .catch((): RefreshResult => 'offline')
    .finally(() => (refreshing = null)); // waiters already hold the promise; a later 401 refreshes anew
  return refreshing;
}

async function parse(res: Response): Promise<unknown> {
  const text = await res.text();
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return text;
  }
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);
// Sign-in itself and the refresh answer 401 for wrong credentials, not for an expired session.
const NO_REFRESH = ['/api/auth/login', '/api/auth/refresh'];

export async function request<T>(method: string, path: string, body?: unknown, retry = true): Promise<T> {
  const isForm = body instanceof FormData;
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: {
        accept: 'application/json',
        ...(body !== undefined && !isForm ? { 'content-type': 'application/json' } : {}),
        ...(SAFE.has(method) ? {} : { 'x-csrf-token': csrfToken() }),
      },
      body: body === undefined ? undefined : isForm ? body : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, { code: 'unavailable', message: t('error.network') });
  }
  const data = await parse(res);
  const detail = (data as { error?: ErrorDetail } | undefined)?.error;
  // Only an expired session is worth a refresh; "wrong old password" is a 401 too, with another code.
  if (res.status === 401 && (!detail || detail.code === 'unauthenticated') && !NO_REFRESH.some((p) => path.startsWith(p))) {
    const refreshed = retry ? await refreshSession() : 'signed_out';
    if (refreshed === 'ok') return request(method, path, body, false);
    if (refreshed === 'signed_out' && path !== '/api/auth/me') onSignedOut();
  }
  if (!res.ok) throw new ApiError(res.status, detail ?? { code: res.status >= 500 ? 'internal' : 'not_found', message: t('error.server') });
  return data as T;
}

export const api = {
  get: <T>(path: string) => request<T>('GET', path),
  post: <T>(path: string, body: unknown = {}) => request<T>('POST', path, body),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, body),
  delete: <T>(path: string) => request<T>('DELETE', path),
};

/** Uploads with progress (fetch has none): XMLHttpRequest, same cookies and CSRF header. */
export function uploadFiles(files: File[], onProgress: (fraction: number) => void, fields: Record<string, string> = {}): Promise<{ items: UploadedFileDto[] }> {
  return new Promise((resolve, reject) => {
    const form = new FormData();
    // Fields first: `signsFileId` tells the server which file an uploaded signature signs.
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    for (const f of files) form.append('file', f, f.name);
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/files');
    xhr.setRequestHeader('x-csrf-token', csrfToken());
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onload = () => {
      let data: { error?: ErrorDetail } = {};
      try {
        data = JSON.parse(xhr.responseText || '{}');
      } catch {
        // a proxy's HTML error page: fall through to the generic message
      }
      if (xhr.status === 201) resolve(data as never);
      else reject(new ApiError(xhr.status, data.error ?? { code: 'internal', message: t('error.upload') }));
    };
    xhr.onerror = () => reject(new ApiError(0, { code: 'unavailable', message: t('error.network') }));
    xhr.send(form);
  });
}
