/** `/login`: log in with a username or email address and the password. */
import { html } from 'lit-html';
import type { PageFactory } from '../app-context.js';
import { field, formValues, problemAlert } from '../forms/form-parts.js';
import { describeProblem, type ProblemView } from '../forms/problem-view.js';
import { safeNextPath } from './safe-next-path.js';

export const loginPage: PageFactory = (context, location) => {
  let problem: ProblemView | null = null;
  let busy = false;
  const next = safeNextPath(location.searchParams.get('next'));

  async function submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const values = formValues(event.currentTarget as HTMLFormElement);
    busy = true;
    problem = null;
    context.update();
    try {
      await context.client.login(values.identifier ?? '', values.password ?? '');
      await context.reloadAccount();
      context.navigate(next, { replace: true });
    } catch (error) {
      problem = describeProblem(error);
      busy = false;
      context.update();
    }
  }

  return {
    title: 'Log in',
    render: () =>
      html`<h1 tabindex="-1">Log in</h1>
        <form class="form" @submit=${(event: SubmitEvent) => void submit(event)} novalidate>
          ${problemAlert(problem, ['identifier', 'password'])}
          ${field({
            name: 'identifier',
            label: 'Email address or username',
            autocomplete: 'username',
            required: true,
            problem,
          })}
          ${field({
            name: 'password',
            label: 'Password',
            type: 'password',
            autocomplete: 'current-password',
            required: true,
            problem,
          })}
          <button type="submit" ?disabled=${busy}>${busy ? 'Logging in…' : 'Log in'}</button>
        </form>
        <p><a href="/forgot-password">Forgot your password?</a></p>
        <p>New here? <a href="/signup">Create an account</a>.</p>`,
  };
};
