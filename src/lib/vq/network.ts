import * as tf from './tf.ts';
import type { LayerSpec } from './presets.ts';
import { conv2dBiasActivation, conv2dTransposeBiasActivation } from './kernels/conv-layers.ts';
import { variableFrom } from './variables.ts';

/** The trainable tensors of one layer. */
export interface LayerParams {
  spec: LayerSpec;
  /** conv: [k,k,in,out]; convTranspose: [k,k,out,in], the layout tf.conv2dTranspose expects. */
  kernel: tf.Variable<tf.Rank.R4>;
  bias: tf.Variable<tf.Rank.R1>;
}

/**
 * Creates a network's variables from its layer list: kernels Glorot-uniform (the Keras default, so R1
 * starts as the Keras example does), biases zero. Each layer draws from its own seed, seed + index.
 */
export function buildNetwork(specs: LayerSpec[], inChannels: number, codeDim: number, seed: number): LayerParams[] {
  let channels = inChannels;
  return specs.map((spec, index) => {
    const filters = spec.filters === 'codeDim' ? codeDim : spec.filters;
    const fanIn = spec.kernel * spec.kernel * channels;
    const fanOut = spec.kernel * spec.kernel * filters;
    const limit = Math.sqrt(6 / (fanIn + fanOut));
    const shape: [number, number, number, number] =
      spec.kind === 'conv' ? [spec.kernel, spec.kernel, channels, filters] : [spec.kernel, spec.kernel, filters, channels];
    const kernel = variableFrom(tf.randomUniform(shape, -limit, limit, 'float32', seed + index) as tf.Tensor4D);
    const bias = variableFrom(tf.zeros([filters]) as tf.Tensor1D);
    channels = filters;
    return { spec, kernel, bias };
  });
}

/**
 * Runs x [B,H,W,C] through the layers. Call inside tf.tidy, or dispose the result. Each layer is one op
 * with its bias and activation, under training too (see kernels/conv-layers.ts): fewer GPU dispatches,
 * and on wasm XNNPACK applies the bias and ReLU while the outputs are still in registers.
 */
export function applyNetwork(layers: LayerParams[], x: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() =>
    layers.reduce((input, { spec, kernel, bias }) => {
      const padding = spec.padding ?? 'same';
      if (spec.kind === 'conv') return conv2dBiasActivation(input, kernel, bias, spec.stride, padding, spec.activation);
      const [batch, height, width] = input.shape;
      const grow = (size: number) => (spec.padding === 'valid' ? (size - 1) * spec.stride + spec.kernel : size * spec.stride);
      const outShape: [number, number, number, number] = [batch, grow(height), grow(width), kernel.shape[2]];
      return conv2dTransposeBiasActivation(input, kernel, bias, outShape, spec.stride, padding, spec.activation);
    }, x),
  );
}

/** How many numbers a network learns. */
export function parameterCount(layers: LayerParams[]): number {
  return layers.reduce((sum, { kernel, bias }) => sum + kernel.size + bias.size, 0);
}

/** A network's variables with stable checkpoint names: `<part>/<layer>/kernel` and `<part>/<layer>/bias`. */
export function namedLayers(part: string, layers: LayerParams[]): { name: string; variable: tf.Variable }[] {
  return layers.flatMap(({ kernel, bias }, i) => [
    { name: `${part}/${i}/kernel`, variable: kernel as tf.Variable },
    { name: `${part}/${i}/bias`, variable: bias as tf.Variable },
  ]);
}

/** Frees a network's variables. */
export function disposeNetwork(layers: LayerParams[]): void {
  for (const { kernel, bias } of layers) tf.dispose([kernel, bias]);
}
