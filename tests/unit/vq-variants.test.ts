import * as tf from '../../src/lib/vq/tf.ts';
import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import { fsq, l2Normalize, nearestCodes, nearestCodesCosine, residualQuantise, residualVqLosses, rotationTrick, simvqCodebook } from '../../src/lib/vq/index.ts';
import { describeOnBackends, expectClose } from './tf-backends.ts';

describeOnBackends('quantiser variants', () => {
  it('cosine lookup picks the Euclidean code on l2-normalised vectors, and ignores length otherwise', () => {
    tf.tidy(() => {
      const z = l2Normalize(tf.randomNormal([200, 6], 0, 1, 'float32', 1) as tf.Tensor2D);
      const codebook = l2Normalize(tf.randomNormal([32, 6], 0, 1, 'float32', 2) as tf.Tensor2D);
      expect(Array.from(nearestCodesCosine(z, codebook).dataSync())).toEqual(Array.from(nearestCodes(z, codebook).dataSync()));
      // Scaling codes changes the Euclidean choice but not the cosine one.
      const scaled = tf.mul(codebook, tf.expandDims(tf.linspace(0.1, 5, 32), 1)) as tf.Tensor2D;
      expect(Array.from(nearestCodesCosine(z, scaled).dataSync())).toEqual(Array.from(nearestCodes(z, codebook).dataSync()));
      expect(Array.from(nearestCodes(z, scaled).dataSync())).not.toEqual(Array.from(nearestCodes(z, codebook).dataSync()));
    });
  });

  it('residual VQ error does not increase with stages, and falls on random data', () => {
    const z = tf.randomNormal([300, 4], 0, 1, 'float32', 3) as tf.Tensor2D;
    const codebooks = [1, 2, 3, 4, 5, 6].map((s) => tf.randomNormal([16, 4], 0, 1 / s, 'float32', 10 + s) as tf.Tensor2D);
    const { indices, zq, stageErrors } = residualQuantise(z, codebooks);
    for (let s = 1; s < stageErrors.length; s++) expect(stageErrors[s]).toBeLessThanOrEqual(stageErrors[s - 1]);
    expect(stageErrors.at(-1)!).toBeLessThan(0.5 * tf.mean(tf.square(z)).dataSync()[0]);
    expectClose(tf.mean(tf.squaredDifference(z, zq)).dataSync(), [stageErrors.at(-1)!], 1e-6);
    tf.dispose([z, zq, ...codebooks, ...indices]);
  });

  it('residual VQ losses for training match a hand-worked two-stage example, gradients included', () => {
    // z = (1, 0). Stage 1 picks (0.8, 0), leaving (0.2, 0); stage 2 picks (0.25, 0) over (−0.5, 0),
    // leaving (−0.05, 0). Means are over N·D = 2 elements.
    const z = tf.tensor2d([[1, 0]]);
    const first = tf.tensor2d([[0.8, 0], [0, 5]]);
    const second = tf.tensor2d([[0.25, 0], [-0.5, 0]]);
    const { stageIndices, zq, codebookLoss, commitmentLoss } = residualVqLosses(z, [first, second]);
    expect(stageIndices.map((i) => Array.from(i.dataSync()))).toEqual([[0], [0]]);
    expectClose(zq.dataSync(), [1.05, 0], 1e-6);
    // (0.2² / 2) + (0.05² / 2) for the codebooks; the encoder commits to the sum: 0.05² / 2.
    expectClose(codebookLoss.dataSync(), [0.02 + 0.00125], 1e-6);
    expectClose(commitmentLoss.dataSync(), [0.00125], 1e-6);
    // d/dc of (c − r)² / 2 is c − r: −0.2 for stage 1's chosen code, 0.05 for stage 2's, 0 for the others.
    const grads = tf.grads((a: tf.Tensor, b: tf.Tensor) => residualVqLosses(z, [a as tf.Tensor2D, b as tf.Tensor2D]).codebookLoss)([first, second]);
    expectClose(grads[0].dataSync(), [-0.2, 0, 0, 0], 1e-6);
    expectClose(grads[1].dataSync(), [0.05, 0, 0, 0], 1e-6);
    tf.dispose([z, first, second, zq, codebookLoss, commitmentLoss, ...stageIndices, ...grads]);
  });

  it('SimVQ: the frozen basis gets no gradient, the linear map does', () => {
    tf.tidy(() => {
      const basis = tf.randomNormal([8, 3], 0, 1, 'float32', 4) as tf.Tensor2D;
      const projection = tf.randomNormal([3, 3], 0, 1, 'float32', 5) as tf.Tensor2D;
      const [dBasis, dProjection] = tf.grads((b: tf.Tensor, p: tf.Tensor) => tf.sum(tf.square(simvqCodebook(b as tf.Tensor2D, p as tf.Tensor2D))))([basis, projection]);
      expect(Array.from(dBasis.dataSync()).every((v) => v === 0)).toBe(true);
      expect(Array.from(dProjection.dataSync()).some((v) => v !== 0)).toBe(true);
    });
  });

  it('the rotation trick returns zq forward, and rotates the gradient as worked out by hand', () => {
    tf.tidy(() => {
      // z = (1, 0), zq = (0, 2): e = (1, 0), r = (0, 1), u = (1, 1)/√2, scale ‖zq‖/‖z‖ = 2.
      // Rᵀ = I − 2uuᵀ + 2erᵀ. For dy = (1, 0): Rᵀdy = (1,0) − (1,1) + 0 = (0, −1), times 2 → (0, −2).
      // For dy = (0, 1): Rᵀdy = (0,1) − (1,1) + (2,0) = (1, 0), times 2 → (2, 0): zq's direction maps back to z's.
      const z = tf.tensor2d([[1, 0], [1, 0]]);
      const zq = tf.tensor2d([[0, 2], [0, 2]]);
      expectClose(rotationTrick(z, zq).dataSync(), zq.dataSync(), 0);
      const upstream = tf.tensor2d([[1, 0], [0, 1]]);
      const [dz, dzq] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(rotationTrick(a as tf.Tensor2D, b as tf.Tensor2D), upstream)))([z, zq]);
      expectClose(dz.dataSync(), [0, -2, 2, 0], 1e-6);
      expectClose(dzq.dataSync(), [0, 0, 0, 0], 0);
    });
  });

  it('the rotation trick keeps the angle: ∠(∇z, z) equals ∠(∇zq, zq), and the STE does not', () => {
    tf.tidy(() => {
      // R z̄ = z̄q and R is orthogonal, so (Rᵀg)·z = g·(Rz) = g·zq·‖z‖/‖zq‖: the two cosines agree.
      const z = tf.randomNormal([64, 8], 0, 1, 'float32', 11) as tf.Tensor2D;
      const zq = tf.randomNormal([64, 8], 0, 1, 'float32', 12) as tf.Tensor2D;
      const upstream = tf.randomNormal([64, 8], 0, 1, 'float32', 13);
      const cosines = (a: tf.Tensor, b: tf.Tensor) => tf.div(tf.sum(tf.mul(a, b), 1), tf.mul(tf.norm(a, 'euclidean', 1), tf.norm(b, 'euclidean', 1)));
      const dz = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(rotationTrick(a as tf.Tensor2D, zq), upstream)))(z);
      expectClose(cosines(dz, z).dataSync(), cosines(upstream, zq).dataSync(), 1e-4);
      // The straight-through copy gives ∇z = ∇zq, whose angle to z is unrelated to its angle to zq.
      const gap = tf.max(tf.abs(tf.sub(cosines(upstream, z), cosines(upstream, zq)))).dataSync()[0]!;
      expect(gap).toBeGreaterThan(0.3);
    });
  });

  it('FSQ rounds each dimension to its stated number of levels, in [−1, 1]', () => {
    tf.tidy(() => {
      const levels = [5, 4, 3];
      const z = tf.mul(tf.randomNormal([2000, 3], 0, 1, 'float32', 6), 3) as tf.Tensor2D;
      const { zq, indices } = fsq(z, levels);
      const values = zq.arraySync() as number[][];
      levels.forEach((level, i) => {
        const distinct = new Set(values.map((row) => row[i]));
        expect(distinct.size).toBe(level);
        for (const v of distinct) expect(Math.abs(v)).toBeLessThanOrEqual(1 + 1e-6);
      });
      const ids = indices.dataSync();
      expect(Math.min(...ids)).toBe(0);
      expect(Math.max(...ids)).toBe(5 * 4 * 3 - 1);
      expect(() => fsq(z, [5, 4])).toThrow('fsq: 2 levels for 3 dimensions');
    });
  });
});

describe('FSQ gradient', () => {
  it('passes straight through the rounding', () => {
    tf.tidy(() => {
      const z = tf.tensor2d([[0.1, -0.2]]);
      const [dz] = tf.grads((x: tf.Tensor) => tf.sum(fsq(x as tf.Tensor2D, [5, 5]).zq))([z]);
      // d/dz of tanh(z)·2 / 2 = 1 − tanh²(z), through a straight-through round.
      expectClose(dz.dataSync(), [1 - Math.tanh(0.1) ** 2, 1 - Math.tanh(-0.2) ** 2], 1e-5);
    });
  });
});
