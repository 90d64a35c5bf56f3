import * as tf from '../tf.ts';
import { sumByCode } from '../sum-by-code.ts';
import { registerCpuKernels } from './cpu-kernels.ts';
import { hasKernel, SUM_BY_CODE } from './names.ts';

registerCpuKernels();

/**
 * For each of `numCodes` codes, the sum of the rows of `values` [N,D] whose `indices` (int32 [N]) name
 * it, as [K,D]: the codebook's gradient through a lookup. One kernel where the backend has the
 * project's (cpu, webgpu); elsewhere the one-hot matmul of `sumByCode` (five kernels).
 */
export function codeSums(values: tf.Tensor2D, indices: tf.Tensor1D, numCodes: number): tf.Tensor2D {
  if (!hasKernel(SUM_BY_CODE)) return sumByCode(values, indices, numCodes);
  return tf.engine().runKernel(SUM_BY_CODE, { values, indices }, { numCodes }) as tf.Tensor2D;
}
