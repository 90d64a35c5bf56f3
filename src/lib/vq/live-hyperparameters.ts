import { definedFields } from './config-rules.ts';
import { resolveConfig, type ResolvedVQVAEConfig } from './config.ts';
import { flatView } from './flat-config.ts';

/** The fields `VQVAE.setHyperparameters` can change on a live model. */
export type LiveHyperparameters = Partial<Pick<ResolvedVQVAEConfig, 'beta' | 'learningRate' | 'gradient'> & { emaDecay: number; deadCodeRestart: number | false }>;

/** Fields that fix a model's shape or history, in either config form. */
export const fixedFields = ['preset', 'codebookSize', 'codeDim', 'seed', 'quantiser', 'codebookUpdate', 'codebookInit', 'lookup', 'fsq', 'simvq', 'lookupDim', 'residualStages'] as const;

/** What a caller may pass to `setHyperparameters`: live fields, and fixed ones only if unchanged. */
export type HyperparameterChanges = LiveHyperparameters & Partial<Record<(typeof fixedFields)[number], unknown>>;

/**
 * The config after live changes, checked in full. A fixed field that differs is refused with a message
 * saying a new model is needed; the EMA decay and restarts apply to a codebook quantiser, and a restart
 * asked of any other kind is refused, since it has no codes to restart.
 */
export function withLiveChanges(config: ResolvedVQVAEConfig, changes: HyperparameterChanges): ResolvedVQVAEConfig {
  const current: Record<string, unknown> = { ...config, ...flatView(config.quantiser) };
  const fixed = fixedFields.filter((key) => key in changes && changes[key] !== undefined && JSON.stringify(changes[key]) !== JSON.stringify(current[key]));
  if (fixed.length > 0) {
    throw new Error(`${fixed.join(', ')} ${fixed.length === 1 ? 'sets' : 'set'} the model's shape or history: create a new VQVAE to change ${fixed.length === 1 ? 'it' : 'them'}`);
  }
  const { beta, learningRate, gradient, emaDecay, deadCodeRestart } = changes;
  let { quantiser } = config;
  if (quantiser.kind === 'codebook') {
    quantiser = { ...quantiser, ...definedFields({ emaDecay, deadCodeRestart }) };
  } else if (deadCodeRestart !== undefined && deadCodeRestart !== false) {
    throw new RangeError(`VQVAE config: deadCodeRestart must be false with a ${quantiser.kind} quantiser (it has no codes to restart), got ${deadCodeRestart}`);
  }
  return resolveConfig({ ...config, ...definedFields({ beta, learningRate, gradient }), quantiser });
}
