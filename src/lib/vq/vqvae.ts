import * as tf from './tf.ts';
import { Adam } from './adam.ts';
import { restoreModel, saveModel, type CheckpointSource } from './checkpoint.ts';
import { kMeansPlusPlusCodebook, uniformCodebook } from './codebook-init.ts';
import { resolveConfig, type ResolvedVQVAEConfig, type VQVAEConfig } from './config.ts';
import { DeadCodeMonitor, reseedCodes } from './dead-codes.ts';
import { EmaCodebook } from './ema-codebook.ts';
import { lookupCodes } from './lookup-codes.ts';
import { applyNetwork, buildNetwork, disposeNetwork, namedLayers, parameterCount, type LayerParams } from './network.ts';
import { codeUsage, usagePerplexity } from './perplexity.ts';
import { networkPresets } from './presets.ts';
import { straightThrough } from './straight-through.ts';
import { rotationTrick } from './rotation-trick.ts';
import { l2Normalize } from './cosine-lookup.ts';
import { fsq, fsqGrid, fsqSquash } from './fsq.ts';
import { simvqCodebook } from './simvq.ts';
import { variableFrom } from './variables.ts';
import { vqLosses } from './vq-losses.ts';
import { residualVqLosses } from './residual-vq.ts';
import { mulberry32 } from './random.ts';

/** What one training step reports, as plain numbers, so it can cross a Worker boundary as is. */
export type TrainMetrics = {
  /** Steps applied so far, this one included if it was applied. */
  step: number;
  /** reconstruction + codebook (unless EMA trains the codes) + β · commitment. */
  loss: number;
  /** Mean squared error of the reconstruction, pixels in [0,1]. */
  reconstruction: number;
  /** mean ‖sg[z] − zq‖². */
  codebook: number;
  /** mean ‖z − sg[zq]‖², before the β weight. */
  commitment: number;
  /** exp of the entropy of this batch's code usage: the number of codes effectively in use. */
  perplexity: number;
  /** How many of this batch's latents chose each code, length K. */
  usage: number[];
  /** ‖∂loss/∂(encoder weights)‖: how hard this step pulls on the encoder; 0 when nothing reaches it. */
  encoderGradientNorm: number;
  /** Codes no latent has chosen for the dead-code patience (see `deadCodePatience`), after any restart. */
  deadCodes: number;
  /** Codes moved onto encoder outputs by this step's dead-code restart. */
  restarted: number;
  /** Why the step was rejected and the weights kept (a non-finite loss or gradient), or null if it was applied. */
  rejected: string | null;
};

/** The fields `setHyperparameters` can change on a live model. */
export type LiveHyperparameters = Partial<Pick<ResolvedVQVAEConfig, 'beta' | 'learningRate' | 'emaDecay' | 'deadCodeRestart' | 'gradient'>>;

/** Codes idle this many steps count as dead in the metrics when restarts are off. */
export const deadCodePatience = 100;

/** The checkpoint kind of a VQVAE. */
const checkpointKind = 'vqvae';

/**
 * A VQ-VAE (van den Oord et al. 2017): an encoder maps a 28×28 image to a grid of D-dimensional vectors,
 * each is replaced by its nearest code from a learned codebook of K, and a decoder rebuilds the image
 * from the codes. The straight-through estimator carries the decoder's gradient past the lookup.
 *
 * Pixels go in and come out in [0,1]; inside, the networks see them shifted to [−0.5, 0.5], as in the
 * Keras example, so that zero-mean inputs meet zero-centred initial weights.
 */
