import * as tf from './tf.ts';
import { reseedCodes } from './dead-codes.ts';
import { sumByCode } from './sum-by-code.ts';
import { nonNegative, variablesState, wholeCount, type TrainingState } from './training-state.ts';
import { variableFrom } from './variables.ts';

/** Settings of the EMA codebook update. */
export interface EmaSettings {
  /** λ: how much of the running averages survives each step, in (0, 1). */
  decay: number;
  /** ε: Laplace smoothing added to every code's count, ≥ 0. */
  epsilon: number;
}

/**
 * A codebook trained by exponential moving averages instead of the codebook loss (van den Oord et al.
 * 2017, appendix; Razavi et al. 2019): each code follows the running mean of the encoder outputs
 * assigned to it,
 *
 *   N_k ← λ N_k + (1 − λ) n_k,   m_k ← λ m_k + (1 − λ) s_k,   e_k = m_k / Ñ_k,
 *
 * where n_k and s_k are the count and sum of this batch's outputs assigned to code k.
 *
 * Conventions, and why:
 * - Start-up bias. N and m start at zero and are divided by (1 − λ^t), as Adam debiases its moments.
 *   The ratio m/N does not need it, but Laplace smoothing does: without it, early counts are shrunk
 *   by (1 − λ^t) and ε would weigh far more in the first steps than later.
 * - Laplace smoothing. Ñ_k = (N̂_k + ε) / (Σ N̂ + K ε) · Σ N̂: no count is zero, and the total is kept.
 * - Unused codes. A code with no assignments in a batch keeps its vector. Its N and m decay by the
 *   same factor, so their ratio would not move anyway; only the smoothing term would drag it toward
 *   zero, which would turn a temporarily idle code into a useless one. Reviving idle codes is the
 *   job of dead-code restarts, not of a pull toward the origin.
 */
export class EmaCodebook {
  /** The codes, [K,D]; read it, never assign to it from outside. */
  readonly codebook: tf.Variable<tf.Rank.R2>;
  readonly #counts: tf.Variable<tf.Rank.R1>;
  readonly #sums: tf.Variable<tf.Rank.R2>;
  readonly #step: tf.Variable<tf.Rank.R0> = variableFrom(tf.scalar(0), false);
  settings: EmaSettings;

  constructor(initialCodebook: tf.Tensor2D, settings: EmaSettings) {
    if (!(settings.decay > 0 && settings.decay < 1)) throw new Error(`emaDecay must be in (0, 1), got ${settings.decay}`);
    if (!(settings.epsilon >= 0)) throw new Error(`EMA epsilon must be ≥ 0, got ${settings.epsilon}`);
    const [codes, dim] = initialCodebook.shape;
    // A copy: the caller keeps, and frees, the tensor it passed in.
    this.codebook = tf.variable(initialCodebook, false);
    this.#counts = variableFrom(tf.zeros([codes]) as tf.Tensor1D, false);
    this.#sums = variableFrom(tf.zeros([codes, dim]) as tf.Tensor2D, false);
    this.settings = settings;
  }

  /** Steps taken so far (a blocking read: for tests and tools). */
  get step(): number {
    return this.#step.dataSync()[0]!;
  }

  /**
   * Moves each code toward the mean of the outputs z [N,D] assigned to it by `indices` (int32 [N]).
   * With `applied`, a boolean scalar on the device, a false value leaves every running value and the
   * step count as they were: a rejected training step does not move the codes.
   */
  update(z: tf.Tensor2D, indices: tf.Tensor1D, applied?: tf.Scalar): void {
    const { decay, epsilon } = this.settings;
    const codes = this.codebook.shape[0];
    tf.tidy(() => {
      const step = applied ? tf.add(this.#step, tf.cast(applied, 'float32')) : tf.add(this.#step, 1);
      // The step count lives on the device, because whether this step counts is only known there.
      const debias = tf.sub(1, tf.pow(tf.scalar(decay), step));
      const assignment = tf.cast(tf.oneHot(indices, codes), 'float32'); // [N,K]
      const batchCounts = tf.sum(assignment, 0); // [K]
      const batchSums = sumByCode(z, indices, codes); // [K,D]
      let counts = tf.add(tf.mul(this.#counts, decay), tf.mul(batchCounts, 1 - decay)) as tf.Tensor1D;
      let sums = tf.add(tf.mul(this.#sums, decay), tf.mul(batchSums, 1 - decay)) as tf.Tensor2D;
      if (applied) {
        counts = tf.where(applied, counts, this.#counts) as tf.Tensor1D;
        sums = tf.where(applied, sums, this.#sums) as tf.Tensor2D;
      }
      this.#counts.assign(counts);
      this.#sums.assign(sums);
      this.#step.assign(step as tf.Scalar);

      const debiasedCounts = tf.div(counts, debias);
      const total = tf.sum(debiasedCounts);
      const smoothed = tf.mul(tf.div(tf.add(debiasedCounts, epsilon), tf.add(total, codes * epsilon)), total);
      const means = tf.div(tf.div(sums, debias), tf.expandDims(smoothed, 1));
      let used = tf.expandDims(tf.greater(batchCounts, 0), 1);
      if (applied) used = tf.logicalAnd(used, applied);
      this.codebook.assign(tf.where(tf.broadcastTo(used, means.shape), means, this.codebook) as tf.Tensor2D);
    });
  }

  /**
   * Moves dead `codes` onto recent encoder outputs and clears their running counts and sums, so their
   * next update starts from the outputs they then win rather than from the history that left them idle.
   */
  restart(codes: number[], recentOutputs: tf.Tensor2D, random: () => number): void {
    if (codes.length === 0) return;
    const reseeded = reseedCodes(this.codebook, codes, recentOutputs, random);
    this.codebook.assign(reseeded);
    reseeded.dispose();
    tf.tidy(() => {
      const keep = tf.tensor1d(Array.from({ length: this.codebook.shape[0] }, (_, k) => (codes.includes(k) ? 0 : 1)));
      this.#counts.assign(tf.mul(this.#counts, keep) as tf.Tensor1D);
      this.#sums.assign(tf.mul(this.#sums, tf.expandDims(keep, 1)) as tf.Tensor2D);
    });
  }

  /**
   * The running counts, sums and step as a checkpoint's training state (ema/counts, ema/sums, ema/step):
   * without them a loaded codebook's next update would weigh its first batch as if it were the only one.
   */
  trainingState(): TrainingState {
    return variablesState([
      { name: 'ema/counts', variable: this.#counts, check: nonNegative },
      { name: 'ema/sums', variable: this.#sums },
      { name: 'ema/step', variable: this.#step, check: wholeCount },
    ]);
  }

  /** Frees the variables. */
  dispose(): void {
    tf.dispose([this.codebook, this.#counts, this.#sums, this.#step]);
  }
}
