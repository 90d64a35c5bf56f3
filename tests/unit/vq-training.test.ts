import * as tf from '../../src/lib/vq/tf.ts';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { batchTensor, epochBatches } from '../../src/lib/data/batch.ts';
import type { Dataset } from '../../src/lib/data/dataset.ts';
import { loadDatasetFromDisk } from '../../src/lib/data/node.ts';
import { deadCodePatience, registerWasmTrainingKernels, VQVAE } from '../../src/lib/vq/index.ts';

// Real training on real MNIST, on the wasm backend with the project's conv gradient kernels.
let mnist: Dataset;
beforeAll(async () => {
  registerWasmTrainingKernels();
  await tf.setBackend('wasm');
  mnist = await loadDatasetFromDisk('mnist');
});

function heldOutError(model: VQVAE, count = 500): number {
  const { x, labels } = batchTensor(mnist.test, Array.from({ length: count }, (_, i) => i));
  const error = model.reconstructionError(x);
  tf.dispose([x, labels]);
  return error;
}

describe('VQVAE training on MNIST', () => {
  it('lowers the held-out reconstruction error from above 0.05 to below 0.02 within 200 steps of 32 (tiny)', async () => {
    const model = VQVAE.create({ preset: 'tiny', seed: 1 });
    const before = heldOutError(model);
    expect(before).toBeGreaterThan(0.05);
    let step = 0;
    for (const indices of epochBatches(mnist.train.count, 32, 1, { dropRemainder: true })) {
      const { x, labels } = batchTensor(mnist.train, indices);
      const metrics = await model.trainStep(x);
      tf.dispose([x, labels]);
      expect(metrics.rejected).toBeNull();
      if (++step === 200) break;
    }
    const after = heldOutError(model);
    expect(after).toBeLessThan(0.02);
    model.dispose();
  });

  it('keeps the tensor count unchanged across 100 training steps, with EMA and restarts on', async () => {
    const model = VQVAE.create({ preset: 'tiny', codebookUpdate: 'ema', deadCodeRestart: 5 });
    const { x, labels } = batchTensor(mnist.train, Array.from({ length: 8 }, (_, i) => i));
    await model.trainStep(x);
    const count = tf.memory().numTensors;
    let restarted = 0;
    for (let s = 0; s < 100; s++) restarted += (await model.trainStep(x)).restarted;
    expect(tf.memory().numTensors).toBe(count);
    // The leak check covered the restart path too.
    expect(restarted).toBeGreaterThan(0);
    tf.dispose([x, labels]);
    model.dispose();
  });
});

describe('dead codes across a live change', () => {
  // The lab sends every live setting on each change, restart policy included, even when only β moved.
  it('a β change keeps the count of codes idle so far; a new patience applies to the same idle runs', async () => {
    const model = VQVAE.create({ preset: 'tiny', seed: 2 });
    const { x, labels } = batchTensor(mnist.train, Array.from({ length: 4 }, (_, i) => i));
    let metrics = await model.trainStep(x);
    // Restarts off: a code counts as dead after deadCodePatience idle steps.
    while (metrics.step < deadCodePatience) metrics = await model.trainStep(x);
    const dead = metrics.deadCodes;
    const unusedNow = metrics.usage.filter((count) => count === 0).length;
    expect(dead).toBeGreaterThan(10);
    expect(dead).toBeLessThanOrEqual(unusedNow);

    model.setHyperparameters({ beta: 0, learningRate: model.config.learningRate, emaDecay: 0.99, deadCodeRestart: false });
    metrics = await model.trainStep(x);
    expect(metrics.deadCodes).toBeGreaterThanOrEqual(dead - 2);
    expect(metrics.deadCodes).toBeLessThanOrEqual(metrics.usage.filter((count) => count === 0).length);

    // Switching restarts on revives, at the next step, the codes already idle longer than the new patience.
    model.setHyperparameters({ deadCodeRestart: 10 });
    expect(model.deadCodeIndices.length).toBeGreaterThanOrEqual(metrics.deadCodes);
    metrics = await model.trainStep(x);
    expect(metrics.restarted).toBeGreaterThanOrEqual(dead - 2);
    tf.dispose([x, labels]);
    model.dispose();
  });
});
