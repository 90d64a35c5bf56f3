import * as tf from './tf.ts';
import { Adam } from './adam.ts';
import { restoreModel, saveModel, type CheckpointParts, type CheckpointSource } from './checkpoint.ts';
import { checkCodeGrids, checkCodesAsync } from './check-codes.ts';
import { checkImages } from './check-images.ts';
import { initialiseFromFirstBatch } from './codebook-init.ts';
import { resolveConfig, type ResolvedVQVAEConfig, type VQVAEConfig } from './config.ts';
import { deadCodePatience } from './dead-codes.ts';
import { queueGuardedStep } from './guarded-step.ts';
import { PendingSteps } from './pending-steps.ts';
import { withLiveChanges, type HyperparameterChanges } from './live-hyperparameters.ts';
import { EncoderDecoder } from './encoder-decoder.ts';
import { createQuantiser, type Quantiser } from './quantisers/index.ts';
import type { TrainMetrics } from './train-metrics.ts';
import { vqvaeObjective } from './vqvae-objective.ts';
import { TrainingLedger } from './training-ledger.ts';
import { vqvaeCheckpoint, vqvaeTrainable, type VQVAEStatus } from './vqvae-checkpoint.ts';

/** The checkpoint kind of a VQVAE. */
const checkpointKind = 'vqvae';

/**
 * A VQ-VAE (van den Oord et al. 2017): an encoder maps a 28×28 image to a grid of D-dimensional vectors,
 * a quantiser replaces each by a code (by default the nearest of a learned codebook of K), and a decoder
 * rebuilds the image from the codes. A gradient estimator carries the decoder's gradient past the lookup.
 * Pixels go in and come out in [0,1].
 */
