import { resolve } from 'node:path';
import rehypeStringify from 'rehype-stringify';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified, type PluggableList } from 'unified';
import { describe, expect, it } from 'vitest';
import config from '../../astro.config.mjs';
import { contentLanguage } from '../../src/lib/content/rehype-footnote-language.ts';

// The site's own processor options, so the footnotes come out as the build makes them.
const { remarkPlugins, rehypePlugins, remarkRehype: remarkRehypeOptions } = (
  config.markdown!.processor as unknown as { options: { remarkPlugins: PluggableList; rehypePlugins: PluggableList; remarkRehype: Record<string, unknown> } }
).options;

async function render(markdown: string, path: string): Promise<string> {
  const file = await unified().use(remarkParse).use(remarkGfm).use(remarkPlugins).use(remarkRehype, remarkRehypeOptions).use(rehypePlugins).use(rehypeStringify).process({ value: markdown, path: resolve(path) });
  return String(file);
}

const withNote = '码本有 64 个码字。[^size]\n\n[^size]: 这是微型模型的设置。\n';

describe('footnotes in the page language', () => {
  it('reads the language from the content path', () => {
    expect(contentLanguage(resolve('content/zh/04-codebook-and-commitment-losses.mdx'))).toBe('zh');
    expect(contentLanguage(resolve('content/zh/appendix/notation.mdx'))).toBe('zh');
    expect(contentLanguage(resolve('content/en/01-autoregressive-modelling.mdx'))).toBe('en');
    expect(contentLanguage(undefined)).toBe('en');
  });

  it('a Chinese chapter gets a Chinese notes heading and back-link label, an English one keeps English', async () => {
    const zh = await render(withNote, 'content/zh/99-test.mdx');
    expect(zh).toContain('>注释</h2>');
    expect(zh).toContain('aria-label="返回注释 1"');
    expect(zh).not.toContain('Notes');
    const en = await render(withNote, 'content/en/99-test.mdx');
    expect(en).toContain('>Notes</h2>');
    expect(en).toContain('aria-label="Back to note 1"');
  });
});
