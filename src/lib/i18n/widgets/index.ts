import type { Lang } from '../../content/chapter-schema.ts';
import { en } from './en/index.ts';
import { zh } from './zh/index.ts';

/** Turns string literal types into `string`, so another language's table can say something else. */
type Widen<T> = T extends string ? string : T extends (...args: infer A) => string ? (...args: A) => string : { [K in keyof T]: Widen<T[K]> };

/** The shape of every language's widget strings: the English table's keys, any text. */
export type WidgetStrings = Widen<typeof en>;

const tables: Record<Lang, WidgetStrings> = { en, zh };

/** The widget strings of one language. A widget takes the page's language as its `lang` prop. */
export function widgetStrings(lang: Lang): WidgetStrings {
  return tables[lang];
}
