import { computed, signal } from '@preact/signals';
import type { LoginResponse, MeResponse } from '@sro/shared/schemas/auth';
import { api } from '../api/client';

// Who is signed in. `undefined` = not known yet, `null` = signed out.

export const me = signal<MeResponse | null | undefined>(undefined);
export const isStaff = computed(() => me.value?.user.role === 'expert' || me.value?.user.role === 'admin');

export async function loadMe(): Promise<void> {
  try {
    me.value = await api.get<MeResponse>('/api/auth/me');
  } catch {
    me.value = null;
  }
}

export async function signIn(login: string, password: string): Promise<void> {
  await api.post<LoginResponse>('/api/auth/login', { login, password });
  await loadMe();
}

export async function signOut(everywhere = false): Promise<void> {
  await api.post(everywhere ? '/api/auth/logout-all' : '/api/auth/logout').catch(() => undefined);
  me.value = null;
  location.assign('/');
}
