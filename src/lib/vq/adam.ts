import * as tf from './tf.ts';
import { nonNegative, wholeCount, type TrainingState } from './training-state.ts';
import { variableFrom } from './variables.ts';

/**
 * Adam (Kingma and Ba 2015) with Keras's defaults (β₁ 0.9, β₂ 0.999, ε 1e-7), written out rather than
 * taken from tf.train because the model needs what that class keeps private: a learning rate that can
 * change between steps, moments it can reset for one code when that code is restarted, and an update
 * that a value on the device can cancel, so a training step never waits for the GPU to say "finite".
 *
 *   m ← β₁ m + (1 − β₁) g,   v ← β₂ v + (1 − β₂) g²,   θ ← θ − lr · m̂ / (√v̂ + ε)
 *
 * with m̂ = m / (1 − β₁ᵗ) and v̂ = v / (1 − β₂ᵗ) removing the bias of moments that start at zero.
 *
 * Every variable's moments live in one flat buffer, so one update is a dozen kernels however many
 * variables the model has (on a GPU each kernel is a dispatch, and on small models dispatches are
 * the cost). The step count t lives on the device too, because whether a step counts is known there.
 */
export class Adam {
  learningRate: number;
  readonly beta1 = 0.9;
  readonly beta2 = 0.999;
  readonly epsilon = 1e-7;
  /** The variables the flat moments are laid out for, in order, and where each starts. */
  #layout: { variables: tf.Variable[]; offsets: number[]; total: number } | null = null;
  #moments: { m: tf.Variable<tf.Rank.R1>; v: tf.Variable<tf.Rank.R1> } | null = null;
  /** Updates applied, as a float32 scalar on the device. */
  #t: tf.Variable<tf.Rank.R0> = variableFrom(tf.scalar(0), false);

  constructor(learningRate: number) {
    this.learningRate = learningRate;
  }

  /** Updates applied so far (a blocking read: for tests and tools, not for a training loop). */
  get step(): number {
    return this.#t.dataSync()[0]!;
  }

  /**
   * Applies one update to each variable from its gradient. The gradients stay the caller's. With
   * `applied`, a boolean scalar on the device, a false value leaves the weights, the moments and t
   * exactly as they were.
   */
  apply(updates: { variable: tf.Variable; gradient: tf.Tensor }[], applied?: tf.Scalar): void {
    const variables = updates.map((u) => u.variable);
    const flat = tf.tidy(() => flatten(updates.map((u) => u.gradient)));
    try {
      this.applyFlat(variables, flat, applied);
    } finally {
      flat.dispose();
    }
  }

