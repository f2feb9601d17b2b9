/** `/forgot-password`: ask for a password reset link by email. */
import { html } from 'lit-html';
import type { PageFactory } from '../app-context.js';
import { field, formValues, problemAlert } from '../forms/form-parts.js';
import { describeProblem, type ProblemView } from '../forms/problem-view.js';

export const forgotPasswordPage: PageFactory = (context) => {
  let problem: ProblemView | null = null;
  let sentTo: string | undefined;
  let busy = false;

  async function submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const email = formValues(event.currentTarget as HTMLFormElement).email ?? '';
    busy = true;
    problem = null;
    context.update();
    try {
      await context.client.auth.requestPasswordReset(email);
      sentTo = email;
    } catch (error) {
      problem = describeProblem(error);
    }
    busy = false;
    context.update();
  }

  return {
    title: 'Forgot password',
    render: () =>
      html`<h1 tabindex="-1">Forgot your password?</h1>
        ${
          sentTo === undefined
            ? html`<p>Give the email address of your account: we mail you a link to choose a new password.</p>
                <form class="form" @submit=${(event: SubmitEvent) => void submit(event)} novalidate>
                  ${problemAlert(problem, ['email'])}
                  ${field({
                    name: 'email',
                    label: 'Email address',
                    type: 'email',
                    autocomplete: 'email',
                    required: true,
                    problem,
                  })}
                  <button type="submit" ?disabled=${busy}>Send the link</button>
                </form>`
            : html`<p role="status">
                If an account has the address ${sentTo}, a link to reset its password is on its way. It works
                once and for a short time.
              </p>`
        }
        <p><a href="/login">Back to log in</a></p>`,
  };
};
