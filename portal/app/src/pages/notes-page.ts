/** `/notes`: the notes on the shown person's data, with replies; write, reply, edit and remove one's own. */
import type { Message } from '@tidepool/sdk';
import { html, nothing, type TemplateResult } from 'lit-html';
import type { AppContext, PageFactory } from '../app-context.js';
import { formValues, problemAlert } from '../forms/form-parts.js';
import { describeProblem, type ProblemView } from '../forms/problem-view.js';
import { formatNoteTime, fromLocalInputValue, toLocalInputValue } from '../notes/note-time.js';
import { mayNoteFor } from '../shell/viewable-people.js';

/** A note with its replies, oldest reply first. */
interface Thread {
  readonly note: Message;
  readonly replies: readonly Message[];
}

function mayWrite(context: AppContext): boolean {
  const viewed = context.viewed;
  if (viewed === null) return false;
  if (viewed.isSelf) return true;
  const sharer = context.account?.sharers.find((person) => person.userid === viewed.userid);
  return sharer !== undefined && mayNoteFor(sharer);
}

export const notesPage: PageFactory = (context) => {
  const viewed = context.viewed;
  const me = context.account?.user.userid;
  const writable = mayWrite(context);
  let threads: Thread[] = [];
  let loading = true;
  let problem: ProblemView | null = null;
  let editing: string | undefined;
  let replyingTo: string | undefined;

  async function load(): Promise<void> {
    if (viewed === null) return;
    try {
      const { messages } = await context.client.messages.listNotes(viewed.userid);
      const loaded = await Promise.all(
        messages.map(async (note) => {
          const thread = await context.client.messages.getThread(note.id);
          return { note, replies: thread.messages.filter((message) => message.id !== note.id) };
        }),
      );
      threads = loaded.sort((left, right) => right.note.timestamp.localeCompare(left.note.timestamp));
    } catch (error) {
      problem = describeProblem(error);
    }
    loading = false;
    context.update();
  }

  async function act(action: () => Promise<unknown>, done: string): Promise<boolean> {
    problem = null;
    try {
      await action();
      context.announce(done);
      await load();
      return true;
    } catch (error) {
      problem = describeProblem(error);
      context.update();
      return false;
    }
  }

  async function write(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (viewed === null) return;
    const form = event.currentTarget as HTMLFormElement;
    const values = formValues(form);
    const timestamp = fromLocalInputValue(values.timestamp ?? '') ?? new Date().toISOString();
    const text = (values.messagetext ?? '').trim();
    if (
      await act(
        () => context.client.messages.send(viewed.userid, { timestamp, messagetext: text }),
        'Note saved.',
      )
    ) {
      form.reset();
    }
  }

  async function reply(event: SubmitEvent, note: Message): Promise<void> {
    event.preventDefault();
    const text = (formValues(event.currentTarget as HTMLFormElement).messagetext ?? '').trim();
    const sent = await act(
      () =>
        context.client.messages.reply(note.id, { timestamp: new Date().toISOString(), messagetext: text }),
      'Reply saved.',
    );
    if (sent) {
      replyingTo = undefined;
      context.update();
    }
  }

  async function edit(event: SubmitEvent, message: Message): Promise<void> {
    event.preventDefault();
    const text = (formValues(event.currentTarget as HTMLFormElement).messagetext ?? '').trim();
    if (await act(() => context.client.messages.edit(message.id, { messagetext: text }), 'Note changed.')) {
      editing = undefined;
      context.update();
    }
  }

  function textForm(
    id: string,
    label: string,
    value: string,
    submitLabel: string,
    onSubmit: (event: SubmitEvent) => void,
    onCancel?: () => void,
  ): TemplateResult {
    return html`<form class="form compact" @submit=${onSubmit}>
      <div class="field">
        <label for=${id}>${label}</label>
        <textarea id=${id} name="messagetext" rows="3" required maxlength="10000" .value=${value}></textarea>
      </div>
      <span class="buttons">
        <button type="submit">${submitLabel}</button>
        ${onCancel === undefined ? nothing : html`<button type="button" class="secondary" @click=${onCancel}>Cancel</button>`}
      </span>
    </form>`;
  }

  function message(item: Message, isNote: boolean): TemplateResult {
    const own = item.userid === me;
    const editingThis = editing === item.id;
    return html`<article
      class="message"
      aria-label=${`${isNote ? 'Note' : 'Reply'} by ${item.user.fullName}`}
    >
      <p class="message-meta">
        <strong>${item.user.fullName === '' ? 'Someone' : item.user.fullName}</strong> ·
        <time datetime=${item.timestamp}>${formatNoteTime(item.timestamp)}</time>
        ${item.modifiedtime === undefined ? nothing : html` · edited`}
      </p>
      ${
        editingThis
          ? textForm(
              `edit-${item.id}`,
              'Change the text',
              item.messagetext,
              'Save',
              (event) => void edit(event, item),
              () => {
                editing = undefined;
                context.update();
              },
            )
          : html`<p class="message-text">${item.messagetext}</p>`
      }
      ${
        own && !editingThis
          ? html`<span class="buttons">
              <button
                type="button"
                class="link-button"
                @click=${() => {
                  editing = item.id;
                  context.update();
                }}
              >
                Edit
              </button>
              <button
                type="button"
                class="link-button"
                @click=${() => void act(() => context.client.messages.remove(item.id), 'Removed.')}
              >
                Remove
              </button>
            </span>`
          : nothing
      }
    </article>`;
  }

  const threadView = (thread: Thread) =>
    html`<li class="thread">
      ${message(thread.note, true)}
      ${
        thread.replies.length === 0
          ? nothing
          : html`<ul class="replies">
              ${thread.replies.map((item) => html`<li>${message(item, false)}</li>`)}
            </ul>`
      }
      ${
        !writable
          ? nothing
          : replyingTo === thread.note.id
            ? textForm(
                `reply-${thread.note.id}`,
                'Your reply',
                '',
                'Send reply',
                (event) => void reply(event, thread.note),
                () => {
                  replyingTo = undefined;
                  context.update();
                },
              )
            : html`<button
                type="button"
                class="link-button"
                @click=${() => {
                  replyingTo = thread.note.id;
                  context.update();
                }}
              >
                Reply
              </button>`
      }
    </li>`;

  const writeForm = () =>
    html`<section aria-labelledby="write-heading">
      <h2 id="write-heading">Write a note</h2>
      <form class="form" @submit=${(event: SubmitEvent) => void write(event)}>
        <div class="field">
          <label for="field-messagetext">Note</label>
          <textarea id="field-messagetext" name="messagetext" rows="4" required maxlength="10000"></textarea>
        </div>
        <div class="field">
          <label for="field-timestamp">About the moment</label>
          <input
            id="field-timestamp"
            name="timestamp"
            type="datetime-local"
            .value=${toLocalInputValue(new Date())}
          />
        </div>
        <button type="submit">Save the note</button>
      </form>
    </section>`;

  return {
    title: 'Notes',
    render: () =>
      html`<h1 tabindex="-1">
          ${viewed === null || viewed.isSelf ? 'Your notes' : `Notes on the data of ${viewed.name}`}
        </h1>
        ${problemAlert(problem)} ${writable ? writeForm() : nothing}
        <section aria-labelledby="notes-heading">
          <h2 id="notes-heading">Notes</h2>
          ${
            loading
              ? html`<p>Loading the notes…</p>`
              : threads.length === 0
                ? html`<p>No notes yet.</p>`
                : html`<ul class="threads">
                    ${threads.map(threadView)}
                  </ul>`
          }
        </section>`,
    start: () => {
      void load();
    },
  };
};
