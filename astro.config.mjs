// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import svelte from '@astrojs/svelte';
import { unified } from '@astrojs/markdown-remark';
import remarkMath from 'remark-math';
import rehypeKatex from 'rehype-katex';

// KaTeX runs here, at build time, so readers download HTML and CSS but no maths JavaScript.
// Astro 7's default processor (Sätteri) does not run remark plugins, hence unified().
const markdownProcessor = unified({
  remarkPlugins: [remarkMath],
  rehypePlugins: [[rehypeKatex, { strict: 'error', throwOnError: true }]],
});

export default defineConfig({
  site: process.env.SITE_URL ?? 'https://vq-vae.example.org',
  trailingSlash: 'always',
  integrations: [mdx(), svelte()],
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
