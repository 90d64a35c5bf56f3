import * as tf from '../../src/lib/vq/tf.ts';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { batchTensor, epochBatches } from '../../src/lib/data/batch.ts';
import type { Dataset } from '../../src/lib/data/dataset.ts';
import { loadDatasetFromDisk } from '../../src/lib/data/node.ts';
import { Autoencoder, gaussianKl, registerWasmTrainingKernels } from '../../src/lib/vq/index.ts';
import { expectClose } from './tf-backends.ts';

let mnist: Dataset;
beforeAll(async () => {
  registerWasmTrainingKernels();
  await tf.setBackend('wasm');
  mnist = await loadDatasetFromDisk('mnist');
});

describe('gaussianKl', () => {
  it('matches the closed form on a worked example', () => {
    // μ = (1, 0), σ² = (1, 4): ½[(1 + 1 − 1 − 0) + (0 + 4 − 1 − ln 4)] = ½(4 − ln 4) = 1.30685…
    // and a standard normal posterior costs nothing.
    const kl = gaussianKl(tf.tensor2d([[1, 0], [0, 0]]), tf.tensor2d([[0, Math.log(4)], [0, 0]]));
    expectClose(kl.dataSync(), [0.5 * (4 - Math.log(4)), 0], 1e-6);
    kl.dispose();
  });
});

describe('Autoencoder and VAE', () => {
  for (const kind of ['ae', 'vae'] as const) {
    it(`${kind}: training on MNIST lowers the held-out loss, reports the ELBO, and leaks nothing`, async () => {
      const model = Autoencoder.create({ kind, seed: 2 });
      const test = batchTensor(mnist.test, Array.from({ length: 256 }, (_, i) => i));
      const heldOut = () => {
        const z = model.encode(test.x);
        const images = model.decode(z);
        const error = tf.mean(tf.squaredDifference(images, test.x));
        const value = error.dataSync()[0];
        tf.dispose([z, images, error]);
        return value;
      };
      const before = heldOut();
      let step = 0;
      let tensors = 0;
      for (const indices of epochBatches(mnist.train.count, 64, 3, { dropRemainder: true })) {
        const { x, labels } = batchTensor(mnist.train, indices);
        const metrics = await model.trainStep(x);
        tf.dispose([x, labels]);
        expect(metrics.rejected).toBeNull();
        expect(metrics.elbo).toBeCloseTo(-(metrics.reconstruction + metrics.kl), 4);
        if (kind === 'ae') expect(metrics.kl).toBe(0);
        else expect(metrics.kl).toBeGreaterThan(0);
        if (++step === 2) tensors = tf.memory().numTensors;
        if (step === 120) break;
      }
      expect(tf.memory().numTensors).toBe(tensors);
      const latents = model.encode(test.x);
      expect(latents.shape).toEqual([256, 2]);
      latents.dispose();
      expect(heldOut()).toBeLessThan(0.7 * before);
      tf.dispose([test.x, test.labels]);
      model.dispose();
    }, 120_000);
  }

  it('kl(x) is the KL the training step reports, and klWeight scales it in the loss', async () => {
    const { x, labels } = batchTensor(mnist.train, Array.from({ length: 32 }, (_, i) => i));
    for (const klWeight of [1, 0.1]) {
      const model = Autoencoder.create({ kind: 'vae', latentDim: 8, klWeight, seed: 4 });
      const perImage = model.kl(x);
      expect(perImage.shape).toEqual([32]);
      const mean = tf.mean(perImage).dataSync()[0];
      const metrics = await model.trainStep(x); // the KL does not depend on the noise: it is the same posterior
      expect(metrics.kl).toBeCloseTo(mean, 3);
      expect(metrics.loss).toBeCloseTo(metrics.reconstruction + klWeight * metrics.kl, 2);
      tf.dispose(perImage);
      model.dispose();
    }
    const ae = Autoencoder.create({ kind: 'ae' });
    const zeros = ae.kl(x);
    expect(Array.from(zeros.dataSync())).toEqual(new Array(32).fill(0));
    tf.dispose([zeros, x, labels]);
    ae.dispose();
    expect(() => Autoencoder.create({ kind: 'vae', klWeight: -1 })).toThrow('klWeight must be a finite number ≥ 0, got -1');
  });

  it('rejects a bad kind and a latent of the wrong width', () => {
    expect(() => Autoencoder.create({ kind: 'gan' as 'ae' })).toThrow('kind must be "ae" or "vae", got "gan"');
    const model = Autoencoder.create({ kind: 'vae' });
    const z = tf.zeros([1, 3]) as tf.Tensor2D;
    expect(() => model.decode(z)).toThrow('decode expects latents [B,2], got [1,3]');
    z.dispose();
    model.dispose();
  });
});
