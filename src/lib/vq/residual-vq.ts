import * as tf from './tf.ts';
import { nearestCodeLookup } from './kernels/nearest-code-lookup.ts';
import { stopGradient } from './stop-gradient.ts';
import { vqLosses } from './vq-losses.ts';

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
      const { indices: nearest, zq: code } = nearestCodeLookup(residual, codebook);
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

/** What `residualVqLosses` returns: the VQ-VAE objective's terms for a stack of residual codebooks. */
export type ResidualVQLosses = {
  /** For each stage, int32 [N]: the nearest code to what the stages before it left. */
  stageIndices: tf.Tensor1D[];
  /** [N,D]: the sum of every stage's chosen code; gradient reaches each codebook through it. */
  zq: tf.Tensor2D;
  /** Σ over stages of mean ‖sg[rₛ] − qₛ‖², where rₛ is the residual stage s quantises. */
  codebookLoss: tf.Scalar;
  /** mean ‖z − sg[zq]‖²: the encoder commits to the sum, not to any one stage. */
  commitmentLoss: tf.Scalar;
};

/**
 * Residual VQ as a VQ-VAE trains it: stage s takes the nearest code to rₛ = z − (q₁ + … + qₛ₋₁), and
 * each codebook is pulled toward the residuals it was given, as one codebook is pulled toward z.
 * Unlike `residualQuantise`, every stage always picks a code, so each stage's indices form a complete
 * code grid that a prior or a decoder can use.
 */
export function residualVqLosses(z: tf.Tensor2D, codebooks: tf.Tensor2D[]): ResidualVQLosses {
  return tf.tidy(() => {
    const stageIndices: tf.Tensor1D[] = [];
    let residual = z;
    let zq: tf.Tensor2D | null = null;
    let codebookLoss: tf.Scalar | null = null;
    for (const codebook of codebooks) {
      const stage = vqLosses(residual, codebook);
      stageIndices.push(stage.indices);
      zq = zq ? (tf.add(zq, stage.zq) as tf.Tensor2D) : stage.zq;
      codebookLoss = codebookLoss ? (tf.add(codebookLoss, stage.codebookLoss) as tf.Scalar) : stage.codebookLoss;
      // vqLosses stops the gradient at its input, so the next stage's loss cannot pull this stage's codes.
      residual = tf.sub(residual, stage.zq) as tf.Tensor2D;
    }
    if (!zq || !codebookLoss) throw new RangeError('residualVqLosses needs at least one codebook');
    const commitmentLoss = tf.mean(tf.squaredDifference(z, stopGradient(zq))) as tf.Scalar;
    return { stageIndices, zq, codebookLoss, commitmentLoss };
  });
}
