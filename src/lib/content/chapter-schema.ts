import { z } from 'astro/zod';
import { languages, type Lang } from './languages.ts';

// Here too for the build's many importers; code that reaches the browser imports languages.ts, which has no zod.
export { languages, type Lang };

/** Editorial state of a chapter; readers see a note on anything not yet `published`. */
export const chapterStatuses = ['draft', 'review', 'published'] as const;

/** Frontmatter every chapter must carry. Unknown keys are errors, so typos do not pass silently. */
export const chapterSchema = z
  .object({
    title: z.string().trim().min(1, 'title must not be empty'),
    order: z.number().int('order must be a whole number').min(1, 'order starts at 1'),
    summary: z.string().trim().min(20, 'summary must be a sentence of at least 20 characters').max(300),
    status: z.enum(chapterStatuses).optional(),
  })
  .strict();

/** Parsed chapter frontmatter. */
export type ChapterData = z.infer<typeof chapterSchema>;

/** Matches a chapter file path such as `en/03-straight-through.mdx`. */
const chapterPath = /^(?<lang>[a-z]{2})\/(?<num>\d{2})-(?<slug>[a-z0-9]+(?:-[a-z0-9]+)*)\.mdx$/;

/**
 * Splits a chapter path into language and slug; the collection's entry id is `<lang>/<slug>`.
 * Throws on a path that does not follow `content/<lang>/NN-slug.mdx`, naming the file.
 */
export function parseChapterPath(path: string): { lang: Lang; slug: string; id: string } {
  const match = chapterPath.exec(path);
  if (!match?.groups) {
    throw new Error(`content/${path}: chapter files must be named content/<lang>/NN-slug.mdx`);
  }
  const { lang, slug } = match.groups as { lang: string; slug: string };
  if (!(languages as readonly string[]).includes(lang)) {
    throw new Error(`content/${path}: unknown language "${lang}"; expected one of ${languages.join(', ')}`);
  }
  return { lang: lang as Lang, slug, id: `${lang}/${slug}` };
}
