import { describe, expect, it } from 'vitest';
import { escapeHtml, renderHtmlPage } from './html-page.js';

describe('renderHtmlPage', () => {
  it('escapes the title and marks the current page in the navigation', () => {
    const html = renderHtmlPage({
      title: 'A <b>bold</b> & "quoted" title',
      body: '<p>Hi</p>',
      current: '/docs/guide',
    });
    expect(html).toContain('<title>A &lt;b&gt;bold&lt;/b&gt; &amp; &quot;quoted&quot; title</title>');
    expect(html).toContain('<a href="/docs/guide" aria-current="page">Guide</a>');
    expect(html.match(/aria-current/g)).toHaveLength(1);
    expect(html).toContain('<main id="content">\n<p>Hi</p>');
  });

  it('loads the given stylesheets before the site stylesheet, and the scripts last', () => {
    const html = renderHtmlPage({
      title: 'Reference',
      body: '',
      stylesheets: ['/docs/assets/swagger-ui.css'],
      scripts: ['/docs/assets/reference.js'],
    });
    expect(html.indexOf('/docs/assets/swagger-ui.css')).toBeLessThan(html.indexOf('/docs/assets/site.css'));
    expect(html.indexOf('<script src="/docs/assets/reference.js"></script>')).toBeGreaterThan(
      html.indexOf('</main>'),
    );
  });
});

describe('escapeHtml', () => {
  it('escapes the characters that end text or an attribute value', () => {
    expect(escapeHtml(`<a href='x'>"&"</a>`)).toBe('&lt;a href=&#39;x&#39;&gt;&quot;&amp;&quot;&lt;/a&gt;');
  });
});
