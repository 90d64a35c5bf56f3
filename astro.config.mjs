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
import { cspInlineHashes } from './scripts/csp/astro-integration.ts';

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
  integrations: [vqPackage(), mdx(), svelte(), cspInlineHashes()],
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
  // A strict Content Security Policy on every page, /embed/<slug>/ included, as a <meta> (a static host
  // can send the same text as a Content-Security-Policy header; frame-ancestors would work only there).
  // Scripts: the site's own files and hashed inline scripts only (Astro hashes its own; cspInlineHashes
  // the is:inline ones), never 'unsafe-eval' or 'unsafe-inline'; 'wasm-unsafe-eval' lets the wasm backend
  // compile its binaries. Workers, fetches (datasets, checkpoints, wasm) and frames: the site only.
  security: {
    csp: {
      directives: [
        "default-src 'self'",
        "connect-src 'self'",
        "worker-src 'self'",
        "frame-src 'self'",
        "img-src 'self'",
        // KaTeX's smallest fonts arrive inlined in its stylesheet as data: URLs (Vite inlines assets under 4 kB).
        "font-src 'self' data:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
      ],
      scriptDirective: {
        resources: ["'self'", "'wasm-unsafe-eval'"],
      },
      styleDirective: {
        resources: [
          // <style> and stylesheets: the site's files and hashed inline styles only. The pages that run the
          // embed's live widgets (embed/[widget].astro, chapter 7's EmbedExamples.astro) add 'unsafe-inline' here
          // themselves: those widgets write their CSS into shadow roots as <style> elements while they run.
          { resource: "'self'", kind: 'element' },
          // style="" attributes are allowed: KaTeX's HTML sizes every formula with them, Shiki colours code
          // with them, and Svelte renders style: directives as them. An attribute can only restyle its own
          // element, never run script, and img-src/font-src 'self' keep CSS from loading anything elsewhere.
          { resource: "'unsafe-inline'", kind: 'attribute' },
        ],
      },
    },
  },
  vite: {
    // The engine Worker imports tfjs with dynamic imports; ES workers keep them as separate chunks.
    worker: { format: 'es' },
  },
});
