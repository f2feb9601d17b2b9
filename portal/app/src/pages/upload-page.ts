/** `/upload`: a Dexcom Clarity CSV or Tidepool JSON file, read in a worker and uploaded with a progress bar and a report. */
import type { DeviceFile } from '@tidepool/sdk';
import { html, nothing } from 'lit-html';
import type { AppContext, PageFactory, ViewedPerson } from '../app-context.js';
import { field, problemAlert } from '../forms/form-parts.js';
import { describeProblem, type ProblemView } from '../forms/problem-view.js';
import { mayUploadFor } from '../shell/viewable-people.js';
import {
  DeviceFileError,
  uploadDeviceFile,
  interruptedUploadProblem,
  uploadReport,
  UploadInterruptedError,
  type UploadProgress,
} from '../upload/device-import.js';
import { ReadCanceledError, readDeviceFile } from '../upload/read-device-file.js';
import {
  contentsText,
  progressText,
  reportLines,
  shownSkippedLines,
  type UploadReport,
} from '../upload/upload-report.js';

/** Whose data an upload goes to: the person shown when one may upload for them, else oneself. */
function uploadTarget(context: AppContext): ViewedPerson | null {
  const viewed = context.viewed;
  const account = context.account;
  if (viewed === null || account === null || viewed.isSelf) return viewed;
  const sharer = account.sharers.find((person) => person.userid === viewed.userid);
  if (sharer !== undefined && mayUploadFor(sharer)) return viewed;
  return { userid: account.user.userid, name: account.profile.fullName ?? 'Me', isSelf: true };
}

