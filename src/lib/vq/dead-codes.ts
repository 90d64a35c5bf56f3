import * as tf from './tf.ts';
import { countersState, savedWholeList, type TrainingState } from './training-state.ts';

/**
 * Finds dead codes: codes that no encoder output has chosen for `patience` consecutive steps.
 * A dead code gets no gradient from the codebook loss and no EMA update, so it never recovers alone.
 */
export class DeadCodeMonitor {
  readonly #idleSteps: Int32Array;
  #patience = 1;

  constructor(codebookSize: number, patience: number) {
    this.#idleSteps = new Int32Array(codebookSize);
    this.patience = patience;
  }

  /** Idle steps after which a code counts as dead. */
  get patience(): number {
    return this.#patience;
  }

  /**
   * A new patience judges the same idle runs: how long a code has gone unchosen is a fact of the
   * training, not of the restart policy, so changing the policy must not forget it.
   */
  set patience(patience: number) {
    if (!(Number.isInteger(patience) && patience >= 1)) throw new Error(`deadCodeRestart patience must be a whole number ≥ 1, got ${patience}`);
    this.#patience = patience;
  }

  /** Counts one training step, given how often each code was chosen in it (see `codeUsage`). */
  record(usage: ArrayLike<number>): void {
    for (let k = 0; k < this.#idleSteps.length; k++) this.#idleSteps[k] = usage[k] > 0 ? 0 : this.#idleSteps[k] + 1;
  }

  /** Codes idle for at least `patience` steps, in ascending order. */
  deadCodes(): number[] {
    const dead: number[] = [];
    this.#idleSteps.forEach((idle, k) => idle >= this.#patience && dead.push(k));
    return dead;
  }

  /** Gives restarted codes a fresh start. */
  revive(codes: number[]): void {
    for (const k of codes) this.#idleSteps[k] = 0;
  }

  /** How long each code has gone unchosen, as a checkpoint's training state (`idleSteps`, one count per code). */
  trainingState(): TrainingState {
    return countersState(
      () => ({ idleSteps: Array.from(this.#idleSteps) }),
      (saved) => {
        const idle = savedWholeList(saved, 'deadCodes.idleSteps', 'idleSteps', this.#idleSteps.length);
        return () => this.#idleSteps.set(idle);
      },
    );
  }
}

/**
 * Moves each of `codes` onto a randomly chosen row of `recentOutputs` [N,D], recent encoder outputs,
 * where it is likely to be chosen again. Returns the new codebook; the caller owns it.
 * Rows are drawn without replacement while there are enough, so revived codes do not coincide.
 */
export function reseedCodes(codebook: tf.Tensor2D, codes: number[], recentOutputs: tf.Tensor2D, random: () => number): tf.Tensor2D {
  const [codebookSize, dim] = codebook.shape;
  if (recentOutputs.shape[1] !== dim) throw new Error(`reseedCodes: outputs have D=${recentOutputs.shape[1]}, codes have D=${dim}`);
  if (codes.length === 0) return tf.clone(codebook);
  const available = Array.from({ length: recentOutputs.shape[0] }, (_, i) => i);
  const source = new Int32Array(codebookSize).fill(-1);
  for (const k of codes) {
    if (available.length === 0) available.push(...Array.from({ length: recentOutputs.shape[0] }, (_, i) => i));
    source[k] = available.splice(Math.floor(random() * available.length), 1)[0];
  }
  return tf.tidy(() => {
    const replaced = tf.tensor1d(Array.from(source, (s) => s >= 0), 'bool');
    const rows = tf.gather(recentOutputs, tf.tensor1d(Array.from(source, (s) => Math.max(s, 0)), 'int32'));
    return tf.where(tf.broadcastTo(tf.expandDims(replaced, 1), [codebookSize, dim]), rows, codebook) as tf.Tensor2D;
  });
}

/** Codes idle this many steps count as dead in the metrics when restarts are off. */
export const deadCodePatience = 100;
