import * as tf from './tf.ts';
import { Adam } from './adam.ts';
import { checkCodesAsync, codeProblem, codeVerdict } from './check-codes.ts';
import { queueGuardedStep, stepOutcome } from './guarded-step.ts';
import { PendingSteps } from './pending-steps.ts';
import { restoreModel, saveModel, type CheckpointParts, type CheckpointSource } from './checkpoint.ts';
import { lookupCodes } from './lookup-codes.ts';
import { createMask } from './masks.ts';
import { resolvePriorConfig, type PixelCNNPriorConfig, type ResolvedPixelCNNPriorConfig } from './prior-config.ts';
import { optimizerCheckpoint, type LoadedState } from './training-state.ts';
import { variableFrom } from './variables.ts';
import { mulberry32 } from './random.ts';
import { argmax, draw } from './categorical.ts';
import { prefixedGrids } from './sample-prefix.ts';
import type { PriorMetrics, SampleOptions, SampleStep } from './prior-types.ts';

export type { PriorMetrics, SampleOptions, SampleStep } from './prior-types.ts';

/** One convolution of the prior: its kernel, bias, and the mask that keeps it causal (null for 1×1). */
type PriorConv = { kernel: tf.Variable<tf.Rank.R4>; bias: tf.Variable<tf.Rank.R1>; mask: tf.Tensor4D | null };

const checkpointKind = 'pixelcnn-prior';

function glorot(shape: [number, number, number, number], seed: number): tf.Variable<tf.Rank.R4> {
  const [kh, kw, input, output] = shape;
  const limit = Math.sqrt(6 / (kh * kw * (input + output)));
  return variableFrom(tf.randomUniform(shape, -limit, limit, 'float32', seed) as tf.Tensor4D);
}

/**
 * A PixelCNN prior over VQ-VAE code grids (van den Oord et al. 2016; 2017): it models
 * p(codes) = ∏ p(cᵢ | c<ᵢ) in raster order, so it can score a grid in bits and sample new ones.
 *
 * Each code is embedded, then a type-A masked convolution (which cannot see the position it predicts)
 * is followed by residual blocks of 1×1 and type-B masked 3×3 convolutions, and a 1×1 head gives K
 * logits per position.
 */