function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** Whether this browser knows the IANA time zone `name` (any case, as the SDK's parser takes it). */
function isKnownTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

export const uploadPage: PageFactory = (context) => {
  const target = uploadTarget(context);
  let problem: ProblemView | null = null;
  let progress: UploadProgress | null = null;
  let report: UploadReport | null = null;
  let controller: AbortController | undefined;

  async function submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (target === null) return;
    const form = event.currentTarget as HTMLFormElement;
    const input = form.elements.namedItem('file') as HTMLInputElement;
    const typedTimeZone = (form.elements.namedItem('timeZone') as HTMLInputElement).value.trim();
    const timeZone = typedTimeZone === '' ? browserTimeZone() : typedTimeZone;
    const file = input.files?.[0];
    report = null;
    if (file === undefined) {
      problem = {
        title: 'Choose a file first',
        fields: { file: 'Choose a Clarity CSV or Tidepool JSON file.' },
      };
      context.update();
      return;
    }
    if (!isKnownTimeZone(timeZone)) {
      problem = {
        title: 'Unknown time zone',
        fields: { timeZone: `"${timeZone}" is not a time zone: use an IANA name such as Europe/Paris.` },
      };
      context.update();
      return;
    }
    problem = null;
    progress = { sent: 0, total: 0 };
    controller = new AbortController();
    context.update();
    let parsed: DeviceFile | undefined;
    try {
      // In a worker: the page stays responsive, and Cancel works while a long file is read.
      parsed = await readDeviceFile(file, timeZone, controller.signal);
      progress = { sent: 0, total: parsed.data.length };
      context.announce(`Read ${parsed.data.length} records from ${file.name}. Uploading…`);
      report = await uploadDeviceFile(context.client, target.userid, parsed, {
        signal: controller.signal,
        onProgress: (next) => {
          progress = next;
          context.announce(progressText(next.sent, next.total));
        },
      });
      context.announce(
        `Upload finished. ${contentsText(report)} ${reportLines(report)
          .map((line) => `${line.label} ${line.value}`)
          .join(', ')}.`,
      );
    } catch (error) {
      if (error instanceof DeviceFileError) {
        problem = {
          title: 'This file cannot be read',
          detail: error.message,
          fields: { file: error.message },
        };
      } else if (error instanceof ReadCanceledError) {
        problem = { title: 'Canceled', detail: 'Nothing of the file was uploaded.', fields: {} };
      } else if (error instanceof UploadInterruptedError) {
        // What was stored before the stop stays stored: report it, and the reason it stopped.
        problem = interruptedUploadProblem(describeProblem(error.cause));
        if (parsed !== undefined) report = uploadReport(error.totals, parsed);
      } else {
        problem = describeProblem(error);
      }
    }
    progress = null;
    controller = undefined;
    context.update();
  }

  const progressBar = () =>
    progress === null
      ? nothing
      : html`<div class="progress">
          <label for="upload-progress">Upload progress</label>
          <progress id="upload-progress" max=${Math.max(progress.total, 1)} .value=${progress.sent}>
            ${progress.sent} of ${progress.total}
          </progress>
          <p>${progress.total === 0 ? 'Reading the file…' : progressText(progress.sent, progress.total)}</p>
          <button type="button" class="secondary" @click=${() => controller?.abort()}>Cancel</button>
        </div>`;

  const reportSection = () => {
    if (report === null) return nothing;
    const skipped = shownSkippedLines(report);
    return html`<section aria-labelledby="report-heading" class="report">
      <h2 id="report-heading" tabindex="-1">Upload report</h2>
      <p data-testid="file-contents">${contentsText(report)}</p>
      <dl class="summary" data-testid="upload-report">
        ${reportLines(report).map(
          (line) =>
            html`<div class="summary-row">
              <dt>${line.label}</dt>
              <dd>${line.value}</dd>
            </div>`,
        )}
      </dl>
      ${
        report.failures.length === 0
          ? nothing
          : html`<h3>Refused batches</h3>
              <ul>
                ${report.failures.map((failure) => html`<li>${failure}</li>`)}
              </ul>`
      }
      ${
        skipped.lines.length === 0
          ? nothing
          : html`<h3>Skipped lines</h3>
              <ul>
                ${skipped.lines.map((line) => html`<li>Line ${line.line}: ${line.reason}</li>`)}
              </ul>
              ${skipped.more === 0 ? nothing : html`<p>And ${skipped.more} more.</p>`}`
      }
      <p><a href="/data">See the glucose</a></p>
    </section>`;
  };

  const page = (fileError: string | undefined) =>
    html`<h1 tabindex="-1">Upload device data</h1>
      <p>
        Upload a <strong>Dexcom Clarity CSV export</strong> or a <strong>Tidepool JSON export</strong>
        ${target === null || target.isSelf ? html`to your data.` : html`to the data of ${target.name}.`} The
        file is read in this browser; uploading the same file again stores nothing twice.
      </p>
      <form class="form" @submit=${(event: SubmitEvent) => void submit(event)} novalidate>
        ${problemAlert(problem, ['file', 'timeZone'])}
        <div class="field">
          <label for="field-file">Device file</label>
          <input
            id="field-file"
            name="file"
            type="file"
            accept=".csv,.json,text/csv,application/json"
            aria-invalid=${fileError === undefined ? 'false' : 'true'}
            aria-describedby=${fileError === undefined ? 'field-file-hint' : 'field-file-hint field-file-error'}
          />
          <p class="hint" id="field-file-hint">
            A .csv file from Dexcom Clarity or a .json file from Tidepool.
          </p>
          ${fileError === undefined ? nothing : html`<p class="field-error" id="field-file-error">${fileError}</p>`}
        </div>
        ${field({
          name: 'timeZone',
          label: 'Time zone of the device',
          value: browserTimeZone(),
          hint: "Clarity exports give the device's local time. An IANA name such as Europe/Paris.",
          problem,
        })}
        <button type="submit" ?disabled=${progress !== null}>Upload</button>
      </form>
      ${progressBar()} ${reportSection()}`;

  return {
    title: 'Upload',
    render: () => page(problem?.fields.file),
    stop: () => {
      controller?.abort();
    },
  };
};
