/** `/profile`: full name, "I am a patient" with birthday, diagnosis date and type, and the glucose units. */
import type { Profile } from '@tidepool/sdk';
import { html } from 'lit-html';
import type { PageFactory } from '../app-context.js';
import { field, formValues, isChecked, problemAlert } from '../forms/form-parts.js';
import { describeProblem, type ProblemView } from '../forms/problem-view.js';
import { parseDisplayUnits } from '../glucose/glucose-units.js';

/** The diagnosis types the profile offers, as Tidepool clients write them (spec PatientProfileSchema). */
const DIAGNOSIS_TYPES = [
  { value: '', label: 'Not given' },
  { value: 'type1', label: 'Type 1' },
  { value: 'type2', label: 'Type 2' },
  { value: 'gestational', label: 'Gestational' },
  { value: 'lada', label: 'LADA' },
  { value: 'mody', label: 'MODY' },
  { value: 'prediabetes', label: 'Prediabetes' },
  { value: 'other', label: 'Other' },
] as const;

/** A form value for the profile: an empty field removes the key (JSON merge patch, RFC 7396). */
function orNull(value: string | undefined): string | null {
  const trimmed = (value ?? '').trim();
  return trimmed === '' ? null : trimmed;
}

/** The metadata fields of the patient's profile: `birthday.1` in a problem is the `birthday` field. */
const FIELD_NAMES = {
  fullName: 'fullName',
  'patient.birthday': 'birthday',
  'patient.diagnosisDate': 'diagnosisDate',
  'patient.diagnosisType': 'diagnosisType',
};

export const profilePage: PageFactory = (context) => {
  const account = context.account;
  const profile: Profile = account?.profile ?? {};
  let isPatient = profile.patient !== undefined;
  let problem: ProblemView | null = null;
  let busy = false;
  let verificationSent = false;

  async function submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (account === null) return;
    const form = event.currentTarget as HTMLFormElement;
    const values = formValues(form);
    const patch = {
      fullName: orNull(values.fullName),
      patient: isChecked(form, 'isPatient')
        ? {
            birthday: orNull(values.birthday),
            diagnosisDate: orNull(values.diagnosisDate),
            diagnosisType: orNull(values.diagnosisType),
          }
        : null,
    };
    busy = true;
    problem = null;
    context.update();
    try {
      const userid = account.user.userid;
      await context.client.metadata.update(userid, 'profile', patch);
      await context.client.metadata.update(userid, 'settings', {
        units: { bg: parseDisplayUnits(values.units) },
      });
      await context.reloadAccount();
      context.announce('Profile saved.');
    } catch (error) {
      problem = describeProblem(error, FIELD_NAMES);
    }
    busy = false;
    context.update();
  }

  async function sendVerification(): Promise<void> {
    try {
      await context.client.auth.requestEmailVerification();
      verificationSent = true;
      context.announce('We sent you a link to confirm your email address.');
    } catch (error) {
      problem = describeProblem(error);
      context.update();
    }
  }

  const patient = profile.patient ?? {};
  const units = account?.units ?? 'mg/dL';
  return {
    title: 'Profile',
    render: () =>
      html`<h1 tabindex="-1">Your profile</h1>
        ${
          account === null
            ? null
            : html`<p>
                Email: ${account.user.emails.join(', ')}
                ${
                  account.user.emailVerified
                    ? html`<span class="badge">confirmed</span>`
                    : html`<span class="badge warning">not confirmed</span>
                        <button
                          type="button"
                          class="link-button"
                          ?disabled=${verificationSent}
                          @click=${() => void sendVerification()}
                        >
                          ${verificationSent ? 'Link sent' : 'Send the confirmation link again'}
                        </button>`
                }
              </p>`
        }
        <form class="form" @submit=${(event: SubmitEvent) => void submit(event)} novalidate>
          ${problemAlert(problem, ['fullName', 'birthday', 'diagnosisDate', 'diagnosisType'])}
          ${field({ name: 'fullName', label: 'Full name', autocomplete: 'name', value: profile.fullName ?? '', problem })}
          <div class="field">
            <label for="field-units">Show glucose in</label>
            <select id="field-units" name="units">
              <option value="mg/dL" ?selected=${units === 'mg/dL'}>mg/dL</option>
              <option value="mmol/L" ?selected=${units === 'mmol/L'}>mmol/L</option>
            </select>
          </div>
          <div class="field checkbox">
            <input
              id="field-isPatient"
              name="isPatient"
              type="checkbox"
              ?checked=${isPatient}
              @change=${(event: Event) => {
                isPatient = (event.target as HTMLInputElement).checked;
                context.update();
              }}
            />
            <label for="field-isPatient">I am a patient (I have diabetes)</label>
          </div>
          <fieldset ?hidden=${!isPatient}>
            <legend>About your diabetes</legend>
            ${field({ name: 'birthday', label: 'Birthday', type: 'date', value: patient.birthday ?? '', problem })}
            ${field({
              name: 'diagnosisDate',
              label: 'Diagnosis date',
              type: 'date',
              value: patient.diagnosisDate ?? '',
              problem,
            })}
            <div class="field">
              <label for="field-diagnosisType">Type of diabetes</label>
              <select id="field-diagnosisType" name="diagnosisType">
                ${DIAGNOSIS_TYPES.map(
                  (type) =>
                    html`<option
                      value=${type.value}
                      ?selected=${(patient.diagnosisType ?? '') === type.value}
                    >
                      ${type.label}
                    </option>`,
                )}
              </select>
            </div>
          </fieldset>
          <button type="submit" ?disabled=${busy}>${busy ? 'Saving…' : 'Save'}</button>
        </form>`,
  };
};