export class PixelCNNPrior {
  readonly config: ResolvedPixelCNNPriorConfig;
  readonly #embedding: tf.Variable<tf.Rank.R2>;
  readonly #first: PriorConv;
  readonly #blocks: [PriorConv, PriorConv, PriorConv][];
  readonly #head: [PriorConv, PriorConv];
  readonly #optimizer: Adam;
  /** Steps applied, as far as their numbers have been read. */
  #step = 0;
  #disposed = false;
  #loadedState: LoadedState | null = null;
  // Numbers per step: the loss, ‖g‖², then the code verdict (see `codeVerdict`).
  readonly #pending = new PendingSteps<null, { metrics: PriorMetrics; codeProblem: string | null }>((numbers) => {
    const problem = codeProblem(numbers.subarray(2), this.config.codebookSize, 'code');
    const outcome = stepOutcome(numbers.subarray(0, 2), 0, this.#step + 1);
    const rejected = problem ? `step ${this.#step + 1} rejected: ${problem}; the weights are unchanged` : outcome.rejected;
    if (rejected === null) this.#step += 1;
    return { metrics: { step: this.#step, loss: outcome.loss, bitsPerLatent: outcome.loss / Math.LN2, rejected }, codeProblem: problem };
  });

  private constructor(config: ResolvedPixelCNNPriorConfig) {
    this.config = config;
    const { codebookSize: k, channels: c, layers, kernelSize, seed } = config;
    const half = Math.max(1, c >> 1);
    let nextSeed = seed;
    const conv = (size: number, input: number, output: number, mask: 'A' | 'B' | null): PriorConv => ({
      kernel: glorot([size, size, input, output], nextSeed++),
      bias: variableFrom(tf.zeros([output]) as tf.Tensor1D),
      mask: mask === null ? null : createMask(size, mask, input, output),
    });
    // Offset: tf.randomNormal takes a seed of 0 as "no seed", which made the default prior unrepeatable.
    this.#embedding = variableFrom(tf.randomNormal([k, c], 0, 1, 'float32', seed + 10_000) as tf.Tensor2D);
    this.#first = conv(kernelSize, c, c, 'A');
    this.#blocks = Array.from({ length: layers }, () => [conv(1, c, half, null), conv(3, half, half, 'B'), conv(1, half, c, null)]);
    this.#head = [conv(1, c, c, null), conv(1, c, k, null)];
    this.#optimizer = new Adam(config.learningRate);
  }

  /** A fresh prior. Throws a RangeError naming the field if the config is invalid. */
  static create(config: PixelCNNPriorConfig): PixelCNNPrior {
    return new PixelCNNPrior(resolvePriorConfig(config));
  }

  /** Loads a prior saved by `save`; a bad checkpoint throws a CheckpointError and changes nothing. */
  static load(source: CheckpointSource): Promise<PixelCNNPrior> {
    return restoreModel(source, checkpointKind, (config: unknown) => resolvePriorConfig(config as PixelCNNPriorConfig), (config: ResolvedPixelCNNPriorConfig) => new PixelCNNPrior(config), (m: PixelCNNPrior) => m.#checkpoint());
  }

  /** Saves weights, config, step and training state (Adam's moments and step) once the queued steps are read, in TF.js's weights-manifest format. */
  async save(destination: CheckpointSource): Promise<tf.io.SaveResult> {
    this.#assertLive();
    await this.#pending.settle();
    this.#assertLive();
    return saveModel(destination, checkpointKind, this.config, this.#checkpoint());
  }

  /** What its checkpoint held: 'full' (training resumes exactly), 'weights' (an older one: Adam's moments restart); null if created. */
  get loadedState(): LoadedState | null {
    return this.#loadedState;
  }

  /** Training steps applied so far. */
  get step(): number {
    return this.#step;
  }

  /** How many numbers the prior learns. */
  get parameterCount(): number {
    return this.#variables().reduce((sum, v) => sum + v.size, 0);
  }

  /** Logits [B,H,W,K] for each position given the codes before it; the caller owns the result. */
  logits(codes: tf.Tensor3D): tf.Tensor4D {
    this.#assertLive();
    this.#checkCodes(codes, false);
    return tf.tidy(() => this.#forward(codes));
  }

  /** Mean negative log-likelihood of code grids, in bits per latent. */
  nll(codes: tf.Tensor3D): number {
    const loss = this.#meanNats(codes);
    const nats = loss.dataSync()[0];
    loss.dispose();
    return nats / Math.LN2;
  }

  /** `nll`, read asynchronously: on WebGPU a synchronous read goes through a canvas and can lose the device. */
  async nllAsync(codes: tf.Tensor3D): Promise<number> {
    this.#assertLive();
    this.#checkShape(codes);
    await checkCodesAsync(codes, this.config.codebookSize, 'code');
    const loss = tf.tidy(() => this.#crossEntropy(codes));
    const nats = (await loss.data())[0];
    loss.dispose();
    return nats / Math.LN2;
  }

  #meanNats(codes: tf.Tensor3D): tf.Scalar {
    this.#assertLive();
    this.#checkCodes(codes);
    return tf.tidy(() => this.#crossEntropy(codes));
  }

  /**
   * One Adam step on a batch of code grids, int32 [B,H,W]. A non-finite loss or gradient is rejected
   * and the weights kept. The codes are checked on the device, so the step never blocks on a read.
   */
  async trainStep(codes: tf.Tensor3D): Promise<PriorMetrics> {
    this.queueTrainStep(codes);
    const metrics = (await this.#pending.read()).at(-1)!;
    // Called one step at a time, a bad grid is the caller's mistake, and says so as it always has.
    if (metrics.codeProblem) throw new RangeError(metrics.codeProblem);
    return metrics.metrics;
  }

  /**
   * Queues one step on the device without reading anything back (see `VQVAE.queueTrainStep`). The
   * codes are tested there with the step: a grid with a code outside 0..K−1 is not trained on, and
   * its metrics say why.
   */
  queueTrainStep(codes: tf.Tensor3D): void {
    this.#assertLive();
    this.#checkShape(codes);
    const verdict = codeVerdict(codes, this.config.codebookSize);
    const inRange = tf.tidy(() => tf.equal(tf.reshape(tf.slice(verdict, 0, 1), []), 0)) as tf.Scalar;
    // Clamped so a bad code cannot fail the lookup (cpu throws, WebGPU reads zeros); its step is skipped anyway.
    // minimum/maximum rather than clipByValue, which the wasm backend runs on int32 as if it were float32.
    const safe = tf.tidy(() => tf.minimum(tf.maximum(codes, tf.scalar(0, 'int32')), tf.scalar(this.config.codebookSize - 1, 'int32'))) as tf.Tensor3D;
    const { stats, applied } = queueGuardedStep(this.#optimizer, this.#variables(), () => ({ loss: this.#crossEntropy(safe), report: [], keep: [] }), [], inRange);
    const numbers = tf.tidy(() => tf.concat([stats, tf.cast(verdict, 'float32')]) as tf.Tensor1D);
    tf.dispose([verdict, inRange, safe, stats, applied]);
    this.#pending.push(numbers, null);
  }

  /** The metrics of every step queued since the last read, in order, from one non-blocking read. */
  async readMetrics(): Promise<PriorMetrics[]> {
    return (await this.#pending.read()).map(({ metrics }) => metrics);
  }

  /**
   * Draws `n` code grids in raster order, one position at a time. Positions after the current one do
   * not matter to it, so each pass runs only on the rows down to the current one. A temperature ≤ 0
   * means argmax, and the result's note says so. With `prefix`, the first positions are given, not
   * drawn, and `onStep` reports only the drawn ones. Returns int32 codes [n,H,W]; the caller owns them.
   */
  async sample(n: number, options: SampleOptions = {}): Promise<{ codes: tf.Tensor3D; note: string | null }> {
    this.#assertLive();
    if (!(Number.isInteger(n) && n >= 1)) throw new RangeError(`sample: n must be a whole number ≥ 1, got ${n}`);
    const temperature = options.temperature ?? 1;
    if (!Number.isFinite(temperature)) throw new RangeError(`sample: temperature must be a finite number, got ${temperature}`);
    const greedy = temperature <= 0;
    const random = mulberry32(options.seed ?? 0);
    const { height, width, codebookSize: k } = this.config;
    const { grid, given } = prefixedGrids(n, height, width, k, options.prefix);
    for (let row = Math.floor(given / width); row < height; row++) {
      for (let column = row === Math.floor(given / width) ? given % width : 0; column < width; column++) {
        const probabilities = await this.#positionProbabilities(grid, n, row, column, greedy ? 1 : temperature);
        const chosen = new Int32Array(n);
        for (let s = 0; s < n; s++) {
          const p = probabilities.subarray(s * k, (s + 1) * k);
          chosen[s] = greedy ? argmax(p) : draw(p, random());
          grid[(s * height + row) * width + column] = chosen[s];
        }
        options.onStep?.({ position: row * width + column, row, column, probabilities, chosen });
      }
    }
    return {
      codes: tf.tensor3d(grid, [n, height, width], 'int32'),
      note: greedy ? `temperature ${temperature} ≤ 0: each position took its most likely code (argmax)` : null,
    };
  }

  /** Frees every tensor the prior holds. */
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#pending.clear();
    tf.dispose([...this.#variables(), ...this.#convs().flatMap((c) => (c.mask ? [c.mask] : []))]);
    this.#optimizer.dispose();
  }

  async #positionProbabilities(grid: Int32Array, n: number, row: number, column: number, temperature: number): Promise<Float32Array> {
    const { height, width } = this.config;
    const probabilities = tf.tidy(() => {
      // Rows below `row` cannot reach it through causal masks, so they are left out of the pass.
      const rows = tf.slice(tf.tensor3d(grid, [n, height, width], 'int32'), [0, 0, 0], [n, row + 1, width]) as tf.Tensor3D;
      const logits = tf.slice(this.#forward(rows), [0, row, column, 0], [n, 1, 1, -1]);
      return tf.softmax(tf.div(tf.reshape(logits, [n, -1]), temperature));
    });
    const values = (await probabilities.data()) as Float32Array;
    probabilities.dispose();
    return values;
  }

  #forward(codes: tf.Tensor3D): tf.Tensor4D {
    const [batch, height, width] = codes.shape;
    const embedded = lookupCodes(tf.reshape(codes, [-1]) as tf.Tensor1D, this.#embedding);
    let x = this.#apply(this.#first, tf.reshape(embedded, [batch, height, width, this.config.channels]) as tf.Tensor4D, 'relu');
    for (const [reduce, masked, expand] of this.#blocks) {
      const h = this.#apply(expand, this.#apply(masked, this.#apply(reduce, x, 'relu'), 'relu'), 'linear');
      x = tf.relu(tf.add(x, h)) as tf.Tensor4D;
    }
    return this.#apply(this.#head[1], this.#apply(this.#head[0], x, 'relu'), 'linear');
  }

  #apply({ kernel, bias, mask }: PriorConv, x: tf.Tensor4D, activation: 'relu' | 'linear'): tf.Tensor4D {
    const filter = mask ? (tf.mul(kernel, mask) as tf.Tensor4D) : kernel;
    return tf.fused.conv2d({ x, filter, strides: 1, pad: 'same', bias, activation });
  }

  #crossEntropy(codes: tf.Tensor3D): tf.Scalar {
    const logits = tf.reshape(this.#forward(codes), [-1, this.config.codebookSize]);
    const targets = tf.oneHot(tf.reshape(codes, [-1]) as tf.Tensor1D, this.config.codebookSize);
    return tf.neg(tf.mean(tf.sum(tf.mul(tf.logSoftmax(logits), targets), 1))) as tf.Scalar;
  }

  #convs(): PriorConv[] {
    return [this.#first, ...this.#blocks.flat(), ...this.#head];
  }

  #variables(): tf.Variable[] {
    return [this.#embedding, ...this.#convs().flatMap(({ kernel, bias }) => [kernel, bias] as tf.Variable[])];
  }

  /** Its checkpoint: the weights, and Adam's moments and step as training state. */
  #checkpoint(): CheckpointParts {
    const progress = { step: this.#step, weights: this.#namedVariables(), optimizer: this.#optimizer, trainable: this.#variables() };
    return optimizerCheckpoint(progress, (step, held) => void ([this.#step, this.#loadedState] = [step, held]));
  }

  #namedVariables(): { name: string; variable: tf.Variable }[] {
    const names = ['first', ...this.#blocks.flatMap((_, i) => [`block${i}/reduce`, `block${i}/masked`, `block${i}/expand`]), 'head/hidden', 'head/logits'];
    return [
      { name: 'embedding', variable: this.#embedding as tf.Variable },
      ...this.#convs().flatMap(({ kernel, bias }, i) => [
        { name: `${names[i]}/kernel`, variable: kernel as tf.Variable },
        { name: `${names[i]}/bias`, variable: bias as tf.Variable },
      ]),
    ];
  }

  #checkShape(codes: tf.Tensor3D, fullGrid = true): void {
    const { height, width } = this.config;
    if (codes.rank !== 3 || codes.dtype !== 'int32') throw new Error(`expected int32 code grids [B,H,W], got ${codes.dtype} [${codes.shape}]`);
    if (fullGrid && (codes.shape[1] !== height || codes.shape[2] !== width)) {
      throw new Error(`expected code grids of ${height}×${width}, got ${codes.shape[1]}×${codes.shape[2]}`);
    }
  }

  /** The shape and, by a synchronous read, the range of the codes: for the synchronous readers `logits` and `nll`. */
  #checkCodes(codes: tf.Tensor3D, fullGrid = true): void {
    this.#checkShape(codes, fullGrid);
    const { codebookSize } = this.config;
    const values = codes.dataSync();
    const bad = values.findIndex((code) => !(code >= 0 && code < codebookSize));
    if (bad >= 0) throw new RangeError(`code ${values[bad]} at position ${bad} is outside 0..${codebookSize - 1}`);
  }

  #assertLive(): void {
    if (this.#disposed) throw new Error('This PixelCNNPrior was disposed');
  }
}
