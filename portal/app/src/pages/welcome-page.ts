/** `/`: what the platform is, with the ways in: sign up, log in, or the developer docs. */
import { html } from 'lit-html';
import type { PageFactory } from '../app-context.js';

export const welcomePage: PageFactory = (context) => ({
  title: 'Welcome',
  render: () =>
    html`<h1 tabindex="-1">Tidepool platform</h1>
      <p>
        An open-source platform for diabetes data. Keep the data of your glucose meter and CGM here, look at
        your glucose day by day with a summary of weeks, share it with your care team and talk about it in
        notes. The data is encrypted per person, and nothing in the account database says who is a patient.
      </p>
      ${
        context.account === null
          ? html`<p class="actions">
              <a class="button" href="/signup">Create an account</a>
              <a class="button secondary" href="/login">Log in</a>
            </p>`
          : html`<p class="actions"><a class="button" href="/data">See the glucose</a></p>`
      }
      <h2>For developers</h2>
      <ul>
        <li><a href="/docs">API reference</a>: every public route, with a console to try them.</li>
        <li>
          <a href="/docs/guide">Guide</a>: a session token with curl, the SDK in five lines, the errors.
        </li>
      </ul>`,
});
