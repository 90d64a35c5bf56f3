import * as tf from '../tf.ts';
import { codesWithGradient } from '../lookup-codes.ts';
import { nearestCodes } from '../nearest-codes.ts';
import { registerCpuKernels } from './cpu-kernels.ts';
import { hasKernel, NEAREST_CODE_LOOKUP } from './names.ts';

registerCpuKernels();

// The kernel's outputs only ever reach the tape through `codesWithGradient`, which gives the codebook
// its gradient; a kernel node is then pruned from backprop. Should one ever be reached, the search is
// flat almost everywhere: zeros, as `nearestCodes` gives.
if (!tf.getGradient(NEAREST_CODE_LOOKUP)) {
  tf.registerGradient({
    kernelName: NEAREST_CODE_LOOKUP,
    gradFunc: (dy, _saved, attrs) => {
      const rows = (dy as tf.Tensor[])[1]!;
      const { numCodes } = attrs as { numCodes: number };
      return { z: () => tf.zerosLike(rows), codebook: () => tf.zeros([numCodes, rows.shape[1]!]) };
    },
  });
}

/**
 * The nearest code of codebook [K,D] to each row of z [N,D] (int32 [N], ties to the lowest index) and
 * the codes themselves, zq [N,D]. Where the backend has the project's kernel (cpu, webgpu) the search
 * and the lookup are one kernel; elsewhere `nearestCodes` then `lookupCodes`, with the same results.
 * zq's gradient reaches the codebook (each row's added to its code); z gets none: the estimator that
 * carries the decoder's gradient to z is applied by the caller.
 */
export function nearestCodeLookup(z: tf.Tensor2D, codebook: tf.Tensor2D): { indices: tf.Tensor1D; zq: tf.Tensor2D } {
  if (z.rank !== 2 || codebook.rank !== 2 || z.shape[1] !== codebook.shape[1]) {
    throw new Error(`nearestCodeLookup expects z [N,D] and codebook [K,D] with the same D, got [${z.shape}] and [${codebook.shape}]`);
  }
  return tf.tidy(() => {
    if (!hasKernel(NEAREST_CODE_LOOKUP) || z.dtype !== 'float32' || codebook.dtype !== 'float32') {
      const indices = nearestCodes(z, codebook);
      return { indices, zq: codesWithGradient(indices, codebook) };
    }
    const [indices, rows] = tf.engine().runKernel(NEAREST_CODE_LOOKUP, { z, codebook }, { numCodes: codebook.shape[0] }) as [tf.Tensor1D, tf.Tensor2D];
    return { indices, zq: codesWithGradient(indices, codebook, rows) };
  });
}
