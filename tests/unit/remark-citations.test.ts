import { resolve } from 'node:path';
import rehypeStringify from 'rehype-stringify';
import remarkGfm from 'remark-gfm';
import remarkMdx from 'remark-mdx';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified, type PluggableList } from 'unified';
import { describe, expect, it } from 'vitest';
import config from '../../astro.config.mjs';
import remarkCitations from '../../src/lib/content/remark-citations.ts';
import { REFERENCES } from '../../src/lib/content/references.ts';

// The site's own processor options, so these tests run the plugins and footnote settings the build runs.
const processor = config.markdown!.processor as unknown as {
  options: { remarkPlugins: PluggableList; rehypePlugins: PluggableList; remarkRehype: Record<string, unknown> };
};
const { remarkPlugins, rehypePlugins, remarkRehype: remarkRehypeOptions } = processor.options;
const chapterPath = resolve('content/en/99-test-chapter.mdx');

/** Renders MDX (without JSX, so it can be stringified) to HTML the way the chapters are rendered. */
async function render(mdx: string): Promise<string> {
  const file = await unified()
    .use(remarkParse)
    .use(remarkMdx)
    .use(remarkGfm)
    .use(remarkPlugins)
    .use(remarkRehype, remarkRehypeOptions)
    .use(rehypePlugins)
    .use(rehypeStringify)
    .process({ value: mdx, path: chapterPath });
  return String(file);
}

