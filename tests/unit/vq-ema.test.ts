import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import { EmaCodebook } from '../../src/lib/vq/index.ts';
import { describeOnBackends, expectClose } from './tf-backends.ts';

describeOnBackends('EMA codebook', () => {
  it('one step with γ = ½ and ε = 0.1 gives the hand-computed smoothed means', () => {
    // Codes 0 and 10; outputs 1, 3 → code 0 (n = 2, s = 4), 9 → code 1 (n = 1, s = 9).
    // t = 1: N = ½·(2, 1), m = ½·(4, 9); debiased by 1/(1 − ½): N̂ = (2, 1), m̂ = (4, 9).
    // Smoothed: Ñ = (N̂ + 0.1) / (3 + 0.2) · 3 = (1.96875, 1.03125); e = m̂ / Ñ.
    const ema = new EmaCodebook(tf.tensor2d([[0], [10]]), { decay: 0.5, epsilon: 0.1 });
    const z = tf.tensor2d([[1], [3], [9]]);
    const indices = tf.tensor1d([0, 0, 1], 'int32');
    ema.update(z, indices);
    expectClose(ema.codebook.dataSync(), [4 / 1.96875, 9 / 1.03125], 1e-5);
    tf.dispose([z, indices]);
    ema.dispose();
  });

  it('without smoothing, codes are the exact running means, and a code with no outputs keeps its place', () => {
    const ema = new EmaCodebook(tf.tensor2d([[0], [10]]), { decay: 0.5, epsilon: 0 });
    const step = (values: number[], codes: number[]) => {
      const z = tf.tensor2d(values, [values.length, 1]);
      const indices = tf.tensor1d(codes, 'int32');
      ema.update(z, indices);
      tf.dispose([z, indices]);
    };
    step([1, 3, 9], [0, 0, 1]);
    expectClose(ema.codebook.dataSync(), [2, 9], 1e-5); // the cluster means: start-up bias cancels
    // t = 2, one output 3 → code 0: N = (1, ¼), m = (2.5, 2.25); debiased by 4/3, e0 = 2.5. Code 1 had none.
    step([3], [0]);
    expectClose(ema.codebook.dataSync(), [2.5, 9], 1e-5);
    expect(ema.step).toBe(2);
    ema.dispose();
  });

  it('an unused code does not collapse toward zero over many steps, even with smoothing', () => {
    const ema = new EmaCodebook(tf.tensor2d([[0], [10]]), { decay: 0.9, epsilon: 1e-3 });
    const z = tf.tensor2d([[1], [9]]);
    const both = tf.tensor1d([0, 1], 'int32');
    ema.update(z, both);
    const afterFirst = ema.codebook.dataSync()[1];
    const only = tf.tensor2d([[1]]);
    const zero = tf.tensor1d([0], 'int32');
    const before = tf.memory().numTensors;
    for (let i = 0; i < 200; i++) ema.update(only, zero);
    expect(tf.memory().numTensors).toBe(before);
    expect(ema.codebook.dataSync()[1]).toBe(afterFirst);
    expect(afterFirst).toBeGreaterThan(8.9);
    tf.dispose([z, both, only, zero]);
    ema.dispose();
  });

  it('a restarted code forgets its history: its next update makes it the mean of what it then wins', () => {
    const ema = new EmaCodebook(tf.tensor2d([[0], [10]]), { decay: 0.9, epsilon: 0 });
    const first = tf.tensor2d([[1], [9]]);
    const both = tf.tensor1d([0, 1], 'int32');
    ema.update(first, both);
    // Move code 1 onto the only recent output, 50; then it wins outputs 49 and 53.
    const recent = tf.tensor2d([[50]]);
    ema.restart([1], recent, () => 0);
    expect(ema.codebook.dataSync()[1]).toBe(50);
    const next = tf.tensor2d([[49], [53]]);
    const ones = tf.tensor1d([1, 1], 'int32');
    ema.update(next, ones);
    expectClose([ema.codebook.dataSync()[1]], [51], 1e-4);
    expectClose([ema.codebook.dataSync()[0]], [1], 1e-5);
    tf.dispose([first, both, recent, next, ones]);
    ema.dispose();
  });

  it('frees everything it made when disposed', () => {
    const initial = tf.tensor2d([[0], [10]]);
    const before = tf.memory().numTensors;
    const ema = new EmaCodebook(initial, { decay: 0.9, epsilon: 1e-3 });
    const z = tf.tensor2d([[1]]);
    const index = tf.tensor1d([0], 'int32');
    ema.update(z, index);
    tf.dispose([z, index]);
    ema.dispose();
    expect(tf.memory().numTensors).toBe(before);
    initial.dispose();
  });

  it('rejects impossible settings, naming them', () => {
    const codes = tf.tensor2d([[0]]);
    expect(() => new EmaCodebook(codes, { decay: 1, epsilon: 0 })).toThrow('emaDecay must be in (0, 1), got 1');
    expect(() => new EmaCodebook(codes, { decay: 0.99, epsilon: -1 })).toThrow('epsilon must be ≥ 0, got -1');
    codes.dispose();
  });
});
