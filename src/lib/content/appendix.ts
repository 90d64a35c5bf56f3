import { getCollection, type CollectionEntry } from 'astro:content';
import type { Lang } from './chapter-schema.ts';

/** A reference page (appendix) entry from the content collection. */
export type AppendixPage = CollectionEntry<'appendix'>;

/** The slug of a reference page: its id without the language prefix. */
export function appendixSlug(page: AppendixPage): string {
  return page.id.slice(page.id.indexOf('/') + 1);
}

/** The language of a reference page, taken from its id. */
export function appendixLang(page: AppendixPage): Lang {
  return page.id.slice(0, page.id.indexOf('/')) as Lang;
}

/** The site path of a reference page, `/<lang>/<slug>/`. */
export function appendixHref(page: AppendixPage): string {
  return `/${appendixLang(page)}/${appendixSlug(page)}/`;
}

/**
 * The reference pages of one language, sorted by their `order` field; two with the same order fail the build.
 */
export async function appendixFor(lang: Lang): Promise<AppendixPage[]> {
  const pages = await getCollection('appendix', (entry) => appendixLang(entry) === lang);
  pages.sort((a, b) => a.data.order - b.data.order);
  for (let i = 1; i < pages.length; i++) {
    if (pages[i].data.order === pages[i - 1].data.order) {
      throw new Error(`Reference pages ${pages[i - 1].id} and ${pages[i].id} both have order ${pages[i].data.order}; each order must be unique per language.`);
    }
  }
  return pages;
}

/**
 * The reference page with this slug in the reader's language, else the English one (as the landing page
 * lists English chapters until a language has its own); `untranslated` says which it is.
 */
export async function appendixPageFor(lang: Lang, slug: string): Promise<{ page: AppendixPage; untranslated: boolean } | undefined> {
  const own = (await appendixFor(lang)).find((p) => appendixSlug(p) === slug);
  if (own) return { page: own, untranslated: false };
  const english = (await appendixFor('en')).find((p) => appendixSlug(p) === slug);
  return english && { page: english, untranslated: lang !== 'en' };
}
