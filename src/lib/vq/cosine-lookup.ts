import * as tf from './tf.ts';
import { nearestCodes } from './nearest-codes.ts';

/** Rows scaled to unit length; a zero row stays zero instead of becoming NaN. */
export function l2Normalize(x: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => tf.div(x, tf.maximum(tf.norm(x, 'euclidean', 1, true), 1e-12)) as tf.Tensor2D);
}

/**
 * Nearest codes by cosine similarity: both z [N,D] and the codebook [K,D] are l2-normalised before the
 * Euclidean search (Yu et al. 2022, ViT-VQGAN). On the unit sphere, ‖a − b‖² = 2 − 2 cos(a, b), so the
 * nearest code is the most similar direction, and code length stops mattering.
 */
export function nearestCodesCosine(z: tf.Tensor2D, codebook: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => nearestCodes(l2Normalize(z), l2Normalize(codebook)));
}
