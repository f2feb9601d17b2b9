/** `/reset-password?token=…`: the page of the mailed reset link, where the new password is chosen. */
import { html } from 'lit-html';
import type { PageFactory } from '../app-context.js';
import { field, formValues, problemAlert } from '../forms/form-parts.js';
import { describeProblem, type ProblemView } from '../forms/problem-view.js';

export const resetPasswordPage: PageFactory = (context, location) => {
  const token = location.searchParams.get('token') ?? '';
  let problem: ProblemView | null = null;
  let done = false;
  let busy = false;

  async function submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const values = formValues(event.currentTarget as HTMLFormElement);
    if (values.password !== values.passwordAgain) {
      problem = { title: 'The passwords differ', fields: { passwordAgain: 'Type the same password twice.' } };
      context.update();
      return;
    }
    busy = true;
    problem = null;
    context.update();
    try {
      await context.client.auth.confirmPasswordReset({ token, password: values.password ?? '' });
      done = true;
    } catch (error) {
      problem = describeProblem(error);
    }
    busy = false;
    context.update();
  }

  const form = () =>
    html`<form class="form" @submit=${(event: SubmitEvent) => void submit(event)} novalidate>
      ${problemAlert(problem, ['password', 'passwordAgain'])}
      ${field({
        name: 'password',
        label: 'New password',
        type: 'password',
        autocomplete: 'new-password',
        required: true,
        minLength: 8,
        hint: 'At least 8 characters. Every session of the account ends.',
        problem,
      })}
      ${field({
        name: 'passwordAgain',
        label: 'New password again',
        type: 'password',
        autocomplete: 'new-password',
        required: true,
        problem,
      })}
      <button type="submit" ?disabled=${busy}>Set the password</button>
    </form>`;

  return {
    title: 'Choose a new password',
    render: () =>
      html`<h1 tabindex="-1">Choose a new password</h1>
        ${
          token === ''
            ? html`<p role="alert">
                This link has no token. Open the link from the email again, or
                <a href="/forgot-password">ask for a new one</a>.
              </p>`
            : done
              ? html`<p role="status">Your password is changed. <a href="/login">Log in</a> with it.</p>`
              : form()
        }`,
  };
};
