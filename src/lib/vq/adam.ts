import * as tf from './tf.ts';
import { variableFrom } from './variables.ts';

/**
 * Adam (Kingma and Ba 2015) with Keras's defaults (β₁ 0.9, β₂ 0.999, ε 1e-7), written out rather than
 * taken from tf.train because the model needs two things that class keeps private: a learning rate
 * that can change between steps, and moments it can reset for one code when that code is restarted.
 *
 *   m ← β₁ m + (1 − β₁) g,   v ← β₂ v + (1 − β₂) g²,   θ ← θ − lr · m̂ / (√v̂ + ε)
 *
 * with m̂ = m / (1 − β₁ᵗ) and v̂ = v / (1 − β₂ᵗ) removing the bias of moments that start at zero.
 */
export class Adam {
  learningRate: number;
  readonly beta1 = 0.9;
  readonly beta2 = 0.999;
  readonly epsilon = 1e-7;
  #step = 0;
  readonly #moments = new Map<tf.Variable, { m: tf.Variable; v: tf.Variable }>();

  constructor(learningRate: number) {
    this.learningRate = learningRate;
  }

  /** Updates were applied this many times. */
  get step(): number {
    return this.#step;
  }

  /** Applies one update to each variable from its gradient. The gradients stay the caller's. */
  apply(updates: { variable: tf.Variable; gradient: tf.Tensor }[]): void {
    this.#step += 1;
    const { beta1, beta2, epsilon } = this;
    const correction1 = 1 - beta1 ** this.#step;
    const correction2 = 1 - beta2 ** this.#step;
    tf.tidy(() => {
      for (const { variable, gradient } of updates) {
        const { m, v } = this.#momentsOf(variable);
        m.assign(tf.add(tf.mul(m, beta1), tf.mul(gradient, 1 - beta1)));
        v.assign(tf.add(tf.mul(v, beta2), tf.mul(tf.square(gradient), 1 - beta2)));
        const stepSize = tf.div(tf.div(m, correction1), tf.add(tf.sqrt(tf.div(v, correction2)), epsilon));
        variable.assign(tf.sub(variable, tf.mul(stepSize, this.learningRate)));
      }
    });
  }

  /** Zeroes the moments of some rows of a variable (codes moved by a restart start without momentum). */
  resetRows(variable: tf.Variable, rows: number[]): void {
    const moments = this.#moments.get(variable);
    if (!moments || rows.length === 0) return;
    tf.tidy(() => {
      const keepRows = Array.from({ length: variable.shape[0] }, (_, r) => (rows.includes(r) ? 0 : 1));
      const keep = tf.reshape(tf.tensor1d(keepRows), [variable.shape[0], ...variable.shape.slice(1).map(() => 1)]);
      moments.m.assign(tf.mul(moments.m, keep));
      moments.v.assign(tf.mul(moments.v, keep));
    });
  }

  #momentsOf(variable: tf.Variable) {
    let moments = this.#moments.get(variable);
    if (!moments) {
      moments = { m: variableFrom(tf.zerosLike(variable), false), v: variableFrom(tf.zerosLike(variable), false) };
      this.#moments.set(variable, moments);
    }
    return moments;
  }

  /** Frees the moments. */
  dispose(): void {
    for (const { m, v } of this.#moments.values()) tf.dispose([m, v]);
    this.#moments.clear();
  }
}
