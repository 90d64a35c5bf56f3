import * as tf from './tf.ts';
import { sumByCode } from './sum-by-code.ts';

// Built once: customGrad records the lookup as one op on the tape, with its own backward pass.
// The indices are saved for the backward pass: the caller may free its own copy before backprop runs.
const lookupWithGradient = tf.customGrad((...inputs) => {
  const [indices, codebook, save] = inputs as unknown as [tf.Tensor1D, tf.Tensor2D, tf.GradSaveFunc];
  const [count, codebookSize] = [indices.shape[0], codebook.shape[0]];
  save([indices]);
  return {
    value: tf.gather(codebook, indices),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => [tf.zeros([count]), sumByCode(dy as tf.Tensor2D, saved[0] as tf.Tensor1D, codebookSize)],
  };
});

/**
 * The codes at `indices` (int32 [N]) from codebook [K,D], as [N,D]. A gather forward; backward, each
 * row's gradient is added to its code (TF.js cannot differentiate gather with respect to its params
 * when the indices are int32, so the gradient is written out). The indices get no gradient.
 */
export function lookupCodes(indices: tf.Tensor1D, codebook: tf.Tensor2D): tf.Tensor2D {
  return lookupWithGradient(indices, codebook) as tf.Tensor2D;
}
