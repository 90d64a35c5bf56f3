import type { Element, Root, RootContent } from 'hast';
import { languages, type Lang } from './chapter-schema.ts';
import { t } from '../i18n/ui.ts';

/** The language of a content file, from its path `content/<lang>/…`; English when the path says nothing. */
export function contentLanguage(path: string | undefined): Lang {
  const match = /[/\\]content[/\\]([a-z]{2})[/\\]/.exec(path ?? '');
  return match && (languages as readonly string[]).includes(match[1]!) ? (match[1] as Lang) : 'en';
}

function* elements(node: Root | RootContent): Generator<Element> {
  if (node.type === 'element') yield node;
  if ('children' in node) for (const child of node.children) yield* elements(child);
}

/**
 * GFM footnotes get their heading and back-link labels once, in English, for every page (remark-rehype
 * options are global). This step rewrites them in the page's own language, read from the file's path.
 */
export default function rehypeFootnoteLanguage() {
  return (tree: Root, file: { path?: string }) => {
    const lang = contentLanguage(file.path);
    if (lang === 'en') return;
    const strings = t(lang);
    for (const element of elements(tree)) {
      const classes = element.properties?.className;
      if (element.tagName === 'h2' && Array.isArray(classes) && classes.includes('footnotes-label')) {
        element.children = [{ type: 'text', value: strings.notes }];
      }
      if (element.tagName === 'a' && element.properties && 'dataFootnoteBackref' in element.properties) {
        const label = String(element.properties.ariaLabel ?? '');
        const number = /\d+/.exec(label)?.[0] ?? '';
        element.properties.ariaLabel = strings.backToNote(Number(number));
      }
    }
  };
}
