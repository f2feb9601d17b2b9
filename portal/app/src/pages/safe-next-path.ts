/** Where to go after login: only a page of this app, never another site (an open redirect). */
import { findRoute } from '../app-routes.js';

/**
 * The `next` parameter when it names a page of the app that needs a session, else `/data`.
 *
 * @example safeNextPath('//evil.example/x') // '/data'
 */
export function safeNextPath(next: string | null): string {
  if (next === null || !next.startsWith('/') || next.startsWith('//')) return '/data';
  const url = new URL(next, 'http://app.invalid');
  const route = findRoute(url.pathname);
  return route?.audience === 'signed-in' ? `${url.pathname}${url.search}` : '/data';
}