export class VQVAE {
  readonly config: ResolvedVQVAEConfig;
  readonly #encoder: LayerParams[];
  readonly #decoder: LayerParams[];
  // Exactly one of the two holds the codes: a trainable variable, or an EMA codebook.
  readonly #codebook: tf.Variable<tf.Rank.R2> | null;
  readonly #ema: EmaCodebook | null;
  #fixedCodes: tf.Tensor2D | null = null;
  /** The learned projections of a low-dimensional lookup: D → d before the search, d → D after it. */
  readonly #lowDim: { down: tf.Variable<tf.Rank.R2>; up: tf.Variable<tf.Rank.R2> } | null;
  /** SimVQ's learned map; the frozen basis is then #codebook, a non-trainable variable. */
  readonly #projection: tf.Variable<tf.Rank.R2> | null;
  /** Residual VQ's codebooks after the first, which is #codebook: one [K,D] per further stage. */
  readonly #laterStages: tf.Variable<tf.Rank.R2>[];
  /** SimVQ's codebook, basis × map, as of step `#effectiveStep`, for readers of `codebook`. */
  #effective: { step: number; codes: tf.Tensor2D } | null = null;
  readonly #optimizer: Adam;
  readonly #random: () => number;
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
    const searchDim = config.lookupDim ?? config.codeDim;
    const initial = config.fsq ? fsqGrid(config.fsq) : uniformCodebook(config.codebookSize, searchDim, config.seed + 2000);
    this.#lowDim = config.lookupDim === null ? null : {
      down: variableFrom(tf.randomNormal([config.codeDim, searchDim], 0, 1 / Math.sqrt(config.codeDim), 'float32', config.seed + 2500) as tf.Tensor2D),
      up: variableFrom(tf.randomNormal([searchDim, config.codeDim], 0, 1 / Math.sqrt(searchDim), 'float32', config.seed + 2501) as tf.Tensor2D),
    };
    if (config.fsq) {
      // FSQ's grid is fixed: a constant, not a variable, so nothing trains or saves it.
      this.#fixedCodes = initial;
      this.#codebook = null;
      this.#ema = null;
    } else if (config.codebookUpdate === 'ema') {
      this.#ema = new EmaCodebook(initial, { decay: config.emaDecay, epsilon: 1e-5 });
      this.#codebook = null;
      initial.dispose();
    } else {
      this.#codebook = variableFrom(initial, !config.simvq);
      this.#ema = null;
    }
    // The map starts as the identity, so training starts from the plain random codebook.
    this.#projection = config.simvq ? variableFrom(tf.eye(searchDim) as tf.Tensor2D) : null;
    this.#laterStages = Array.from({ length: config.residualStages - 1 }, (_, i) => variableFrom(uniformCodebook(config.codebookSize, config.codeDim, config.seed + 2100 + i)));
    this.#codebookReady = config.codebookInit === 'uniform' || config.fsq !== null;
    this.#optimizer = new Adam(config.learningRate);
    this.#random = mulberry32(config.seed + 3000);
    this.#monitor = new DeadCodeMonitor(config.codebookSize, config.deadCodeRestart || deadCodePatience);
  }

  /** Builds a fresh model. Throws a RangeError naming the field if the config is invalid. */
  static create(config: VQVAEConfig): VQVAE {
    return new VQVAE(resolveConfig(config));
  }

  /**
   * Loads a checkpoint saved by `save` into a new model. Everything is checked before the model is
   * returned; on a bad checkpoint it throws a CheckpointError, and any model you already have is untouched.
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

  /** The decoder's input for quantised `zq`, with the gradient path to `latents` the config asks for. */
  #passGradient(latents: tf.Tensor2D, zq: tf.Tensor2D): tf.Tensor2D {
    if (this.config.gradient === 'rotation') return rotationTrick(latents, zq);
    // 'none': zq itself. The decoder's gradient then reaches the codebook through the lookup, but never z.
    if (this.config.gradient === 'none') return zq;
    return straightThrough(latents, zq);
  }

  /** The codebook [K,D] (with residual VQ, the first stage's). It belongs to the model: read it, do not dispose it. */
  get codebook(): tf.Tensor2D {
    if (this.#projection) {
      if (this.#effective?.step !== this.#step) {
        this.#effective?.codes.dispose();
        this.#effective = { step: this.#step, codes: tf.keep(tf.tidy(() => tf.matMul(this.#codebook!, this.#projection!))) };
      }
      return this.#effective.codes;
    }
    return this.#fixedCodes ?? (this.#ema ? this.#ema.codebook : this.#codebook!);
  }

  /** The code grid's [height, width] for 28×28 images: 28 divided by the encoder's total stride (7×7 for the presets). */
  get grid(): [number, number] {
    const stride = this.#encoder.reduce((total, { spec }) => total * spec.stride, 1);
    return [Math.ceil(28 / stride), Math.ceil(28 / stride)];
  }

  /** How many numbers the encoder, decoder and codebook hold. */
  get parameterCount(): number {
    return parameterCount(this.#encoder) + parameterCount(this.#decoder) + (this.#fixedCodes ? 0 : this.codebook.size) + (this.#projection?.size ?? 0) + (this.#lowDim ? this.#lowDim.down.size + this.#lowDim.up.size : 0) + this.#laterStages.reduce((sum, codes) => sum + codes.size, 0);
  }

  /**
   * Changes hyperparameters between steps. K, D, the preset, the codebook update rule and the seed
   * fix the model's shape or history, so changing them needs a new model; this says so instead.
   */
  setHyperparameters(changes: LiveHyperparameters & Partial<VQVAEConfig>): void {
    this.#assertLive();
    const fixed = (['preset', 'codebookSize', 'codeDim', 'codebookUpdate', 'codebookInit', 'lookup', 'fsq', 'simvq', 'lookupDim', 'residualStages', 'seed'] as const).filter(
      (key) => key in changes && changes[key] !== undefined && JSON.stringify(changes[key]) !== JSON.stringify(this.config[key]),
    );
    if (fixed.length > 0) {
      throw new Error(`${fixed.join(', ')} ${fixed.length === 1 ? 'sets' : 'set'} the model's shape or history: create a new VQVAE to change ${fixed.length === 1 ? 'it' : 'them'}`);
    }
    const next = resolveConfig({ ...this.config, ...changes });
    (this as { config: ResolvedVQVAEConfig }).config = next;
    this.#optimizer.learningRate = next.learningRate;
    if (this.#ema) this.#ema.settings = { ...this.#ema.settings, decay: next.emaDecay };
    // Only the patience changes: a fresh monitor would forget every idle run, and the lab sends the
    // restart setting with every live change, so each β move would reset the dead-code count to 0.
    this.#monitor.patience = next.deadCodeRestart || deadCodePatience;
  }

  /**
   * One Adam step on a batch x [B,28,28,1] with pixels in [0,1]. If the loss or any gradient is not
   * finite, nothing is changed and the metrics say why.
   */
  async trainStep(x: tf.Tensor4D): Promise<TrainMetrics> {
    this.#assertLive();
    this.#checkImages(x);
    if (!this.#codebookReady) this.#initialiseCodebookFrom(x);
    const { beta, codebookSize } = this.config;
    const useCodebookLoss = this.#ema === null;
    const trainable = this.#trainableVariables();

    const { stats, indices, latents, grads } = tf.tidy(() => {
      let captured!: { stats: tf.Tensor1D; indices: tf.Tensor1D; latents: tf.Tensor2D };
      const { grads } = tf.variableGrads(() => {
        const { flat, gridShape } = this.#encodeFlat(x);
        const { latents, indices, zq, codebookLoss, commitmentLoss } = this.#quantise(flat);
        // FSQ's zq already carries a straight-through gradient through its rounding and its bound.
        const passed = this.config.fsq ? zq : this.#passGradient(latents, zq);
        const decoded = this.#decodeLatents(tf.reshape(this.#fromSearchSpace(passed), gridShape) as tf.Tensor4D);
        const reconstruction = tf.mean(tf.squaredDifference(decoded, x)) as tf.Scalar;
        let loss = tf.add(reconstruction, tf.mul(commitmentLoss, beta)) as tf.Scalar;
        if (useCodebookLoss) loss = tf.add(loss, codebookLoss);
        captured = {
          stats: tf.keep(tf.stack([loss, reconstruction, codebookLoss, commitmentLoss]) as tf.Tensor1D),
          indices: tf.keep(indices),
          latents: tf.keep(tf.clone(latents)),
        };
        return loss;
      }, trainable);
      // One non-finite gradient element makes the squared norm non-finite: a single number to check.
      // Added pairwise, not with addN: WebGPU caps the buffers one shader may bind (often 8), and an
      // addN over every variable's norm exceeds it, which silently voids the whole command buffer.
      // Each variable's squared norm is computed once; the encoder's share is a subtotal of them.
      const squares = new Map(trainable.map((v) => [v, tf.sum(tf.square(grads[v.name]))]));
      const sumOfSquares = (variables: tf.Variable[]) => variables.map((v) => squares.get(v)!).reduce((total, norm) => tf.add(total, norm));
      const encoderSquared = sumOfSquares(this.#encoder.flatMap(({ kernel, bias }) => [kernel, bias] as tf.Variable[]));
      const squaredNorm = sumOfSquares(trainable);
      const stats = tf.concat([captured.stats, tf.reshape(squaredNorm, [1]), tf.reshape(encoderSquared, [1])]) as tf.Tensor1D;
      // Kept tensors outlive tidy; this one is replaced by `stats`, so it goes now.
      captured.stats.dispose();
      return {
        stats,
        indices: captured.indices,
        latents: captured.latents,
        grads,
      };
    });

    try {
      const [loss, reconstruction, codebook, commitment, gradientNorm, encoderSquared] = await stats.data();
      const usage = codeUsage(await indices.data(), codebookSize);
      const metrics: TrainMetrics = {
        step: this.#step,
        loss,
        reconstruction,
        codebook,
        commitment,
        perplexity: usagePerplexity(usage),
        usage: Array.from(usage),
        encoderGradientNorm: Math.sqrt(encoderSquared),
        deadCodes: 0,
        restarted: 0,
        rejected: null,
      };
      if (!Number.isFinite(loss) || !Number.isFinite(gradientNorm)) {
        metrics.rejected = `step ${this.#step + 1} rejected: the ${Number.isFinite(loss) ? 'gradient' : 'loss'} is not finite (${Number.isFinite(loss) ? gradientNorm : loss}); the weights are unchanged`;
        metrics.deadCodes = this.#monitor.deadCodes().length;
        return metrics;
      }
      this.#optimizer.apply(trainable.map((variable) => ({ variable, gradient: grads[variable.name] })));
      this.#ema?.update(latents, indices);
      this.#step += 1;
      metrics.step = this.#step;
      this.#monitor.record(usage);
      if (this.config.deadCodeRestart !== false && !this.#fixedCodes) metrics.restarted = this.#restartDeadCodes(latents);
      metrics.deadCodes = this.#monitor.deadCodes().length;
      return metrics;
    } finally {
      tf.dispose([stats, indices, latents, grads]);
    }
  }

  /** The code grid of each image: int32 [B,h,w] (7×7 for the presets). With residual VQ, the first stage's grid. */
  encode(x: tf.Tensor4D): tf.Tensor3D {
    const [first, ...later] = this.encodeStages(x);
    tf.dispose(later);
    return first;
  }

  /**
   * The vectors the quantiser compares with the codebook, [B·h·w, d], one per latent position: the
   * encoder's outputs (projected for a low-dimensional lookup, normalised for cosine lookup, squashed
   * onto the grid's scale for FSQ). With `codebook`, what a picture of the latent space needs.
   */
  latents(x: tf.Tensor4D): tf.Tensor2D {
    this.#assertLive();
    this.#checkImages(x);
    // FSQ rounds the squashed values, so those are what sit over its grid; training never needs them.
    if (this.config.fsq) return tf.tidy(() => fsqSquash(this.#encodeFlat(x).flat, this.config.fsq!));
    return tf.tidy(() => this.#quantise(this.#encodeFlat(x).flat).latents);
  }

  /** Codes no latent has chosen for the dead-code patience, ascending: the ones `deadCodes` counts. */
  get deadCodeIndices(): number[] {
    return this.#monitor.deadCodes();
  }

  /** Every residual stage's code grid, first stage first: `residualStages` int32 tensors [B,h,w]. */
  encodeStages(x: tf.Tensor4D): tf.Tensor3D[] {
    this.#assertLive();
    this.#checkImages(x);
    return tf.tidy(() => {
      const { flat, gridShape } = this.#encodeFlat(x);
      const [batch, height, width] = gridShape;
      return this.#quantise(flat).stageIndices.map((indices) => tf.reshape(indices, [batch, height, width]) as tf.Tensor3D);
    });
  }

  /**
   * Images [B,28,28,1] in [0,1] (not clipped) decoded from code grids, int32 [B,h,w]. With residual VQ,
   * pass a list of grids, first stage first; the decoder sees the sum of the codes of the stages given.
   */
  decode(codes: tf.Tensor3D | tf.Tensor3D[]): tf.Tensor4D {
    this.#assertLive();
    const grids = Array.isArray(codes) ? codes : [codes];
    const codebooks = this.#stageCodebooks();
    if (grids.length < 1 || grids.length > codebooks.length) throw new RangeError(`decode: got ${grids.length} code grids for a model with ${codebooks.length} stage${codebooks.length === 1 ? '' : 's'}`);
    for (const grid of grids) this.#checkCodes(grid, grids[0].shape);
    return tf.tidy(() => {
      const chosen = grids.map((grid, stage) => lookupCodes(tf.reshape(grid, [-1]) as tf.Tensor1D, codebooks[stage]));
      // Pairwise, not addN: see trainStep on WebGPU's binding limit.
      const zq = this.#fromSearchSpace(chosen.reduce((sum, code) => tf.add(sum, code)));
      return this.#decodeLatents(tf.reshape(zq, [...grids[0].shape, this.config.codeDim]) as tf.Tensor4D);
    });
  }

  /** What the model makes of each image from its first 1, 2, … `residualStages` stages: one [B,28,28,1] per stage. */
  reconstructStages(x: tf.Tensor4D): tf.Tensor4D[] {
    const grids = this.encodeStages(x);
    try {
      return grids.map((_, stage) => this.decode(grids.slice(0, stage + 1)));
    } finally {
      tf.dispose(grids);
    }
  }

  /** Encodes, quantises and decodes: what the model makes of each image, [B,28,28,1]. */
  reconstruct(x: tf.Tensor4D): tf.Tensor4D {
    this.#assertLive();
    this.#checkImages(x);
    return tf.tidy(() => {
      const { flat, gridShape } = this.#encodeFlat(x);
      return this.#decodeLatents(tf.reshape(this.#fromSearchSpace(this.#quantise(flat).zq), gridShape) as tf.Tensor4D);
    });
  }

  /** Mean squared reconstruction error over a batch, pixels in [0,1]. */
  reconstructionError(x: tf.Tensor4D): number {
    const error = tf.tidy(() => tf.mean(tf.squaredDifference(this.reconstruct(x), x)));
    const value = error.dataSync()[0];
    error.dispose();
    return value;
  }

  /** Frees every tensor the model holds. The model cannot be used afterwards. */
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    disposeNetwork(this.#encoder);
    disposeNetwork(this.#decoder);
    this.#codebook?.dispose();
    this.#ema?.dispose();
    this.#fixedCodes?.dispose();
    this.#projection?.dispose();
    if (this.#lowDim) tf.dispose([this.#lowDim.down, this.#lowDim.up]);
    this.#effective?.codes.dispose();
    tf.dispose(this.#laterStages);
    this.#optimizer.dispose();
  }

  #encodeFlat(x: tf.Tensor4D) {
    const z = applyNetwork(this.#encoder, tf.sub(x, 0.5) as tf.Tensor4D);
    return { flat: tf.reshape(z, [-1, this.config.codeDim]) as tf.Tensor2D, gridShape: z.shape };
  }

  /**
   * The quantiser for this config. With cosine lookup, encoder outputs and codes are l2-normalised
   * first, and the decoder sees unit-length codes; `latents` are the vectors that were quantised.
   */
  #quantise(flat: tf.Tensor2D) {
    if (this.config.fsq) {
      const { zq, indices } = fsq(flat, this.config.fsq);
      // No codebook to pull and nothing to commit to: the grid is fixed, and the bound keeps z near it.
      return { latents: flat, indices, stageIndices: [indices], zq, codebookLoss: tf.scalar(0), commitmentLoss: tf.scalar(0) };
    }
    const projected = this.#toSearchSpace(flat);
    const latents = this.config.lookup === 'cosine' ? l2Normalize(projected) : projected;
    if (this.#laterStages.length > 0) {
      const { stageIndices, ...losses } = residualVqLosses(latents, this.#stageCodebooks());
      // The first stage's choices are what usage, perplexity and dead codes describe.
      return { latents, indices: stageIndices[0], stageIndices, ...losses };
    }
    const losses = vqLosses(latents, this.#searchedCodebook());
    return { latents, stageIndices: [losses.indices], ...losses };
  }

  /** The codebook of each residual stage as the search sees it; one entry without residual VQ. */
  #stageCodebooks(): tf.Tensor2D[] {
    return [this.#searchedCodebook(), ...this.#laterStages];
  }

  #checkCodes(codes: tf.Tensor3D, shape: number[]): void {
    const { codebookSize } = this.config;
    if (codes.rank !== 3 || codes.dtype !== 'int32') throw new Error(`decode expects int32 codes [B,h,w], got ${codes.dtype} [${codes.shape}]`);
    if (codes.shape.some((size, i) => size !== shape[i])) throw new Error(`decode: code grids of different shapes, [${shape}] and [${codes.shape}]`);
    const values = codes.dataSync();
    const bad = values.findIndex((code) => !(code >= 0 && code < codebookSize));
    if (bad >= 0) throw new RangeError(`decode: code ${values[bad]} at position ${bad} is outside 0..${codebookSize - 1}`);
  }

  /** Encoder outputs [N,D] in the space the codes live in: projected to d for a low-dimensional lookup. */
  #toSearchSpace(flat: tf.Tensor2D): tf.Tensor2D {
    return this.#lowDim ? tf.matMul(flat, this.#lowDim.down) : flat;
  }

  /** Quantised vectors back in the decoder's D dimensions. */
  #fromSearchSpace(codes: tf.Tensor2D): tf.Tensor2D {
    return this.#lowDim ? tf.matMul(codes, this.#lowDim.up) : codes;
  }

  /** The codes as the search and the decoder see them: unit length for cosine lookup. */
  #searchedCodebook(): tf.Tensor2D {
    // SimVQ's codes are computed here, in the caller's scope, so gradients reach the map.
    const codes = this.#projection ? simvqCodebook(this.#codebook!, this.#projection) : this.codebook;
    return this.config.lookup === 'cosine' ? l2Normalize(codes) : codes;
  }

  #decodeLatents(latents: tf.Tensor4D): tf.Tensor4D {
    return tf.add(applyNetwork(this.#decoder, latents), 0.5) as tf.Tensor4D;
  }

  #trainableVariables(): tf.Variable[] {
    const layers = [...this.#encoder, ...this.#decoder].flatMap(({ kernel, bias }) => [kernel, bias] as tf.Variable[]);
    const projections = this.#lowDim ? [this.#lowDim.down, this.#lowDim.up] : [];
    if (this.#projection) return [...layers, ...projections, this.#projection];
    return this.#codebook ? [...layers, ...projections, this.#codebook, ...this.#laterStages] : [...layers, ...projections];
  }

  /** Every variable a checkpoint holds, with its stable name. */
  #namedVariables(): { name: string; variable: tf.Variable }[] {
    const codebook = this.#fixedCodes ? [] : [{ name: 'codebook', variable: (this.#codebook ?? this.#ema!.codebook) as tf.Variable }];
    if (this.#projection) codebook.push({ name: 'projection', variable: this.#projection as tf.Variable });
    if (this.#lowDim) codebook.push({ name: 'lookup/down', variable: this.#lowDim.down as tf.Variable }, { name: 'lookup/up', variable: this.#lowDim.up as tf.Variable });
    this.#laterStages.forEach((variable, i) => codebook.push({ name: `codebook/stage${i + 2}`, variable: variable as tf.Variable }));
    return [...namedLayers('encoder', this.#encoder), ...namedLayers('decoder', this.#decoder), ...codebook];
  }

  #initialiseCodebookFrom(x: tf.Tensor4D): void {
    const latents = tf.tidy(() => this.#quantise(this.#encodeFlat(x).flat).latents);
    try {
      const { codebookSize } = this.config;
      if (latents.shape[0] < codebookSize) {
        const latentsPerImage = latents.shape[0] / x.shape[0];
        throw new RangeError(`k-means++ initialisation needs a first batch of at least ${Math.ceil(codebookSize / latentsPerImage)} images for K = ${codebookSize}, got ${x.shape[0]}`);
      }
      const codes = kMeansPlusPlusCodebook(latents, codebookSize, this.config.seed + 4000);
      (this.#codebook ?? this.#ema!.codebook).assign(codes);
      codes.dispose();
      this.#codebookReady = true;
    } finally {
      latents.dispose();
    }
  }

  #restartDeadCodes(latents: tf.Tensor2D): number {
    const dead = this.#monitor.deadCodes();
    if (dead.length === 0) return 0;
    if (this.#ema) {
      this.#ema.restart(dead, latents, this.#random);
    } else {
      const reseeded = reseedCodes(this.#codebook!, dead, latents, this.#random);
      this.#codebook!.assign(reseeded);
      reseeded.dispose();
      this.#optimizer.resetRows(this.#codebook!, dead);
    }
    this.#monitor.revive(dead);
    return dead.length;
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
