import { z } from 'astro/zod';
import { languages, type Lang } from './chapter-schema.ts';

/** Frontmatter every reference page (appendix) must carry. Unknown keys are errors, as for chapters. */
export const appendixSchema = z
  .object({
    title: z.string().trim().min(1, 'title must not be empty'),
    summary: z.string().trim().min(20, 'summary must be a sentence of at least 20 characters').max(300),
    order: z.number().int('order must be a whole number').min(1, 'order starts at 1'),
  })
  .strict();

/** Parsed reference-page frontmatter. */
export type AppendixData = z.infer<typeof appendixSchema>;

/** Slugs a reference page may not take, because another route of the same language already serves them. */
export const reservedAppendixSlugs = ['credits', 'appendix'] as const;

/** Matches a reference-page path such as `en/appendix/notation.mdx`. */
const appendixPath = /^(?<lang>[a-z]{2})\/appendix\/(?<slug>[a-z][a-z0-9]*(?:-[a-z0-9]+)*)\.mdx$/;

/**
 * Splits a reference-page path into language and slug; the collection's entry id is `<lang>/<slug>`.
 * Throws on a path that does not follow `content/<lang>/appendix/slug.mdx`, or that takes a reserved slug, naming the file.
 */
export function parseAppendixPath(path: string): { lang: Lang; slug: string; id: string } {
  const match = appendixPath.exec(path);
  if (!match?.groups) {
    throw new Error(`content/${path}: reference pages must be named content/<lang>/appendix/slug.mdx (lower-case words joined by hyphens)`);
  }
  const { lang, slug } = match.groups as { lang: string; slug: string };
  if (!(languages as readonly string[]).includes(lang)) {
    throw new Error(`content/${path}: unknown language "${lang}"; expected one of ${languages.join(', ')}`);
  }
  if ((reservedAppendixSlugs as readonly string[]).includes(slug)) {
    throw new Error(`content/${path}: the slug "${slug}" is taken by another page of the site`);
  }
  return { lang: lang as Lang, slug, id: `${lang}/${slug}` };
}

/**
 * Throws when a reference page would be served at the same path as a chapter of its language,
 * since both routes live at `/<lang>/<slug>/`.
 */
export function assertNoSlugCollision(lang: Lang, appendixSlugs: readonly string[], chapterSlugs: readonly string[]): void {
  const clash = appendixSlugs.filter((slug) => chapterSlugs.includes(slug));
  if (clash.length > 0) {
    throw new Error(`/${lang}/${clash[0]}/ is both a chapter and a reference page; rename content/${lang}/appendix/${clash[0]}.mdx`);
  }
}
