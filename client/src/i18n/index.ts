import { signal } from '@preact/signals';
import { ru, type Dictionary } from './ru';

// t(key, params): every UI string goes through here. Russian by default; English loads on demand.

export type Locale = 'ru' | 'en';
export type MessageKey = keyof Dictionary;

const stored = (typeof localStorage !== 'undefined' && localStorage.getItem('locale')) as Locale | null;
export const locale = signal<Locale>(stored === 'en' ? 'en' : 'ru');
const dictionaries: Partial<Record<Locale, Dictionary>> = { ru };

export async function setLocale(next: Locale): Promise<void> {
  if (!dictionaries[next]) dictionaries[next] = (await import('./en')).en;
  localStorage.setItem('locale', next);
  document.documentElement.lang = next;
  locale.value = next;
}

if (locale.value === 'en') void setLocale('en');

export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  const dict = dictionaries[locale.value] ?? ru;
  const text = dict[key] ?? ru[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? ''));
}

const dateFormat = () => new Intl.DateTimeFormat(locale.value === 'en' ? 'en-GB' : 'ru-RU', { day: '2-digit', month: '2-digit', year: 'numeric' });
const timeFormat = () => new Intl.DateTimeFormat(locale.value === 'en' ? 'en-GB' : 'ru-RU', { day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' });

/** Dates are stored in UTC and shown in the user's own time zone. */
export const formatDate = (iso?: string | null) => (iso ? dateFormat().format(new Date(iso)) : '—');
export const formatDateTime = (iso?: string | null) => (iso ? timeFormat().format(new Date(iso)) : '—');
export const formatSize = (bytes: number) =>
  bytes < 1024 ? `${bytes} Б` : bytes < 1024 ** 2 ? `${(bytes / 1024).toFixed(0)} КБ` : `${(bytes / 1024 ** 2).toFixed(1)} МБ`;
