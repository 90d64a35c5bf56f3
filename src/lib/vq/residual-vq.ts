import * as tf from './tf.ts';
import { lookupCodes } from './lookup-codes.ts';
import { nearestCodes } from './nearest-codes.ts';

/** What residual quantisation returns. */
export type ResidualQuantisation = {
  /** For each stage, int32 [N]: the code chosen, or −1 where the stage left the residual alone. */
  indices: tf.Tensor1D[];
  /** [N,D]: the sum of every stage's chosen code. */
  zq: tf.Tensor2D;
  /** Mean squared error ‖z − zq‖² / (N·D) after each stage. */
  stageErrors: number[];
};

/**
 * Residual VQ (Zeghidour et al. 2021, SoundStream): each stage quantises what the stages before it
 * missed, z − (q₁ + … + qₛ₋₁), with its own codebook, and zq is the sum of the chosen codes.
 *
 * Where no code of a stage is closer to the residual than zero is, the stage adds nothing (index −1).
 * So the error never grows with more stages, which plain nearest-code choice would not promise.
 */
export function residualQuantise(z: tf.Tensor2D, codebooks: tf.Tensor2D[]): ResidualQuantisation {
  const indices: tf.Tensor1D[] = [];
  const stageErrors: number[] = [];
  let zq = tf.zerosLike(z) as tf.Tensor2D;
  for (const codebook of codebooks) {
    const next = tf.tidy(() => {
      const residual = tf.sub(z, zq) as tf.Tensor2D;
      const nearest = nearestCodes(residual, codebook);
      const code = lookupCodes(nearest, codebook);
      const better = tf.less(tf.sum(tf.squaredDifference(residual, code), 1), tf.sum(tf.square(residual), 1)); // [N]
      const chosen = tf.where(better, nearest, tf.fill(nearest.shape, -1, 'int32')) as tf.Tensor1D;
      const added = tf.mul(code, tf.expandDims(tf.cast(better, 'float32'), 1));
      return { chosen, sum: tf.add(zq, added) as tf.Tensor2D, error: tf.mean(tf.squaredDifference(z, tf.add(zq, added))) };
    });
    zq.dispose();
    zq = next.sum;
    indices.push(next.chosen);
    stageErrors.push(next.error.dataSync()[0]);
    next.error.dispose();
  }
  return { indices, zq, stageErrors };
}
