import * as tf from '../tf.ts';
import { fsq, fsqGrid, fsqSquash } from '../fsq.ts';
import { lookupCodes } from '../lookup-codes.ts';
import type { NamedWeight, Quantisation, Quantiser } from './quantiser.ts';

/**
 * Finite scalar quantisation (Mentzer et al. 2023) as a VQ-VAE's quantiser: each dimension is bounded
 * and rounded, so the codes are a fixed grid. Nothing trains or saves it, no code needs pulling and
 * the bound keeps outputs near the grid, so both auxiliary losses are zero.
 */
export class FsqQuantiser implements Quantiser {
  readonly stages = 1;
  readonly trainsByCodebookLoss = false;
  readonly restartPatience = null;
  readonly needsFirstBatch = false;
  readonly parameterCount = 0;
  readonly #levels: number[];
  /** The grid as a constant [∏ levels, D], in the order of `fsq`'s indices, so code grids decode like a codebook's. */
  readonly codebook: tf.Tensor2D;

  constructor(levels: number[]) {
    this.#levels = levels;
    this.codebook = fsqGrid(levels);
  }

  // FSQ's zq already carries a straight-through gradient through its rounding and its bound.
  quantise(flat: tf.Tensor2D): Quantisation {
    const { zq, indices } = fsq(flat, this.#levels);
    return { latents: flat, stageIndices: [indices], decoderInput: zq, codebookLoss: tf.scalar(0), commitmentLoss: tf.scalar(0) };
  }

  vectorsFor([indices]: tf.Tensor1D[]): tf.Tensor2D {
    return lookupCodes(indices!, this.codebook);
  }

  /** The squashed values, before rounding: what sits over the grid. */
  pictureLatents(flat: tf.Tensor2D): tf.Tensor2D {
    return fsqSquash(flat, this.#levels);
  }

  initialiseFrom(): void {}

  trainableVariables(): tf.Variable[] {
    return [];
  }

  namedWeights(): NamedWeight[] {
    return [];
  }

  afterStep(): void {}

  restart(): number[] {
    return [];
  }

  setLive(): void {}

  dispose(): void {
    this.codebook.dispose();
  }
}
