import * as tf from './tf.ts';
import { Adam } from './adam.ts';
import { restoreModel, saveModel, type CheckpointSource } from './checkpoint.ts';
import { checkCodesAsync } from './check-codes.ts';
import { resolveConfig, type ResolvedVQVAEConfig, type VQVAEConfig } from './config.ts';
import { DeadCodeMonitor, deadCodePatience } from './dead-codes.ts';
import { flatView } from './flat-config.ts';
import { guardedStep } from './guarded-step.ts';
import { applyNetwork, buildNetwork, disposeNetwork, namedLayers, parameterCount, type LayerParams } from './network.ts';
import { codeUsage, usagePerplexity } from './perplexity.ts';
import { networkPresets } from './presets.ts';
import { createQuantiser, type Quantiser } from './quantisers/index.ts';
import type { TrainMetrics } from './train-metrics.ts';

/** The fields `setHyperparameters` can change on a live model. */
export type LiveHyperparameters = Partial<Pick<ResolvedVQVAEConfig, 'beta' | 'learningRate' | 'gradient'> & { emaDecay: number; deadCodeRestart: number | false }>;

/** The checkpoint kind of a VQVAE. */
const checkpointKind = 'vqvae';

/** Fields that fix a model's shape or history, in either config form. */
const fixedFields = ['preset', 'codebookSize', 'codeDim', 'seed', 'quantiser', 'codebookUpdate', 'codebookInit', 'lookup', 'fsq', 'simvq', 'lookupDim', 'residualStages'] as const;

/**
 * A VQ-VAE (van den Oord et al. 2017): an encoder maps a 28×28 image to a grid of D-dimensional vectors,
 * a quantiser replaces each by a code (by default the nearest of a learned codebook of K), and a decoder
 * rebuilds the image from the codes. A gradient estimator carries the decoder's gradient past the lookup.
 *
 * Pixels go in and come out in [0,1]; inside, the networks see them shifted to [−0.5, 0.5], as in the
 * Keras example, so that zero-mean inputs meet zero-centred initial weights.
 */
export class VQVAE {
  readonly config: ResolvedVQVAEConfig;
  readonly #encoder: LayerParams[];
  readonly #decoder: LayerParams[];
  readonly #quantiser: Quantiser;
  readonly #optimizer: Adam;
  readonly #monitor: DeadCodeMonitor;
  #codebookReady: boolean;
  #step = 0;
  #disposed = false;

  private constructor(config: ResolvedVQVAEConfig) {
    this.config = config;
    const { encoder, decoder } = networkPresets[config.preset];
    // Separate seed ranges, so that the encoder, decoder and codebook never share a random stream.
    this.#encoder = buildNetwork(encoder, 1, config.codeDim, config.seed);
    this.#decoder = buildNetwork(decoder, config.codeDim, config.codeDim, config.seed + 1000);
    this.#quantiser = createQuantiser(config);
    this.#codebookReady = !this.#quantiser.needsFirstBatch;
    this.#optimizer = new Adam(config.learningRate);
    this.#monitor = new DeadCodeMonitor(config.codebookSize, this.#quantiser.restartPatience ?? deadCodePatience);
  }

  /** Builds a fresh model. Throws a RangeError naming the field if the config is invalid. */
  static create(config: VQVAEConfig): VQVAE {
    return new VQVAE(resolveConfig(config));
  }

