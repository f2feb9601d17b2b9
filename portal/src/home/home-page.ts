/** `GET /` of a portal started without the end users' app (`appFolder`): what the platform is, with the way to its docs. */
import { renderHtmlPage } from '../pages/html-page.js';

const CONTENT = `      <div class="page-text">
        <h1>Tidepool platform</h1>
        <p>
          An open-source platform for diabetes data. People with diabetes, their caregivers and their
          clinicians keep device data here (glucose readings, insulin, food, pump and meter settings),
          look at it, share it with a care team and write notes on it. The data is encrypted per
          person, and nothing in the account database says who is a patient.
        </p>
        <p>
          This portal serves the end users' app here once it is built (<code>npm start</code> builds
          it). Developers use the platform through its HTTP API, its TypeScript SDK, or any OpenAPI tool.
        </p>
        <h2>For developers</h2>
        <ul>
          <li><a href="/docs">API reference</a>: every public route, with a console to try them.</li>
          <li><a href="/docs/guide">Guide</a>: a session token with curl, the SDK in five lines, the errors.</li>
          <li><a href="/docs/openapi.json">OpenAPI document</a>: for code generators and API tools.</li>
        </ul>
      </div>`;

/** The home page's HTML. */
export function renderHomePage(): string {
  return renderHtmlPage({ title: 'Tidepool platform', current: '/', body: CONTENT });
}
