/** The frame of every page the portal serves: document head, site header and navigation. */

/** The pages in the site navigation, by the path they live at. */
const NAVIGATION = [
  { path: '/', label: 'Home' },
  { path: '/docs', label: 'API reference' },
  { path: '/docs/guide', label: 'Guide' },
] as const;

/** The paths of the pages in the navigation. */
export type NavigationPath = (typeof NAVIGATION)[number]['path'];

/** The stylesheet of the portal's own pages, served by the docs assets route. */
export const SITE_STYLESHEET = '/docs/assets/site.css';

export interface HtmlPageOptions {
  /** The document title, as plain text (it is escaped). */
  readonly title: string;
  /** The page's content, as HTML that the caller made safe. */
  readonly body: string;
  /** Which navigation entry is this page, marked with `aria-current`. */
  readonly current?: NavigationPath;
  /** Stylesheets to load before the site's own, by path on this server. */
  readonly stylesheets?: readonly string[];
  /** Scripts to load at the end of the body, by path on this server. */
  readonly scripts?: readonly string[];
}

/**
 * Escapes text for HTML content and double-quoted attribute values.
 *
 * @example escapeHtml('a < b & "c"') === 'a &lt; b &amp; &quot;c&quot;'
 */
export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

function navigation(current: NavigationPath | undefined): string {
  const links = NAVIGATION.map((entry) => {
    const marker = entry.path === current ? ' aria-current="page"' : '';
    return `<li><a href="${entry.path}"${marker}>${escapeHtml(entry.label)}</a></li>`;
  });
  return `<nav aria-label="Site"><ul>${links.join('')}</ul></nav>`;
}

/**
 * A whole HTML document around the given content. Every asset it names is a path on this
 * server: the pages load nothing from other hosts, which their content security policy enforces.
 * The empty icon keeps browsers from asking for `/favicon.ico`, which the portal does not have.
 *
 * @example response.type('html').send(renderHtmlPage({ title: 'Guide', body: html, current: '/docs/guide' }));
 */
export function renderHtmlPage(options: HtmlPageOptions): string {
  const stylesheets = [...(options.stylesheets ?? []), SITE_STYLESHEET]
    .map((path) => `<link rel="stylesheet" href="${escapeHtml(path)}">`)
    .join('\n    ');
  const scripts = (options.scripts ?? [])
    .map((path) => `<script src="${escapeHtml(path)}"></script>`)
    .join('\n    ');
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>${escapeHtml(options.title)}</title>
    <link rel="icon" href="data:,">
    ${stylesheets}
  </head>
  <body>
    <a class="skip-link" href="#content">Skip to content</a>
    <header class="site-header">
      <a class="site-name" href="/">Tidepool platform</a>
      ${navigation(options.current)}
    </header>
    <main id="content">
${options.body}
    </main>
    ${scripts}
  </body>
</html>
`;
}