  /**
   * Loads a checkpoint saved by `save` into a new model. Everything is checked before the model is
   * returned; on a bad checkpoint it throws a CheckpointError, and any model you already have is untouched.
   * Checkpoints saved with the flat config of earlier versions load too.
   */
  static async load(source: CheckpointSource): Promise<VQVAE> {
    const { model, step } = await restoreModel(source, checkpointKind, (config: unknown) => resolveConfig(config as VQVAEConfig), (config: ResolvedVQVAEConfig) => new VQVAE(config), (m: VQVAE) => m.#namedVariables());
    model.#step = step;
    model.#codebookReady = true;
    return model;
  }

  /** Saves the weights, config and step in TF.js's weights-manifest format (see `saveCheckpoint`). */
  async save(destination: CheckpointSource): Promise<tf.io.SaveResult> {
    this.#assertLive();
    return saveModel(destination, checkpointKind, this.config, this.#step, this.#namedVariables());
  }

  /** Training steps applied so far. */
  get step(): number {
    return this.#step;
  }

  /** The codebook [K,d] (with residual VQ, the first stage's; for FSQ, its grid). It belongs to the model: read it, do not dispose it. */
  get codebook(): tf.Tensor2D {
    return this.#quantiser.codebook;
  }

  /** The code grid's [height, width] for 28×28 images: 28 divided by the encoder's total stride (7×7 for the presets). */
  get grid(): [number, number] {
    const stride = this.#encoder.reduce((total, { spec }) => total * spec.stride, 1);
    return [Math.ceil(28 / stride), Math.ceil(28 / stride)];
  }

  /** How many numbers the encoder, decoder and quantiser hold. */
  get parameterCount(): number {
    return parameterCount(this.#encoder) + parameterCount(this.#decoder) + this.#quantiser.parameterCount;
  }

  /** Codes no latent has chosen for the dead-code patience, ascending: the ones `deadCodes` counts. */
  get deadCodeIndices(): number[] {
    return this.#monitor.deadCodes();
  }

  /**
   * Changes hyperparameters between steps. K, D, the preset, the quantiser and the seed fix the model's
   * shape or history, so changing them needs a new model; this says so instead.
   */
  setHyperparameters(changes: LiveHyperparameters & Partial<Record<(typeof fixedFields)[number], unknown>>): void {
    this.#assertLive();
    const current: Record<string, unknown> = { ...this.config, ...flatView(this.config.quantiser) };
    const fixed = fixedFields.filter((key) => key in changes && changes[key] !== undefined && JSON.stringify(changes[key]) !== JSON.stringify(current[key]));
    if (fixed.length > 0) {
      throw new Error(`${fixed.join(', ')} ${fixed.length === 1 ? 'sets' : 'set'} the model's shape or history: create a new VQVAE to change ${fixed.length === 1 ? 'it' : 'them'}`);
    }
    const { beta, learningRate, gradient, emaDecay, deadCodeRestart } = changes;
    let { quantiser } = this.config;
    if (quantiser.kind === 'codebook') {
      quantiser = { ...quantiser, ...defined({ emaDecay, deadCodeRestart }) };
    } else if (deadCodeRestart !== undefined && deadCodeRestart !== false) {
      throw new RangeError(`VQVAE config: deadCodeRestart must be false with a ${quantiser.kind} quantiser (it has no codes to restart), got ${deadCodeRestart}`);
    }
    const next = resolveConfig({ ...this.config, ...defined({ beta, learningRate, gradient }), quantiser });
    (this as { config: ResolvedVQVAEConfig }).config = next;
    this.#optimizer.learningRate = next.learningRate;
    this.#quantiser.setLive({ emaDecay, deadCodeRestart });
    // Only the patience changes: a fresh monitor would forget every idle run, and the lab sends the
    // restart setting with every live change, so each β move would reset the dead-code count to 0.
    this.#monitor.patience = this.#quantiser.restartPatience ?? deadCodePatience;
  }

  /**
   * One Adam step on a batch x [B,28,28,1] with pixels in [0,1]. If the loss or any gradient is not
   * finite, nothing is changed and the metrics say why.
   */
  async trainStep(x: tf.Tensor4D): Promise<TrainMetrics> {
    this.#assertLive();
    this.#checkImages(x);
    if (!this.#codebookReady) this.#initialiseCodebookFrom(x);
    const { beta, codebookSize, gradient } = this.config;
    const quantiser = this.#quantiser;
    const encoderVariables = this.#encoder.flatMap(({ kernel, bias }) => [kernel, bias] as tf.Variable[]);
    const outcome = await guardedStep(this.#optimizer, this.#trainableVariables(), () => {
      const { flat, gridShape } = this.#encodeFlat(x);
      const q = quantiser.quantise(flat, gradient);
      const decoded = this.#decodeLatents(tf.reshape(q.decoderInput, gridShape) as tf.Tensor4D);
      const reconstruction = tf.mean(tf.squaredDifference(decoded, x)) as tf.Scalar;
      let loss = tf.add(reconstruction, tf.mul(q.commitmentLoss, beta)) as tf.Scalar;
      if (quantiser.trainsByCodebookLoss) loss = tf.add(loss, q.codebookLoss);
      return { loss, report: [reconstruction, q.codebookLoss, q.commitmentLoss], keep: { indices: q.stageIndices[0]!, latents: tf.clone(q.latents) } };
    }, this.#step + 1, [encoderVariables]);
    const { indices, latents } = outcome.keep;
    try {
      const [reconstruction, codebook, commitment] = outcome.report as [number, number, number];
      const usage = codeUsage(await indices.data(), codebookSize);
      const metrics: TrainMetrics = {
        step: this.#step,
        loss: outcome.loss,
        reconstruction,
        codebook,
        commitment,
        perplexity: usagePerplexity(usage),
        usage: Array.from(usage),
        encoderGradientNorm: outcome.groupNorms[0]!,
        deadCodes: 0,
        restarted: 0,
        rejected: outcome.rejected,
      };
      if (outcome.rejected === null) {
        metrics.step = ++this.#step;
        this.#monitor.record(usage);
        const deadCodes = quantiser.restartPatience === null ? [] : this.#monitor.deadCodes();
        const restarted = quantiser.afterStep({ latents, indices, deadCodes, optimizer: this.#optimizer });
        this.#monitor.revive(restarted);
        metrics.restarted = restarted.length;
      }
      metrics.deadCodes = this.#monitor.deadCodes().length;
      return metrics;
    } finally {
      tf.dispose([indices, latents]);
    }
  }

  /** The code grid of each image: int32 [B,h,w] (7×7 for the presets). With residual VQ, the first stage's grid. */
  encode(x: tf.Tensor4D): tf.Tensor3D {
    const [first, ...later] = this.encodeStages(x);
    tf.dispose(later);
    return first!;
  }

  /**
   * The vectors the quantiser compares with the codebook, [B·h·w, d], one per latent position: the
   * encoder's outputs (projected for a low-dimensional lookup, normalised for cosine lookup, squashed
   * onto the grid's scale for FSQ). With `codebook`, what a picture of the latent space needs.
   */
  latents(x: tf.Tensor4D): tf.Tensor2D {
    this.#assertLive();
    this.#checkImages(x);
    return tf.tidy(() => this.#quantiser.pictureLatents(this.#encodeFlat(x).flat));
  }

  /** Every residual stage's code grid, first stage first: one int32 tensor [B,h,w] per stage. */
  encodeStages(x: tf.Tensor4D): tf.Tensor3D[] {
    this.#assertLive();
    this.#checkImages(x);
    return tf.tidy(() => {
      const { flat, gridShape } = this.#encodeFlat(x);
      const [batch, height, width] = gridShape;
      return this.#quantiser.quantise(flat, this.config.gradient).stageIndices.map((indices) => tf.reshape(indices, [batch, height, width]) as tf.Tensor3D);
    });
  }

  /**
   * Images [B,28,28,1] in [0,1] (not clipped) decoded from code grids, int32 [B,h,w]. With residual VQ,
   * pass a list of grids, first stage first; the decoder sees the sum of the codes of the stages given.
   * Asynchronous because the codes are checked on the device and only the verdict is read back, so a
   * page on WebGPU never waits on a synchronous read; an out-of-range code rejects with a RangeError.
   */
  async decode(codes: tf.Tensor3D | tf.Tensor3D[]): Promise<tf.Tensor4D> {
    this.#assertLive();
    const grids = Array.isArray(codes) ? codes : [codes];
    const stages = this.#quantiser.stages;
    if (grids.length < 1 || grids.length > stages) throw new RangeError(`decode: got ${grids.length} code grids for a model with ${stages} stage${stages === 1 ? '' : 's'}`);
    for (const grid of grids) {
      if (grid.rank !== 3 || grid.dtype !== 'int32') throw new Error(`decode expects int32 codes [B,h,w], got ${grid.dtype} [${grid.shape}]`);
      if (grid.shape.some((size, i) => size !== grids[0]!.shape[i])) throw new Error(`decode: code grids of different shapes, [${grids[0]!.shape}] and [${grid.shape}]`);
    }
    for (const grid of grids) await checkCodesAsync(grid, this.config.codebookSize, 'decode: code');
    this.#assertLive();
    return tf.tidy(() => this.#decodeStages(grids.map((grid) => tf.reshape(grid, [-1]) as tf.Tensor1D), grids[0]!.shape));
  }

  /** What the model makes of each image from its first 1, 2, … stages: one [B,28,28,1] per stage. */
  reconstructStages(x: tf.Tensor4D): tf.Tensor4D[] {
    const grids = this.encodeStages(x);
    try {
      return tf.tidy(() => grids.map((grid, stage) => this.#decodeStages(grids.slice(0, stage + 1).map((g) => tf.reshape(g, [-1]) as tf.Tensor1D), grid.shape)));
    } finally {
      tf.dispose(grids);
    }
  }

  /** Encodes, quantises and decodes: what the model makes of each image, [B,28,28,1]; the same as decoding `encodeStages`. */
  reconstruct(x: tf.Tensor4D): tf.Tensor4D {
    this.#assertLive();
    this.#checkImages(x);
    return tf.tidy(() => {
      const { flat, gridShape } = this.#encodeFlat(x);
      const { stageIndices } = this.#quantiser.quantise(flat, this.config.gradient);
      return this.#decodeStages(stageIndices, gridShape.slice(0, 3));
    });
  }

  /** Mean squared reconstruction error over a batch, pixels in [0,1]. */
  reconstructionError(x: tf.Tensor4D): number {
    const error = tf.tidy(() => tf.mean(tf.squaredDifference(this.reconstruct(x), x)));
    const value = error.dataSync()[0]!;
    error.dispose();
    return value;
  }

  /** Frees every tensor the model holds. The model cannot be used afterwards. */
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    disposeNetwork(this.#encoder);
    disposeNetwork(this.#decoder);
    this.#quantiser.dispose();
    this.#optimizer.dispose();
  }

  #encodeFlat(x: tf.Tensor4D) {
    const z = applyNetwork(this.#encoder, tf.sub(x, 0.5) as tf.Tensor4D);
    return { flat: tf.reshape(z, [-1, this.config.codeDim]) as tf.Tensor2D, gridShape: z.shape };
  }

  /** Images from flat code indices per stage, for grids of `shape` [B,h,w]. */
  #decodeStages(stageIndices: tf.Tensor1D[], shape: number[]): tf.Tensor4D {
    const vectors = this.#quantiser.vectorsFor(stageIndices);
    const [batch, height, width] = shape as [number, number, number];
    return this.#decodeLatents(tf.reshape(vectors, [batch, height, width, this.config.codeDim]));
  }

  #decodeLatents(latents: tf.Tensor4D): tf.Tensor4D {
    return tf.add(applyNetwork(this.#decoder, latents), 0.5) as tf.Tensor4D;
  }

  #trainableVariables(): tf.Variable[] {
    const layers = [...this.#encoder, ...this.#decoder].flatMap(({ kernel, bias }) => [kernel, bias] as tf.Variable[]);
    return [...layers, ...this.#quantiser.trainableVariables()];
  }

  /** Every variable a checkpoint holds, with its stable name. */
  #namedVariables(): { name: string; variable: tf.Variable }[] {
    return [...namedLayers('encoder', this.#encoder), ...namedLayers('decoder', this.#decoder), ...this.#quantiser.namedWeights()];
  }

  #initialiseCodebookFrom(x: tf.Tensor4D): void {
    const latents = tf.tidy(() => this.#quantiser.quantise(this.#encodeFlat(x).flat, this.config.gradient).latents);
    try {
      const { codebookSize } = this.config;
      if (latents.shape[0] < codebookSize) {
        const latentsPerImage = latents.shape[0] / x.shape[0];
        throw new RangeError(`k-means++ initialisation needs a first batch of at least ${Math.ceil(codebookSize / latentsPerImage)} images for K = ${codebookSize}, got ${x.shape[0]}`);
      }
      this.#quantiser.initialiseFrom(latents, this.config.seed + 4000);
      this.#codebookReady = true;
    } finally {
      latents.dispose();
    }
  }

  #checkImages(x: tf.Tensor4D): void {
    if (x.rank !== 4 || x.shape[1] !== 28 || x.shape[2] !== 28 || x.shape[3] !== 1) {
      throw new Error(`expected images [B,28,28,1], got [${x.shape}]`);
    }
  }

  #assertLive(): void {
    if (this.#disposed) throw new Error('This VQVAE was disposed');
  }
}

/** The fields given, without those left undefined (which mean "unchanged"). */
function defined<T extends object>(fields: T): Partial<T> {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as Partial<T>;
}
