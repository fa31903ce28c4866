import type { ErrorDetail } from '@sro/shared/errors';

// The one way the client talks to the API: JSON, session cookies, the CSRF header on changes,
// one silent refresh on 401, and the contract's error body turned into an ApiError.

export class ApiError extends Error {
  constructor(readonly status: number, readonly detail: ErrorDetail) {
    super(detail.message);
  }
  get fields(): Record<string, string> {
    return this.detail.fields ?? {};
  }
}

const csrfToken = () => document.cookie.split('; ').find((c) => c.startsWith('csrf='))?.slice(5) ?? '';

let refreshing: Promise<boolean> | null = null;
function refreshSession(): Promise<boolean> {
  refreshing ??= fetch('/api/auth/refresh', { method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json', 'x-csrf-token': csrfToken() }, body: '{}' })
    .then((r) => r.ok)
    .catch(() => false)
    .finally(() => setTimeout(() => (refreshing = null), 0));
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

export async function request<T>(method: string, path: string, body?: unknown, retry = true): Promise<T> {
  const isForm = body instanceof FormData;
  const res = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: {
      ...(body !== undefined && !isForm ? { 'content-type': 'application/json' } : {}),
      ...(method !== 'GET' ? { 'x-csrf-token': csrfToken() } : {}),
    },
    body: body === undefined ? undefined : isForm ? body : JSON.stringify(body),
  });
  if (res.status === 401 && retry && !path.startsWith('/api/auth/login') && (await refreshSession())) return request(method, path, body, false);
  const data = await parse(res);
  if (!res.ok) {
    const detail = (data as { error?: ErrorDetail })?.error ?? { code: 'internal', message: 'Сервер не ответил. Проверьте соединение' };
    throw new ApiError(res.status, detail as ErrorDetail);
  }
  return data as T;
}

export const api = {
  get: <T>(path: string) => request<T>('GET', path),
  post: <T>(path: string, body: unknown = {}) => request<T>('POST', path, body),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, body),
};

/** Uploads with progress (fetch has none): XMLHttpRequest, same cookies and CSRF header. */
export function uploadFiles(files: File[], onProgress: (fraction: number) => void): Promise<{ items: { id: string; name: string; size: number; mime: string }[] }> {
  return new Promise((resolve, reject) => {
    const form = new FormData();
    for (const f of files) form.append('file', f, f.name);
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/files');
    xhr.setRequestHeader('x-csrf-token', csrfToken());
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onload = () => {
      const data = JSON.parse(xhr.responseText || '{}');
      if (xhr.status === 201) resolve(data);
      else reject(new ApiError(xhr.status, data.error ?? { code: 'internal', message: 'Не удалось загрузить файл' }));
    };
    xhr.onerror = () => reject(new ApiError(0, { code: 'internal', message: 'Нет соединения с сервером' }));
    xhr.send(form);
  });
}
