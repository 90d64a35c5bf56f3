import * as tf from './tf.ts';
import { lookupCodes } from './lookup-codes.ts';
import { nearestCodes } from './nearest-codes.ts';
import { stopGradient } from './stop-gradient.ts';

/** The quantiser's outputs: chosen codes, the quantised vectors, and the two auxiliary losses. */
// A type alias rather than an interface, so it counts as a TensorContainer for tf.tidy and tf.dispose.
export type VQLosses = {
  /** int32 [N]: the nearest code for each row of z. */
  indices: tf.Tensor1D;
  /** [N,D]: the chosen codes. Gradient reaches the codebook through it. */
  zq: tf.Tensor2D;
  /** mean ‖sg[z] − zq‖² over all N·D elements: trains the codebook only. */
  codebookLoss: tf.Scalar;
  /** mean ‖z − sg[zq]‖² over all N·D elements, not multiplied by β: trains the encoder only. */
  commitmentLoss: tf.Scalar;
};

/**
 * Quantises z [N,D] against codebook [K,D] and returns both losses of the VQ-VAE objective.
 * The stop-gradients split ‖z − zq‖² so that each half moves only one side.
 */
export function vqLosses(z: tf.Tensor2D, codebook: tf.Tensor2D): VQLosses {
  return tf.tidy(() => {
    const indices = nearestCodes(z, codebook);
    const zq = lookupCodes(indices, codebook);
    const codebookLoss = tf.mean(tf.squaredDifference(stopGradient(z), zq)) as tf.Scalar;
    const commitmentLoss = tf.mean(tf.squaredDifference(z, stopGradient(zq))) as tf.Scalar;
    return { indices, zq, codebookLoss, commitmentLoss };
  });
}
