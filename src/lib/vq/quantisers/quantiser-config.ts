import { definedFields, fail, knownFields, oneOf, wholeNumber } from '../config-rules.ts';

/**
 * Which quantiser a VQ-VAE uses, and its own settings. Each kind lists only the options that mean
 * something for it, so a combination with no definition (FSQ with an EMA codebook, say) cannot be written.
 */
export type QuantiserConfig =
  /** A learned codebook of K codes searched for the nearest one (the VQ-VAE's own quantiser). */
  | {
      kind: 'codebook';
      /** Search by Euclidean distance, or by cosine similarity of l2-normalised vectors. */
      lookup?: 'euclidean' | 'cosine';
      /** Search in a learned d < D dimensional projection (factorised codes), or null to search in D. */
      lookupDim?: number | null;
      /** Start the codes uniformly in ±1/K, or by k-means++ on the encoder outputs of the first batch. */
      init?: 'uniform' | 'kmeans++';
      /** Train the codes by the codebook loss, or by exponential moving averages. */
      update?: 'loss' | 'ema';
      /** λ, the decay of the EMA update. */
      emaDecay?: number;
      /** Restart codes idle for this many steps, or `false` for never. */
      deadCodeRestart?: number | false;
    }
  /** SimVQ: a frozen random codebook times a learned D×D map, so every code moves with the map. */
  | { kind: 'simvq'; lookup?: 'euclidean' | 'cosine'; lookupDim?: number | null; init?: 'uniform' | 'kmeans++' }
  /** Finite scalar quantisation: levels per dimension, such as [8, 5, 5, 5]; D is their number and K their product. */
  | { kind: 'fsq'; levels: number[] }
  /** Residual VQ: `stages` codebooks of K, each quantising what the ones before it missed; the decoder sees the sum. */
  | { kind: 'residual'; stages: number };

/** A quantiser config of one kind with every default filled in. */
export type ResolvedQuantiserConfig =
  | Required<Extract<QuantiserConfig, { kind: 'codebook' }>>
  | Required<Extract<QuantiserConfig, { kind: 'simvq' }>>
  | Extract<QuantiserConfig, { kind: 'fsq' }>
  | Extract<QuantiserConfig, { kind: 'residual' }>;

/** The kinds of quantiser, in the order the chapters introduce them. */
export const quantiserKinds = ['codebook', 'simvq', 'fsq', 'residual'] as const;

/** Largest K: beyond it the distance matrix of one batch no longer fits a browser comfortably. */
export const maxCodebookSize = 4096;
const maxStages = 8;
const owner = 'VQVAE';

/**
 * Checks a quantiser config against the model's D and fills in its defaults. A bad field throws a
 * RangeError that names it and its allowed values: as `quantiser.<field>`, or as `name(field)` says
 * (the flat config of earlier versions names them its own way).
 */
export function resolveQuantiser(config: QuantiserConfig, codeDim: number, name: (field: string) => string = (field) => `quantiser.${field}`): ResolvedQuantiserConfig {
  if (typeof config !== 'object' || config === null) fail(owner, 'quantiser', 'an object with a kind', config);
  oneOf(owner, name('kind'), config.kind, quantiserKinds);
  switch (config.kind) {
    case 'codebook': {
      knownFields(owner, config, ['kind', 'lookup', 'lookupDim', 'init', 'update', 'emaDecay', 'deadCodeRestart']);
      const resolved = { lookup: 'euclidean', lookupDim: null, init: 'uniform', update: 'loss', emaDecay: 0.99, deadCodeRestart: false, ...definedFields(config) } as Required<typeof config>;
      searchOptions(resolved, codeDim, name);
      oneOf(owner, name('update'), resolved.update, ['loss', 'ema']);
      if (!(typeof resolved.emaDecay === 'number' && resolved.emaDecay > 0 && resolved.emaDecay < 1)) fail(owner, name('emaDecay'), 'a number in (0, 1)', resolved.emaDecay);
      if (resolved.deadCodeRestart !== false) wholeNumber(owner, name('deadCodeRestart'), resolved.deadCodeRestart, 1, Number.MAX_SAFE_INTEGER);
      return resolved;
    }
    case 'simvq': {
      knownFields(owner, config, ['kind', 'lookup', 'lookupDim', 'init']);
      const resolved = { lookup: 'euclidean', lookupDim: null, init: 'uniform', ...definedFields(config) } as Required<typeof config>;
      searchOptions(resolved, codeDim, name);
      return resolved;
    }
    case 'fsq': {
      knownFields(owner, config, ['kind', 'levels']);
      const { levels } = config;
      if (!(Array.isArray(levels) && levels.length >= 1 && levels.length <= 16 && levels.every((l) => Number.isInteger(l) && l >= 2 && l <= 64))) {
        fail(owner, name('levels'), 'a list of 1 to 16 whole numbers from 2 to 64', levels);
      }
      if (fsqSize(levels) > maxCodebookSize) fail(owner, name('levels'), `levels whose product is at most ${maxCodebookSize}`, levels);
      return { kind: 'fsq', levels: [...levels] };
    }
    case 'residual':
      knownFields(owner, config, ['kind', 'stages']);
      wholeNumber(owner, name('stages'), config.stages, 1, maxStages);
      return { kind: 'residual', stages: config.stages };
  }
}

/** K of an FSQ grid: the product of its levels. */
export function fsqSize(levels: number[]): number {
  return levels.reduce((a, b) => a * b, 1);
}

function searchOptions(config: { lookup: unknown; lookupDim: unknown; init: unknown }, codeDim: number, name: (field: string) => string): void {
  oneOf(owner, name('lookup'), config.lookup, ['euclidean', 'cosine']);
  if (config.lookupDim !== null) wholeNumber(owner, name('lookupDim'), config.lookupDim, 1, codeDim - 1);
  oneOf(owner, name('init'), config.init, ['uniform', 'kmeans++']);
}

/** How many code grids per image a quantiser gives: its stages for residual VQ, otherwise one. */
export function stagesOf(quantiser: QuantiserConfig): number {
  return quantiser.kind === 'residual' ? quantiser.stages : 1;
}
