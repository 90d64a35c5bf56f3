import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { fsq, fsqGrid, fsqSquash } from '../../src/lib/vq/fsq.ts';
import { VQVAE } from '../../src/lib/vq/index.ts';
import { expectClose } from './tf-backends.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Index of the grid row nearest to each point, by squared distance. */
function nearestRows(points: Float32Array, grid: Float32Array, dim: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < points.length / dim; i++) {
    let [best, bestDistance] = [-1, Infinity];
    for (let k = 0; k < grid.length / dim; k++) {
      let distance = 0;
      for (let d = 0; d < dim; d++) distance += (points[i * dim + d] - grid[k * dim + d]) ** 2;
      if (distance < bestDistance) [best, bestDistance] = [k, distance];
    }
    out.push(best);
  }
  return out;
}

describe('fsqSquash', () => {
  it('gives the values FSQ rounds, on the codes’ scale: each row’s code is its nearest grid point', () => {
    tf.tidy(() => {
      const levels = [8, 5];
      const z = tf.mul(tf.randomNormal([500, 2], 0, 1, 'float32', 3), 2) as tf.Tensor2D;
      const squashed = fsqSquash(z, levels).dataSync() as Float32Array;
      const { zq, indices } = fsq(z, levels);
      // L = 8: ±3.5 − ½ over ⌊8/2⌋ = 4 is (−1, 0.75); L = 5: ±2 over 2 is (−1, 1).
      for (let i = 0; i < 500; i++) {
        expect(squashed[2 * i]).toBeGreaterThanOrEqual(-1);
        expect(squashed[2 * i]).toBeLessThanOrEqual(0.75);
        expect(Math.abs(squashed[2 * i + 1])).toBeLessThanOrEqual(1);
      }
      // Rounding on the level scale is the nearest grid point on the codes' scale.
      const grid = fsqGrid(levels).dataSync() as Float32Array;
      expect(nearestRows(squashed, grid, 2)).toEqual(Array.from(indices.dataSync()));
      const scaled = squashed.map((v, i) => Math.round(v * (i % 2 === 0 ? 4 : 2)) / (i % 2 === 0 ? 4 : 2));
      expectClose(zq.dataSync(), scaled, 1e-6);
      expect(() => fsqSquash(z, [8])).toThrow('fsq: 1 levels for 2 dimensions');
    });
  });

  it('is what an FSQ model’s latents are, so they sit over its grid (its codebook)', () => {
    const model = VQVAE.create({ preset: 'tiny', fsq: [8, 8] });
    const before = tf.memory().numTensors;
    const x = tf.fill([2, 28, 28, 1], 0.3) as tf.Tensor4D;
    const latents = model.latents(x);
    const codes = model.encode(x);
    expect(latents.shape).toEqual([98, 2]);
    const values = latents.dataSync() as Float32Array;
    for (const v of values) expect(v >= -1 && v <= 0.75).toBe(true);
    expect(nearestRows(values, model.codebook.dataSync() as Float32Array, 2)).toEqual(Array.from(codes.dataSync()));
    tf.dispose([x, latents, codes]);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });
});
