import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import { DeadCodeMonitor, reseedCodes } from '../../src/lib/vq/index.ts';
import { mulberry32 } from '../../src/lib/data/random.ts';
import { describeOnBackends } from './tf-backends.ts';

it('a code is dead after `patience` idle steps in a row, and alive again once used or revived', () => {
  const monitor = new DeadCodeMonitor(4, 3);
  monitor.record([5, 0, 0, 1]);
  monitor.record([5, 0, 1, 0]);
  expect(monitor.deadCodes()).toEqual([]);
  monitor.record([5, 0, 0, 0]);
  expect(monitor.deadCodes()).toEqual([1]); // idle 3 steps; code 2 was used in step 2, code 3 in step 1
  monitor.record([5, 0, 0, 0]);
  // Idle runs now: code 1 four steps, code 2 two (used in step 2), code 3 three (used in step 1).
  expect(monitor.deadCodes()).toEqual([1, 3]);
  monitor.revive([1, 3]);
  monitor.record([0, 0, 2, 0]);
  expect(monitor.deadCodes()).toEqual([]);
  expect(() => new DeadCodeMonitor(4, 0)).toThrow('patience must be a whole number ≥ 1, got 0');
});

it('a new patience judges the idle runs counted so far, instead of starting them over', () => {
  const monitor = new DeadCodeMonitor(3, 100);
  for (let s = 0; s < 5; s++) monitor.record([1, 0, s === 3 ? 1 : 0]);
  expect(monitor.deadCodes()).toEqual([]);
  monitor.patience = 2; // code 1 has been idle 5 steps, code 2 one step
  expect(monitor.deadCodes()).toEqual([1]);
  monitor.patience = 1;
  expect(monitor.deadCodes()).toEqual([1, 2]);
  expect(() => (monitor.patience = 0.5)).toThrow('patience must be a whole number ≥ 1, got 0.5');
  expect(monitor.patience).toBe(1);
});

describeOnBackends('reseedCodes', () => {
  it('moves only the named codes, each onto a different recent output', () => {
    const codebook = tf.tensor2d([
      [0, 0],
      [1, 1],
      [2, 2],
      [3, 3],
    ]);
    const outputs = tf.tensor2d([
      [10, 10],
      [20, 20],
      [30, 30],
    ]);
    const before = tf.memory().numTensors;
    const result = reseedCodes(codebook, [1, 3], outputs, mulberry32(1));
    expect(tf.memory().numTensors).toBe(before + 1);
    const rows = result.arraySync();
    expect(rows[0]).toEqual([0, 0]);
    expect(rows[2]).toEqual([2, 2]);
    const revived = [rows[1][0], rows[3][0]];
    expect(revived.every((v) => [10, 20, 30].includes(v))).toBe(true);
    expect(revived[0]).not.toBe(revived[1]);
    tf.dispose([codebook, outputs, result]);
  });
});
