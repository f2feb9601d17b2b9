/** The frame around every page: the site header with navigation and person switcher, the live region, main. */
import { html, nothing, type TemplateResult } from 'lit-html';
import type { AppContext, Page } from '../app-context.js';
import { maySeeData } from './viewable-people.js';

const SIGNED_IN_LINKS = [
  { path: '/data', label: 'Glucose' },
  { path: '/notes', label: 'Notes' },
  { path: '/upload', label: 'Upload' },
  { path: '/care-team', label: 'Care team' },
  { path: '/profile', label: 'Profile' },
] as const;

const SIGNED_OUT_LINKS = [
  { path: '/login', label: 'Log in' },
  { path: '/signup', label: 'Sign up' },
] as const;

function navigation(context: AppContext): TemplateResult {
  const current = window.location.pathname;
  const links = context.account === null ? SIGNED_OUT_LINKS : SIGNED_IN_LINKS;
  return html`<nav aria-label="Main">
    <ul>
      ${links.map(
        (link) =>
          html`<li>
            <a href=${link.path} aria-current=${current === link.path ? 'page' : 'false'}>${link.label}</a>
          </li>`,
      )}
      ${
        context.account === null
          ? nothing
          : html`<li>
              <button type="button" class="link-button" @click=${() => void logOut(context)}>Log out</button>
            </li>`
      }
    </ul>
  </nav>`;
}

async function logOut(context: AppContext): Promise<void> {
  try {
    await context.client.logout();
  } catch {
    // The session is forgotten here whatever the server answered (sdk AuthApi.logout).
  }
  context.signedOut('You are logged out.');
}

/** The person switcher: whose data the glucose, notes and upload pages show. */
function personSwitcher(context: AppContext): TemplateResult {
  const account = context.account;
  const viewed = context.viewed;
  if (account === null || viewed === null) return html`${nothing}`;
  const others = account.sharers.filter(maySeeData);
  if (others.length === 0) return html`${nothing}`;
  return html`<div class="person-switcher">
    <label for="viewed-person">Showing the data of</label>
    <select
      id="viewed-person"
      @change=${(event: Event) => {
        context.viewPerson((event.target as HTMLSelectElement).value);
      }}
    >
      <option value=${account.user.userid} ?selected=${viewed.isSelf}>Me</option>
      ${others.map(
        (person) =>
          html`<option value=${person.userid} ?selected=${person.userid === viewed.userid}>
            ${person.profile?.fullName ?? 'Someone who shares with you'}
          </option>`,
      )}
    </select>
  </div>`;
}

/**
 * The whole document body: skip link, header (landmark `banner`), the page in `main`, a polite
 * live region for progress and results, and a footer with the developer docs.
 */
export function appShell(
  context: AppContext,
  page: Page,
  announcement: string,
  notice: string | undefined,
): TemplateResult {
  return html`<a class="skip-link" href="#content">Skip to content</a>
    <header class="site-header">
      <a class="site-name" href=${context.account === null ? '/' : '/data'}>Tidepool</a>
      ${navigation(context)} ${personSwitcher(context)}
    </header>
    <main id="content" class="page">
      ${notice === undefined ? nothing : html`<p class="notice" role="status">${notice}</p>`} ${page.render()}
    </main>
    <div class="visually-hidden" role="status" aria-live="polite" aria-atomic="true">${announcement}</div>
    <footer class="site-footer">
      <a href="/docs">API reference</a> · <a href="/docs/guide">Developer guide</a>
    </footer>`;
}
