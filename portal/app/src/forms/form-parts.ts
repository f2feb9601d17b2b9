/** The pieces of every form: labelled fields with their error message, and the problem alert. */
import { html, nothing, type TemplateResult } from 'lit-html';
import { ifDefined } from 'lit-html/directives/if-defined.js';
import type { ProblemView } from './problem-view.js';

export interface FieldOptions {
  /** The form field's name, also its id (prefixed). */
  readonly name: string;
  readonly label: string;
  readonly type?: 'text' | 'email' | 'password' | 'date' | 'datetime-local' | 'search';
  readonly value?: string;
  readonly autocomplete?: string;
  readonly required?: boolean;
  readonly minLength?: number;
  readonly hint?: string;
  /** The problem of the last attempt, whose message for this field is shown under it. */
  readonly problem?: ProblemView | null;
}

/**
 * An input with its label, an optional hint and the error for it; the hint and error are tied
 * to the input with `aria-describedby` and the error sets `aria-invalid` (WCAG 3.3.1).
 */
export function field(options: FieldOptions): TemplateResult {
  const id = `field-${options.name}`;
  const error = options.problem?.fields[options.name];
  const described = [
    options.hint === undefined ? undefined : `${id}-hint`,
    error === undefined ? undefined : `${id}-error`,
  ].filter((part) => part !== undefined);
  return html`<div class="field">
    <label for=${id}>${options.label}</label>
    ${options.hint === undefined ? nothing : html`<p class="hint" id=${`${id}-hint`}>${options.hint}</p>`}
    <input
      id=${id}
      name=${options.name}
      type=${options.type ?? 'text'}
      .value=${options.value ?? ''}
      autocomplete=${ifDefined(options.autocomplete)}
      minlength=${ifDefined(options.minLength)}
      ?required=${options.required ?? false}
      aria-invalid=${error === undefined ? 'false' : 'true'}
      aria-describedby=${ifDefined(described.length === 0 ? undefined : described.join(' '))}
    />
    ${error === undefined ? nothing : html`<p class="field-error" id=${`${id}-error`}>${error}</p>`}
  </div>`;
}

/** The problem of the last attempt, as an alert read out at once; field messages not shown by a field are listed. */
export function problemAlert(
  problem: ProblemView | null,
  shownFields: readonly string[] = [],
): TemplateResult {
  if (problem === null) return html`${nothing}`;
  const otherFields = Object.entries(problem.fields).filter(([name]) => !shownFields.includes(name));
  return html`<div class="problem" role="alert">
    <p class="problem-title">${problem.title}</p>
    ${problem.detail === undefined ? nothing : html`<p>${problem.detail}</p>`}
    ${
      otherFields.length === 0
        ? nothing
        : html`<ul>
            ${otherFields.map(([name, message]) => html`<li>${name}: ${message}</li>`)}
          </ul>`
    }
    ${
      problem.requestId === undefined
        ? nothing
        : html`<p class="request-id">Request id: <code>${problem.requestId}</code></p>`
    }
  </div>`;
}

/** The values of a submitted form by name, as strings (files and absent fields give ''). */
export function formValues(form: HTMLFormElement): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, value] of new FormData(form)) {
    values[name] = typeof value === 'string' ? value : '';
  }
  return values;
}

/** Whether a checkbox of a submitted form is checked. */
export function isChecked(form: HTMLFormElement, name: string): boolean {
  return new FormData(form).has(name);
}
