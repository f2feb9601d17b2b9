/** `/care-team`: invite by email, pending invitations, who has access, invitations received, who shares with me. */
import type { Invitation, Permissions, SharedUser } from '@tidepool/sdk';
import { html, nothing } from 'lit-html';
import type { PageFactory } from '../app-context.js';
import { describePermissions, OFFERED_PERMISSIONS } from '../care-team/permission-labels.js';
import { field, formValues, isChecked, problemAlert } from '../forms/form-parts.js';
import { describeProblem, type ProblemView } from '../forms/problem-view.js';
import { maySeeData } from '../shell/viewable-people.js';

function formatDate(iso: string): string {
  return new Date(iso).toLocaleDateString(undefined, { day: 'numeric', month: 'short', year: 'numeric' });
}

export const careTeamPage: PageFactory = (context) => {
  const account = context.account;
  const me = account?.user.userid ?? '';
  let sent: Invitation[] = [];
  let received: Invitation[] = [];
  let grantees: SharedUser[] = [];
  let loading = true;
  let problem: ProblemView | null = null;
  let inviteProblem: ProblemView | null = null;
  let inviting = false;
  let verificationSent = false;

  async function load(): Promise<void> {
    if (account === null) return;
    try {
      const [sentList, linked, receivedList] = await Promise.all([
        context.client.access.invitations.listSent(me),
        context.client.metadata.listSharedUsers(me),
        context.account?.user.emailVerified === true
          ? context.client.access.invitations.listReceived(me)
          : Promise.resolve([]),
      ]);
      sent = sentList.filter((invitation) => invitation.status === 'pending');
      grantees = linked.filter((person) => person.trusteePermissions !== undefined && person.userid !== me);
      received = receivedList.filter((invitation) => invitation.status === 'pending');
    } catch (error) {
      problem = describeProblem(error);
    }
    loading = false;
    context.update();
  }

  /** Runs one action of the page, shows its problem or says it is done, and loads the lists again. */
  async function act(action: () => Promise<unknown>, done: string, reloadAccount = false): Promise<void> {
    problem = null;
    try {
      await action();
      if (reloadAccount) await context.reloadAccount();
      context.announce(done);
    } catch (error) {
      problem = describeProblem(error);
    }
    await load();
  }

  async function invite(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const email = (formValues(form).email ?? '').trim();
    const permissions: Permissions = {};
    for (const offered of OFFERED_PERMISSIONS)
      if (isChecked(form, offered.name)) permissions[offered.name] = {};
    inviting = true;
    inviteProblem = null;
    context.update();
    try {
      await context.client.access.invitations.send(me, { email, permissions });
      form.reset();
      context.announce(`Invitation sent to ${email}.`);
    } catch (error) {
      inviteProblem = describeProblem(error);
    }
    inviting = false;
    await load();
  }

  async function sendVerification(): Promise<void> {
    await act(
      () => context.client.auth.requestEmailVerification(),
      'We sent you a link to confirm your email address.',
    );
    verificationSent = true;
    context.update();
  }

  const inviteForm = () =>
    html`<section aria-labelledby="invite-heading">
      <h2 id="invite-heading">Invite someone to see your data</h2>
      <form class="form" @submit=${(event: SubmitEvent) => void invite(event)} novalidate>
        ${problemAlert(inviteProblem, ['email'])}
        ${field({ name: 'email', label: 'Their email address', type: 'email', autocomplete: 'off', required: true, problem: inviteProblem })}
        <fieldset>
          <legend>What they may do</legend>
          ${OFFERED_PERMISSIONS.map(
            (offered) =>
              html`<div class="field checkbox">
                <input
                  id=${`permission-${offered.name}`}
                  name=${offered.name}
                  type="checkbox"
                  ?checked=${offered.name === 'view'}
                />
                <label for=${`permission-${offered.name}`}>${offered.label}</label>
              </div>`,
          )}
        </fieldset>
        <button type="submit" ?disabled=${inviting}>${inviting ? 'Sending…' : 'Send invitation'}</button>
      </form>
    </section>`;

  const sentSection = () =>
    html`<section aria-labelledby="sent-heading">
      <h2 id="sent-heading">Pending invitations</h2>
      ${
        sent.length === 0
          ? html`<p>No pending invitation.</p>`
          : html`<ul class="items">
              ${sent.map(
                (invitation) =>
                  html`<li>
                    <span
                      ><strong>${invitation.email}</strong> · ${describePermissions(invitation.permissions)} ·
                      sent ${formatDate(invitation.createdTime)}</span
                    >
                    <button
                      type="button"
                      class="secondary"
                      aria-label=${`Cancel the invitation to ${invitation.email}`}
                      @click=${() => void act(() => context.client.access.invitations.cancel(me, invitation.id), `Invitation to ${invitation.email} canceled.`)}
                    >
                      Cancel
                    </button>
                  </li>`,
              )}
            </ul>`
      }
    </section>`;

  const granteesSection = () =>
    html`<section aria-labelledby="grantees-heading">
      <h2 id="grantees-heading">People who can see your data</h2>
      ${
        grantees.length === 0
          ? html`<p>Nobody yet.</p>`
          : html`<ul class="items">
              ${grantees.map((person) => {
                const name = person.profile?.fullName ?? 'Someone without a name';
                return html`<li>
                  <span><strong>${name}</strong> · ${describePermissions(person.trusteePermissions)}</span>
                  <button
                    type="button"
                    class="secondary"
                    aria-label=${`Remove ${name}`}
                    @click=${() => void act(() => context.client.access.setPermissions(me, person.userid, {}), `${name} can no longer see your data.`)}
                  >
                    Remove
                  </button>
                </li>`;
              })}
            </ul>`
      }
    </section>`;

  const receivedSection = () =>
    html`<section aria-labelledby="received-heading">
      <h2 id="received-heading">Invitations to you</h2>
      ${
        context.account?.user.emailVerified === false
          ? html`<p>Invitations reach confirmed email addresses only. Open the link we mailed you, or</p>
              <button type="button" ?disabled=${verificationSent} @click=${() => void sendVerification()}>
                ${verificationSent ? 'Link sent' : 'Send the confirmation link again'}
              </button>`
          : received.length === 0
            ? html`<p>No invitation waiting.</p>`
            : html`<ul class="items">
                ${received.map((invitation) => {
                  const from = invitation.from?.fullName ?? 'Someone';
                  return html`<li>
                    <span
                      ><strong>${from}</strong> offers: ${describePermissions(invitation.permissions)}</span
                    >
                    <span class="buttons">
                      <button
                        type="button"
                        aria-label=${`Accept the invitation from ${from}`}
                        @click=${() => void act(() => context.client.access.invitations.accept(me, invitation.id), `You can now see the data of ${from}.`, true)}
                      >
                        Accept
                      </button>
                      <button
                        type="button"
                        class="secondary"
                        aria-label=${`Decline the invitation from ${from}`}
                        @click=${() => void act(() => context.client.access.invitations.decline(me, invitation.id), `Invitation from ${from} declined.`)}
                      >
                        Decline
                      </button>
                    </span>
                  </li>`;
                })}
              </ul>`
      }
    </section>`;

  const sharersSection = () => {
    const sharers = (context.account?.sharers ?? []).filter(maySeeData);
    return html`<section aria-labelledby="sharers-heading">
      <h2 id="sharers-heading">People who share with you</h2>
      ${
        sharers.length === 0
          ? html`<p>Nobody shares their data with you yet.</p>`
          : html`<ul class="items">
              ${sharers.map((person) => {
                const name = person.profile?.fullName ?? 'Someone without a name';
                return html`<li>
                  <span
                    ><strong>${name}</strong> · you may:
                    ${describePermissions(person.trustorPermissions)}</span
                  >
                  <button
                    type="button"
                    aria-label=${`View the data of ${name}`}
                    @click=${() => {
                      context.viewPerson(person.userid);
                      context.navigate('/data');
                    }}
                  >
                    View data
                  </button>
                </li>`;
              })}
            </ul>`
      }
    </section>`;
  };

  return {
    title: 'Care team',
    render: () =>
      html`<h1 tabindex="-1">Care team</h1>
        ${problemAlert(problem)} ${inviteForm()}
        ${
          // Below the form, which needs nothing loaded: a line above it would move it when the
          // lists arrive, under the pointer of someone about to tick a box.
          loading ? html`<p>Loading…</p>` : nothing
        }
        ${sentSection()} ${granteesSection()} ${receivedSection()} ${sharersSection()}`,
    start: () => {
      void load();
    },
  };
};
