import type { Lang } from '../content/chapter-schema.ts';

const locales: Record<Lang, string> = { en: 'en-GB', zh: 'zh-CN' };
const formatters = new Map<string, Intl.NumberFormat>();

/** The BCP 47 locale a language's numbers are written in. */
export function localeOf(lang: Lang): string {
  return locales[lang];
}

/**
 * A number written the way the language writes it (grouping, decimal sign), with `digits` decimals
 * when given, else up to three significant ones. Formatters are cached: widgets call this every frame.
 */
export function formatNumber(lang: Lang, value: number, digits?: number): string {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? '–' : value > 0 ? '∞' : '−∞';
  const key = `${lang}:${digits ?? 'auto'}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.NumberFormat(locales[lang], digits === undefined ? { maximumSignificantDigits: 3 } : { minimumFractionDigits: digits, maximumFractionDigits: digits });
    formatters.set(key, formatter);
  }
  return formatter.format(value);
}

/** A whole number with the language's grouping, e.g. 3,000. */
export function formatInteger(lang: Lang, value: number): string {
  return formatNumber(lang, Math.round(value), 0);
}
