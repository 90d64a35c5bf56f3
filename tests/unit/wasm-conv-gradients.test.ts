import * as tf from '../../src/lib/vq/tf.ts';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { describe, expect, it } from 'vitest';
import { applyNetwork, buildNetwork, networkPresets } from '../../src/lib/vq/index.ts';
import { registerWasmTrainingKernels } from '../../src/lib/vq/wasm-conv-gradients.ts';

/** max |a − b| / max |b|: relative to the gradient's scale, so tiny entries do not dominate. */
function relativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  let scale = 0;
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    scale = Math.max(scale, Math.abs(expected[i]));
    worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
  }
  return worst / scale;
}

type Conv = { input: [number, number, number, number]; filter: [number, number, number, number]; stride: number; pad: 'same' | 'valid'; transpose: boolean };

/** y, dL/dx and dL/dW of a weighted sum of one convolution's outputs, on `backend`. */
async function convGradients(backend: string, { input, filter, stride, pad, transpose }: Conv) {
  await tf.setBackend(backend);
  return tf.tidy(() => {
    const x = tf.randomNormal(input, 0, 1, 'float32', 1) as tf.Tensor4D;
    const w = tf.randomNormal(filter, 0, 1, 'float32', 2) as tf.Tensor4D;
    const apply = (x: tf.Tensor4D, w: tf.Tensor4D) =>
      transpose
        ? tf.conv2dTranspose(x, w, [input[0], input[1] * stride, input[2] * stride, filter[2]], stride, pad)
        : tf.conv2d(x, w, stride, pad);
    const y = apply(x, w);
    // Weights that differ per output element, so every position's gradient is distinct.
    const weights = tf.sin(tf.reshape(tf.range(0, y.size), y.shape));
    const [dx, dw] = tf.grads((x: tf.Tensor, w: tf.Tensor) => tf.sum(tf.mul(apply(x as tf.Tensor4D, w as tf.Tensor4D), weights)))([x, w]);
    return [y, dx, dw].map((t) => t.dataSync().slice());
  });
}

describe('wasm training kernels', () => {
  it('are needed: stock wasm cannot take a conv filter gradient', async () => {
    await tf.setBackend('wasm');
    const x = tf.ones([1, 4, 4, 1]) as tf.Tensor4D;
    const w = tf.ones([3, 3, 1, 1]) as tf.Tensor4D;
    expect(() => tf.grads((w: tf.Tensor) => tf.sum(tf.conv2d(x, w as tf.Tensor4D, 1, 'same')))([w])).toThrow(/Conv2DBackpropFilter.*not registered for backend 'wasm'/);
    tf.dispose([x, w]);
    registerWasmTrainingKernels();
    registerWasmTrainingKernels(); // twice is harmless
  });

  const cases: Conv[] = [
    { input: [2, 28, 28, 1], filter: [3, 3, 1, 4], stride: 2, pad: 'same', transpose: false },
    { input: [2, 14, 14, 3], filter: [3, 3, 3, 5], stride: 2, pad: 'same', transpose: false },
    { input: [2, 7, 7, 6], filter: [1, 1, 6, 4], stride: 1, pad: 'same', transpose: false },
    { input: [2, 9, 9, 3], filter: [3, 3, 3, 2], stride: 1, pad: 'same', transpose: false },
    { input: [2, 9, 9, 3], filter: [3, 3, 3, 2], stride: 2, pad: 'valid', transpose: false },
    { input: [2, 10, 10, 3], filter: [5, 5, 3, 2], stride: 2, pad: 'same', transpose: false },
    { input: [2, 9, 9, 1], filter: [3, 3, 1, 3], stride: 1, pad: 'same', transpose: false },
    { input: [2, 9, 9, 1], filter: [3, 3, 1, 3], stride: 1, pad: 'valid', transpose: false },
    { input: [2, 7, 7, 4], filter: [3, 3, 5, 4], stride: 2, pad: 'same', transpose: true },
    { input: [2, 14, 14, 4], filter: [3, 3, 3, 4], stride: 2, pad: 'same', transpose: true },
    { input: [2, 28, 28, 4], filter: [3, 3, 1, 4], stride: 1, pad: 'same', transpose: true },
  ];
  for (const conv of cases) {
    const name = `${conv.transpose ? 'conv2dTranspose' : 'conv2d'} ${conv.input.join('×')} * ${conv.filter.join('×')}, stride ${conv.stride}, ${conv.pad}`;
    it(`agree with cpu within 1e-4 relative: ${name}`, async () => {
      registerWasmTrainingKernels();
      const expected = await convGradients('cpu', conv);
      const actual = await convGradients('wasm', conv);
      for (let i = 0; i < 3; i++) expect(relativeError(actual[i], expected[i])).toBeLessThan(1e-4);
    });
  }

  for (const preset of ['r1', 'tiny'] as const) {
    it(`give the ${preset} networks the cpu backend's gradients within 1e-4 relative, without leaking`, async () => {
      registerWasmTrainingKernels();
      const gradients = async (backend: string) => {
        await tf.setBackend(backend);
        const { encoder, decoder } = networkPresets[preset];
        const layers = [...buildNetwork(encoder, 1, 8, 7), ...buildNetwork(decoder, 8, 8, 8)];
        const x = tf.randomUniform([3, 28, 28, 1], 0, 1, 'float32', 3) as tf.Tensor4D;
        const loss = () => tf.mean(tf.squaredDifference(applyNetwork(layers.slice(3), applyNetwork(layers.slice(0, 3), x)), x)) as tf.Scalar;
        const before = tf.memory().numTensors;
        for (let i = 0; i < 3; i++) {
          const { value, grads } = tf.variableGrads(loss);
          tf.dispose([value, grads]);
        }
        expect(tf.memory().numTensors).toBe(before);
        const { value, grads } = tf.variableGrads(loss);
        const values = layers.flatMap(({ kernel, bias }) => [grads[kernel.name].dataSync().slice(), grads[bias.name].dataSync().slice()]);
        tf.dispose([x, value, grads, ...layers.flatMap(({ kernel, bias }) => [kernel, bias])]);
        return values;
      };
      const expected = await gradients('cpu');
      const actual = await gradients('wasm');
      expect(actual).toHaveLength(12);
      actual.forEach((gradient, i) => expect(relativeError(gradient, expected[i]), `variable ${i}`).toBeLessThan(1e-4));
    });
  }
});
