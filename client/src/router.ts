import { signal } from '@preact/signals';
import type { ComponentChildren } from 'preact';

// A tiny history router: the current path and query as signals; links navigate without reloading.

export const path = signal(location.pathname);
export const search = signal(location.search);

export function navigate(to: string, replace = false): void {
  if (to === location.pathname + location.search) return;
  history[replace ? 'replaceState' : 'pushState'](null, '', to);
  path.value = location.pathname;
  search.value = location.search;
  window.scrollTo(0, 0);
}

addEventListener('popstate', () => {
  path.value = location.pathname;
  search.value = location.search;
});

/** Intercepts clicks on same-origin <a href> so every link is a real link (open in new tab still works). */
document.addEventListener('click', (event) => {
  const anchor = (event.target as Element).closest?.('a');
  if (!anchor || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
  const href = anchor.getAttribute('href');
  if (!href || !href.startsWith('/') || href.startsWith('/api/') || anchor.target || anchor.hasAttribute('download')) return;
  event.preventDefault();
  navigate(href);
});

export const queryParam = (name: string) => new URLSearchParams(search.value).get(name);

/** Matches "/threads/:id" style patterns; returns params or null. */
export function match(pattern: string, current = path.value): Record<string, string> | null {
  const p = pattern.split('/');
  const c = current.split('/');
  if (p.length !== c.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    if (p[i].startsWith(':')) params[p[i].slice(1)] = decodeURIComponent(c[i]);
    else if (p[i] !== c[i]) return null;
  }
  return params;
}

/** Who a route is for: members, staff (experts and admins), or admins only. */
export type Audience = 'member' | 'staff' | 'admin';

/**
 * One page of the cabinet. Features export arrays of these from `features/<domain>/routes.tsx`; the shell
 * composes them (features/shell/routes.ts) and shows the first match for the signed-in user.
 */
export interface RouteDef {
  path: string;
  for: readonly Audience[];
  view: (params: Record<string, string>) => ComponentChildren;
}

export function resolveRoute(routes: readonly RouteDef[], audiences: readonly Audience[], current = path.value) {
  for (const route of routes) {
    if (!route.for.some((a) => audiences.includes(a))) continue;
    const params = match(route.path, current);
    if (params) return { route, params };
  }
  return null;
}
