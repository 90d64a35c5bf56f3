import type * as tf from '../tf.ts';
import type { Adam } from '../adam.ts';
import type { GradientEstimator } from '../config.ts';
import type { TrainingState } from '../training-state.ts';

/** A variable a checkpoint holds, under the name it is saved as. */
export type NamedWeight = { name: string; variable: tf.Variable };

/** What quantising a flat batch of encoder outputs gives. */
// A type alias rather than an interface, so it counts as a TensorContainer for tf.tidy and tf.dispose.
export type Quantisation = {
  /** The vectors the search compared with the codes, [N,d]: projected, normalised or squashed as the quantiser does. */
  latents: tf.Tensor2D;
  /** Each stage's chosen codes, int32 [N]; one entry but for residual VQ. The first is what usage and dead codes describe. */
  stageIndices: tf.Tensor1D[];
  /** The decoder's input [N,D], with the gradient path to the encoder that the estimator gives. */
  decoderInput: tf.Tensor2D;
  /** mean ‖sg[z] − zq‖²: counted in the loss only when `trainsByCodebookLoss`. */
  codebookLoss: tf.Scalar;
  /** mean ‖z − sg[zq]‖², before the β weight. */
  commitmentLoss: tf.Scalar;
};

/** What the model tells a quantiser after each queued step. */
export type StepContext = {
  /** This step's `latents`, [N,d]. */
  latents: tf.Tensor2D;
  /** This step's first-stage codes, int32 [N]. */
  indices: tf.Tensor1D;
  /** Whether the step was applied: a boolean scalar on the device. An update must leave everything as it was when false. */
  applied: tf.Scalar;
};

/**
 * One way of turning encoder outputs into codes. A VQ-VAE owns one; it sees only this interface, so
 * each variant lives in its own file and adding one touches nothing else.
 */
export interface Quantiser {
  /** Code grids per image: more than 1 only for residual VQ. */
  readonly stages: number;
  /** Whether the codebook loss trains the codes (not with EMA, which averages them, or FSQ, which has none). */
  readonly trainsByCodebookLoss: boolean;
  /** The codes [K,d] as a reader should see them (first stage). They belong to the quantiser: read, do not dispose. */
  readonly codebook: tf.Tensor2D;
  /** Numbers the quantiser trains or keeps as its codebook. */
  readonly parameterCount: number;
  /** Restart codes idle for this many steps, or null when this quantiser does not restart codes. */
  readonly restartPatience: number | null;
  /** Quantises encoder outputs [N,D], passing the decoder's gradient back by `estimator`. */
  quantise(flat: tf.Tensor2D, estimator: GradientEstimator): Quantisation;
  /** The decoder's input [N,D] for the codes of the first `stageIndices.length` stages (their sum). */
  vectorsFor(stageIndices: tf.Tensor1D[]): tf.Tensor2D;
  /** The vectors a picture of the latent space draws over `codebook`, [N,d]. */
  pictureLatents(flat: tf.Tensor2D): tf.Tensor2D;
  /** Whether the codes must be set from the first batch (k-means++) before the first step. */
  readonly needsFirstBatch: boolean;
  /** Sets the codes from the first batch's `latents`; throws a RangeError if the batch is too small. */
  initialiseFrom(latents: tf.Tensor2D, seed: number): void;
  /** Variables the optimiser trains. */
  trainableVariables(): tf.Variable[];
  /** Variables a checkpoint holds, with their stable names. */
  namedWeights(): NamedWeight[];
  /** Runs the update policy after each queued step, on the device (EMA moves the codes of an applied step). */
  afterStep(context: StepContext): void;
  /**
   * Restarts `deadCodes` (codes idle for the restart patience) on `latents`, a recent step's, and
   * resets what the optimiser remembers of them; returns the codes restarted.
   */
  restart(deadCodes: number[], latents: tf.Tensor2D, optimizer: Adam): number[];
  /** What it keeps of its training beside its weights (EMA statistics, a restart stream's position), for checkpoints; none when absent. */
  trainingState?(): TrainingState | undefined;
  /** Changes the settings that may change between steps. */
  setLive(settings: { emaDecay?: number; deadCodeRestart?: number | false }): void;
  /** Frees every tensor it holds. */
  dispose(): void;
}
