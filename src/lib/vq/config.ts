/** The networks a VQVAE can be built from: `tiny` trains visibly in a browser; `r1` is the Keras example's. */
export const presets = ['tiny', 'r1'] as const;
/** Name of a network preset. */
export type Preset = (typeof presets)[number];

/** What `VQVAE.create` accepts; every field but `preset` has a default. */
export interface VQVAEConfig {
  preset: Preset;
  /** K, the number of codes. */
  codebookSize?: number;
  /** D, the length of each code. */
  codeDim?: number;
  /** β, the weight of the commitment loss. */
  beta?: number;
  learningRate?: number;
  /** Train the codebook by its loss, or by exponential moving averages. */
  codebookUpdate?: 'loss' | 'ema';
  /** Start the codes uniformly in ±1/K, or by k-means++ on the encoder outputs of the first batch. */
  codebookInit?: 'uniform' | 'kmeans++';
  /** Search codes by Euclidean distance, or by cosine similarity of l2-normalised vectors. */
  lookup?: 'euclidean' | 'cosine';
  /**
   * How the decoder's gradient passes the quantiser: straight through, by the rotation trick, or not at
   * all ('none': the encoder then learns only from the commitment loss, for showing why the estimator
   * is needed).
   */
  gradient?: 'ste' | 'rotation' | 'none';
  /**
   * Finite scalar quantisation instead of a learned codebook: levels per dimension, such as [8, 5, 5, 5].
   * Then D is the number of levels and K their product; null for a codebook.
   */
  fsq?: number[] | null;
  /** Search codes in a learned d < D dimensional projection (factorised codes), or null to search in D. */
  lookupDim?: number | null;
  /** SimVQ: a frozen random codebook times a learned D×D map, so every code moves with the map. */
  simvq?: boolean;
  /**
   * Residual VQ: this many codebooks of K, each quantising what the ones before it missed; the decoder
   * sees the sum. 1 is plain VQ.
   */
  residualStages?: number;
  /** λ, the decay of the EMA codebook update. */
  emaDecay?: number;
  /** Restart codes idle for this many steps, or `false` for never. */
  deadCodeRestart?: number | false;
  seed?: number;
}

/** A config with every default filled in. */
export type ResolvedVQVAEConfig = Required<VQVAEConfig>;

/** Per-preset defaults: r1 follows the Keras example (K = 128, D = 16, Adam at 1e-3, β = 0.25). */
const presetDefaults: Record<Preset, Omit<ResolvedVQVAEConfig, 'preset'>> = {
  tiny: { codebookSize: 64, codeDim: 8, beta: 0.25, learningRate: 2e-3, codebookUpdate: 'loss', codebookInit: 'uniform', lookup: 'euclidean', gradient: 'ste', fsq: null, simvq: false, lookupDim: null, residualStages: 1, emaDecay: 0.99, deadCodeRestart: false, seed: 0 },
  r1: { codebookSize: 128, codeDim: 16, beta: 0.25, learningRate: 1e-3, codebookUpdate: 'loss', codebookInit: 'uniform', lookup: 'euclidean', gradient: 'ste', fsq: null, simvq: false, lookupDim: null, residualStages: 1, emaDecay: 0.99, deadCodeRestart: false, seed: 0 },
};

/** Limits on sizes: beyond them the distance matrix of one batch no longer fits a browser comfortably. */
const limits = { codebookSize: 4096, codeDim: 256, residualStages: 8 };

function fail(field: string, rule: string, value: unknown): never {
  // String() for numbers, because JSON.stringify turns NaN and Infinity into "null".
  const shown = typeof value === 'number' ? String(value) : (JSON.stringify(value) ?? String(value));
  throw new RangeError(`VQVAE config: ${field} must be ${rule}, got ${shown}`);
}

function wholeNumber(field: string, value: number, min: number, max: number) {
  if (!(Number.isInteger(value) && value >= min && value <= max)) fail(field, `a whole number from ${min} to ${max}`, value);
}

/**
 * Checks a config and fills in its preset's defaults. A bad field throws a RangeError that names the
 * field and its allowed range; an unknown field is an error too, so a typo cannot pass as a default.
 */
