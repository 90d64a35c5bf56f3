/**
 * Convolution layers with their bias and activation, fused under training as well as inference.
 *
 * `tf.fused.conv2d` fuses only when no gradient is being recorded or the activation is linear, so a
 * ReLU layer in a training step costs Conv2D, Add and Relu forward, and Step, Cast, Multiply and the
 * reshapes of two broadcast gradients backward. Here the FusedConv2D kernel runs on the tape directly,
 * with a gradient registered for it: ReLU's mask from the saved output, the bias gradient as one sum,
 * and the input and filter gradients as the backend's conv kernels, each computed only if backprop
 * needs it (a first layer's input gradient is never asked for).
 *
 * No backend has a fused transposed convolution, so the transposed layer is Conv2DBackpropInput, then
 * the project's bias-and-activation kernel where the backend has it (one dispatch for Add and Relu,
 * one kernel for their gradients), else Add and Relu in one custom op with its backward written out.
 */
import * as tf from '../tf.ts';
import { biasActivation, biasActivationGradient, biasActivationIsFused, type Activation } from './bias-activation.ts';

type Pad = 'same' | 'valid';
type FusedAttrs = { strides: number | [number, number]; pad: Pad; dataFormat: string; dilations: number | [number, number]; activation: Activation; dimRoundingMode?: string };

/** The filter gradient of a convolution from x to dy (the backend's Conv2DBackpropFilter). */
function filterGradient(x: tf.Tensor, dy: tf.Tensor, filterShape: number[], strides: FusedAttrs['strides'], pad: Pad): tf.Tensor4D {
  return tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, { strides, pad, dataFormat: 'NHWC', filterShape }) as tf.Tensor4D;
}

let ownsFusedGradient = false;

/** Registers the FusedConv2D gradient, unless something else already has (then the stock op is used). */
function registerFusedConvGradient(): void {
  if (tf.getGradient('FusedConv2D')) return;
  ownsFusedGradient = true;
  tf.registerGradient({
    kernelName: 'FusedConv2D',
    inputsToSave: ['x', 'filter'],
    outputsToSave: [true],
    gradFunc: (dy, saved, attrs) => {
      const [x, filter, y] = saved as [tf.Tensor4D, tf.Tensor4D, tf.Tensor4D];
      const { strides, pad, dataFormat, dilations, activation } = attrs as unknown as FusedAttrs;
      const unitDilation = dilations === 1 || (Array.isArray(dilations) && dilations.every((d) => d === 1));
      if (dataFormat !== 'NHWC' || !unitDilation || (activation !== 'relu' && activation !== 'linear')) {
        throw new Error(`FusedConv2D's gradient here supports NHWC, no dilation and relu or linear, got ${dataFormat}, ${dilations}, ${activation}`);
      }
      // Computed once for all three gradients; backprop's tidy frees it when the backward pass ends.
      const [dyActivation, biasGradient] = biasActivationGradient(dy as tf.Tensor, y, activation);
      return {
        x: () => tf.conv2dTranspose(dyActivation, filter, x.shape, strides, pad),
        filter: () => filterGradient(x, dyActivation, filter.shape, strides, pad),
        bias: () => biasGradient,
      };
    },
  });
}
registerFusedConvGradient();

/**
 * conv2d(x, filter) + bias, then the activation, as one FusedConv2D kernel whether or not a gradient is
 * being recorded. x [B,H,W,C] (NHWC), filter [k,k,C,F], bias [F].
 */
export function conv2dBiasActivation(x: tf.Tensor4D, filter: tf.Tensor4D, bias: tf.Tensor1D, strides: number, pad: Pad, activation: Activation): tf.Tensor4D {
  if (!ownsFusedGradient) return tf.fused.conv2d({ x, filter, strides, pad, bias, activation });
  if (x.shape[3] !== filter.shape[2]) throw new Error(`conv2dBiasActivation: x has ${x.shape[3]} channels, the filter expects ${filter.shape[2]}`);
  const attrs = { strides, pad, dataFormat: 'NHWC', dilations: [1, 1], activation };
  return tf.engine().runKernel('FusedConv2D', { x, filter, bias }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor4D;
}

/**
 * conv2dTranspose(x, filter) to `outShape`, + bias, then the activation. Where the backend has the
 * project's bias-activation kernel (cpu, webgpu), the stock transposed convolution then that kernel,
 * each with its gradient; elsewhere one op with the whole gradient written out. x [B,h,w,C], filter
 * [k,k,F,C] (tf.conv2dTranspose's layout), bias [F].
 */
export function conv2dTransposeBiasActivation(
  x: tf.Tensor4D,
  filter: tf.Tensor4D,
  bias: tf.Tensor1D,
  outShape: [number, number, number, number],
  strides: number,
  pad: Pad,
  activation: Activation,
): tf.Tensor4D {
  if (biasActivationIsFused()) return biasActivation(tf.conv2dTranspose(x, filter, outShape, strides, pad), bias, activation);
  const layer = tf.customGrad((...inputs) => {
    const [input, weights, offset, save] = inputs as unknown as [tf.Tensor4D, tf.Tensor4D, tf.Tensor1D, tf.GradSaveFunc];
    const sum = tf.add(tf.conv2dTranspose(input, weights, outShape, strides, pad), offset) as tf.Tensor4D;
    const y = activation === 'relu' ? tf.relu(sum) : sum;
    save(activation === 'relu' ? [input, weights, y] : [input, weights]);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [savedInput, savedWeights, savedY] = saved as [tf.Tensor4D, tf.Tensor4D, tf.Tensor4D | undefined];
        const [dyActivation, biasGradient] = biasActivationGradient(dy, savedY ?? dy, activation);
        return [
          // A transposed convolution's input gradient is the forward convolution of dy.
          tf.conv2d(dyActivation, savedWeights, strides, pad),
          filterGradient(dyActivation, savedInput, savedWeights.shape, strides, pad),
          biasGradient,
        ];
      },
    };
  });
  return layer(x, filter, bias) as tf.Tensor4D;
}
