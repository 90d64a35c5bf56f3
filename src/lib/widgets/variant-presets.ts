/**
 * The quantiser variants chapter 6's arena trains side by side: each is the tiny preset with one
 * change, so that any difference between two curves comes from that change. Everything the reader
 * picks or types for the arena passes through here and is refused with a sentence when it is wrong,
 * in the page's language (English unless told otherwise); the words are in the arena's string tables.
 */
import type { QuantisedVQVAEConfig } from '@vq-vae-live/vq';
import type { Lang } from '../content/chapter-schema.ts';
import { echoed } from '../i18n/echo.ts';
import { formatInteger, formatNumber, localeOf } from '../i18n/format.ts';
import { widgetStrings } from '../i18n/widgets/index.ts';

/** Names of the variants the arena offers. */
export const VARIANT_IDS = ['plain', 'ema', 'cosine', 'lowdim', 'simvq', 'fsq', 'rotation', 'residual'] as const;
/** One of the arena's variants. */
export type VariantId = (typeof VARIANT_IDS)[number];

/** A variant: the config change it makes. Its label and what it changes are in the arena's string tables (`variantText`). */
export type Variant = { id: VariantId; config: Partial<QuantisedVQVAEConfig> };

/** Every variant, in the order the arena lists them. All have K = 64 codes (FSQ: 8 × 8 levels). */
export const VARIANTS: Record<VariantId, Variant> = {
  plain: { id: 'plain', config: {} },
  ema: { id: 'ema', config: { quantiser: { kind: 'codebook', update: 'ema' } } },
  cosine: { id: 'cosine', config: { quantiser: { kind: 'codebook', lookup: 'cosine' } } },
  lowdim: { id: 'lowdim', config: { quantiser: { kind: 'codebook', lookupDim: 2 } } },
  simvq: { id: 'simvq', config: { quantiser: { kind: 'simvq' } } },
  fsq: { id: 'fsq', config: { quantiser: { kind: 'fsq', levels: [8, 8] } } },
  rotation: { id: 'rotation', config: { gradient: 'rotation' } },
  residual: { id: 'residual', config: { quantiser: { kind: 'residual', stages: 2 } } },
};

/** A variant as the arena shows it: its label and the one change it makes, in a language. */
export function variantText(id: VariantId, lang: Lang = 'en'): { label: string; change: string } {
  return widgetStrings(lang).variantArena.variants[id];
}

/** The arena's first selection. */
export const DEFAULT_VARIANTS: VariantId[] = ['plain', 'cosine', 'fsq'];

/** How many variants the arena trains at once. */
export const VARIANT_COUNT = { min: 2, max: 4 } as const;

/** The tiny-preset config of a variant, with the seed every variant shares. */
export function variantConfig(id: VariantId, seed = 0): QuantisedVQVAEConfig {
  return { preset: 'tiny', seed, ...VARIANTS[id].config };
}

/** A selection of variants, checked: 2 to 4 different known names, or why not (in `lang`). */
export function checkVariantSelection(ids: readonly string[], lang: Lang = 'en'): { value: VariantId[] } | { problem: string } {
  const s = widgetStrings(lang).variantArena.problems;
  const unknown = ids.filter((id) => !(VARIANT_IDS as readonly string[]).includes(id));
  // The names are the ones a ?variants= link takes, the same in every language.
  if (unknown.length > 0) return { problem: s.unknown(echoed(unknown.join(s.separator)), VARIANT_IDS.join(s.separator), unknown.length === 1) };
  if (new Set(ids).size !== ids.length) return { problem: s.twice };
  if (ids.length < VARIANT_COUNT.min) return { problem: s.tooFew(formatInteger(lang, VARIANT_COUNT.min)) };
  if (ids.length > VARIANT_COUNT.max) return { problem: s.tooMany(formatInteger(lang, VARIANT_COUNT.max)) };
  return { value: ids as VariantId[] };
}

/** The variants in a comma-separated list (as a `?variants=` link carries them), checked. */
export function parseVariantList(text: string, lang: Lang = 'en'): { value: VariantId[] } | { problem: string } {
  const ids = text
    .split(',')
    .map((id) => id.trim().toLowerCase())
    .filter((id) => id !== '');
  return checkVariantSelection(ids, lang);
}

/** How many steps one run of the arena may last. */
export const STEP_RANGE = { min: 1, max: 2000 } as const;

/**
 * A step count the reader typed: a whole number in STEP_RANGE, or why it was refused (in `lang`).
 * The bounds are written as the number field takes them, without grouping.
 */
export function checkSteps(text: string | number, lang: Lang = 'en'): { value: number } | { problem: string } {
  const trimmed = String(text).trim();
  const value = Number(trimmed);
  if (trimmed === '' || !Number.isInteger(value) || value < STEP_RANGE.min || value > STEP_RANGE.max) {
    const s = widgetStrings(lang).variantArena.problems;
    return { problem: s.steps(String(STEP_RANGE.min), String(STEP_RANGE.max), echoed(trimmed) || s.nothing) };
  }
  return { value };
}

/** The metrics the arena's chart can show, with how each is best drawn (their names are in the string tables). */
export const ARENA_METRICS = {
  perplexity: { log: false },
  deadCodes: { log: false },
  reconstruction: { log: true },
} as const;
/** A metric the arena can chart. */
export type ArenaMetric = keyof typeof ARENA_METRICS;

const significant = new Map<Lang, Intl.NumberFormat>();

/** A metric's value in words, for the table and the text summary, written the way `lang` writes numbers. */
export function formatMetric(metric: ArenaMetric, value: number | undefined, lang: Lang = 'en'): string {
  if (value === undefined || !Number.isFinite(value)) return '–';
  if (metric === 'deadCodes') return formatInteger(lang, value);
  if (metric === 'perplexity') return formatNumber(lang, value, 1);
  // Three significant digits, trailing zeros kept (0.0120), as toPrecision(3) gives them.
  let format = significant.get(lang);
  if (!format) significant.set(lang, (format = new Intl.NumberFormat(localeOf(lang), { minimumSignificantDigits: 3, maximumSignificantDigits: 3 })));
  return format.format(value);
}