export function resolveConfig(config: VQVAEConfig): ResolvedVQVAEConfig {
  if (typeof config !== 'object' || config === null) fail('config', 'an object', config);
  if (!presets.includes(config.preset)) fail('preset', `one of ${presets.join(', ')}`, config.preset);
  const known = new Set(['preset', ...Object.keys(presetDefaults.tiny)]);
  for (const key of Object.keys(config)) if (!known.has(key)) fail(key, `one of the known fields (${[...known].join(', ')})`, 'an unknown field');

  const defined = Object.fromEntries(Object.entries(config).filter(([, v]) => v !== undefined));
  const resolved: ResolvedVQVAEConfig = { ...presetDefaults[config.preset], ...defined, preset: config.preset };
  if (resolved.lookupDim !== null) {
    wholeNumber('lookupDim', resolved.lookupDim, 1, resolved.codeDim - 1);
    if (resolved.fsq !== null) fail('lookupDim', 'null with fsq (FSQ quantises every dimension itself)', resolved.lookupDim);
  }
  if (typeof resolved.simvq !== 'boolean') fail('simvq', 'true or false', resolved.simvq);
  if (resolved.simvq && resolved.codebookUpdate === 'ema') fail('codebookUpdate', '"loss" with simvq (its codes move through the learned map, not by averages)', resolved.codebookUpdate);
  if (resolved.simvq && resolved.deadCodeRestart !== false) fail('deadCodeRestart', 'false with simvq (the shared map moves every code, so none is left to restart)', resolved.deadCodeRestart);
  if (resolved.fsq !== null) {
    if (resolved.simvq) fail('simvq', 'false with fsq (FSQ has no codebook)', resolved.simvq);
    const levels = resolved.fsq;
    if (!(Array.isArray(levels) && levels.length >= 1 && levels.length <= 16 && levels.every((l) => Number.isInteger(l) && l >= 2 && l <= 64))) {
      fail('fsq', 'null or a list of 1 to 16 whole numbers from 2 to 64', levels);
    }
    const product = levels.reduce((a, b) => a * b, 1);
    if (product > limits.codebookSize) fail('fsq', `levels whose product is at most ${limits.codebookSize}`, levels);
    // With FSQ, K and D follow from the levels; a K or D that says otherwise is a contradiction, not a default.
    if (config.codebookSize !== undefined && config.codebookSize !== product) fail('codebookSize', `the product of the fsq levels (${product}) or left out`, config.codebookSize);
    if (config.codeDim !== undefined && config.codeDim !== levels.length) fail('codeDim', `the number of fsq levels (${levels.length}) or left out`, config.codeDim);
    resolved.codebookSize = product;
    resolved.codeDim = levels.length;
  }
  wholeNumber('residualStages', resolved.residualStages, 1, limits.residualStages);
  if (resolved.residualStages > 1) {
    // Each of these reshapes what a stage's code means; combined with a stack of residuals they have
    // no settled definition, so they are refused rather than guessed at.
    const alone = 'with residualStages > 1';
    if (resolved.fsq !== null) fail('fsq', `null ${alone}`, resolved.fsq);
    if (resolved.simvq) fail('simvq', `false ${alone}`, resolved.simvq);
    if (resolved.lookupDim !== null) fail('lookupDim', `null ${alone}`, resolved.lookupDim);
    if (resolved.lookup !== 'euclidean') fail('lookup', `"euclidean" ${alone} (residuals shrink, so their directions alone say little)`, resolved.lookup);
    if (resolved.codebookUpdate !== 'loss') fail('codebookUpdate', `"loss" ${alone}`, resolved.codebookUpdate);
    if (resolved.codebookInit !== 'uniform') fail('codebookInit', `"uniform" ${alone}`, resolved.codebookInit);
    if (resolved.deadCodeRestart !== false) fail('deadCodeRestart', `false ${alone}`, resolved.deadCodeRestart);
  }
  wholeNumber('codebookSize', resolved.codebookSize, 1, limits.codebookSize);
  wholeNumber('codeDim', resolved.codeDim, 1, limits.codeDim);
  if (!(Number.isFinite(resolved.beta) && resolved.beta >= 0)) fail('beta', 'a finite number ≥ 0', resolved.beta);
  if (!(Number.isFinite(resolved.learningRate) && resolved.learningRate > 0)) fail('learningRate', 'a finite number > 0', resolved.learningRate);
  if (resolved.codebookUpdate !== 'loss' && resolved.codebookUpdate !== 'ema') fail('codebookUpdate', '"loss" or "ema"', resolved.codebookUpdate);
  if (resolved.codebookInit !== 'uniform' && resolved.codebookInit !== 'kmeans++') fail('codebookInit', '"uniform" or "kmeans++"', resolved.codebookInit);
  if (resolved.lookup !== 'euclidean' && resolved.lookup !== 'cosine') fail('lookup', '"euclidean" or "cosine"', resolved.lookup);
  if (!['ste', 'rotation', 'none'].includes(resolved.gradient)) fail('gradient', '"ste", "rotation" or "none"', resolved.gradient);
  if (resolved.fsq !== null && resolved.gradient !== 'ste') fail('gradient', '"ste" with fsq (FSQ rounds with its own straight-through gradient)', resolved.gradient);
  if (!(resolved.emaDecay > 0 && resolved.emaDecay < 1)) fail('emaDecay', 'a number in (0, 1)', resolved.emaDecay);
  if (resolved.deadCodeRestart !== false) wholeNumber('deadCodeRestart', resolved.deadCodeRestart, 1, Number.MAX_SAFE_INTEGER);
  wholeNumber('seed', resolved.seed, 0, 2 ** 32 - 1);
  return resolved;
}
