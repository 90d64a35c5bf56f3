import * as tf from './tf.ts';

/**
 * The codes at `indices` (int32 [N]) from codebook [K,D], as [N,D].
 * Written as one-hot × codebook rather than gather, because TF.js cannot differentiate gather with
 * respect to its params when the indices are int32; the matmul sends each row's gradient to its code.
 */
export function lookupCodes(indices: tf.Tensor1D, codebook: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => tf.matMul(tf.cast(tf.oneHot(indices, codebook.shape[0]), 'float32'), codebook));
}
