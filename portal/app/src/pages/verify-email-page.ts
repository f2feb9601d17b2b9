/** `/verify-email?token=…`: the page of the mailed verification link; invitations reach verified addresses only. */
import { html } from 'lit-html';
import type { PageFactory } from '../app-context.js';
import { problemAlert } from '../forms/form-parts.js';
import { describeProblem, type ProblemView } from '../forms/problem-view.js';

export const verifyEmailPage: PageFactory = (context, location) => {
  const token = location.searchParams.get('token') ?? '';
  let problem: ProblemView | null = null;
  let verified = false;
  let busy = false;

  // A button rather than confirming on load: mail scanners that open links must not use the token up.
  async function confirm(): Promise<void> {
    busy = true;
    problem = null;
    context.update();
    try {
      await context.client.auth.confirmEmailVerification({ token });
      verified = true;
      if (context.account !== null) await context.reloadAccount();
    } catch (error) {
      problem = describeProblem(error);
    }
    busy = false;
    context.update();
  }

  const next =
    context.account === null
      ? html`<a href="/login">Log in</a> to see the invitations sent to it.`
      : html`See your invitations on the <a href="/care-team">care team</a> page.`;

  return {
    title: 'Confirm your email address',
    render: () =>
      html`<h1 tabindex="-1">Confirm your email address</h1>
        ${
          token === ''
            ? html`<p role="alert">This link has no token. Open the link from the email again.</p>`
            : verified
              ? html`<p role="status">Your email address is confirmed. ${next}</p>`
              : html`${problemAlert(problem)}
                  <p>Confirm that this email address belongs to your Tidepool account.</p>
                  <button type="button" ?disabled=${busy} @click=${() => void confirm()}>
                    Confirm my address
                  </button>`
        }`,
  };
};
