import { definedFields, fail, knownFields, oneOf, wholeNumber } from './config-rules.ts';
import { fromFlatConfig, isFlatConfig, type FlatVQVAEConfig } from './flat-config.ts';
import { fsqSize, maxCodebookSize, resolveQuantiser, type QuantiserConfig, type ResolvedQuantiserConfig } from './quantisers/quantiser-config.ts';

/** The networks a VQVAE can be built from: `tiny` trains visibly in a browser; `r1` is the Keras example's. */
export const presets = ['tiny', 'r1'] as const;
/** Name of a network preset. */
export type Preset = (typeof presets)[number];

/** How the decoder's gradient passes the quantiser: straight through, by the rotation trick, or not at all. */
export type GradientEstimator = 'ste' | 'rotation' | 'none';

/** What `VQVAE.create` accepts; every field but `preset` has a default. */
export interface QuantisedVQVAEConfig {
  preset: Preset;
  /** K, the number of codes (per stage for residual VQ; for FSQ it follows from the levels). */
  codebookSize?: number;
  /** D, the length of each code (for FSQ, the number of levels). */
  codeDim?: number;
  /** β, the weight of the commitment loss. */
  beta?: number;
  learningRate?: number;
  /**
   * How the decoder's gradient passes the quantiser: straight through, by the rotation trick, or not at
   * all ('none': the encoder then learns only from the commitment loss, for showing why the estimator
   * is needed). FSQ rounds with its own straight-through gradient, so it takes only 'ste'.
   */
  gradient?: GradientEstimator;
  /** The quantiser and its own options; a plain codebook searched by Euclidean distance by default. */
  quantiser?: QuantiserConfig;
  seed?: number;
}

/** A config in either form: with a `quantiser` field, or with the flat fields of earlier versions (still read from old checkpoints). */
export type VQVAEConfig = QuantisedVQVAEConfig | FlatVQVAEConfig;

/** A config with every default filled in. */
export type ResolvedVQVAEConfig = Required<Omit<QuantisedVQVAEConfig, 'quantiser'>> & { quantiser: ResolvedQuantiserConfig };

/** Per-preset defaults: r1 follows the Keras example (K = 128, D = 16, Adam at 1e-3, β = 0.25). */
const presetDefaults: Record<Preset, Omit<ResolvedVQVAEConfig, 'preset' | 'quantiser'>> = {
  tiny: { codebookSize: 64, codeDim: 8, beta: 0.25, learningRate: 2e-3, gradient: 'ste', seed: 0 },
  r1: { codebookSize: 128, codeDim: 16, beta: 0.25, learningRate: 1e-3, gradient: 'ste', seed: 0 },
};

const owner = 'VQVAE';

/**
 * Checks a config and fills in its preset's defaults. A bad field throws a RangeError that names the
 * field and its allowed range; an unknown field is an error too, so a typo cannot pass as a default.
 * A flat config of earlier versions is translated first (see `fromFlatConfig`).
 */
export function resolveConfig(config: VQVAEConfig): ResolvedVQVAEConfig {
  if (typeof config !== 'object' || config === null) fail(owner, 'config', 'an object', config);
  if (isFlatConfig(config)) return resolveQuantised(...fromFlatConfig(config));
  knownFields(owner, config, ['preset', 'quantiser', ...Object.keys(presetDefaults.tiny)]);
  return resolveQuantised(config);
}

function resolveQuantised(config: QuantisedVQVAEConfig, name?: (field: string) => string): ResolvedVQVAEConfig {
  if (!presets.includes(config.preset)) fail(owner, 'preset', `one of ${presets.join(', ')}`, config.preset);
  const { quantiser: given = { kind: 'codebook' }, ...rest } = { ...presetDefaults[config.preset], ...definedFields(config), preset: config.preset } as QuantisedVQVAEConfig & typeof presetDefaults.tiny;
  if (given?.kind === 'fsq' && Array.isArray(given.levels)) {
    // With FSQ, K and D follow from the levels; a K or D that says otherwise is a contradiction, not a default.
    const product = fsqSize(given.levels);
    if (config.codebookSize !== undefined && config.codebookSize !== product) fail(owner, 'codebookSize', `the product of the fsq levels (${product}) or left out`, config.codebookSize);
    if (config.codeDim !== undefined && config.codeDim !== given.levels.length) fail(owner, 'codeDim', `the number of fsq levels (${given.levels.length}) or left out`, config.codeDim);
    rest.codebookSize = product;
    rest.codeDim = given.levels.length;
  }
  wholeNumber(owner, 'codeDim', rest.codeDim, 1, 256);
  const quantiser = resolveQuantiser(given, rest.codeDim, name);
  wholeNumber(owner, 'codebookSize', rest.codebookSize, 1, maxCodebookSize);
  if (!(Number.isFinite(rest.beta) && rest.beta >= 0)) fail(owner, 'beta', 'a finite number ≥ 0', rest.beta);
  if (!(Number.isFinite(rest.learningRate) && rest.learningRate > 0)) fail(owner, 'learningRate', 'a finite number > 0', rest.learningRate);
  oneOf(owner, 'gradient', rest.gradient, ['ste', 'rotation', 'none']);
  if (quantiser.kind === 'fsq' && rest.gradient !== 'ste') fail(owner, 'gradient', '"ste" with fsq (FSQ rounds with its own straight-through gradient)', rest.gradient);
  wholeNumber(owner, 'seed', rest.seed, 0, 2 ** 32 - 1);
  return { ...rest, quantiser } as ResolvedVQVAEConfig;
}
