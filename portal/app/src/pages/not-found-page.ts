/** A path of the app's origin that is no page (reached by a link inside the app). */
import { html } from 'lit-html';
import type { PageFactory } from '../app-context.js';

export const notFoundPage: PageFactory = () => ({
  title: 'Page not found',
  render: () =>
    html`<h1 tabindex="-1">Page not found</h1>
      <p>There is no page at this address. <a href="/">Go to the start page</a>.</p>`,
});
