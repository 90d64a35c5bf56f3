import * as tf from './tf.ts';

/**
 * Squared Euclidean distances between every row of z [N,D] and every code [K,D], as [N,K].
 * Uses ‖z‖² − 2 z·e + ‖e‖², so the work is one matmul instead of an [N,K,D] difference tensor.
 */
export function squaredDistances(z: tf.Tensor2D, codebook: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const zNorms = tf.sum(tf.square(z), 1, true); // [N,1]
    const codeNorms = tf.expandDims(tf.sum(tf.square(codebook), 1), 0); // [1,K]
    const cross = tf.matMul(z, codebook, false, true); // [N,K]
    return tf.add(tf.sub(zNorms, tf.mul(2, cross)), codeNorms) as tf.Tensor2D;
  });
}

// Built once. The search has no gradient (argmin is flat almost everywhere); as one custom op, its
// distance matmuls stay off the tape, so backprop does not compute their gradients only to drop them.
const searchWithoutGradient = tf.customGrad((...inputs) => {
  const [z, codebook] = inputs as [tf.Tensor2D, tf.Tensor2D];
  const [zShape, codebookShape] = [z.shape, codebook.shape];
  return {
    value: tf.cast(tf.argMin(squaredDistances(z, codebook), 1), 'int32'),
    gradFunc: () => [tf.zeros(zShape), tf.zeros(codebookShape)],
  };
});

/** Index of the nearest code for each row of z [N,D], as int32 [N]. Ties go to the lowest index. */
export function nearestCodes(z: tf.Tensor2D, codebook: tf.Tensor2D): tf.Tensor1D {
  if (z.rank !== 2 || codebook.rank !== 2) throw new Error(`nearestCodes expects z [N,D] and codebook [K,D], got [${z.shape}] and [${codebook.shape}]`);
  if (z.shape[1] !== codebook.shape[1]) {
    throw new Error(`nearestCodes: z has D=${z.shape[1]} but the codebook has D=${codebook.shape[1]}`);
  }
  return searchWithoutGradient(z, codebook) as tf.Tensor1D;
}
