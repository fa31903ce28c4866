import { computed, signal } from '@preact/signals';
import type { LoginResponse, MeResponse } from '@sro/shared/schemas/auth';
import { isStaffRole } from '@sro/shared/enums';
import { api, setSignedOutHandler } from '../api/client';

// Who is signed in. `undefined` = not known yet, `null` = signed out.

export const me = signal<MeResponse | null | undefined>(undefined);
export const isStaff = computed(() => !!me.value && isStaffRole(me.value.user.role));
export const isAdmin = computed(() => me.value?.user.role === 'admin');
/** Set when the server ended the session under us; the login page says so. */
export const sessionEndedNotice = signal(false);

export async function loadMe(): Promise<void> {
  try {
    me.value = await api.get<MeResponse>('/api/auth/me');
  } catch {
    me.value = null;
  }
}

export async function signIn(login: string, password: string): Promise<void> {
  await api.post<LoginResponse>('/api/auth/login', { login, password });
  sessionEndedNotice.value = false;
  await loadMe();
}

/** The refresh was refused (expired, revoked, or signed out in another tab): back to the login page. */
export function sessionExpired(): void {
  if (!me.value) return;
  sessionEndedNotice.value = true;
  me.value = null;
}
setSignedOutHandler(sessionExpired);

export async function signOut(everywhere = false): Promise<void> {
  await api.post(everywhere ? '/api/auth/logout-all' : '/api/auth/logout').catch(() => undefined);
  me.value = null;
  // A full load drops every in-memory store and the socket of the previous user.
  location.assign('/');
}
