import * as tf from '../tf.ts';
import { kMeansPlusPlusCodebook, uniformCodebook } from '../codebook-init.ts';
import type { GradientEstimator } from '../config.ts';
import { l2Normalize } from '../cosine-lookup.ts';
import { lookupCodes } from '../lookup-codes.ts';
import { simvqCodebook } from '../simvq.ts';
import { variableFrom } from '../variables.ts';
import { nearestCodeQuantisation, type Lookup } from './nearest-code.ts';
import type { NamedWeight, Quantisation, Quantiser } from './quantiser.ts';

/**
 * SimVQ (Zhu et al. 2024): the codes are a frozen random basis [K,d] times a learned map [d,d], so
 * every code moves whenever the map does and none is left behind. The map starts as the identity,
 * so training starts from the plain random codebook. No code can die alone, so none is restarted.
 */
export class SimVQQuantiser implements Quantiser {
  readonly stages = 1;
  readonly trainsByCodebookLoss = true;
  readonly restartPatience = null;
  readonly needsFirstBatch: boolean;
  readonly #basis: tf.Variable<tf.Rank.R2>;
  readonly #map: tf.Variable<tf.Rank.R2>;
  readonly #lookup: Lookup;
  /** basis × map for readers of `codebook`, until the next step moves the map. */
  #effective: tf.Tensor2D | null = null;

  constructor(settings: { codebookSize: number; codeDim: number; lookup: Lookup; init: 'uniform' | 'kmeans++'; seed: number }) {
    this.#basis = variableFrom(uniformCodebook(settings.codebookSize, settings.codeDim, settings.seed + 2000), false);
    this.#map = variableFrom(tf.eye(settings.codeDim) as tf.Tensor2D);
    this.#lookup = settings.lookup;
    this.needsFirstBatch = settings.init === 'kmeans++';
  }

  get codebook(): tf.Tensor2D {
    this.#effective ??= tf.keep(tf.tidy(() => tf.matMul(this.#basis, this.#map)));
    return this.#effective;
  }

  get parameterCount(): number {
    return this.#basis.size + this.#map.size;
  }

  /** The codes as the search sees them, computed in the caller's scope so that gradients reach the map. */
  #codes(): tf.Tensor2D {
    return simvqCodebook(this.#basis, this.#map);
  }

  quantise(flat: tf.Tensor2D, estimator: GradientEstimator): Quantisation {
    return nearestCodeQuantisation(flat, this.#codes(), this.#lookup, estimator);
  }

  vectorsFor([indices]: tf.Tensor1D[]): tf.Tensor2D {
    const codes = this.#codes();
    return lookupCodes(indices!, this.#lookup === 'cosine' ? l2Normalize(codes) : codes);
  }

  pictureLatents(flat: tf.Tensor2D): tf.Tensor2D {
    return this.#lookup === 'cosine' ? l2Normalize(flat) : flat;
  }

  /** k-means++ places the basis; with the identity map, that is where the codes start. */
  initialiseFrom(latents: tf.Tensor2D, seed: number): void {
    const codes = kMeansPlusPlusCodebook(latents, this.#basis.shape[0], seed);
    this.#basis.assign(codes);
    codes.dispose();
    this.#forgetEffective();
  }

  trainableVariables(): tf.Variable[] {
    return [this.#map];
  }

  namedWeights(): NamedWeight[] {
    return [
      { name: 'codebook', variable: this.#basis },
      { name: 'projection', variable: this.#map },
    ];
  }

  afterStep(): void {
    // The effective codebook was computed from weights the step may just have moved.
    this.#forgetEffective();
  }

  restart(): number[] {
    return [];
  }

  setLive(): void {}

  #forgetEffective(): void {
    this.#effective?.dispose();
    this.#effective = null;
  }

  dispose(): void {
    this.#forgetEffective();
    tf.dispose([this.#basis, this.#map]);
  }
}
