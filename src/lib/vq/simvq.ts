import * as tf from './tf.ts';
import { stopGradient } from './stop-gradient.ts';

/**
 * SimVQ's codebook (Zhu et al. 2024): a frozen random basis [K,D] times a learned linear map [D,D].
 * Every code moves whenever the map does, so no code is left behind to die, which is what happens to
 * codes that only move when chosen. The basis gets no gradient.
 */
export function simvqCodebook(frozenBasis: tf.Tensor2D, projection: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => tf.matMul(stopGradient(frozenBasis), projection));
}
