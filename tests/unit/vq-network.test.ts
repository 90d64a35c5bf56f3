import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import { applyNetwork, buildNetwork, disposeNetwork, networkPresets, parameterCount } from '../../src/lib/vq/index.ts';
import { describeOnBackends } from './tf-backends.ts';

describeOnBackends('networks built from layer lists', () => {
  it('R1 has exactly the Keras example’s parameter counts: encoder 19,856, decoder 28,033', () => {
    // Encoder: 3·3·1·32+32 = 320, 3·3·32·64+64 = 18,496, 1·1·64·16+16 = 1,040.
    // Decoder: 3·3·16·64+64 = 9,280, 3·3·64·32+32 = 18,464, 3·3·32·1+1 = 289.
    const encoder = buildNetwork(networkPresets.r1.encoder, 1, 16, 0);
    const decoder = buildNetwork(networkPresets.r1.decoder, 16, 16, 10);
    expect(parameterCount(encoder)).toBe(19_856);
    expect(parameterCount(decoder)).toBe(28_033);
    disposeNetwork([...encoder, ...decoder]);
  });

  for (const preset of ['r1', 'tiny'] as const) {
    it(`${preset}: the encoder maps 28×28×1 to a 7×7×D grid and the decoder maps it back, without leaks`, () => {
      const before = tf.memory().numTensors;
      const encoder = buildNetwork(networkPresets[preset].encoder, 1, 8, 0);
      const decoder = buildNetwork(networkPresets[preset].decoder, 8, 8, 10);
      const x = tf.randomUniform([2, 28, 28, 1], 0, 1, 'float32', 5) as tf.Tensor4D;
      const z = applyNetwork(encoder, x);
      const y = applyNetwork(decoder, z);
      expect(z.shape).toEqual([2, 7, 7, 8]);
      expect(y.shape).toEqual([2, 28, 28, 1]);
      tf.dispose([x, z, y]);
      disposeNetwork([...encoder, ...decoder]);
      expect(tf.memory().numTensors).toBe(before);
    });
  }

  it('kernels start Glorot-uniform and repeat for the same seed', () => {
    const a = buildNetwork(networkPresets.r1.encoder, 1, 16, 3);
    const b = buildNetwork(networkPresets.r1.encoder, 1, 16, 3);
    const first = Array.from(a[1].kernel.dataSync());
    const limit = Math.sqrt(6 / (9 * 32 + 9 * 64));
    expect(Math.max(...first.map(Math.abs))).toBeLessThanOrEqual(limit);
    expect(Math.max(...first.map(Math.abs))).toBeGreaterThan(0.9 * limit);
    expect(Array.from(b[1].kernel.dataSync())).toEqual(first);
    expect(Array.from(a[1].bias.dataSync())).toEqual(new Array(64).fill(0));
    disposeNetwork([...a, ...b]);
  });
});
