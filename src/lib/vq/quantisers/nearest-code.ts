import * as tf from '../tf.ts';
import { kMeansPlusPlusCodebook, uniformCodebook } from '../codebook-init.ts';
import type { GradientEstimator } from '../config.ts';
import { l2Normalize } from '../cosine-lookup.ts';
import { lookupCodes } from '../lookup-codes.ts';
import { ResumableRandom } from '../resumable-random.ts';
import { combineStates, type TrainingState } from '../training-state.ts';
import { vqLosses } from '../vq-losses.ts';
import { EmaUpdate, GradientUpdate, type CodebookUpdate } from './codebook-updates.ts';
import { passGradient } from './pass-gradient.ts';
import type { Adam } from '../adam.ts';
import type { NamedWeight, Quantisation, Quantiser, StepContext } from './quantiser.ts';

/** How codes are compared with encoder outputs: by distance, or by the angle between l2-normalised vectors. */
export type Lookup = 'euclidean' | 'cosine';

/**
 * The nearest code of `codes` for each row of `flat`, with both auxiliary losses. With cosine lookup
 * both sides are l2-normalised first (Yu et al. 2022), so the decoder sees unit-length codes and
 * `latents` are the normalised outputs.
 */
export function nearestCodeQuantisation(flat: tf.Tensor2D, codes: tf.Tensor2D, lookup: Lookup, estimator: GradientEstimator): Quantisation {
  const latents = lookup === 'cosine' ? l2Normalize(flat) : flat;
  const { indices, zq, codebookLoss, commitmentLoss } = vqLosses(latents, lookup === 'cosine' ? l2Normalize(codes) : codes);
  return { latents, stageIndices: [indices], decoderInput: passGradient(latents, zq, estimator), codebookLoss, commitmentLoss };
}

/** Settings of a learned codebook. */
export type NearestCodeSettings = {
  codebookSize: number;
  codeDim: number;
  lookup: Lookup;
  init: 'uniform' | 'kmeans++';
  update: 'loss' | 'ema';
  emaDecay: number;
  deadCodeRestart: number | false;
  seed: number;
};

/**
 * The VQ-VAE's own quantiser (van den Oord et al. 2017): a learned codebook of K codes, each output
 * replaced by its nearest. Its update policy is the codebook loss or EMA; dead codes may be restarted.
 */
export class NearestCodeQuantiser implements Quantiser {
  readonly stages = 1;
  readonly #update: CodebookUpdate;
  readonly #lookup: Lookup;
  readonly #random: ResumableRandom;
  readonly needsFirstBatch: boolean;
  #restartPatience: number | null;

  constructor(settings: NearestCodeSettings) {
    const initial = uniformCodebook(settings.codebookSize, settings.codeDim, settings.seed + 2000);
    this.#update = settings.update === 'ema' ? new EmaUpdate(initial, settings.emaDecay) : new GradientUpdate(initial);
    this.#lookup = settings.lookup;
    this.#random = new ResumableRandom(settings.seed + 3000);
    this.#restartPatience = settings.deadCodeRestart || null;
    this.needsFirstBatch = settings.init === 'kmeans++';
  }

  get trainsByCodebookLoss(): boolean {
    return this.#update.trainable;
  }

  get codebook(): tf.Tensor2D {
    return this.#update.codes;
  }

  get parameterCount(): number {
    return this.#update.codes.size;
  }

  get restartPatience(): number | null {
    return this.#restartPatience;
  }

  quantise(flat: tf.Tensor2D, estimator: GradientEstimator): Quantisation {
    return nearestCodeQuantisation(flat, this.#update.codes, this.#lookup, estimator);
  }

  vectorsFor([indices]: tf.Tensor1D[]): tf.Tensor2D {
    const codes = this.#update.codes;
    return lookupCodes(indices!, this.#lookup === 'cosine' ? l2Normalize(codes) : codes);
  }

  pictureLatents(flat: tf.Tensor2D): tf.Tensor2D {
    return this.#lookup === 'cosine' ? l2Normalize(flat) : flat;
  }

  initialiseFrom(latents: tf.Tensor2D, seed: number): void {
    const codes = kMeansPlusPlusCodebook(latents, this.#update.codes.shape[0], seed);
    this.#update.codes.assign(codes);
    codes.dispose();
  }

  trainableVariables(): tf.Variable[] {
    return this.#update.trainable ? [this.#update.codes] : [];
  }

  namedWeights(): NamedWeight[] {
    return [{ name: 'codebook', variable: this.#update.codes }];
  }

  afterStep({ latents, indices, applied }: StepContext): void {
    this.#update.afterStep(latents, indices, applied);
  }

  restart(deadCodes: number[], latents: tf.Tensor2D, optimizer: Adam): number[] {
    if (this.#restartPatience === null || deadCodes.length === 0) return [];
    this.#update.restart(deadCodes, latents, this.#random.next, optimizer);
    return deadCodes;
  }

  trainingState(): TrainingState {
    return combineStates({ ema: this.#update.trainingState?.(), restarts: this.#random.trainingState('quantiser.restarts') });
  }

  setLive({ emaDecay, deadCodeRestart }: { emaDecay?: number; deadCodeRestart?: number | false }): void {
    if (emaDecay !== undefined) this.#update.setDecay(emaDecay);
    if (deadCodeRestart !== undefined) this.#restartPatience = deadCodeRestart || null;
  }

  dispose(): void {
    this.#update.dispose();
  }
}
