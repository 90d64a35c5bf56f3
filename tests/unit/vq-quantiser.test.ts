import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import { codeUsage, nearestCodes, perplexity, straightThrough, stopGradient, vqLosses } from '../../src/lib/vq/index.ts';
import { describeOnBackends, expectClose } from './tf-backends.ts';

// A hand-worked example. Squared distances from each z to the codes e0=(0,0), e1=(2,1), e2=(3,3):
//   z0=(1,0): 1, 2, 13  -> 0      z1=(2,2): 8, 1, 2  -> 1
//   z2=(4,3): 25, 8, 1  -> 2      z3=(0,1): 1, 4, 13 -> 0
// z − zq = (1,0), (0,1), (1,0), (0,1): every squared error sums to 1, so both losses are 4 / (N·D = 8) = 0.5.
const zValues = [
  [1, 0],
  [2, 2],
  [4, 3],
  [0, 1],
];
const codebookValues = [
  [0, 0],
  [2, 1],
  [3, 3],
];
const zMinusZq = [1, 0, 0, 1, 1, 0, 0, 1];

describeOnBackends('quantiser golden values', () => {
  it('nearestCodes picks the nearest code by the expanded distance', () => {
    const indices = tf.tidy(() => nearestCodes(tf.tensor2d(zValues), tf.tensor2d(codebookValues)));
    expect(indices.dtype).toBe('int32');
    expect(Array.from(indices.dataSync())).toEqual([0, 1, 2, 0]);
    indices.dispose();
  });

  it('nearestCodes agrees with brute force on random data', () => {
    const z = tf.randomNormal([200, 5], 0, 1, 'float32', 1) as tf.Tensor2D;
    const codebook = tf.randomNormal([17, 5], 0, 1, 'float32', 2) as tf.Tensor2D;
    const zs = z.arraySync();
    const es = codebook.arraySync();
    const expected = zs.map((row) => {
      let best = 0;
      let bestDistance = Infinity;
      es.forEach((code, k) => {
        const d = code.reduce((sum, c, j) => sum + (row[j] - c) ** 2, 0);
        if (d < bestDistance) [best, bestDistance] = [k, d];
      });
      return best;
    });
    const indices = nearestCodes(z, codebook);
    expect(Array.from(indices.dataSync())).toEqual(expected);
    tf.dispose([z, codebook, indices]);
  });

  it('both losses are means over all N·D elements: 0.5 here', () => {
    const result = tf.tidy(() => vqLosses(tf.tensor2d(zValues), tf.tensor2d(codebookValues)));
    expect(result.codebookLoss.dataSync()[0]).toBeCloseTo(0.5, 6);
    expect(result.commitmentLoss.dataSync()[0]).toBeCloseTo(0.5, 6);
    expectClose(result.zq.dataSync(), [0, 0, 2, 1, 3, 3, 0, 0]);
    tf.dispose(result);
  });

  it('the codebook loss moves only the codebook, each code by the sum over the rows it won', () => {
    const z = tf.tensor2d(zValues);
    const codebook = tf.tensor2d(codebookValues);
    const [dz, dCodebook] = tf.grads((zIn: tf.Tensor, e: tf.Tensor) => vqLosses(zIn as tf.Tensor2D, e as tf.Tensor2D).codebookLoss)([z, codebook]);
    // d/dzq of mean((sg z − zq)²) = −2 (z − zq) / 8; code 0 won rows 0 and 3, code 1 row 1, code 2 row 2.
    expectClose(dz.dataSync(), new Array(8).fill(0));
    expectClose(dCodebook.dataSync(), [-0.25, -0.25, 0, -0.25, -0.25, 0]);
    tf.dispose([z, codebook, dz, dCodebook]);
  });

  it('the commitment loss moves only the encoder output, by 2 (z − zq) / 8', () => {
    const z = tf.tensor2d(zValues);
    const codebook = tf.tensor2d(codebookValues);
    const [dz, dCodebook] = tf.grads((zIn: tf.Tensor, e: tf.Tensor) => vqLosses(zIn as tf.Tensor2D, e as tf.Tensor2D).commitmentLoss)([z, codebook]);
    expectClose(dz.dataSync(), zMinusZq.map((d) => d / 4));
    expectClose(dCodebook.dataSync(), new Array(6).fill(0));
    tf.dispose([z, codebook, dz, dCodebook]);
  });

  it('straightThrough is zq going forward and the identity going back', () => {
    const z = tf.tensor2d(zValues);
    const zq = tf.tensor2d([0, 0, 2, 1, 3, 3, 0, 0], [4, 2]);
    const upstream = tf.tensor2d([1, 2, 3, 4, 5, 6, 7, 8], [4, 2]);
    const forward = straightThrough(z, zq);
    expect(Array.from(forward.dataSync())).toEqual([0, 0, 2, 1, 3, 3, 0, 0]);
    // The gradient of sum(upstream ⊙ y): upstream itself to z, nothing to zq.
    const [dz, dzq] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(upstream, straightThrough(a, b))))([z, zq]);
    expectClose(dz.dataSync(), [1, 2, 3, 4, 5, 6, 7, 8]);
    expectClose(dzq.dataSync(), new Array(8).fill(0));
    tf.dispose([z, zq, upstream, forward, dz, dzq]);
  });

  it('stopGradient passes values and blocks gradients', () => {
    const x = tf.tensor1d([1, -2, 3]);
    const [dx] = tf.grads((a: tf.Tensor) => tf.sum(tf.add(tf.mul(a, 3), stopGradient(tf.square(a)))))([x]);
    expectClose(dx.dataSync(), [3, 3, 3]);
    tf.dispose([x, dx]);
  });

  it('leaves no tensors behind', () => {
    const z = tf.tensor2d(zValues);
    const codebook = tf.tensor2d(codebookValues);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 10; i++) {
      tf.dispose(vqLosses(z, codebook));
      tf.dispose(nearestCodes(z, codebook));
      tf.dispose(tf.grads((a: tf.Tensor, b: tf.Tensor) => vqLosses(a as tf.Tensor2D, b as tf.Tensor2D).codebookLoss)([z, codebook]));
      tf.dispose(straightThrough(z, z));
    }
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([z, codebook]);
  });
});

describeOnBackends('perplexity', () => {
  it('is 2√2 for usage 2:1:1, whatever unused codes exist', () => {
    expect(Array.from(codeUsage([0, 1, 2, 0], 4))).toEqual([2, 1, 1, 0]);
    // p = (½, ¼, ¼): H = ½ ln 2 + ½ ln 4 = 1.5 ln 2, so exp(H) = 2^1.5.
    expect(perplexity([0, 1, 2, 0], 3)).toBeCloseTo(2 * Math.SQRT2, 12);
    expect(perplexity([0, 1, 2, 0], 4)).toBeCloseTo(2 * Math.SQRT2, 12);
  });

  it('is K for uniform use and 1 for a single code, and reads int32 tensors', () => {
    const indices = tf.tensor1d([0, 1, 2, 3, 4, 5, 6, 7], 'int32');
    expect(perplexity(indices, 8)).toBeCloseTo(8, 12);
    expect(perplexity([5, 5, 5], 8)).toBe(1);
    indices.dispose();
  });

  it('rejects an index outside the codebook, naming it', () => {
    expect(() => codeUsage([0, 3], 3)).toThrow('index 3 at position 1 is outside 0..2');
  });
});
