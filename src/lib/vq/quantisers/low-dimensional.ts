import * as tf from '../tf.ts';
import type { GradientEstimator } from '../config.ts';
import { variableFrom } from '../variables.ts';
import type { Adam } from '../adam.ts';
import type { TrainingState } from '../training-state.ts';
import type { NamedWeight, Quantisation, Quantiser, StepContext } from './quantiser.ts';

/**
 * A low-dimensional lookup (factorised codes, Yu et al. 2022): outputs are projected from D down to
 * d < D by a learned map, quantised there by `inner`, and the chosen codes are mapped back up to D for
 * the decoder. With d = 2 the search happens in a plane a reader can see.
 */
export class LowDimensionalLookup implements Quantiser {
  readonly #inner: Quantiser;
  readonly #down: tf.Variable<tf.Rank.R2>;
  readonly #up: tf.Variable<tf.Rank.R2>;

  /** `inner` quantises d-dimensional vectors and becomes this lookup's to dispose. */
  constructor(inner: Quantiser, settings: { codeDim: number; lookupDim: number; seed: number }) {
    const { codeDim, lookupDim, seed } = settings;
    this.#inner = inner;
    this.#down = variableFrom(tf.randomNormal([codeDim, lookupDim], 0, 1 / Math.sqrt(codeDim), 'float32', seed + 2500) as tf.Tensor2D);
    this.#up = variableFrom(tf.randomNormal([lookupDim, codeDim], 0, 1 / Math.sqrt(lookupDim), 'float32', seed + 2501) as tf.Tensor2D);
  }

  get stages(): number {
    return this.#inner.stages;
  }

  get trainsByCodebookLoss(): boolean {
    return this.#inner.trainsByCodebookLoss;
  }

  /** The codes in the d-dimensional space where the search happens. */
  get codebook(): tf.Tensor2D {
    return this.#inner.codebook;
  }

  get parameterCount(): number {
    return this.#inner.parameterCount + this.#down.size + this.#up.size;
  }

  get restartPatience(): number | null {
    return this.#inner.restartPatience;
  }

  get needsFirstBatch(): boolean {
    return this.#inner.needsFirstBatch;
  }

  quantise(flat: tf.Tensor2D, estimator: GradientEstimator): Quantisation {
    const inner = this.#inner.quantise(tf.matMul(flat, this.#down), estimator);
    return { ...inner, decoderInput: tf.matMul(inner.decoderInput, this.#up) };
  }

  vectorsFor(stageIndices: tf.Tensor1D[]): tf.Tensor2D {
    return tf.matMul(this.#inner.vectorsFor(stageIndices), this.#up);
  }

  pictureLatents(flat: tf.Tensor2D): tf.Tensor2D {
    return this.#inner.pictureLatents(tf.matMul(flat, this.#down));
  }

  initialiseFrom(latents: tf.Tensor2D, seed: number): void {
    this.#inner.initialiseFrom(latents, seed);
  }

  trainableVariables(): tf.Variable[] {
    return [this.#down, this.#up, ...this.#inner.trainableVariables()];
  }

  namedWeights(): NamedWeight[] {
    return [...this.#inner.namedWeights(), { name: 'lookup/down', variable: this.#down }, { name: 'lookup/up', variable: this.#up }];
  }

  afterStep(context: StepContext): void {
    this.#inner.afterStep(context);
  }

  restart(deadCodes: number[], latents: tf.Tensor2D, optimizer: Adam): number[] {
    return this.#inner.restart(deadCodes, latents, optimizer);
  }

  trainingState(): TrainingState | undefined {
    return this.#inner.trainingState?.();
  }

  setLive(settings: { emaDecay?: number; deadCodeRestart?: number | false }): void {
    this.#inner.setLive(settings);
  }

  dispose(): void {
    this.#inner.dispose();
    tf.dispose([this.#down, this.#up]);
  }
}
