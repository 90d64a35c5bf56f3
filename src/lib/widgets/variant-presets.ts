/**
 * The quantiser variants chapter 6's arena trains side by side: each is the tiny preset with one
 * change, so that any difference between two curves comes from that change. Everything the reader
 * picks or types for the arena passes through here and is refused with a sentence when it is wrong.
 */
import type { VQVAEConfig } from '../vq/config.ts';

/** Names of the variants the arena offers. */
export const VARIANT_IDS = ['plain', 'ema', 'cosine', 'lowdim', 'simvq', 'fsq', 'rotation', 'residual'] as const;
/** One of the arena's variants. */
export type VariantId = (typeof VARIANT_IDS)[number];

/** A variant as the arena shows it: a label, what it changes, and the config change itself. */
export type Variant = { id: VariantId; label: string; change: string; config: Partial<VQVAEConfig> };

/** Every variant, in the order the arena lists them. All have K = 64 codes (FSQ: 8 × 8 levels). */
export const VARIANTS: Record<VariantId, Variant> = {
  plain: { id: 'plain', label: 'Plain VQ', change: 'Nearest code by Euclidean distance, codebook trained by its loss.', config: {} },
  ema: { id: 'ema', label: 'EMA codebook', change: 'Codes move to running averages of the vectors that chose them.', config: { codebookUpdate: 'ema' } },
  cosine: { id: 'cosine', label: 'Cosine lookup', change: 'z and the codes are normalised; the largest cosine wins.', config: { lookup: 'cosine' } },
  lowdim: { id: 'lowdim', label: 'Low-dim lookup', change: 'The search runs in a learned 2-D projection of the 8-D vectors.', config: { lookupDim: 2 } },
  simvq: { id: 'simvq', label: 'SimVQ', change: 'A frozen random codebook times one learned 8×8 map.', config: { simvq: true } },
  fsq: { id: 'fsq', label: 'FSQ 8×8', change: 'No codebook: 2 bounded numbers, each rounded to 8 levels.', config: { fsq: [8, 8] } },
  rotation: { id: 'rotation', label: 'Rotation trick', change: 'The gradient is rotated from z_q to z instead of copied.', config: { gradient: 'rotation' } },
  residual: { id: 'residual', label: 'Residual, 2 stages', change: 'A second codebook quantises what the first missed.', config: { residualStages: 2 } },
};

/** The arena's first selection. */
export const DEFAULT_VARIANTS: VariantId[] = ['plain', 'cosine', 'fsq'];

/** How many variants the arena trains at once. */
export const VARIANT_COUNT = { min: 2, max: 4 } as const;

/** The tiny-preset config of a variant, with the seed every variant shares. */
export function variantConfig(id: VariantId, seed = 0): VQVAEConfig {
  return { preset: 'tiny', seed, ...VARIANTS[id].config };
}

/** A selection of variants, checked: 2 to 4 different known names, or why not. */
export function checkVariantSelection(ids: readonly string[]): { value: VariantId[] } | { problem: string } {
  const unknown = ids.filter((id) => !(VARIANT_IDS as readonly string[]).includes(id));
  if (unknown.length > 0) return { problem: `Unknown variant${unknown.length === 1 ? '' : 's'}: ${unknown.join(', ')}. Pick from ${VARIANT_IDS.join(', ')}.` };
  if (new Set(ids).size !== ids.length) return { problem: 'Each variant can be picked only once.' };
  if (ids.length < VARIANT_COUNT.min) return { problem: `Pick at least ${VARIANT_COUNT.min} variants to compare.` };
  if (ids.length > VARIANT_COUNT.max) return { problem: `Pick at most ${VARIANT_COUNT.max} variants: each one trains on the same shared engine.` };
  return { value: ids as VariantId[] };
}

/** The variants in a comma-separated list (as a `?variants=` link carries them), checked. */
export function parseVariantList(text: string): { value: VariantId[] } | { problem: string } {
  const ids = text
    .split(',')
    .map((id) => id.trim().toLowerCase())
    .filter((id) => id !== '');
  return checkVariantSelection(ids);
}

/** How many steps one run of the arena may last. */
export const STEP_RANGE = { min: 1, max: 2000 } as const;

/** A step count the reader typed: a whole number in STEP_RANGE, or why it was refused. */
export function checkSteps(text: string | number): { value: number } | { problem: string } {
  const trimmed = String(text).trim();
  const value = Number(trimmed);
  if (trimmed === '' || !Number.isInteger(value) || value < STEP_RANGE.min || value > STEP_RANGE.max) {
    return { problem: `Steps must be a whole number from ${STEP_RANGE.min} to ${STEP_RANGE.max}; got ${trimmed || 'nothing'}.` };
  }
  return { value };
}

/** The metrics the arena's chart can show, with how each is best drawn. */
export const ARENA_METRICS = {
  perplexity: { label: 'Perplexity (codes in use, of 64)', log: false },
  deadCodes: { label: 'Dead codes (unused for 100 steps)', log: false },
  reconstruction: { label: 'Reconstruction MSE', log: true },
} as const;
/** A metric the arena can chart. */
export type ArenaMetric = keyof typeof ARENA_METRICS;

/** A metric's value in words, for the text summary under the chart. */
export function formatMetric(metric: ArenaMetric, value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return '–';
  if (metric === 'deadCodes') return String(Math.round(value));
  if (metric === 'perplexity') return value.toFixed(1);
  return value.toPrecision(3);
}
