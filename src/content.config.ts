import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { chapterSchema, parseChapterPath } from './lib/content/chapter-schema.ts';
import { appendixSchema, parseAppendixPath } from './lib/content/appendix-schema.ts';

/** Chapters live in content/<lang>/NN-slug.mdx; `order` in the frontmatter, not the file name, sorts them. */
const chapters = defineCollection({
  loader: glob({
    base: './content',
    // One level only: `*` does not cross a slash, so the reference pages below are not chapters.
    pattern: '*/*.mdx',
    generateId: ({ entry }) => parseChapterPath(entry).id,
  }),
  schema: chapterSchema,
});

/** Reference pages (notation, measurements) live in content/<lang>/appendix/slug.mdx and are served at /<lang>/<slug>/. */
const appendix = defineCollection({
  loader: glob({
    base: './content',
    pattern: '*/appendix/*.mdx',
    generateId: ({ entry }) => parseAppendixPath(entry).id,
  }),
  schema: appendixSchema,
});

export const collections = { chapters, appendix };