  /**
   * The same update from every gradient already flattened into one vector, in the order of
   * `variables` (what `guardedStep` builds anyway, to check it is finite).
   */
  applyFlat(variables: tf.Variable[], gradient: tf.Tensor1D, applied?: tf.Scalar): void {
    const layout = this.#layoutFor(variables);
    if (gradient.size !== layout.total) throw new Error(`Adam: the gradient has ${gradient.size} numbers, the variables ${layout.total}`);
    const { m, v } = this.#moments!;
    const { beta1, beta2, epsilon } = this;
    tf.tidy(() => {
      const ok = applied ? tf.broadcastTo(applied, [layout.total]) : null;
      const t = applied ? tf.add(this.#t, tf.cast(applied, 'float32')) : tf.add(this.#t, 1);
      const nextM = tf.add(tf.mul(m, beta1), tf.mul(gradient, 1 - beta1));
      const nextV = tf.add(tf.mul(v, beta2), tf.mul(tf.square(gradient), 1 - beta2));
      const correction1 = tf.sub(1, tf.pow(tf.scalar(beta1), t));
      const correction2 = tf.sub(1, tf.pow(tf.scalar(beta2), t));
      let stepSize = tf.mul(tf.div(tf.div(nextM, correction1), tf.add(tf.sqrt(tf.div(nextV, correction2)), epsilon)), this.learningRate);
      // A rejected step's gradient may hold NaN, so the old values are selected, never blended.
      if (ok) stepSize = select(ok, stepSize, tf.zerosLike(stepSize));
      m.assign((ok ? select(ok, nextM, m) : nextM) as tf.Tensor1D);
      v.assign((ok ? select(ok, nextV, v) : nextV) as tf.Tensor1D);
      this.#t.assign(t as tf.Scalar);
      const pieces = tf.split(stepSize, layout.variables.map((variable) => variable.size));
      layout.variables.forEach((variable, i) => variable.assign(tf.sub(variable, reshapeTo(pieces[i]!, variable.shape))));
    });
  }

  /** Zeroes the moments of some rows of a variable (codes moved by a restart start without momentum). */
  resetRows(variable: tf.Variable, rows: number[]): void {
    const index = this.#layout?.variables.indexOf(variable) ?? -1;
    if (index < 0 || rows.length === 0) return;
    const { offsets, total } = this.#layout!;
    const rowSize = variable.size / variable.shape[0];
    const keep = new Float32Array(total).fill(1);
    for (const row of rows) keep.fill(0, offsets[index]! + row * rowSize, offsets[index]! + (row + 1) * rowSize);
    const { m, v } = this.#moments!;
    tf.tidy(() => {
      const mask = tf.tensor1d(keep);
      m.assign(tf.mul(m, mask));
      v.assign(tf.mul(v, mask));
    });
  }

  /**
   * The moments and t as a checkpoint's training state, for `variables` under the names `named`
   * gives them: each variable's moments as optimizer/m/<name> and optimizer/v/<name>, t as
   * optimizer/t. Before the first update the moments are zeros, what that update would start from.
   */
  trainingState(variables: tf.Variable[], named: { name: string; variable: tf.Variable }[]): TrainingState {
    const names = variables.map((variable) => {
      const found = named.find((entry) => entry.variable === variable);
      if (!found) throw new Error('Adam: a trained variable has no name in the checkpoint');
      return found.name;
    });
    const slot = (part: string, i: number) => ({ name: `optimizer/${part}/${names[i]}`, shape: variables[i]!.shape });
    return {
      tensors: () => {
        const { m, v } = this.#carried(variables);
        const pieces = (flat: tf.Tensor1D, part: string) => tf.split(flat, variables.map((variable) => variable.size)).map((piece, i) => ({ name: slot(part, i).name, tensor: reshapeTo(piece, variables[i]!.shape) }));
        return [...pieces(m, 'm'), ...pieces(v, 'v'), { name: 'optimizer/t', tensor: this.#t }];
      },
      counters: () => ({}),
      // v under a square root must not be negative; t is a count of updates.
      slots: () => [...names.map((_, i) => slot('m', i)), ...names.map((_, i) => ({ ...slot('v', i), check: nonNegative })), { name: 'optimizer/t', shape: [], check: wholeCount }],
      prepare: () => (tensors) => {
        const moment = (part: string) => flatten(names.map((_, i) => tensors[slot(part, i).name]!));
        this.#laidOut(variables, moment('m'), moment('v'));
        this.#t.assign(tensors['optimizer/t'] as tf.Scalar);
      },
    };
  }

  /** Frees the moments. */
  dispose(): void {
    if (this.#moments) tf.dispose([this.#moments.m, this.#moments.v]);
    this.#moments = null;
    this.#layout = null;
    this.#t.dispose();
  }

  /**
   * The flat layout for these variables. A different list of variables (a model that starts training
   * a new part) gets a new layout, and each variable keeps the moments it had.
   */
  #layoutFor(variables: tf.Variable[]) {
    const old = this.#layout;
    if (old && old.variables.length === variables.length && old.variables.every((v, i) => v === variables[i])) return old;
    const moved = tf.tidy(() => this.#carried(variables));
    this.#laidOut(variables, moved.m, moved.v);
    tf.dispose([moved.m, moved.v]);
    return this.#layout!;
  }

  /** Flat moments for `variables`, each keeping those it has in the current layout (zeros for a new one). New tensors. */
  #carried(variables: tf.Variable[]): { m: tf.Tensor1D; v: tf.Tensor1D } {
    const old = this.#layout;
    const carry = (flat: tf.Tensor1D | undefined) =>
      tf.tidy(() => flatten(variables.map((variable) => {
        const at = old?.variables.indexOf(variable) ?? -1;
        return at >= 0 && flat ? tf.slice(flat, old!.offsets[at]!, variable.size) : tf.zeros([variable.size]);
      })));
    return { m: carry(this.#moments?.m), v: carry(this.#moments?.v) };
  }

  /** Lays the moments out for `variables`, copied from flat `m` and `v` (the caller keeps those). */
  #laidOut(variables: tf.Variable[], m: tf.Tensor1D, v: tf.Tensor1D): void {
    const offsets: number[] = [];
    let total = 0;
    for (const variable of variables) {
      offsets.push(total);
      total += variable.size;
    }
    if (this.#moments) tf.dispose([this.#moments.m, this.#moments.v]);
    this.#moments = { m: tf.variable(m, false), v: tf.variable(v, false) };
    this.#layout = { variables, offsets, total };
  }
}

/** Tensors of any shape as one vector, in order. */
export function flatten(tensors: tf.Tensor[]): tf.Tensor1D {
  const vectors = tensors.map((t) => reshapeTo(t, [t.size]));
  return vectors.length === 1 ? (vectors[0] as tf.Tensor1D) : (tf.concat(vectors) as tf.Tensor1D);
}

/**
 * `x` in `shape`, without a kernel when it already has it: a reshape costs no GPU work, but every
 * kernel TF.js runs costs bookkeeping on the CPU, and a training step runs over a dozen of these.
 */
function reshapeTo(x: tf.Tensor, shape: number[]): tf.Tensor {
  return x.shape.length === shape.length && x.shape.every((size, i) => size === shape[i]) ? x : tf.reshape(x, shape);
}

/**
 * tf.where for a condition already of the values' shape, as the one Select kernel: tf.where itself
 * first broadcasts all three tensors, which costs three more kernels even when nothing changes shape.
 */
function select(condition: tf.Tensor, ifTrue: tf.Tensor, ifFalse: tf.Tensor): tf.Tensor {
  return tf.engine().runKernel('Select', { condition, t: ifTrue, e: ifFalse }) as tf.Tensor;
}
