import { definedFields, fail, knownFields, wholeNumber } from './config-rules.ts';

/** What `PixelCNNPrior.create` accepts: the code grid it models, and the network's size. */
export interface PixelCNNPriorConfig {
  /** K: how many codes there are to choose from at each position. */
  codebookSize: number;
  /** The code grid's height and width (7×7 for the VQ-VAE presets). */
  height: number;
  width: number;
  /** Feature channels inside the network. */
  channels?: number;
  /** Residual blocks after the first (type-A) layer. */
  layers?: number;
  /** The first layer's kernel: odd, it sets how far back the first layer looks. */
  kernelSize?: number;
  learningRate?: number;
  seed?: number;
}

/** A prior config with every default filled in. */
export type ResolvedPixelCNNPriorConfig = Required<PixelCNNPriorConfig>;

const defaults = { channels: 64, layers: 2, kernelSize: 5, learningRate: 1e-3, seed: 0 };

const owner = 'PixelCNNPrior';

/** Checks a prior config and fills in defaults. A bad field throws a RangeError naming it and its range. */
export function resolvePriorConfig(config: PixelCNNPriorConfig): ResolvedPixelCNNPriorConfig {
  if (typeof config !== 'object' || config === null) fail(owner, 'config', 'an object', config);
  knownFields(owner, config, ['codebookSize', 'height', 'width', ...Object.keys(defaults)]);
  const resolved = { ...defaults, ...definedFields(config) } as ResolvedPixelCNNPriorConfig;
  wholeNumber(owner, 'codebookSize', resolved.codebookSize, 1, 4096);
  wholeNumber(owner, 'height', resolved.height, 1, 64);
  wholeNumber(owner, 'width', resolved.width, 1, 64);
  wholeNumber(owner, 'channels', resolved.channels, 2, 512);
  wholeNumber(owner, 'layers', resolved.layers, 0, 32);
  wholeNumber(owner, 'kernelSize', resolved.kernelSize, 1, 15);
  if (resolved.kernelSize % 2 === 0) fail(owner, 'kernelSize', 'odd', resolved.kernelSize);
  if (!(Number.isFinite(resolved.learningRate) && resolved.learningRate > 0)) fail(owner, 'learningRate', 'a finite number > 0', resolved.learningRate);
  wholeNumber(owner, 'seed', resolved.seed, 0, 2 ** 32 - 1);
  return resolved;
}
