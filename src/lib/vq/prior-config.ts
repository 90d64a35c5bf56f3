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

function fail(field: string, rule: string, value: unknown): never {
  throw new RangeError(`PixelCNNPrior config: ${field} must be ${rule}, got ${typeof value === 'number' ? String(value) : JSON.stringify(value)}`);
}

function wholeNumber(field: string, value: unknown, min: number, max: number): void {
  if (!(typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max)) fail(field, `a whole number from ${min} to ${max}`, value);
}

/** Checks a prior config and fills in defaults. A bad field throws a RangeError naming it and its range. */
export function resolvePriorConfig(config: PixelCNNPriorConfig): ResolvedPixelCNNPriorConfig {
  if (typeof config !== 'object' || config === null) fail('config', 'an object', config);
  const known = new Set(['codebookSize', 'height', 'width', ...Object.keys(defaults)]);
  for (const key of Object.keys(config)) if (!known.has(key)) fail(key, `one of the known fields (${[...known].join(', ')})`, 'an unknown field');
  const defined = Object.fromEntries(Object.entries(config).filter(([, v]) => v !== undefined));
  const resolved = { ...defaults, ...defined } as ResolvedPixelCNNPriorConfig;
  wholeNumber('codebookSize', resolved.codebookSize, 1, 4096);
  wholeNumber('height', resolved.height, 1, 64);
  wholeNumber('width', resolved.width, 1, 64);
  wholeNumber('channels', resolved.channels, 2, 512);
  wholeNumber('layers', resolved.layers, 0, 32);
  wholeNumber('kernelSize', resolved.kernelSize, 1, 15);
  if (resolved.kernelSize % 2 === 0) fail('kernelSize', 'odd', resolved.kernelSize);
  if (!(Number.isFinite(resolved.learningRate) && resolved.learningRate > 0)) fail('learningRate', 'a finite number > 0', resolved.learningRate);
  wholeNumber('seed', resolved.seed, 0, 2 ** 32 - 1);
  return resolved;
}
