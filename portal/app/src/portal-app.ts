/** The app's controller: session and account, client-side routing with the history API, rendering. */
import {
  NotFoundError,
  UnauthorizedError,
  createClient,
  webStorageAdapter,
  type SessionChange,
  type TidepoolClient,
} from '@tidepool/sdk';
import { render } from 'lit-html';
import type { Account, AppContext, Page, ViewedPerson } from './app-context.js';
import { findRoute } from './app-routes.js';
import { parseDisplayUnits } from './glucose/glucose-units.js';
import { PAGE_FACTORIES, notFoundPage } from './pages/page-factories.js';
import { appShell } from './shell/app-shell.js';
import { maySeeData } from './shell/viewable-people.js';

const VIEWED_KEY = 'tidepool.viewed';

/** A collection that may not exist yet: 404 means empty. */
async function collectionOrEmpty<T>(load: () => Promise<T>, empty: T): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if (error instanceof NotFoundError) return empty;
    throw error;
  }
}

export class PortalApp implements AppContext {
  readonly client: TidepoolClient;
  account: Account | null = null;
  #page: Page | undefined;
  #announcement = '';
  #notice: string | undefined;
  readonly #root: HTMLElement;

  constructor(root: HTMLElement) {
    this.#root = root;
    this.client = createClient({
      baseUrl: window.location.origin,
      // sessionStorage, not localStorage: the session ends with the tab (sdk/README.md, "In the browser").
      storage: webStorageAdapter(window.sessionStorage),
      onSessionChange: (change) => {
        this.#sessionChanged(change);
      },
    });
  }

  /** Reads the stored session, loads the account, and shows the page of the current address. */
  async start(): Promise<void> {
    window.addEventListener('popstate', () => {
      this.#show();
    });
    this.#root.addEventListener('click', (event) => {
      this.#followLink(event);
    });
    this.#root.replaceChildren();
    try {
      if ((await this.client.loadSession()) !== null) await this.reloadAccount();
    } catch (error) {
      if (!(error instanceof UnauthorizedError)) throw error;
      this.account = null;
    }
    this.#show();
  }

  get viewed(): ViewedPerson | null {
    const account = this.account;
    if (account === null) return null;
    const wanted = window.sessionStorage.getItem(VIEWED_KEY);
    const sharer = account.sharers.find((candidate) => candidate.userid === wanted && maySeeData(candidate));
    if (sharer !== undefined) {
      return { userid: sharer.userid, name: sharer.profile?.fullName ?? 'Someone', isSelf: false };
    }
    return { userid: account.user.userid, name: account.profile.fullName ?? 'Me', isSelf: true };
  }

  navigate(path: string, options: { replace?: boolean } = {}): void {
    if (options.replace === true) window.history.replaceState(null, '', path);
    else window.history.pushState(null, '', path);
    this.#show();
  }

  update(): void {
    if (this.#page === undefined) return;
    render(appShell(this, this.#page, this.#announcement, this.#notice), this.#root);
  }

  announce(message: string): void {
    this.#announcement = message;
    this.update();
  }

  async reloadAccount(): Promise<void> {
    const user = await this.client.auth.getCurrentUser();
    const userid = user.userid;
    const [profile, settings, linked] = await Promise.all([
      collectionOrEmpty(() => this.client.metadata.get(userid, 'profile'), {}),
      collectionOrEmpty(() => this.client.metadata.get(userid, 'settings'), {}),
      collectionOrEmpty(() => this.client.metadata.listSharedUsers(userid), []),
    ]);
    const units = (settings.units ?? {}) as { bg?: unknown };
    this.account = {
      user,
      profile,
      units: parseDisplayUnits(units.bg),
      sharers: linked.filter((person) => person.trustorPermissions !== undefined && person.userid !== userid),
    };
  }

  viewPerson(userid: string): void {
    window.sessionStorage.setItem(VIEWED_KEY, userid);
    // Pages load the data of the person viewed when they start: start the page again.
    this.#show();
  }

  signedOut(message?: string): void {
    this.account = null;
    window.sessionStorage.removeItem(VIEWED_KEY);
    this.#notice = message;
    this.navigate('/login', { replace: true });
  }

  #sessionChanged(change: SessionChange): void {
    if (change.reason === 'expired' && this.account !== null) {
      this.signedOut('Your session ended. Please log in again.');
    }
  }

  /** Follows links to the app's pages without reloading; others (the docs) load as usual. */
  #followLink(event: MouseEvent): void {
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const target = event.target instanceof Element ? event.target.closest('a') : null;
    if (target === null || target.target !== '' || target.hasAttribute('download')) return;
    const url = new URL(target.href);
    if (url.origin !== window.location.origin || findRoute(url.pathname) === undefined) return;
    event.preventDefault();
    this.navigate(`${url.pathname}${url.search}`);
  }

  #show(): void {
    const location = new URL(window.location.href);
    const route = findRoute(location.pathname);
    if (route?.audience === 'signed-in' && this.account === null) {
      const next = encodeURIComponent(`${location.pathname}${location.search}`);
      this.navigate(`/login?next=${next}`, { replace: true });
      return;
    }
    if (route?.audience === 'signed-out' && this.account !== null) {
      this.navigate('/data', { replace: true });
      return;
    }
    this.#page?.stop?.();
    this.#announcement = '';
    const page =
      route === undefined ? notFoundPage(this, location) : PAGE_FACTORIES[route.page](this, location);
    this.#page = page;
    document.title = `${page.title} · Tidepool`;
    this.update();
    // The notice (a session that ended) is shown on one page only.
    this.#notice = undefined;
    // Moves focus to the new page's heading, so screen readers announce it (as a full load would).
    this.#root.querySelector<HTMLElement>('main h1')?.focus();
    page.start?.();
  }
}
