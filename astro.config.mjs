// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import svelte from '@astrojs/svelte';
import { unified } from '@astrojs/markdown-remark';
import remarkMath from 'remark-math';
import rehypeKatex from 'rehype-katex';
import remarkCitations from './src/lib/content/remark-citations.ts';
import rehypeFootnoteLanguage from './src/lib/content/rehype-footnote-language.ts';
import { vqPackage } from './scripts/vq-package/astro-integration.ts';

// KaTeX runs here, at build time, so readers download HTML and CSS but no maths JavaScript.
// Astro 7's default processor (Sätteri) does not run remark plugins, hence unified(). MDX inherits it.
// remarkCitations turns [@key] into numbered citations and [bibliography] into the chapter's list.
const markdownProcessor = unified({
  remarkPlugins: [remarkMath, remarkCitations],
  rehypePlugins: [[rehypeKatex, { strict: 'error', throwOnError: true }], rehypeFootnoteLanguage],
  // GFM footnotes (text[^name]) end the chapter under a visible "Notes" heading, numbered apart from citations.
  remarkRehype: {
    footnoteLabel: 'Notes',
    footnoteLabelProperties: { className: ['footnotes-label'] },
    footnoteBackContent: '↩\uFE0E',
    footnoteBackLabel: (/** @type {number} */ index, /** @type {number} */ repeat) =>
      `Back to note ${index + 1}${repeat > 1 ? ` (mention ${repeat})` : ''}`,
  },
});

export default defineConfig({
  site: process.env.SITE_URL ?? 'https://vq-vae.example.org',
  trailingSlash: 'always',
  integrations: [vqPackage(), mdx(), svelte()],
  markdown: {
    processor: markdownProcessor,
    // High-contrast themes keep comments readable (WCAG AA); CSS picks one to follow the site's theme.
    shikiConfig: {
      themes: { light: 'github-light-high-contrast', dark: 'github-dark-high-contrast' },
      defaultColor: false,
    },
  },
  i18n: {
    locales: ['en', 'zh'],
    defaultLocale: 'en',
    routing: { prefixDefaultLocale: true, redirectToDefaultLocale: false },
  },
  vite: {
    // The engine Worker imports tfjs with dynamic imports; ES workers keep them as separate chunks.
    worker: { format: 'es' },
  },
});
