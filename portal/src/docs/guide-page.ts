/** `GET /docs/guide`: the short guide for integration partners, written in Markdown, rendered at start. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Marked } from 'marked';
import { ERROR_STATUS_DESCRIPTIONS, PROBLEM_CODES, PROBLEM_STATUS, type ErrorStatus } from '@tidepool/spec';
import { renderHtmlPage } from '../pages/html-page.js';

/** The guide's source, `portal/docs/guide.md`. */
export const GUIDE_PATH = fileURLToPath(new URL('../../docs/guide.md', import.meta.url));

/** Where the guide wants the table of problem codes, made from the spec so that it cannot drift. */
export const PROBLEM_CODES_MARKER = '<!-- problem-codes -->';

/** Markdown rendering as GitHub does it (tables, fenced code); the source is ours and committed. */
const markdown = new Marked({ gfm: true, async: false });

function isErrorStatus(status: number): status is ErrorStatus {
  return Object.hasOwn(ERROR_STATUS_DESCRIPTIONS, status);
}

/** Every problem code with its HTTP status and what the status means, as a Markdown table. */
export function problemCodesTable(): string {
  const rows = PROBLEM_CODES.map((code) => {
    const status = PROBLEM_STATUS[code];
    const meaning = isErrorStatus(status) ? ERROR_STATUS_DESCRIPTIONS[status] : '';
    return `| \`${code}\` | ${status} | ${meaning} |`;
  });
  return ['| `code` | status | meaning |', '| --- | --- | --- |', ...rows].join('\n');
}

/** Reads the guide's Markdown; fails at start when it lacks the problem codes marker. */
export function readGuide(path: string = GUIDE_PATH): string {
  const source = readFileSync(path, 'utf8');
  if (!source.includes(PROBLEM_CODES_MARKER)) {
    throw new Error(`${path} has no ${PROBLEM_CODES_MARKER} line where the problem codes table goes`);
  }
  return source;
}

/**
 * The guide page: the Markdown with the problem codes table put in, rendered to HTML inside
 * the site's frame.
 *
 * @example response.type('html').send(renderGuidePage(readGuide()));
 */
export function renderGuidePage(source: string): string {
  const content = markdown.parse(source.replace(PROBLEM_CODES_MARKER, problemCodesTable())) as string;
  return renderHtmlPage({
    title: 'Guide · Tidepool platform API',
    current: '/docs/guide',
    body: `      <article class="page-text guide">\n${content}      </article>`,
  });
}
