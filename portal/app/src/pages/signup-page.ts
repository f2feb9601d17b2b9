/** `/signup`: create an account (email and password), with the full name kept in the profile. */
import { html } from 'lit-html';
import type { PageFactory } from '../app-context.js';
import { field, formValues, problemAlert } from '../forms/form-parts.js';
import { describeProblem, type ProblemView } from '../forms/problem-view.js';

/** user-api reports the address as `emails.0` (SignupBodySchema); the form calls it `email`. */
const FIELD_NAMES = { emails: 'email', 'emails.0': 'email' };

export const signupPage: PageFactory = (context) => {
  let problem: ProblemView | null = null;
  let busy = false;

  async function submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const values = formValues(event.currentTarget as HTMLFormElement);
    const fullName = (values.fullName ?? '').trim();
    if (values.password !== values.passwordAgain) {
      problem = {
        title: 'The passwords differ',
        fields: { passwordAgain: 'Type the same password twice.' },
      };
      context.update();
      return;
    }
    busy = true;
    problem = null;
    context.update();
    try {
      const user = await context.client.signup({
        emails: [values.email ?? ''],
        password: values.password ?? '',
      });
      if (fullName !== '') await context.client.metadata.update(user.userid, 'profile', { fullName });
      // Invitations reach verified addresses only: ask for the link now (the care team page can ask again).
      await context.client.auth.requestEmailVerification().catch(() => undefined);
      await context.reloadAccount();
      context.navigate('/profile', { replace: true });
      context.announce('Account created. We sent you a link to confirm your email address.');
    } catch (error) {
      problem = describeProblem(error, FIELD_NAMES);
      busy = false;
      context.update();
    }
  }

  return {
    title: 'Create an account',
    render: () =>
      html`<h1 tabindex="-1">Create an account</h1>
        <form class="form" @submit=${(event: SubmitEvent) => void submit(event)} novalidate>
          ${problemAlert(problem, ['fullName', 'email', 'password', 'passwordAgain'])}
          ${field({ name: 'fullName', label: 'Full name', autocomplete: 'name', problem })}
          ${field({ name: 'email', label: 'Email address', type: 'email', autocomplete: 'email', required: true, problem })}
          ${field({
            name: 'password',
            label: 'Password',
            type: 'password',
            autocomplete: 'new-password',
            required: true,
            minLength: 8,
            hint: 'At least 8 characters.',
            problem,
          })}
          ${field({
            name: 'passwordAgain',
            label: 'Password again',
            type: 'password',
            autocomplete: 'new-password',
            required: true,
            problem,
          })}
          <button type="submit" ?disabled=${busy}>${busy ? 'Creating…' : 'Create account'}</button>
        </form>
        <p>Already have an account? <a href="/login">Log in</a>.</p>`,
  };
};
