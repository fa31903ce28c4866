// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { api, ApiError, setSignedOutHandler } from '../../client/src/api/client';
import { setLocale } from '../../client/src/i18n';

// The fetch wrapper against the contract: cookies, CSRF on changes, one refresh on an expired session,
// the error body as an ApiError.

interface Call { url: string; init: RequestInit }
let calls: Call[];
let answers: ((call: Call) => Response)[];
const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const header = (call: Call, name: string) => new Headers(call.init.headers).get(name);

beforeEach(() => {
  calls = [];
  answers = [];
  document.cookie = 'csrf=tok%2Ben123';
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    const call = { url, init };
    calls.push(call);
    const next = answers.shift();
    if (!next) throw new TypeError('Failed to fetch');
    return next(call);
  });
});
afterEach(() => {
  vi.unstubAllGlobals();
  setSignedOutHandler(() => undefined);
});

describe('api client', () => {
  it('sends cookies on every request and the CSRF token only on changes', async () => {
    answers.push(() => json(200, { ok: 1 }), () => json(201, { id: 'x' }));
    expect(await api.get('/api/unread')).toEqual({ ok: 1 });
    expect(await api.post('/api/threads', { kind: 'general' })).toEqual({ id: 'x' });
    expect(calls.map((c) => c.init.credentials)).toEqual(['same-origin', 'same-origin']);
    expect(header(calls[0], 'x-csrf-token')).toBeNull();
    expect(header(calls[1], 'x-csrf-token')).toBe('tok+en123');
    expect(header(calls[1], 'content-type')).toBe('application/json');
    expect(calls[1].init.body).toBe('{"kind":"general"}');
  });

  it('on 401 unauthenticated refreshes the session once and retries the request', async () => {
    answers.push(
      () => json(401, { error: { code: 'unauthenticated', message: 'Войдите' } }),
      () => json(200, {}),
      () => json(200, { total: 2, threads: {} }),
    );
    expect(await api.get('/api/unread')).toEqual({ total: 2, threads: {} });
    expect(calls.map((c) => `${c.init.method} ${c.url}`)).toEqual(['GET /api/unread', 'POST /api/auth/refresh', 'GET /api/unread']);
    expect(header(calls[1], 'x-csrf-token')).toBe('tok+en123');
  });

  it('when the refresh is refused, signs the tab out and throws the original error', async () => {
    const signedOut = vi.fn();
    setSignedOutHandler(signedOut);
    answers.push(() => json(401, { error: { code: 'unauthenticated', message: 'Войдите' } }), () => json(401, { error: { code: 'unauthenticated', message: 'нет' } }));
    const err = await api.get('/api/threads').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe('unauthenticated');
    expect(signedOut).toHaveBeenCalledOnce();
  });

  it('never refreshes for wrong credentials (sign-in, a wrong old password)', async () => {
    answers.push(
      () => json(401, { error: { code: 'invalid_credentials', message: 'Неверный логин или пароль' } }),
      () => json(401, { error: { code: 'invalid_credentials', message: 'Неверный текущий пароль' } }),
    );
    await expect(api.post('/api/auth/login', { login: '7701234560', password: 'x' })).rejects.toThrow('Неверный логин или пароль');
    await expect(api.post('/api/auth/password', { oldPassword: 'x', newPassword: 'y' })).rejects.toThrow('Неверный текущий пароль');
    expect(calls).toHaveLength(2);
  });

  it('a first visit (no session cookies) does not try a refresh', async () => {
    document.cookie = 'csrf=; expires=Thu, 01 Jan 1970 00:00:00 GMT';
    answers.push(() => json(401, { error: { code: 'unauthenticated', message: 'Войдите' } }));
    await expect(api.get('/api/auth/me')).rejects.toBeInstanceOf(ApiError);
    expect(calls.map((c) => c.url)).toEqual(['/api/auth/me']);
  });

  it('concurrent requests share one refresh', async () => {
    const expired = () => json(401, { error: { code: 'unauthenticated', message: '' } });
    answers.push(expired, expired, () => json(200, {}), () => json(200, { a: 1 }), () => json(200, { a: 1 }));
    await Promise.all([api.get('/api/a'), api.get('/api/b')]);
    expect(calls.filter((c) => c.url === '/api/auth/refresh')).toHaveLength(1);
  });

  it('turns the contract error body into an ApiError with code and fields', async () => {
    answers.push(() => json(400, { error: { code: 'validation_failed', message: 'Проверьте поля', fields: { 'form.copies': 'От 1 до 10' } } }));
    const err = (await api.post('/api/threads', {}).catch((e: unknown) => e)) as ApiError;
    expect(err.status).toBe(400);
    expect(err.code).toBe('validation_failed');
    expect(err.message).toBe('Проверьте поля');
    expect(err.fields).toEqual({ 'form.copies': 'От 1 до 10' });
  });

  it('a network failure or a non-JSON 502 is still a readable ApiError', async () => {
    answers.push(() => new Response('<html>Bad gateway</html>', { status: 502 }));
    const gateway = (await api.get('/api/unread').catch((e: unknown) => e)) as ApiError;
    expect(gateway.code).toBe('internal');
    expect(gateway.message).toMatch(/Сервер не ответил/);
    const offline = (await api.get('/api/unread').catch((e: unknown) => e)) as ApiError;
    expect(offline.status).toBe(0);
    expect(offline.message).toMatch(/Нет связи/);
  });

  it('in English, known codes are translated; the server text stays the fallback', async () => {
    await setLocale('en');
    try {
      answers.push(() => json(401, { error: { code: 'invalid_credentials', message: 'Неверный логин или пароль' } }));
      await expect(api.post('/api/auth/login', {})).rejects.toThrow('Wrong login or password');
    } finally {
      await setLocale('ru');
    }
  });
});
