import { getCollection, type CollectionEntry } from 'astro:content';
import type { Lang } from './chapter-schema.ts';

/** A chapter entry from the content collection. */
export type Chapter = CollectionEntry<'chapters'>;

/** The slug of a chapter: its id without the language prefix. */
export function chapterSlug(chapter: Chapter): string {
  return chapter.id.slice(chapter.id.indexOf('/') + 1);
}

/** The language of a chapter, taken from its id. */
export function chapterLang(chapter: Chapter): Lang {
  return chapter.id.slice(0, chapter.id.indexOf('/')) as Lang;
}

/** The site path of a chapter, `/<lang>/<slug>/`. */
export function chapterHref(chapter: Chapter): string {
  return `/${chapterLang(chapter)}/${chapterSlug(chapter)}/`;
}

/**
 * The chapters of one language, sorted by their `order` field.
 * Two chapters with the same order would make previous/next links ambiguous, so that fails the build.
 */
export async function chaptersFor(lang: Lang): Promise<Chapter[]> {
  const chapters = await getCollection('chapters', (entry) => chapterLang(entry) === lang);
  chapters.sort((a, b) => a.data.order - b.data.order);
  for (let i = 1; i < chapters.length; i++) {
    if (chapters[i].data.order === chapters[i - 1].data.order) {
      throw new Error(
        `Chapters ${chapters[i - 1].id} and ${chapters[i].id} both have order ${chapters[i].data.order}; each order must be unique per language.`,
      );
    }
  }
  return chapters;
}
