import { lazy } from 'preact/compat';
import type { ComponentType } from 'preact';

/**
 * A page loaded on its first visit. Point every page of one feature at the same `<feature>Pages.ts` module so the
 * feature becomes one chunk: `const JournalPage = lazyPage(() => import('./threadsPages').then((m) => m.JournalPage))`.
 * The shell's <Suspense> shows "Загрузка…" meanwhile.
 */
export function lazyPage<P>(load: () => Promise<ComponentType<P>>) {
  return lazy(() => load().then((component) => ({ default: component })));
}