export class VQVAE {
  readonly config: ResolvedVQVAEConfig;
  readonly #networks: EncoderDecoder;
  readonly #quantiser: Quantiser;
  readonly #optimizer: Adam;
  readonly #ledger: TrainingLedger;
  // A restart uses the latents of the step that found the dead codes, kept until that step is read.
  readonly #pending = new PendingSteps(
    (numbers: Float32Array, { latents }: { latents: tf.Tensor2D | null }) => this.#ledger.settle(numbers, latents, this.#disposed ? null : (dead, on) => this.#quantiser.restart(dead, on, this.#optimizer)),
    ({ latents }) => latents?.dispose(),
  );
  readonly #status: VQVAEStatus;
  #disposed = false;

  private constructor(config: ResolvedVQVAEConfig) {
    this.config = config;
    this.#networks = new EncoderDecoder(config.preset, config.codeDim, config.seed);
    this.#quantiser = createQuantiser(config);
    this.#status = { codebookReady: !this.#quantiser.needsFirstBatch, loadedState: null };
    this.#optimizer = new Adam(config.learningRate);
    this.#ledger = new TrainingLedger(config.codebookSize, this.#quantiser.restartPatience ?? deadCodePatience);
  }

  /** Builds a fresh model. Throws a RangeError naming the field if the config is invalid. */
  static create(config: VQVAEConfig): VQVAE {
    return new VQVAE(resolveConfig(config));
  }

  /**
   * Loads a checkpoint saved by `save` (by any version) into a new model. Everything is checked first;
   * a bad checkpoint throws a CheckpointError, and any model you already have is untouched.
   */
  static load(source: CheckpointSource): Promise<VQVAE> {
    return restoreModel(source, checkpointKind, (config: unknown) => resolveConfig(config as VQVAEConfig), (config: ResolvedVQVAEConfig) => new VQVAE(config), (m: VQVAE) => m.#checkpoint());
  }

  /** Saves weights, config, step and training state (Adam's, EMA's, the dead-code counts) once the queued steps are read: loaded, it trains on exactly as this model would. */
  async save(destination: CheckpointSource): Promise<tf.io.SaveResult> {
    this.#assertLive();
    await this.#pending.settle();
    this.#assertLive();
    return saveModel(destination, checkpointKind, this.config, this.#checkpoint());
  }

  /** What its checkpoint held: 'full' (training resumes exactly), 'weights' (an older one: the statistics restart); null if created. */
  get loadedState(): VQVAEStatus['loadedState'] {
    return this.#status.loadedState;
  }

  /** Training steps applied so far, as far as their metrics have been read (`readMetrics`). */
  get step(): number {
    return this.#ledger.step;
  }

  /** The codebook [K,d] (with residual VQ, the first stage's; for FSQ, its grid). It belongs to the model: read it, do not dispose it. */
  get codebook(): tf.Tensor2D {
    return this.#quantiser.codebook;
  }

  /** The code grid's [height, width] for 28×28 images: 28 divided by the encoder's total stride (7×7 for the presets). */
  get grid(): [number, number] {
    return this.#networks.grid;
  }

  /** How many numbers the encoder, decoder and quantiser hold. */
  get parameterCount(): number {
    return this.#networks.parameterCount + this.#quantiser.parameterCount;
  }

  /** Codes no latent has chosen for the dead-code patience, ascending: the ones `deadCodes` counts. */
  get deadCodeIndices(): number[] {
    return this.#ledger.monitor.deadCodes();
  }

  /**
   * Changes hyperparameters between steps. K, D, the preset, the quantiser and the seed fix the model's
   * shape or history, so changing them needs a new model; this says so instead.
   */
  setHyperparameters(changes: HyperparameterChanges): void {
    this.#assertLive();
    const { emaDecay, deadCodeRestart } = changes;
    const next = withLiveChanges(this.config, changes);
    (this as { config: ResolvedVQVAEConfig }).config = next;
    this.#optimizer.learningRate = next.learningRate;
    this.#quantiser.setLive({ emaDecay, deadCodeRestart });
    // Only the patience changes: a fresh monitor would forget every idle run, and the lab sends the
    // restart setting with every live change, so each β move would reset the dead-code count to 0.
    this.#ledger.monitor.patience = this.#quantiser.restartPatience ?? deadCodePatience;
  }

  /**
   * One Adam step on a batch x [B,28,28,1] with pixels in [0,1], and its metrics. If the loss or any
   * gradient is not finite, nothing is changed and the metrics say why. Steps queued by `queueTrainStep`
   * and not read yet are read in the same transfer; this resolves with this step's metrics.
   */
  async trainStep(x: tf.Tensor4D): Promise<TrainMetrics> {
    this.queueTrainStep(x);
    return (await this.readMetrics()).at(-1)!;
  }

  /**
   * Queues one training step on the device and returns at once, without reading anything back: the
   * non-finite guard, Adam's update and the code usage are all worked out there. On a GPU the next
   * step can be queued while this one runs. `readMetrics` gives the numbers later.
   */
  queueTrainStep(x: tf.Tensor4D): void {
    this.#assertLive();
    checkImages(x);
    const { beta, codebookSize, gradient } = this.config;
    const quantiser = this.#quantiser;
    // k-means++ sets the codes from the first batch's latents, only while they are not set (||=).
    this.#status.codebookReady ||= initialiseFromFirstBatch(quantiser, tf.tidy(() => quantiser.quantise(this.#networks.encode(x).flat, gradient).latents), x.shape[0], codebookSize, this.config.seed + 4000);
    const objective = () => vqvaeObjective(this.#networks, quantiser, x, beta, gradient);
    const { stats, applied, keep } = queueGuardedStep(this.#optimizer, vqvaeTrainable({ networks: this.#networks, quantiser }), objective, [this.#networks.encoderVariables()]);
    const { indices, latents } = keep;
    quantiser.afterStep({ latents, indices, applied });
    const numbers = TrainingLedger.numbers(stats, indices, codebookSize);
    tf.dispose([stats, applied, indices]);
    // A restart needs the latents of the step that found the dead codes; without restarts nothing is kept.
    const restarts = quantiser.restartPatience !== null;
    if (!restarts) latents.dispose();
    this.#pending.push(numbers, { latents: restarts ? latents : null });
  }

  /**
   * The metrics of every step queued since the last read, in order, from one non-blocking read. Dead
   * codes are counted and restarted here, as each step's usage becomes known.
   */
  readMetrics(): Promise<TrainMetrics[]> {
    return this.#pending.read();
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
    checkImages(x);
    return tf.tidy(() => this.#quantiser.pictureLatents(this.#networks.encode(x).flat));
  }

  /** Every residual stage's code grid, first stage first: one int32 tensor [B,h,w] per stage. */
  encodeStages(x: tf.Tensor4D): tf.Tensor3D[] {
    this.#assertLive();
    checkImages(x);
    return tf.tidy(() => {
      const { flat, gridShape } = this.#networks.encode(x);
      return this.#quantiser.quantise(flat, this.config.gradient).stageIndices.map((indices) => tf.reshape(indices, gridShape) as tf.Tensor3D);
    });
  }

  /**
   * Images [B,28,28,1] in [0,1] (not clipped) from code grids, int32 [B,h,w]; with residual VQ, a list of
   * grids, first stage first, whose codes are summed. The codes are checked on the device and only the
   * verdict is read back, asynchronously, so WebGPU never stalls; a code out of range rejects (RangeError).
   */
  async decode(codes: tf.Tensor3D | tf.Tensor3D[]): Promise<tf.Tensor4D> {
    this.#assertLive();
    const grids = Array.isArray(codes) ? codes : [codes];
    checkCodeGrids(grids, this.#quantiser.stages);
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
    checkImages(x);
    return tf.tidy(() => {
      const { flat, gridShape } = this.#networks.encode(x);
      return this.#decodeStages(this.#quantiser.quantise(flat, this.config.gradient).stageIndices, gridShape);
    });
  }

  /** Mean squared reconstruction error over a batch, pixels in [0,1]. */
  reconstructionError(x: tf.Tensor4D): number {
    return tf.tidy(() => tf.mean(tf.squaredDifference(this.reconstruct(x), x)).dataSync()[0]!);
  }

  /** Frees every tensor the model holds. The model cannot be used afterwards. */
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#pending.clear();
    this.#networks.dispose();
    this.#quantiser.dispose();
    this.#optimizer.dispose();
  }

  /** Images from flat code indices per stage, for grids of `shape` [B,h,w]. */
  #decodeStages(stageIndices: tf.Tensor1D[], shape: number[]): tf.Tensor4D {
    return this.#networks.decode(this.#quantiser.vectorsFor(stageIndices), shape);
  }

  #checkpoint(): CheckpointParts {
    return vqvaeCheckpoint({ networks: this.#networks, quantiser: this.#quantiser, optimizer: this.#optimizer, ledger: this.#ledger, status: this.#status });
  }

  #assertLive(): void {
    if (this.#disposed) throw new Error('This VQVAE was disposed');
  }
}
