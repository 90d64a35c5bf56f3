import * as tf from './tf.ts';
import { codeSums } from './kernels/code-sums.ts';

/**
 * The codes at `indices` from `codebook` as one op on the tape whose only input is the codebook: the
 * indices are closed over, not passed, so backprop never asks for their (zero) gradient, nor for the
 * gradient of the search that chose them. `rows`, when given, are those codes already gathered (by a
 * fused search); they are passed on as the op's value. The indices are saved for the backward pass,
 * since the caller may free its own copy before backprop runs.
 */
export function codesWithGradient(indices: tf.Tensor1D, codebook: tf.Tensor2D, rows?: tf.Tensor2D): tf.Tensor2D {
  const codebookSize = codebook.shape[0];
  const lookup = tf.customGrad((...inputs) => {
    const [codes, save] = inputs as unknown as [tf.Tensor2D, tf.GradSaveFunc];
    save([indices]);
    return {
      // A clone is a new tensor (sharing the data), so the fused kernel's own output stays off the tape.
      value: rows ? tf.clone(rows) : tf.gather(codes, indices),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => [codeSums(dy as tf.Tensor2D, saved[0] as tf.Tensor1D, codebookSize)],
    };
  });
  return lookup(codebook) as tf.Tensor2D;
}

/**
 * The codes at `indices` (int32 [N]) from codebook [K,D], as [N,D]. A gather forward; backward, each
 * row's gradient is added to its code (TF.js cannot differentiate gather with respect to its params
 * when the indices are int32, so the gradient is written out). The indices get no gradient.
 */
export function lookupCodes(indices: tf.Tensor1D, codebook: tf.Tensor2D): tf.Tensor2D {
  return codesWithGradient(indices, codebook);
}
