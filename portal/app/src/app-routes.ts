/** The app's pages by path: the client-side routes, which the portal also answers with the app's HTML. */

/** The name of each page of the app. */
export type PageName =
  | 'welcome'
  | 'login'
  | 'signup'
  | 'forgot-password'
  | 'reset-password'
  | 'verify-email'
  | 'profile'
  | 'upload'
  | 'data'
  | 'care-team'
  | 'notes';

/** Who may open a page: anyone, only a signed-in user, or only someone signed out. */
export type PageAudience = 'anyone' | 'signed-in' | 'signed-out';

export interface AppRoute {
  readonly path: string;
  readonly page: PageName;
  readonly audience: PageAudience;
}

/**
 * Every page, by path. `/reset-password` and `/verify-email` are the links user-api mails
 * (server/user-api/src/mail/mail-templates.ts): they must stay at these paths.
 */
export const APP_ROUTES: readonly AppRoute[] = [
  { path: '/', page: 'welcome', audience: 'anyone' },
  { path: '/login', page: 'login', audience: 'signed-out' },
  { path: '/signup', page: 'signup', audience: 'signed-out' },
  { path: '/forgot-password', page: 'forgot-password', audience: 'signed-out' },
  { path: '/reset-password', page: 'reset-password', audience: 'anyone' },
  { path: '/verify-email', page: 'verify-email', audience: 'anyone' },
  { path: '/profile', page: 'profile', audience: 'signed-in' },
  { path: '/upload', page: 'upload', audience: 'signed-in' },
  { path: '/data', page: 'data', audience: 'signed-in' },
  { path: '/care-team', page: 'care-team', audience: 'signed-in' },
  { path: '/notes', page: 'notes', audience: 'signed-in' },
];

/** The paths the portal answers with the app's HTML. */
export const APP_PATHS: readonly string[] = APP_ROUTES.map((route) => route.path);

/** The route of a path (a trailing slash is ignored), or undefined for a path that is no page. */
export function findRoute(pathname: string): AppRoute | undefined {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  return APP_ROUTES.find((route) => route.path === path);
}
