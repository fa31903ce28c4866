// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { match, resolveRoute, type RouteDef } from '../../client/src/router';

const view = () => null;
const routes: RouteDef[] = [
  { path: '/', for: ['member'], view },
  { path: '/', for: ['staff'], view },
  { path: '/threads/:id', for: ['member', 'staff'], view },
  { path: '/staff', for: ['admin'], view },
];

describe('router', () => {
  it('matches patterns and decodes parameters', () => {
    expect(match('/threads/:id', '/threads/abc%20d')).toEqual({ id: 'abc d' });
    expect(match('/threads/:id', '/threads')).toBeNull();
    expect(match('/requests/new/:kind', '/requests/new/registry_extract')).toEqual({ kind: 'registry_extract' });
  });

  it('picks the first route for the user: members and staff get their own home; admin-only pages stay hidden', () => {
    expect(resolveRoute(routes, ['member'], '/')?.route).toBe(routes[0]);
    expect(resolveRoute(routes, ['staff'], '/')?.route).toBe(routes[1]);
    expect(resolveRoute(routes, ['staff'], '/threads/t1')?.params).toEqual({ id: 't1' });
    expect(resolveRoute(routes, ['staff'], '/staff')).toBeNull();
    expect(resolveRoute(routes, ['staff', 'admin'], '/staff')?.route).toBe(routes[3]);
    expect(resolveRoute(routes, ['member'], '/nowhere')).toBeNull();
  });
});
