/** The type of a contract nested under a path prefix, spelled out so declaration files stay small. */
import type { AppRoute, AppRouter } from '@ts-rest/core';

type Flatten<T> = { [K in keyof T]: T[K] } & {};

/** A route moved under `Prefix`, with `Extra` responses for statuses the route does not declare itself. */
export type PrefixedRoute<Route extends AppRoute, Prefix extends string, Extra> = Flatten<
  Omit<Route, 'path' | 'responses'> & {
    path: `${Prefix}${Route['path']}`;
    responses: Flatten<Omit<Extra, keyof Route['responses']> & Route['responses']>;
  }
>;

/**
 * What `c.router(contract, { pathPrefix, commonResponses })` returns, as a named type: the
 * inferred one is too large for TypeScript to write into `.d.ts` files (TS7056).
 */
export type PrefixedRouter<Router extends AppRouter, Prefix extends string, Extra> = {
  [Key in keyof Router]: Router[Key] extends AppRoute
    ? PrefixedRoute<Router[Key], Prefix, Extra>
    : Router[Key] extends AppRouter
      ? PrefixedRouter<Router[Key], Prefix, Extra>
      : never;
};
