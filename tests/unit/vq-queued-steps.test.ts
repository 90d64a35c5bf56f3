import * as tf from '../../src/lib/vq/tf.ts';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { batchTensor } from '../../src/lib/data/batch.ts';
import type { Dataset } from '../../src/lib/data/dataset.ts';
import { loadDatasetFromDisk } from '../../src/lib/data/node.ts';
import { registerWasmTrainingKernels, VQVAE, type TrainMetrics, type VQVAEConfig } from '../../src/lib/vq/index.ts';

// A training loop queues steps and reads their numbers later, in one transfer. That must be the same
// training as awaiting each step: the same metrics, in order, and the same weights, bit for bit.
let mnist: Dataset;
beforeAll(async () => {
  registerWasmTrainingKernels();
  // wasm only: the cpu backend's conv gradients take half a minute per test here, and the logic is the backend's to agree on.
  await tf.setBackend('wasm');
  mnist = await loadDatasetFromDisk('mnist');
});

function batch(step: number): tf.Tensor4D {
  const { x, labels } = batchTensor(mnist.train, Array.from({ length: 8 }, (_, i) => step * 8 + i));
  labels.dispose();
  return x;
}

/** Trains `steps` steps, awaiting each or queueing them all; step `bad`, if given, gets a NaN pixel. */
async function train(config: VQVAEConfig, steps: number, queued: boolean, bad?: number) {
  const model = VQVAE.create(config);
  const metrics: TrainMetrics[] = [];
  for (let step = 0; step < steps; step++) {
    const clean = batch(step);
    const x = step === bad ? tf.tidy(() => tf.where(tf.equal(tf.reshape(tf.range(0, 784 * 8), [8, 28, 28, 1]), 5), tf.fill([8, 28, 28, 1], NaN), clean)) : clean;
    if (queued) model.queueTrainStep(x as tf.Tensor4D);
    else metrics.push(await model.trainStep(x as tf.Tensor4D));
    tf.dispose([x, clean]);
  }
  if (queued) metrics.push(...(await model.readMetrics()));
  const weights = Array.from(await model.reconstruct(batch(0)).data());
  const codebook = Array.from(model.codebook.dataSync());
  const step = model.step;
  model.dispose();
  return { metrics, weights, codebook, step };
}

describe('queued training steps (wasm)', () => {
  for (const config of [{ preset: "tiny", seed: 3 }, { preset: "tiny", seed: 3, quantiser: { kind: "codebook", update: "ema" } }] as VQVAEConfig[]) {
    it(`six steps queued then read once are six steps awaited one by one (${'quantiser' in config ? 'EMA' : 'plain'})`, async () => {
      const awaited = await train(config, 6, false);
      const queued = await train(config, 6, true);
      expect(queued.metrics.map((m) => m.step)).toEqual([1, 2, 3, 4, 5, 6]);
      expect(queued).toEqual(awaited);
    });
  }

  it('a NaN batch among queued steps is rejected on the device: the weights match a run that skipped it', async () => {
    const config: VQVAEConfig = { preset: 'tiny', seed: 4 };
    const queued = await train(config, 5, true, 2);
    expect(queued.metrics.map((m) => m.rejected === null)).toEqual([true, true, false, true, true]);
    expect(queued.metrics.map((m) => m.step)).toEqual([1, 2, 2, 3, 4]);
    expect(queued.metrics[2]!.rejected).toMatch(/^step 3 rejected: the loss is not finite \(NaN\)/);
    expect(queued.step).toBe(4);
    // The reference trains the same batches without step 2's: the rejected step must have changed nothing.
    const model = VQVAE.create(config);
    for (const step of [0, 1, 3, 4]) {
      const x = batch(step);
      model.queueTrainStep(x);
      x.dispose();
    }
    await model.readMetrics();
    expect(Array.from(await model.reconstruct(batch(0)).data())).toEqual(queued.weights);
    model.dispose();
  });

  it('dead codes found in a read are restarted then, on the latents of the step that found them', async () => {
    // Patience 1 at K = 64 on 8·49 latents: a tiny model uses few codes at first, so most are dead after one step.
    const model = VQVAE.create({ preset: 'tiny', seed: 6, quantiser: { kind: 'codebook', deadCodeRestart: 1 } });
    for (let step = 0; step < 3; step++) {
      const x = batch(step);
      model.queueTrainStep(x);
      x.dispose();
    }
    const metrics = await model.readMetrics();
    // The first step's usage shows the idle codes; they are restarted as it is settled, so they count as alive again.
    expect(metrics[0]!.restarted).toBe(64 - metrics[0]!.usage.filter((n) => n > 0).length);
    expect(metrics[0]!.restarted).toBeGreaterThan(0);
    expect(metrics[0]!.deadCodes).toBe(0);
    model.dispose();
  });

  it('queues and reads without leaking a tensor', async () => {
    const model = VQVAE.create({ preset: 'tiny', seed: 5 });
    await model.trainStep(batch(0));
    const before = tf.memory().numTensors;
    for (let step = 1; step <= 3; step++) {
      const x = batch(step);
      model.queueTrainStep(x);
      x.dispose();
    }
    expect((await model.readMetrics()).length).toBe(3);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });
});
