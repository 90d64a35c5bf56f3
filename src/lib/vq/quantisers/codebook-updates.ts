import * as tf from '../tf.ts';
import type { Adam } from '../adam.ts';
import { reseedCodes } from '../dead-codes.ts';
import { EmaCodebook } from '../ema-codebook.ts';
import type { TrainingState } from '../training-state.ts';
import { variableFrom } from '../variables.ts';

/**
 * How a codebook's codes move: by the gradient of the codebook loss, or by exponential moving averages
 * of the outputs they win. Each also knows how to restart dead codes, since a restart must reset what
 * the rule remembers about them (Adam's moments, or the running counts and sums).
 */
export interface CodebookUpdate {
  /** The codes [K,d]. */
  readonly codes: tf.Variable<tf.Rank.R2>;
  /** Whether the optimiser trains `codes`. */
  readonly trainable: boolean;
  /** Moves the codes after a step, given the step's latents, their codes, and whether it was applied (a boolean scalar on the device). */
  afterStep(latents: tf.Tensor2D, indices: tf.Tensor1D, applied: tf.Scalar): void;
  /** Moves `dead` codes onto recent latents and forgets their history. */
  restart(dead: number[], latents: tf.Tensor2D, random: () => number, optimizer: Adam): void;
  /** The EMA decay λ, for the rule that has one. */
  setDecay(decay: number): void;
  /** What the rule keeps beside the codes (EMA's running counts and sums), for checkpoints. */
  trainingState?(): TrainingState;
  dispose(): void;
}

/** Codes trained by the codebook loss, through the optimiser. */
export class GradientUpdate implements CodebookUpdate {
  readonly codes: tf.Variable<tf.Rank.R2>;
  readonly trainable: boolean;

  /** Takes ownership of `initial`. `trainable` false gives frozen codes (SimVQ's basis). */
  constructor(initial: tf.Tensor2D, trainable = true) {
    this.codes = variableFrom(initial, trainable);
    this.trainable = trainable;
  }

  afterStep(): void {}

  restart(dead: number[], latents: tf.Tensor2D, random: () => number, optimizer: Adam): void {
    const reseeded = reseedCodes(this.codes, dead, latents, random);
    this.codes.assign(reseeded);
    reseeded.dispose();
    // A restarted code starts without momentum, or its old moments would carry it straight back.
    optimizer.resetRows(this.codes, dead);
  }

  setDecay(): void {}

  dispose(): void {
    this.codes.dispose();
  }
}

/** Codes that follow the running means of the outputs they win (see `EmaCodebook`). */
export class EmaUpdate implements CodebookUpdate {
  readonly #ema: EmaCodebook;
  readonly trainable = false;

  /** Takes ownership of `initial`. */
  constructor(initial: tf.Tensor2D, decay: number) {
    this.#ema = new EmaCodebook(initial, { decay, epsilon: 1e-5 });
    initial.dispose();
  }

  get codes(): tf.Variable<tf.Rank.R2> {
    return this.#ema.codebook;
  }

  afterStep(latents: tf.Tensor2D, indices: tf.Tensor1D, applied: tf.Scalar): void {
    this.#ema.update(latents, indices, applied);
  }

  restart(dead: number[], latents: tf.Tensor2D, random: () => number): void {
    this.#ema.restart(dead, latents, random);
  }

  setDecay(decay: number): void {
    this.#ema.settings = { ...this.#ema.settings, decay };
  }

  trainingState(): TrainingState {
    return this.#ema.trainingState();
  }

  dispose(): void {
    this.#ema.dispose();
  }
}
