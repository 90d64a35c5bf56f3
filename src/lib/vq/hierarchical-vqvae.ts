import * as tf from './tf.ts';
import { Adam } from './adam.ts';
import { restoreModel, saveModel, type CheckpointParts, type CheckpointSource } from './checkpoint.ts';
import { checkCodesAsync } from './check-codes.ts';
import { checkImages } from './check-images.ts';
import { uniformCodebook } from './codebook-init.ts';
import { definedFields, fail, knownFields, wholeNumber } from './config-rules.ts';
import { deadCodePatience } from './dead-codes.ts';
import { queueGuardedStep } from './guarded-step.ts';
import { PendingSteps } from './pending-steps.ts';
import { lookupCodes } from './lookup-codes.ts';
import { applyNetwork, buildNetwork, disposeNetwork, namedLayers, parameterCount, type LayerParams } from './network.ts';
import { usagePerplexity } from './perplexity.ts';
import { hierarchicalPreset } from './presets.ts';
import { straightThrough } from './straight-through.ts';
import { variableFrom } from './variables.ts';
import { vqLosses } from './vq-losses.ts';
import type { TrainMetrics } from './train-metrics.ts';
import { TrainingLedger } from './training-ledger.ts';
import { optimizerCheckpoint, type LoadedState } from './training-state.ts';

/** What `HierarchicalVQVAE.create` accepts; every field has a default. */
export interface HierarchicalVQVAEConfig {
  /** K of the bottom (7×7) codebook. */
  codebookSize?: number;
  /** K of the top (3×3) codebook. */
  topCodebookSize?: number;
  /** D, the length of the codes at both levels. */
  codeDim?: number;
  /** β, the weight of both commitment losses. */
  beta?: number;
  learningRate?: number;
  seed?: number;
}

/** A config with every default filled in. */
export type ResolvedHierarchicalVQVAEConfig = Required<HierarchicalVQVAEConfig>;

/** The two code grids of a batch: top int32 [B,3,3] and bottom int32 [B,7,7]. */
export type HierarchicalCodes = { top: tf.Tensor3D; bottom: tf.Tensor3D };

/**
 * A training step's report. `codebook` and `commitment` add both levels; usage, perplexity and dead
 * codes describe the bottom level, the top level has its own usage and perplexity.
 */
export type HierarchicalTrainMetrics = TrainMetrics & { topPerplexity: number; topUsage: number[] };

const defaults: ResolvedHierarchicalVQVAEConfig = { codebookSize: 64, topCodebookSize: 64, codeDim: 8, beta: 0.25, learningRate: 2e-3, seed: 0 };

function resolve(config: HierarchicalVQVAEConfig): ResolvedHierarchicalVQVAEConfig {
  const owner = 'HierarchicalVQVAE';
  if (typeof config !== 'object' || config === null) fail(owner, 'config', 'an object', config);
  knownFields(owner, config, Object.keys(defaults));
  const resolved = { ...defaults, ...definedFields(config) } as ResolvedHierarchicalVQVAEConfig;
  wholeNumber(owner, 'codebookSize', resolved.codebookSize, 1, 4096);
  wholeNumber(owner, 'topCodebookSize', resolved.topCodebookSize, 1, 4096);
  wholeNumber(owner, 'codeDim', resolved.codeDim, 1, 256);
  wholeNumber(owner, 'seed', resolved.seed, 0, 2 ** 32 - 1);
  if (!(Number.isFinite(resolved.beta) && resolved.beta >= 0)) fail(owner, 'beta', 'a finite number ≥ 0', resolved.beta);
  if (!(Number.isFinite(resolved.learningRate) && resolved.learningRate > 0)) fail(owner, 'learningRate', 'a finite number > 0', resolved.learningRate);
  return resolved;
}

/**
 * A two-level VQ-VAE in the style of VQ-VAE-2 (Razavi et al. 2019). A top grid of 3×3 codes holds the
 * image's layout; a bottom grid of 7×7 codes holds the detail, and is chosen knowing the top codes.
 * The decoder sees both: the bottom codes and the top codes' decoded features. So changing a top code
 * changes the image even when the bottom codes stay as they are.
 */
