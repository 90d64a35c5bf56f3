import * as tf from '../tf.ts';
import { registerCpuKernels } from './cpu-kernels.ts';
import { BIAS_ACTIVATION, BIAS_ACTIVATION_GRAD, hasKernel } from './names.ts';

registerCpuKernels();

/** The activations a layer of the model has. */
export type Activation = 'linear' | 'relu';

/**
 * The gradients of a layer y = activation(… + bias) of NHWC tensors, from dy and y: dy masked by the
 * activation's derivative (ReLU's: where y is positive), and that summed over batch, rows and columns,
 * the bias gradient. One kernel where the backend has the project's (cpu, webgpu); else Step,
 * Multiply and Sum.
 */
export function biasActivationGradient(dy: tf.Tensor, y: tf.Tensor, activation: Activation): [tf.Tensor4D, tf.Tensor1D] {
  if (hasKernel(BIAS_ACTIVATION_GRAD)) return tf.engine().runKernel(BIAS_ACTIVATION_GRAD, { dy, y }, { activation }) as [tf.Tensor4D, tf.Tensor1D];
  const masked = activation === 'relu' ? tf.mul(dy, tf.step(y)) : dy;
  return [masked as tf.Tensor4D, tf.sum(masked, [0, 1, 2]) as tf.Tensor1D];
}

if (!tf.getGradient(BIAS_ACTIVATION)) {
  tf.registerGradient({
    kernelName: BIAS_ACTIVATION,
    outputsToSave: [true],
    gradFunc: (dy, [y], attrs) => {
      const [masked, biasGradient] = biasActivationGradient(dy as tf.Tensor, y!, (attrs as unknown as { activation: Activation }).activation);
      return { x: () => masked, bias: () => biasGradient };
    },
  });
}

/** Whether `biasActivation` runs as one kernel on the active backend (else it is Add, then Relu). */
export const biasActivationIsFused = () => hasKernel(BIAS_ACTIVATION);

/** activation(x + bias) for x [B,H,W,C] and bias [C]: one kernel, with its gradient, where the backend has it. */
export function biasActivation(x: tf.Tensor4D, bias: tf.Tensor1D, activation: Activation): tf.Tensor4D {
  if (!biasActivationIsFused()) {
    const sum = tf.add(x, bias) as tf.Tensor4D;
    return activation === 'relu' ? tf.relu(sum) : sum;
  }
  return tf.engine().runKernel(BIAS_ACTIVATION, { x, bias }, { activation }) as tf.Tensor4D;
}