/** The error a chapter fails to render with. */
async function renderError(mdx: string): Promise<Error> {
  try {
    await render(mdx);
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the chapter to fail');
}

/** The visible text of each citation link, in order. */
const linkTexts = (html: string) => [...html.matchAll(/<a class="citation-link"[^>]*>([^<]*)<\/a>/g)].map((m) => m[1]);
/** The keys of the bibliography entries, in order. */
const entryKeys = (html: string) => [...html.matchAll(/<li id="ref-([^"]+)"/g)].map((m) => m[1]);

describe('the bibliography', () => {
  it('has authors, a title, a venue, a year and an https address for every entry', () => {
    for (const [key, ref] of Object.entries(REFERENCES)) {
      expect(key, key).toMatch(/^[a-z]+\d{4}[a-z]*$/);
      expect(ref.authors.length, key).toBeGreaterThan(0);
      expect(ref.title.trim(), key).not.toBe('');
      expect(ref.venue.trim(), key).not.toBe('');
      expect(ref.year, key).toBeGreaterThan(1900);
      expect(ref.url, key).toMatch(/^https:\/\/\S+$/);
    }
  });
});

describe('remark-citations', () => {
  it('is wired into the site processor that MDX inherits, after remark-math', () => {
    const plugins = remarkPlugins.map((p) => (Array.isArray(p) ? p[0] : p));
    expect(plugins).toContain(remarkCitations);
  });

  it('numbers references in order of first citation, and a repeated reference keeps its number', async () => {
    const html = await render('VAEs [@kingma2014], then VQ-VAEs [@vandenoord2017], and VAEs again [@kingma2014].\n\n## References\n\n[bibliography]\n');
    expect(linkTexts(html)).toEqual(['[1]', '[2]', '[1]']);
    expect(entryKeys(html)).toEqual(['kingma2014', 'vandenoord2017']);
    // Each citation has its own card, so ids stay unique on the page.
    expect(html).toContain('aria-describedby="cite-kingma2014-1"');
    expect(html).toContain('aria-describedby="cite-kingma2014-2"');
    expect(html).toContain('id="cite-kingma2014-2" role="tooltip"');
  });

  it('writes several keys as one bracket with a link per number', async () => {
    const html = await render('First [@razavi2019]. Relaxations [@jang2017; @maddison2017; @razavi2019].\n\n[bibliography]\n');
    expect(linkTexts(html)).toEqual(['[1]', '2', '3', '1']);
    const group = html.match(/<span class="citation-group">\[(.*?)\]<\/span>/)![1];
    expect(group.replace(/<span class="citation-card".*?<\/span><\/span>/g, '').replace(/<[^>]+>/g, '')).toBe('2, 3, 1');
    expect(entryKeys(html)).toEqual(['razavi2019', 'jang2017', 'maddison2017']);
  });

  it('links each citation to its bibliography entry, whose title links to the paper', async () => {
    const html = await render('See [@vandenoord2017].\n\n[bibliography]\n');
    const ref = REFERENCES.vandenoord2017;
    expect(html).toContain('<a class="citation-link" href="#ref-vandenoord2017"');
    expect(html).toContain('<ol class="bibliography">');
    expect(html).toContain(`<li id="ref-vandenoord2017"><span class="bibliography-authors">Aäron van den Oord, Oriol Vinyals, Koray Kavukcuoglu.</span> <a href="${ref.url}" class="bibliography-title">${ref.title}</a>. <span class="bibliography-venue">NeurIPS 2017.</span>`);
    // The card carries authors, title, venue and year.
    expect(html).toMatch(/<span class="citation-card" id="cite-vandenoord2017-1" role="tooltip"><span class="citation-card-authors">Aäron van den Oord, Oriol Vinyals, Koray Kavukcuoglu\.<\/span> <span class="citation-card-title">Neural Discrete Representation Learning\.<\/span> <span class="citation-card-venue">NeurIPS 2017\.<\/span><\/span>/);
    // The marker paragraph is gone.
    expect(html).not.toContain('[bibliography]');
  });

  it('leaves maths, code and links alone', async () => {
    const html = await render('Inline $a_{[@x]}$, code `[@vandenoord2017]`, a [link](https://example.org/) and [@bengio2013].\n\n$$\nb = [@y]\n$$\n\n[bibliography]\n');
    expect(html).toContain('<a href="https://example.org/">link</a>');
    expect(html).toContain('<code>[@vandenoord2017]</code>');
    expect(html.match(/class="katex"/g)).toHaveLength(2);
    expect(linkTexts(html)).toEqual(['[1]']);
    expect(entryKeys(html)).toEqual(['bengio2013']);
  });

  it('numbers a citation inside a footnote where the footnote is written, and styles notes apart', async () => {
    const html = await render('Text [@bengio2013] and a note.[^n]\n\n[^n]: The note cites [@fifty2024].\n\nMore [@vandenoord2017].\n\n[bibliography]\n');
    expect(entryKeys(html)).toEqual(['bengio2013', 'fifty2024', 'vandenoord2017']);
    expect(html).toContain('<sup><a href="#user-content-fn-n" id="user-content-fnref-n" data-footnote-ref');
    expect(html).toContain('<h2 class="footnotes-label" id="footnote-label">Notes</h2>');
    expect(html).toContain('aria-label="Back to note 1"');
  });

  it('leaves a chapter without citations or a marker untouched', async () => {
    const html = await render('Plain [text] and [^x].\n\n[^x]: A note.\n');
    expect(html).not.toContain('citation');
    expect(html).toContain('Plain [text]');
  });

  it('fails on an unknown key, naming the key and the file', async () => {
    const error = await renderError('Text [@vandenoord2017].\n\nWrong [@nobody2099].\n\n[bibliography]\n');
    expect(error.message).toContain('"nobody2099"');
    expect(error.message).toContain('content/en/99-test-chapter.mdx:3:7');
  });

  it('fails when a chapter cites but has no [bibliography] line', async () => {
    const error = await renderError('Text [@vandenoord2017].\n\n## References\n');
    expect(error.message).toContain('content/en/99-test-chapter.mdx');
    expect(error.message).toMatch(/cites vandenoord2017 but has no \[bibliography\] line/);
  });

  it('fails on a malformed citation, a second marker, and a marker with nothing cited', async () => {
    expect((await renderError('Text [@vandenoord2017, @kingma2014].\n\n[bibliography]\n')).message).toMatch(/malformed citation \[@vandenoord2017, @kingma2014\]/);
    expect((await renderError('Text [@kingma2014].\n\n[bibliography]\n\n[bibliography]\n')).message).toMatch(/2 \[bibliography\] lines/);
    expect((await renderError('No citations.\n\n[bibliography]\n')).message).toMatch(/cites nothing/);
    expect((await renderError('## A heading [@kingma2014]\n\n[bibliography]\n')).message).toMatch(/inside a heading/);
  });
});