export class HierarchicalVQVAE {
  readonly config: ResolvedHierarchicalVQVAEConfig;
  readonly #encoder: LayerParams[];
  readonly #topEncoder: LayerParams[];
  readonly #topDecoder: LayerParams[];
  readonly #bottomEncoder: LayerParams[];
  readonly #decoder: LayerParams[];
  readonly #topCodebook: tf.Variable<tf.Rank.R2>;
  readonly #bottomCodebook: tf.Variable<tf.Rank.R2>;
  readonly #optimizer: Adam;
  readonly #ledger: TrainingLedger;
  // Numbers per step: the guarded step's, then the bottom codes' usage (the ledger's part), then the top's.
  readonly #pending = new PendingSteps<null, HierarchicalTrainMetrics>((numbers) => {
    const bottomEnd = numbers.length - this.config.topCodebookSize;
    const topUsage = Array.from(numbers.subarray(bottomEnd));
    return { ...this.#ledger.settle(numbers.subarray(0, bottomEnd), null, null), topUsage, topPerplexity: usagePerplexity(topUsage) };
  });
  #loadedState: LoadedState | null = null;

  private constructor(config: ResolvedHierarchicalVQVAEConfig) {
    this.config = config;
    const { codeDim, seed } = config;
    const topFeatures = 32;
    // Separate seed ranges per network, as in VQVAE.
    this.#encoder = buildNetwork(hierarchicalPreset.encoder, 1, codeDim, seed);
    this.#topEncoder = buildNetwork(hierarchicalPreset.topEncoder, 32, codeDim, seed + 100);
    this.#topDecoder = buildNetwork(hierarchicalPreset.topDecoder, codeDim, codeDim, seed + 200);
    this.#bottomEncoder = buildNetwork(hierarchicalPreset.bottomEncoder, 32 + topFeatures, codeDim, seed + 300);
    this.#decoder = buildNetwork(hierarchicalPreset.decoder, codeDim + topFeatures, codeDim, seed + 1000);
    this.#topCodebook = variableFrom(uniformCodebook(config.topCodebookSize, codeDim, seed + 2000));
    this.#bottomCodebook = variableFrom(uniformCodebook(config.codebookSize, codeDim, seed + 2001));
    this.#optimizer = new Adam(config.learningRate);
    this.#ledger = new TrainingLedger(config.codebookSize, deadCodePatience);
  }

  /** Builds a fresh model. Throws a RangeError naming the field if the config is invalid. */
  static create(config: HierarchicalVQVAEConfig = {}): HierarchicalVQVAE {
    return new HierarchicalVQVAE(resolve(config));
  }

  /** Loads a checkpoint saved by `save`; a bad one throws a CheckpointError and changes nothing. */
  static load(source: CheckpointSource): Promise<HierarchicalVQVAE> {
    return restoreModel(source, 'vqvae2', (config: unknown) => resolve(config as HierarchicalVQVAEConfig), (config: ResolvedHierarchicalVQVAEConfig) => new HierarchicalVQVAE(config), (m: HierarchicalVQVAE) => m.#checkpoint());
  }

  /** Saves weights, config, step and training state (Adam's moments, the dead-code counts) once the queued steps are read, in TF.js's weights-manifest format. */
  async save(destination: CheckpointSource): Promise<tf.io.SaveResult> {
    await this.#pending.settle();
    return saveModel(destination, 'vqvae2', this.config, this.#checkpoint());
  }

  /** What its checkpoint held: 'full' (training resumes exactly), 'weights' (an older one: the statistics restart); null if created. */
  get loadedState(): LoadedState | null {
    return this.#loadedState;
  }

  /** Training steps applied so far, as far as their metrics have been read (`readMetrics`). */
  get step(): number {
    return this.#ledger.step;
  }

  /** The two grids' [height, width]: top 3×3, bottom 7×7. */
  get grids(): { top: [number, number]; bottom: [number, number] } {
    return { top: [3, 3], bottom: [7, 7] };
  }

  /** How many numbers the five networks and two codebooks hold. */
  get parameterCount(): number {
    const networks = [this.#encoder, this.#topEncoder, this.#topDecoder, this.#bottomEncoder, this.#decoder];
    return networks.reduce((sum, layers) => sum + parameterCount(layers), 0) + this.#topCodebook.size + this.#bottomCodebook.size;
  }

  /** Changes β or the learning rate between steps. */
  setHyperparameters(changes: Partial<Pick<ResolvedHierarchicalVQVAEConfig, 'beta' | 'learningRate'>>): void {
    const fixed = Object.keys(changes).filter((key) => key !== 'beta' && key !== 'learningRate');
    if (fixed.length > 0) throw new Error(`${fixed.join(', ')} cannot change on a live HierarchicalVQVAE: create a new one`);
    (this as { config: ResolvedHierarchicalVQVAEConfig }).config = resolve({ ...this.config, ...changes });
    this.#optimizer.learningRate = this.config.learningRate;
  }

  /**
   * One Adam step on images [B,28,28,1] in [0,1]: reconstruction + both codebook losses + β · both
   * commitment losses. A non-finite loss or gradient is rejected and the weights kept.
   */
  async trainStep(x: tf.Tensor4D): Promise<HierarchicalTrainMetrics> {
    this.queueTrainStep(x);
    return (await this.readMetrics()).at(-1)!;
  }

  /** Queues one step on the device without reading anything back (see `VQVAE.queueTrainStep`). */
  queueTrainStep(x: tf.Tensor4D): void {
    checkImages(x);
    const trainable = this.#namedVariables().map(({ variable }) => variable);
    const encoderVariables = this.#encoder.flatMap(({ kernel, bias }) => [kernel, bias] as tf.Variable[]);
    const { stats, applied, keep } = queueGuardedStep(this.#optimizer, trainable, () => {
      const { top, bottom, decoded } = this.#forward(x, true);
      const reconstruction = tf.mean(tf.squaredDifference(decoded, x)) as tf.Scalar;
      const codebook = tf.add(top.codebookLoss, bottom.codebookLoss) as tf.Scalar;
      const commitment = tf.add(top.commitmentLoss, bottom.commitmentLoss) as tf.Scalar;
      const loss = tf.add(tf.add(reconstruction, codebook), tf.mul(commitment, this.config.beta)) as tf.Scalar;
      return { loss, report: [reconstruction, codebook, commitment], keep: { topIndices: top.indices, bottomIndices: bottom.indices } };
    }, [encoderVariables]);
    const { topIndices, bottomIndices } = keep;
    const withBottom = TrainingLedger.numbers(stats, bottomIndices, this.config.codebookSize);
    const numbers = TrainingLedger.numbers(withBottom, topIndices, this.config.topCodebookSize);
    tf.dispose([stats, applied, topIndices, bottomIndices, withBottom]);
    this.#pending.push(numbers, null);
  }

  /** The metrics of every step queued since the last read, in order, from one non-blocking read. */
  readMetrics(): Promise<HierarchicalTrainMetrics[]> {
    return this.#pending.read();
  }

  /** Both code grids of each image. */
  encode(x: tf.Tensor4D): HierarchicalCodes {
    checkImages(x);
    return tf.tidy(() => {
      const { top, bottom } = this.#forward(x);
      const batch = x.shape[0];
      return { top: tf.reshape(top.indices, [batch, 3, 3]) as tf.Tensor3D, bottom: tf.reshape(bottom.indices, [batch, 7, 7]) as tf.Tensor3D };
    });
  }

  /**
   * Images [B,28,28,1] in [0,1] (not clipped) decoded from both grids. Asynchronous, like `VQVAE.decode`:
   * the codes are checked on the device and only the verdict is read back.
   */
  async decode(codes: HierarchicalCodes): Promise<tf.Tensor4D> {
    checkShape(codes.top, [3, 3], 'top');
    checkShape(codes.bottom, [7, 7], 'bottom');
    if (codes.top.shape[0] !== codes.bottom.shape[0]) throw new Error(`decode: ${codes.top.shape[0]} top grids but ${codes.bottom.shape[0]} bottom grids`);
    await checkCodesAsync(codes.top, this.config.topCodebookSize, 'decode: top code');
    await checkCodesAsync(codes.bottom, this.config.codebookSize, 'decode: bottom code');
    return tf.tidy(() => {
      const { codeDim } = this.config;
      const batch = codes.top.shape[0];
      const topCodes = tf.reshape(lookupCodes(tf.reshape(codes.top, [-1]) as tf.Tensor1D, this.#topCodebook), [batch, 3, 3, codeDim]) as tf.Tensor4D;
      const bottomCodes = tf.reshape(lookupCodes(tf.reshape(codes.bottom, [-1]) as tf.Tensor1D, this.#bottomCodebook), [batch, 7, 7, codeDim]) as tf.Tensor4D;
      return this.#decodeLatents(bottomCodes, applyNetwork(this.#topDecoder, topCodes));
    });
  }

  /** Encodes, quantises both levels and decodes: what the model makes of each image. */
  reconstruct(x: tf.Tensor4D): tf.Tensor4D {
    checkImages(x);
    return tf.tidy(() => this.#forward(x).decoded);
  }

  /** Mean squared reconstruction error over a batch, pixels in [0,1]. */
  reconstructionError(x: tf.Tensor4D): number {
    const error = tf.tidy(() => tf.mean(tf.squaredDifference(this.reconstruct(x), x)));
    const value = error.dataSync()[0];
    error.dispose();
    return value;
  }

  /** Frees every tensor the model holds. */
  dispose(): void {
    this.#pending.clear();
    for (const layers of [this.#encoder, this.#topEncoder, this.#topDecoder, this.#bottomEncoder, this.#decoder]) disposeNetwork(layers);
    tf.dispose([this.#topCodebook, this.#bottomCodebook]);
    this.#optimizer.dispose();
  }

  /**
   * Both levels' quantisation and the decoded images. When training, the decoder sees z + sg[zq − z],
   * the straight-through estimator; otherwise zq itself, which is what `decode` computes from codes.
   */
  #forward(x: tf.Tensor4D, training = false) {
    const pass = (z: tf.Tensor2D, zq: tf.Tensor2D) => (training ? straightThrough(z, zq) : zq);
    const { codeDim } = this.config;
    const features = applyNetwork(this.#encoder, tf.sub(x, 0.5) as tf.Tensor4D);
    const topLatents = applyNetwork(this.#topEncoder, features);
    const topFlat = tf.reshape(topLatents, [-1, codeDim]) as tf.Tensor2D;
    const top = vqLosses(topFlat, this.#topCodebook);
    const topFeatures = applyNetwork(this.#topDecoder, tf.reshape(pass(topFlat, top.zq), topLatents.shape) as tf.Tensor4D);
    // The bottom level is chosen knowing the top: it only needs to encode what the top codes miss.
    const bottomLatents = applyNetwork(this.#bottomEncoder, tf.concat([features, topFeatures], 3) as tf.Tensor4D);
    const bottomFlat = tf.reshape(bottomLatents, [-1, codeDim]) as tf.Tensor2D;
    const bottom = vqLosses(bottomFlat, this.#bottomCodebook);
    const decoded = this.#decodeLatents(tf.reshape(pass(bottomFlat, bottom.zq), bottomLatents.shape) as tf.Tensor4D, topFeatures);
    return { top, bottom, decoded };
  }

  #decodeLatents(bottomCodes: tf.Tensor4D, topFeatures: tf.Tensor4D): tf.Tensor4D {
    return tf.add(applyNetwork(this.#decoder, tf.concat([bottomCodes, topFeatures], 3) as tf.Tensor4D), 0.5) as tf.Tensor4D;
  }

  /** Its checkpoint: the weights, and as training state Adam's moments and step and how long each bottom code has gone unchosen. */
  #checkpoint(): CheckpointParts {
    const weights = this.#namedVariables();
    const progress = { step: this.#ledger.step, weights, optimizer: this.#optimizer, trainable: weights.map(({ variable }) => variable) };
    return optimizerCheckpoint(progress, (step, held) => void ([this.#ledger.step, this.#loadedState] = [step, held]), { deadCodes: this.#ledger.monitor.trainingState() });
  }

  #namedVariables(): { name: string; variable: tf.Variable }[] {
    return [
      ...namedLayers('encoder', this.#encoder),
      ...namedLayers('topEncoder', this.#topEncoder),
      ...namedLayers('topDecoder', this.#topDecoder),
      ...namedLayers('bottomEncoder', this.#bottomEncoder),
      ...namedLayers('decoder', this.#decoder),
      { name: 'topCodebook', variable: this.#topCodebook as tf.Variable },
      { name: 'bottomCodebook', variable: this.#bottomCodebook as tf.Variable },
    ];
  }
}


function checkShape(codes: tf.Tensor3D, [height, width]: [number, number], level: string): void {
  if (codes.rank !== 3 || codes.dtype !== 'int32' || codes.shape[1] !== height || codes.shape[2] !== width) {
    throw new Error(`decode expects ${level} codes int32 [B,${height},${width}], got ${codes.dtype} [${codes.shape}]`);
  }
}
