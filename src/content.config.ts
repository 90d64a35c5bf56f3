import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { chapterSchema, parseChapterPath } from './lib/content/chapter-schema.ts';

/** Chapters live in content/<lang>/NN-slug.mdx; `order` in the frontmatter, not the file name, sorts them. */
const chapters = defineCollection({
  loader: glob({
    base: './content',
    pattern: '*/*.mdx',
    generateId: ({ entry }) => parseChapterPath(entry).id,
  }),
  schema: chapterSchema,
});

export const collections = { chapters };
