import * as tf from '../tf.ts';

/**
 * The project's own kernels, for the quantiser and the conv layers. Each is registered per backend (plain JS on cpu, a
 * WGSL program on webgpu); where a backend has none (wasm, webgl), the ops compose stock kernels.
 *
 * - NearestCodeLookup: inputs z [N,D] and codebook [K,D]; outputs the nearest code's index, int32 [N]
 *   (ties to the lowest index), and that code, [N,D].
 * - SumByCode: inputs values [N,D] and indices int32 [N], attribute numCodes K; output [K,D], the sum
 *   of the rows assigned to each code (the codebook's gradient).
 * - BiasActivation: inputs x [B,H,W,C] and bias [C], attribute activation ('relu' or 'linear'); output
 *   activation(x + bias), one pass where the stock ops take Add then Relu.
 * - BiasActivationGrad: inputs dy and the layer's output y, both [B,H,W,C], attribute activation;
 *   outputs dy masked by the activation's derivative, and its sum per channel (the bias gradient),
 *   where the stock ops take Step, Multiply, and Sum's transpose and reduction.
 */
export const NEAREST_CODE_LOOKUP = 'VQNearestCodeLookup';
export const SUM_BY_CODE = 'VQSumByCode';
export const BIAS_ACTIVATION = 'VQBiasActivation';
export const BIAS_ACTIVATION_GRAD = 'VQBiasActivationGrad';

/** Whether the active backend has `kernelName` registered. */
export function hasKernel(kernelName: string): boolean {
  return tf.getKernel(kernelName, tf.getBackend()) !== undefined;
}

