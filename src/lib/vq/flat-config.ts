import { definedFields, fail, knownFields, wholeNumber } from './config-rules.ts';
import type { GradientEstimator, Preset, QuantisedVQVAEConfig } from './config.ts';
import type { QuantiserConfig } from './quantisers/quantiser-config.ts';

/**
 * The config of earlier versions, where the quantiser was chosen by six flat fields. It is still
 * accepted, and read from every checkpoint saved before the `quantiser` field existed.
 */
export interface FlatVQVAEConfig {
  preset: Preset;
  codebookSize?: number;
  codeDim?: number;
  beta?: number;
  learningRate?: number;
  codebookUpdate?: 'loss' | 'ema';
  codebookInit?: 'uniform' | 'kmeans++';
  lookup?: 'euclidean' | 'cosine';
  gradient?: GradientEstimator;
  fsq?: number[] | null;
  lookupDim?: number | null;
  simvq?: boolean;
  residualStages?: number;
  emaDecay?: number;
  deadCodeRestart?: number | false;
  seed?: number;
}

/** The fields only the flat form has, with the value that means "not this option". */
const flatDefaults = { codebookUpdate: 'loss', codebookInit: 'uniform', lookup: 'euclidean', lookupDim: null, deadCodeRestart: false, simvq: false, fsq: null, residualStages: 1, emaDecay: 0.99 } as const;
type FlatField = keyof typeof flatDefaults;

/** Which flat fields each kind of quantiser reads, and why the others cannot go with it. */
const kinds = {
  codebook: { reads: ['codebookUpdate', 'codebookInit', 'lookup', 'lookupDim', 'deadCodeRestart'], label: '' },
  simvq: { reads: ['codebookInit', 'lookup', 'lookupDim'], label: "with simvq (SimVQ's codes all move through its learned map)" },
  fsq: { reads: [], label: 'with fsq (FSQ rounds onto a fixed grid and has no codebook)' },
  residual: { reads: [], label: 'with residualStages > 1 (these options have no settled definition for a stack of residuals)' },
} satisfies Record<QuantiserConfig['kind'], { reads: FlatField[]; label: string }>;

/** How the flat form names the quantiser's fields, so a refusal names the field the caller wrote. */
const flatNames: Record<string, string> = { kind: 'quantiser', update: 'codebookUpdate', init: 'codebookInit', levels: 'fsq', stages: 'residualStages' };

/** Whether a config uses the flat form: it has one of the flat quantiser fields. */
export function isFlatConfig(config: object): config is FlatVQVAEConfig {
  return Object.keys(config).some((key) => key in flatDefaults);
}

/**
 * Translates a flat config into one with a `quantiser` field, and says how to name its fields in a
 * refusal. Exactly one quantiser may be chosen; a flat field that the chosen one does not read must
 * keep its "off" value, which is what the translation checks, with a message naming the field.
 */
export function fromFlatConfig(config: FlatVQVAEConfig): [QuantisedVQVAEConfig, (field: string) => string] {
  if ('quantiser' in config) fail('VQVAE', 'quantiser', 'left out when the flat fields (fsq, simvq, lookup, …) are used', (config as { quantiser: unknown }).quantiser);
  knownFields('VQVAE', config, ['preset', 'codebookSize', 'codeDim', 'beta', 'learningRate', 'gradient', 'seed', ...Object.keys(flatDefaults)]);
  const flat = { ...flatDefaults, ...definedFields(config) } as Required<FlatVQVAEConfig>;
  if (typeof flat.simvq !== 'boolean') fail('VQVAE', 'simvq', 'true or false', flat.simvq);
  wholeNumber('VQVAE', 'residualStages', flat.residualStages, 1, 8);
  if (!(flat.emaDecay > 0 && flat.emaDecay < 1)) fail('VQVAE', 'emaDecay', 'a number in (0, 1)', flat.emaDecay);
  const kind: QuantiserConfig['kind'] = flat.fsq !== null ? 'fsq' : flat.simvq ? 'simvq' : flat.residualStages > 1 ? 'residual' : 'codebook';
  for (const field of Object.keys(flatDefaults) as FlatField[]) {
    if (field === 'emaDecay' || (kinds[kind].reads as FlatField[]).includes(field) || flat[field] === flatDefaults[field]) continue;
    if ((field === 'fsq' && kind === 'fsq') || (field === 'simvq' && kind === 'simvq') || (field === 'residualStages' && kind === 'residual')) continue;
    fail('VQVAE', field, `${JSON.stringify(flatDefaults[field])} ${kinds[kind].label}`, flat[field]);
  }
  // SimVQ's shared map moves every code at once, so a dead-code restart has nothing to do.
  const quantiser: QuantiserConfig =
    kind === 'fsq' ? { kind, levels: flat.fsq! }
    : kind === 'residual' ? { kind, stages: flat.residualStages }
    : kind === 'simvq' ? { kind, lookup: flat.lookup, lookupDim: flat.lookupDim, init: flat.codebookInit }
    : { kind, lookup: flat.lookup, lookupDim: flat.lookupDim, init: flat.codebookInit, update: flat.codebookUpdate, emaDecay: flat.emaDecay, deadCodeRestart: flat.deadCodeRestart };
  const { preset, codebookSize, codeDim, beta, learningRate, gradient, seed } = config;
  return [{ preset, codebookSize, codeDim, beta, learningRate, gradient, seed, quantiser }, (field) => flatNames[field] ?? field];
}

/** A resolved config in the flat form, for comparing with the flat fields a caller passes to `setHyperparameters`. */
export function flatView(quantiser: QuantiserConfig): Record<FlatField, unknown> {
  const view: Record<FlatField, unknown> = { ...flatDefaults };
  if (quantiser.kind === 'fsq') view.fsq = quantiser.levels;
  if (quantiser.kind === 'residual') view.residualStages = quantiser.stages;
  if (quantiser.kind === 'simvq') view.simvq = true;
  if (quantiser.kind === 'codebook' || quantiser.kind === 'simvq') Object.assign(view, { lookup: quantiser.lookup, lookupDim: quantiser.lookupDim, codebookInit: quantiser.init });
  if (quantiser.kind === 'codebook') Object.assign(view, { codebookUpdate: quantiser.update, emaDecay: quantiser.emaDecay, deadCodeRestart: quantiser.deadCodeRestart });
  return view;
}
