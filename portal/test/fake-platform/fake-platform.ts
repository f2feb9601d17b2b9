/**
 * A small in-memory stand-in for the public API (the routes the portal's app calls), on the same
 * origin as the portal as behind styx, for browser tests while the real services are not all
 * there. It follows the contracts' shapes and the permission rules of DESIGN.md §9 loosely: it
 * is a test double, not a reference.
 */
import express, { type Express } from 'express';
import { fakeAuthRoutes } from './fake-auth-routes.js';
import { fakeDataRoutes, fakeMessageRoutes } from './fake-data-routes.js';
import { fakeSharingRoutes } from './fake-sharing-routes.js';
import { FakeState, type FakeMail } from './fake-state.js';

export interface FakePlatform {
  /** The fake's routes, to put in front of the portal's app. */
  readonly app: Express;
  readonly state: FakeState;
  /** Where the mailed links point (the origin the browser opens). */
  setPublicUrl(url: string): void;
  /** The link of the newest mail of a kind sent to an address. */
  lastMailLink(to: string, kind: FakeMail['kind']): string | undefined;
}

/** Creates the fake; mount `app` before the portal's app. */
export function createFakePlatform(): FakePlatform {
  const state = new FakeState();
  let publicUrl = 'http://localhost:8009';
  const app = express();
  app.use(express.json({ limit: '20mb' }));
  app.use(fakeAuthRoutes(state, () => publicUrl));
  app.use(fakeSharingRoutes(state));
  app.use(fakeDataRoutes(state));
  app.use(fakeMessageRoutes(state));
  return {
    app,
    state,
    setPublicUrl: (url) => {
      publicUrl = url;
    },
    lastMailLink: (to, kind) =>
      state.mail.findLast((mail) => mail.to.toLowerCase() === to.toLowerCase() && mail.kind === kind)?.link,
  };
}
