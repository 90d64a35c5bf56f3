import * as tf from '@tensorflow/tfjs-core';
import type { MatmulTiming } from './protocol.ts';
import { mulberry32 } from '../data/random.ts';

/** Deterministic values in [-1, 1) so every run multiplies the same matrices. */
function seededMatrix(size: number, seed: number): Float32Array {
  const random = mulberry32(seed);
  return Float32Array.from({ length: size * size }, () => 2 * random() - 1);
}

function referenceMatmul(a: Float32Array, b: Float32Array, size: number): Float64Array {
  const out = new Float64Array(size * size);
  for (let i = 0; i < size; i++) {
    for (let k = 0; k < size; k++) {
      const aik = a[i * size + k];
      for (let j = 0; j < size; j++) out[i * size + j] += aik * b[k * size + j];
    }
  }
  return out;
}

/**
 * Times a size×size matmul on the current backend and checks its answer against plain JavaScript.
 * The first multiply compiles shaders, so it is run once untimed.
 */
export async function benchmarkMatmul(size = 256, repeats = 5): Promise<MatmulTiming> {
  const aValues = seededMatrix(size, 1);
  const bValues = seededMatrix(size, 2);
  const a = tf.tensor2d(aValues, [size, size]);
  const b = tf.tensor2d(bValues, [size, size]);
  try {
    const first = tf.matMul(a, b);
    const result = (await first.data()) as Float32Array;
    first.dispose();
    const expected = referenceMatmul(aValues, bValues, size);
    let maxAbsError = 0;
    for (let i = 0; i < expected.length; i++) maxAbsError = Math.max(maxAbsError, Math.abs(result[i] - expected[i]));

    const times: number[] = [];
    for (let r = 0; r < repeats; r++) {
      const start = performance.now();
      const product = tf.matMul(a, b);
      await product.data();
      times.push(performance.now() - start);
      product.dispose();
    }
    times.sort((x, y) => x - y);
    const milliseconds = times[Math.floor(times.length / 2)];
    return { size, milliseconds, gflops: (2 * size ** 3) / (milliseconds * 1e6), maxAbsError };
  } finally {
    a.dispose();
    b.dispose();
  }
}
