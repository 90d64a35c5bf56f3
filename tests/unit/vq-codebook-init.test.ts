import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import { kMeansPlusPlusCodebook, uniformCodebook } from '../../src/lib/vq/index.ts';
import { mulberry32 } from '../../src/lib/data/random.ts';
import { describeOnBackends } from './tf-backends.ts';

describeOnBackends('codebook initialisation', () => {
  it('uniform codes lie in [−1/K, 1/K] and repeat for the same seed', () => {
    const a = uniformCodebook(8, 4, 7);
    const b = uniformCodebook(8, 4, 7);
    const values = Array.from(a.dataSync());
    expect(a.shape).toEqual([8, 4]);
    expect(Math.max(...values.map(Math.abs))).toBeLessThanOrEqual(1 / 8);
    expect(new Set(values).size).toBe(32);
    expect(Array.from(b.dataSync())).toEqual(values);
    tf.dispose([a, b]);
  });

  it('k-means++ puts one code in each of four tight, well-separated clusters', () => {
    const corners = [
      [0, 0],
      [10, 0],
      [0, 10],
      [10, 10],
    ];
    const random = mulberry32(3);
    const points = corners.flatMap(([x, y]) => Array.from({ length: 30 }, () => [x + random() * 0.1, y + random() * 0.1]));
    const z = tf.tensor2d(points);
    for (const seed of [1, 2, 3, 4, 5]) {
      const codes = kMeansPlusPlusCodebook(z, 4, seed).arraySync();
      const clusters = codes.map(([x, y]) => `${Math.round(x / 10)},${Math.round(y / 10)}`);
      expect(new Set(clusters).size, `seed ${seed}: ${clusters}`).toBe(4);
      // Every code is one of the data points.
      for (const code of codes) expect(points.some((p) => Math.fround(p[0]) === code[0] && Math.fround(p[1]) === code[1])).toBe(true);
    }
    z.dispose();
  });

  it('k-means++ refuses fewer outputs than codes, saying how many it needs', () => {
    const z = tf.zeros([3, 2]) as tf.Tensor2D;
    expect(() => kMeansPlusPlusCodebook(z, 4, 1)).toThrow('needs at least codebookSize = 4 encoder outputs, got 3');
    z.dispose();
  });
});
