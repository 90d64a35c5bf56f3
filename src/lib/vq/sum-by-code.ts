import * as tf from './tf.ts';

/**
 * For each of K codes, the sum of the rows of `values` [N,D] assigned to it by `indices` (int32 [N]),
 * as [K,D]: the codebook's gradient, and the EMA update's batch sums.
 *
 * It is onehotᵀ · values, written as (valuesᵀ · onehot)ᵀ: the wasm backend has no fast matmul with a
 * transposed left operand, and the two transposes touch only N·D and K·D numbers.
 */
export function sumByCode(values: tf.Tensor2D, indices: tf.Tensor1D, codebookSize: number): tf.Tensor2D {
  return tf.tidy(() => {
    const assignment = tf.cast(tf.oneHot(indices, codebookSize), 'float32'); // [N,K]
    return tf.transpose(tf.matMul(tf.transpose(values), assignment)) as tf.Tensor2D;
  });
}
