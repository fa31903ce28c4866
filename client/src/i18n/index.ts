import { KIND_LABELS, STATUS_LABELS } from '@sro/shared/schemas/lifecycle';
import type { ThreadKind, ThreadStatus } from '@sro/shared/enums';
import { signal } from '@preact/signals';
import type { ErrorDetail } from '@sro/shared/errors';
import { ru, type Dictionary } from './ru';

// t(key, params): every UI string goes through here. Russian by default; English loads on demand.

export type Locale = 'ru' | 'en';
export type MessageKey = keyof Dictionary;

const readStored = (): string | null => {
  try {
    return localStorage.getItem('locale');
  } catch {
    return null; // storage blocked (private mode, tests): Russian
  }
};
const stored = readStored();
// Starts in Russian; a stored English choice switches once its dictionary has loaded (no half-translated frame).
export const locale = signal<Locale>('ru');
const dictionaries: Partial<Record<Locale, Dictionary>> = { ru };

export async function setLocale(next: Locale): Promise<void> {
  if (!dictionaries[next]) dictionaries[next] = (await import('./en')).en;
  try {
    localStorage.setItem('locale', next);
  } catch {
    // not persisted; the switch still works for this tab
  }
  document.documentElement.lang = next;
  locale.value = next;
}

if (stored === 'en') void setLocale('en');

/** "{name}" placeholders filled from params. */
const fill = (text: string, params: Record<string, string | number>) => text.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? ''));

/** A thread kind's name and a status's words come from shared/ (one vocabulary for server and client). */
export const kindName = (kind: ThreadKind): string => KIND_LABELS[locale.value][kind];
export const statusName = (status: ThreadStatus, staff: boolean): string => STATUS_LABELS[locale.value][staff ? 'staff' : 'member'][status];

export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  const dict = dictionaries[locale.value] ?? ru;
  return fill(dict[key] ?? ru[key] ?? key, params);
}

/** A feature's own pair of dictionaries (kept beside its pages), read like t() in the current language. */
export function featureTranslator<K extends string>(ruTexts: Record<K, string>, enTexts: Record<K, string>) {
  return (key: K, params: Record<string, string | number> = {}): string => fill((locale.value === 'en' ? enTexts : ruTexts)[key], params);
}

/** The message to show for an API error: the server's own (Russian) text, or English by its code. */
export function errorText(detail: ErrorDetail): string {
  if (locale.value === 'ru') return detail.message;
  return dictionaries[locale.value]?.[`error.code.${detail.code}` as MessageKey] ?? detail.message;
}

const dateFormat = () => new Intl.DateTimeFormat(locale.value === 'en' ? 'en-GB' : 'ru-RU', { day: '2-digit', month: '2-digit', year: 'numeric' });
const timeFormat = () => new Intl.DateTimeFormat(locale.value === 'en' ? 'en-GB' : 'ru-RU', { day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' });

/** Dates are stored in UTC and shown in the user's own time zone. */
export const formatDate = (iso?: string | null) => (iso ? dateFormat().format(new Date(iso)) : '—');
export const formatDateTime = (iso?: string | null) => (iso ? timeFormat().format(new Date(iso)) : '—');
const SIZE_UNITS = { ru: ['Б', 'КБ', 'МБ'], en: ['B', 'KB', 'MB'] } as const;
export const formatSize = (bytes: number) => {
  const [b, kb, mb] = SIZE_UNITS[locale.value];
  return bytes < 1024 ? `${bytes} ${b}` : bytes < 1024 ** 2 ? `${(bytes / 1024).toFixed(0)} ${kb}` : `${(bytes / 1024 ** 2).toFixed(1)} ${mb}`;
};
