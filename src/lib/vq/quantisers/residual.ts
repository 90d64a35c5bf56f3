import * as tf from '../tf.ts';
import { uniformCodebook } from '../codebook-init.ts';
import type { GradientEstimator } from '../config.ts';
import { lookupCodes } from '../lookup-codes.ts';
import { residualVqLosses } from '../residual-vq.ts';
import { variableFrom } from '../variables.ts';
import { passGradient } from './pass-gradient.ts';
import type { NamedWeight, Quantisation, Quantiser } from './quantiser.ts';

/**
 * Residual VQ (Zeghidour et al. 2021) as a VQ-VAE's quantiser: `stages` codebooks of K, each quantising
 * what the ones before it missed, and the decoder sees the sum of the chosen codes. Every stage gives a
 * complete code grid; the first stage's is what usage, perplexity and dead codes describe.
 */
export class ResidualQuantiser implements Quantiser {
  readonly trainsByCodebookLoss = true;
  readonly restartPatience = null;
  readonly needsFirstBatch = false;
  readonly #codebooks: tf.Variable<tf.Rank.R2>[];

  constructor(settings: { stages: number; codebookSize: number; codeDim: number; seed: number }) {
    const { stages, codebookSize, codeDim, seed } = settings;
    // The first stage's seed is a plain codebook's, so a one-stage stack starts as plain VQ does.
    this.#codebooks = Array.from({ length: stages }, (_, stage) => variableFrom(uniformCodebook(codebookSize, codeDim, seed + (stage === 0 ? 2000 : 2099 + stage))));
  }

  get stages(): number {
    return this.#codebooks.length;
  }

  get codebook(): tf.Tensor2D {
    return this.#codebooks[0]!;
  }

  get parameterCount(): number {
    return this.#codebooks.reduce((sum, codes) => sum + codes.size, 0);
  }

  quantise(flat: tf.Tensor2D, estimator: GradientEstimator): Quantisation {
    const { stageIndices, zq, codebookLoss, commitmentLoss } = residualVqLosses(flat, this.#codebooks);
    return { latents: flat, stageIndices, decoderInput: passGradient(flat, zq, estimator), codebookLoss, commitmentLoss };
  }

  // Added pairwise, not with addN: WebGPU caps the buffers one shader may bind (see guardedStep).
  vectorsFor(stageIndices: tf.Tensor1D[]): tf.Tensor2D {
    return stageIndices.map((indices, stage) => lookupCodes(indices, this.#codebooks[stage]!)).reduce((sum, codes) => tf.add(sum, codes));
  }

  pictureLatents(flat: tf.Tensor2D): tf.Tensor2D {
    return flat;
  }

  initialiseFrom(): void {}

  trainableVariables(): tf.Variable[] {
    return [...this.#codebooks];
  }

  namedWeights(): NamedWeight[] {
    return this.#codebooks.map((variable, stage) => ({ name: stage === 0 ? 'codebook' : `codebook/stage${stage + 1}`, variable }));
  }

  afterStep(): void {}

  restart(): number[] {
    return [];
  }

  setLive(): void {}

  dispose(): void {
    tf.dispose(this.#codebooks);
  }
}
