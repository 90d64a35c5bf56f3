import * as tf from './tf.ts';
import { nearestCodeLookup } from './kernels/nearest-code-lookup.ts';

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
 * The two halves of ‖z − zq‖²'s mean. Each gives the side it does not train a zero gradient: zeros
 * made on the host (no kernel), so that sg[·] reads as it does in the paper, a zero derivative, and
 * tf.grads with respect to either side answers. Both halves have the same value, so it is computed
 * once; each backward pass is d·(±2/n·dy) with the saved difference d = zq − z.
 */
function splitLosses(z: tf.Tensor2D, zq: tf.Tensor2D): { codebookLoss: tf.Scalar; commitmentLoss: tf.Scalar } {
  const scale = 2 / z.size;
  // Recorded, but pruned from backprop: d reaches the losses only inside their forward passes.
  const difference = tf.sub(zq, z);
  const half = (value: () => tf.Scalar, sign: 1 | -1) =>
    tf.customGrad((...inputs) => {
      const save = inputs[2] as unknown as tf.GradSaveFunc;
      save([difference]);
      return {
        value: value(),
        gradFunc: (dy: tf.Tensor, [d]: tf.Tensor[]) => {
          const gradient = tf.mul(d!, tf.mul(dy, sign * scale));
          return sign > 0 ? [tf.zeros(z.shape), gradient] : [gradient, tf.zeros(zq.shape)];
        },
      };
    })(z, zq) as tf.Scalar;
  const codebookLoss = half(() => tf.mean(tf.square(difference)) as tf.Scalar, 1);
  const commitmentLoss = half(() => tf.clone(codebookLoss), -1);
  return { codebookLoss, commitmentLoss };
}

/**
 * Quantises z [N,D] against codebook [K,D] and returns both losses of the VQ-VAE objective.
 * The stop-gradients split ‖z − zq‖² so that each half moves only one side. The search and the lookup
 * are one fused kernel where the backend has it (see `nearestCodeLookup`); z gets no gradient from the
 * lookup, only from the commitment loss and the estimator the caller applies.
 */
export function vqLosses(z: tf.Tensor2D, codebook: tf.Tensor2D): VQLosses {
  return tf.tidy(() => {
    const { indices, zq } = nearestCodeLookup(z, codebook);
    return { indices, zq, ...splitLosses(z, zq) };
  });
}

/**
 * mean((prediction − target)²) over all elements for a constant target (data, such as the images a
 * reconstruction is scored against: it gets no gradient), as one op with a short backward pass: the
 * saved difference times 2/n·dy. Forward Sub, Square and Mean; backward two kernels, where
 * tf.mean(tf.squaredDifference(…)) takes seven (the mean's broadcast and division, then the squared
 * difference's own chain).
 */
export function meanSquaredError(prediction: tf.Tensor, target: tf.Tensor): tf.Scalar {
  if (!tf.util.arraysEqual(prediction.shape, target.shape)) throw new Error(`meanSquaredError: [${prediction.shape}] and [${target.shape}] differ`);
  const scale = 2 / prediction.size;
  return tf.customGrad((...inputs) => {
    const [a, save] = inputs as unknown as [tf.Tensor, tf.GradSaveFunc];
    const difference = tf.sub(a, target);
    save([difference]);
    return {
      value: tf.mean(tf.square(difference)) as tf.Scalar,
      gradFunc: (dy: tf.Tensor, [d]: tf.Tensor[]) => [tf.mul(d!, tf.mul(dy, scale))],
    };
  })(prediction) as tf.Scalar;
}
