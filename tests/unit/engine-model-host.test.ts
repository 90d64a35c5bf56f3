import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import type { Split } from '../../src/lib/data/dataset.ts';
import { loadDatasetFromDisk } from '../../src/lib/data/node.ts';
import { ModelHost, REJECTIONS_BEFORE_STOP } from '../../src/lib/engine/model-host.ts';
import { loadHostedModel } from '../../src/lib/engine/hosted-model.ts';
import { VQVAE, type HierarchicalTrainMetrics } from '../../src/lib/vq/index.ts';
import type { EngineEvent } from '../../src/lib/engine/protocol.ts';

// The Worker's model host, driven directly in Node on the cpu backend: the same code the page's Worker runs.
let train: Split;
let test: Split;
beforeAll(async () => {
  await tf.setBackend('cpu');
  const mnist = await loadDatasetFromDisk('mnist');
  ({ train, test } = mnist);
});

function host() {
  const events: EngineEvent[] = [];
  return { events, host: new ModelHost((event) => events.push(event), async () => train) };
}

const testImages = (count: number) => Float32Array.from(test.images.subarray(0, count * 784), (v) => v / 255);

describe('engine model host', () => {
  it('creates, trains n steps with every step in the metrics stream, and reports the step', async () => {
    const { host: h, events } = host();
    const created = await h.handle({ type: 'createModel', model: 'a', config: { preset: 'tiny', seed: 1 } });
    expect(created).toMatchObject({ type: 'model', model: 'a', info: { step: 0, grid: [7, 7], config: { codebookSize: 64 } } });
    const trained = await h.handle({ type: 'train', model: 'a', dataset: 'mnist', batchSize: 2, steps: 3 });
    expect(trained).toEqual({ type: 'trained', model: 'a', reason: 'done', step: 3, message: null });
    const steps = events.flatMap((e) => (e.type === 'metrics' ? e.history.map((p) => p.step) : []));
    expect(steps).toEqual([1, 2, 3]);
    const last = events.at(-1)!;
    expect(last.type === 'metrics' && last.latest.usage.reduce((a, b) => a + b, 0)).toBe(2 * 49);
  });

  it('runs two models’ jobs in turns, and a pause ends an open-ended job', async () => {
    const { host: h } = host();
    // Which model each step trained, in the order the steps ran (metrics are batched, so they cannot say).
    const stepped = vi.spyOn(VQVAE.prototype, 'queueTrainStep');
    onTestFinished(() => stepped.mockRestore());
    await h.handle({ type: 'createModel', model: 'a', config: { preset: 'tiny' } });
    await h.handle({ type: 'createModel', model: 'b', config: { preset: 'tiny', seed: 2 } });
    const open = h.handle({ type: 'train', model: 'a', dataset: 'mnist', batchSize: 1, steps: null });
    const bounded = await h.handle({ type: 'train', model: 'b', dataset: 'mnist', batchSize: 1, steps: 4 });
    expect(bounded).toMatchObject({ reason: 'done', step: 4 });
    await h.handle({ type: 'pause', model: 'a' });
    const ended = await open;
    expect(ended).toMatchObject({ type: 'trained', model: 'a', reason: 'paused' });
    // While b trained its 4 steps, a kept stepping too: neither waited for the other to finish.
    expect((ended as { step: number }).step).toBeGreaterThanOrEqual(3);
    // One step each in turn: from b's first step to its last, a stepped between every two of b's.
    const order = stepped.mock.contexts.map((model) => ((model as VQVAE).config.seed === 2 ? 'b' : 'a')).join('');
    expect(order.slice(order.indexOf('b'), order.lastIndexOf('b') + 1)).toBe('bababab');
  });

  it('queued steps: every step’s metrics arrive once, in order, across a pause and a resume, and the reply’s step is the last one', async () => {
    const { host: h, events } = host();
    await h.handle({ type: 'createModel', model: 'q', config: { preset: 'tiny', seed: 7 } });
    const open = h.handle({ type: 'train', model: 'q', dataset: 'mnist', batchSize: 2, steps: null });
    // Let it queue a few steps, some read and some not yet, then pause in the middle.
    await new Promise((resolve) => setTimeout(resolve, 400));
    await h.handle({ type: 'pause', model: 'q' });
    const paused = (await open) as { reason: string; step: number };
    expect(paused.reason).toBe('paused');
    const resumed = (await h.handle({ type: 'train', model: 'q', dataset: 'mnist', batchSize: 2, steps: 5 })) as { reason: string; step: number };
    expect(resumed).toMatchObject({ reason: 'done', step: paused.step + 5 });
    const steps = events.flatMap((e) => (e.type === 'metrics' && e.model === 'q' ? e.history.map((p) => p.step) : []));
    expect(paused.step).toBeGreaterThan(0);
    expect(steps).toEqual(Array.from({ length: resumed.step }, (_, i) => i + 1));
  });

  it('reconstructs from the first s residual stages, as the model’s reconstructStages does, and refuses a bad s', async () => {
    const { host: h } = host();
    const config = { preset: 'tiny', residualStages: 3, seed: 4 } as const;
    await h.handle({ type: 'createModel', model: 'r', config });
    const direct = VQVAE.create(config);
    const x = tf.tensor4d(testImages(2), [2, 28, 28, 1]);
    const expected = direct.reconstructStages(x);
    const images = async (stages?: number) => ((await h.handle({ type: 'reconstruct', model: 'r', images: testImages(2), count: 2, stages })) as { images: Float32Array }).images;
    for (let s = 1; s <= 3; s++) {
      const got = await images(s);
      const want = await expected[s - 1].data();
      expect(Math.max(...got.map((v, i) => Math.abs(v - want[i])))).toBeLessThan(1e-5);
    }
    // All stages is the ordinary reconstruction; one stage is not.
    expect(await images(3)).toEqual(await images());
    expect(await images(1)).not.toEqual(await images(3));
    for (const bad of [0, 4, 1.5]) await expect(images(bad)).rejects.toThrow(`stages must be a whole number from 1 to 3, got ${bad}`);
    await h.handle({ type: 'createAutoencoder', model: 'ae', config: { kind: 'ae' } });
    await expect(h.handle({ type: 'reconstruct', model: 'ae', images: testImages(1), count: 1, stages: 1 })).rejects.toThrow('only a VQ-VAE has residual stages');
    tf.dispose([x, ...expected]);
    direct.dispose();
  });

  it('encodes, decodes and reconstructs arrays, and says what is wrong with a bad one', async () => {
    const { host: h } = host();
    await h.handle({ type: 'createModel', model: 'a', config: { preset: 'tiny' } });
    const encoded = await h.handle({ type: 'encode', model: 'a', images: testImages(2), count: 2 });
    expect(encoded).toMatchObject({ type: 'codes', count: 2, grid: [7, 7] });
    const codes = (encoded as { codes: Int32Array }).codes;
    expect(codes).toHaveLength(98);
    const decoded = await h.handle({ type: 'decode', model: 'a', codes, count: 2 });
    const reconstructed = await h.handle({ type: 'reconstruct', model: 'a', images: testImages(2), count: 2 });
    expect((decoded as { images: Float32Array }).images).toEqual((reconstructed as { images: Float32Array }).images);
    const inspection = (await h.handle({ type: 'inspect', model: 'a', images: testImages(2), count: 2 })) as { latents: Float32Array; codebook: Float32Array; dim: number; deadCodes: number[] };
    expect([inspection.latents.length, inspection.codebook.length, inspection.dim, inspection.deadCodes]).toEqual([98 * 8, 64 * 8, 8, []]);
    await expect(h.handle({ type: 'encode', model: 'a', images: new Float32Array(700), count: 1 })).rejects.toThrow('expected 1 images of 28×28 (784 pixels), got 700 pixels');
    await expect(h.handle({ type: 'decode', model: 'a', codes: new Int32Array(50), count: 1 })).rejects.toThrow('50 codes do not make 1 grids of 7×7');
    await expect(h.handle({ type: 'encode', model: 'nobody', images: testImages(1), count: 1 })).rejects.toThrow('No model named "nobody": create it first');
    await expect(h.handle({ type: 'train', model: 'a', dataset: 'mnist', batchSize: 0, steps: 1 })).rejects.toThrow('batchSize must be a whole number from 1 to 512, got 0');
  });

  it('holds the AE/VAE companions: trains with nats in the stream, encodes to latents, decodes latents', async () => {
    const { host: h, events } = host();
    const created = await h.handle({ type: 'createAutoencoder', model: 'v', config: { kind: 'vae', seed: 1 } });
    expect(created).toMatchObject({ type: 'model', info: { kind: 'autoencoder', step: 0, config: { kind: 'vae', latentDim: 2 } } });
    expect(await h.handle({ type: 'train', model: 'v', dataset: 'mnist', batchSize: 4, steps: 2 })).toMatchObject({ reason: 'done', step: 2 });
    const history = events.flatMap((e) => (e.type === 'autoencoderMetrics' ? e.history : []));
    expect(history.map((m) => m.step)).toEqual([1, 2]);
    for (const m of history) expect(m.elbo).toBeCloseTo(-(m.reconstruction + m.kl), 3);
    const encoded = await h.handle({ type: 'encode', model: 'v', images: testImages(3), count: 3 });
    expect(encoded).toMatchObject({ type: 'latents', count: 3, dim: 2 });
    const latents = (encoded as { latents: Float32Array }).latents;
    const decoded = await h.handle({ type: 'decodeLatents', model: 'v', latents, count: 3 });
    const reconstructed = await h.handle({ type: 'reconstruct', model: 'v', images: testImages(3), count: 3 });
    expect((decoded as { images: Float32Array }).images).toEqual((reconstructed as { images: Float32Array }).images);
    await expect(h.handle({ type: 'decode', model: 'v', codes: new Int32Array(49), count: 1 })).rejects.toThrow('an autoencoder decodes latents (decodeLatents), not codes');
    await expect(h.handle({ type: 'setHyperparameters', model: 'v', changes: { beta: 1 } })).rejects.toThrow('an autoencoder has no live hyperparameters');
    // A VQ-VAE checkpoint cannot replace an autoencoder: the kinds are named before anything is built.
    const vqvae = VQVAE.create({ preset: 'tiny' });
    const artifacts = await new Promise<tf.io.ModelArtifacts>((resolve) => {
      void vqvae.save(tf.io.withSaveHandler(async (a) => (resolve(a), { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } })));
    });
    vqvae.dispose();
    await expect(loadHostedModel(tf.io.fromMemory(artifacts), 'autoencoder')).rejects.toThrow('This is a vqvae checkpoint, but the model it would replace is of kind autoencoder');
    expect(await loadHostedModel(tf.io.fromMemory(artifacts))).toBeInstanceOf(VQVAE);
    expect(await h.handle({ type: 'reset', model: 'v' })).toMatchObject({ info: { kind: 'autoencoder', step: 0 } });
  });

  it('holds the two-level VQ-VAE: encodes to top and bottom grids, decodes both, and β changes live', async () => {
    const { host: h, events } = host();
    await h.handle({ type: 'createHierarchical', model: 'h', config: { codebookSize: 16, topCodebookSize: 8 } });
    expect(await h.handle({ type: 'train', model: 'h', dataset: 'mnist', batchSize: 2, steps: 1 })).toMatchObject({ reason: 'done', step: 1 });
    const last = events.at(-1)!;
    expect(last.type === 'metrics' && (last.latest as HierarchicalTrainMetrics).topUsage.reduce((a, b) => a + b, 0)).toBe(2 * 9);
    const encoded = (await h.handle({ type: 'encode', model: 'h', images: testImages(2), count: 2 })) as { codes: Int32Array; grid: number[]; top: { codes: Int32Array; grid: number[] } };
    expect([encoded.grid, encoded.top.grid, encoded.codes.length, encoded.top.codes.length]).toEqual([[7, 7], [3, 3], 98, 18]);
    const decoded = await h.handle({ type: 'decode', model: 'h', codes: encoded.codes, top: encoded.top.codes, count: 2 });
    const reconstructed = await h.handle({ type: 'reconstruct', model: 'h', images: testImages(2), count: 2 });
    expect((decoded as { images: Float32Array }).images).toEqual((reconstructed as { images: Float32Array }).images);
    await expect(h.handle({ type: 'decode', model: 'h', codes: encoded.codes, count: 2 })).rejects.toThrow('needs its top grids as well');
    expect(await h.handle({ type: 'setHyperparameters', model: 'h', changes: { beta: 0.9 } })).toMatchObject({ info: { kind: 'vqvae2', config: { beta: 0.9 } } });
    await expect(h.handle({ type: 'trainPrior', prior: 'p', vqvae: 'h', dataset: 'mnist', batchSize: 2, steps: 1 })).rejects.toThrow('No prior named "p"');
  });

  it('stops a diverging model after repeated rejected steps, keeping the last good weights', async () => {
    const { host: h, events } = host();
    await h.handle({ type: 'createModel', model: 'a', config: { preset: 'tiny', learningRate: 1e30 } });
    const trained = await h.handle({ type: 'train', model: 'a', dataset: 'mnist', batchSize: 1, steps: 50 });
    expect(trained).toMatchObject({ reason: 'diverged', message: expect.stringContaining('non-finite loss') });
    const rejected = events.flatMap((e) => (e.type === 'metrics' ? e.history.filter((p) => p.rejected !== null) : []));
    expect(rejected).toHaveLength(REJECTIONS_BEFORE_STOP);
    expect((trained as { step: number }).step).toBeLessThan(50);
  });

  it('saves a download as a .json manifest naming its .weights.bin, and frees everything on dispose', async () => {
    const before = tf.memory().numTensors;
    const { host: h } = host();
    await h.handle({ type: 'createModel', model: 'a', config: { preset: 'tiny' } });
    await h.handle({ type: 'train', model: 'a', dataset: 'mnist', batchSize: 1, steps: 1 });
    const saved = await h.handle({ type: 'save', model: 'a', destination: 'download' });
    const files = (saved as { files: { name: string; data: ArrayBuffer | string }[] }).files;
    expect(files.map((f) => f.name)).toEqual(['a.json', 'a.weights.bin']);
    expect(JSON.parse(files[0].data as string)).toMatchObject({ format: 'vq-vae-explained-live/vqvae@1', userDefinedMetadata: { step: 1 } });
    await h.handle({ type: 'reset', model: 'a' });
    await h.handle({ type: 'disposeModel', model: 'a' });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('on a backend switch, rebuilds every model from its last copy in memory and ends training with the reason', async () => {
    const { host: h } = host();
    await h.handle({ type: 'createModel', model: 'a', config: { preset: 'tiny', codebookSize: 16 } });
    const training = h.handle({ type: 'train', model: 'a', dataset: 'mnist', batchSize: 1, steps: null });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await h.rebuildAll('The engine moved to wasm');
    const ended = await training;
    expect(ended).toMatchObject({ type: 'trained', reason: 'failed', message: 'The engine moved to wasm' });
    // Rebuilt from the copy taken while it trained (its first step at the latest), with its config: not from step 0.
    const copied = (performance.getEntriesByName('vq-state copy: a').at(-1) as PerformanceMeasure).detail as { step: number };
    expect(copied.step).toBeGreaterThan(0);
    expect(await h.handle({ type: 'setHyperparameters', model: 'a', changes: {} })).toMatchObject({ info: { step: copied.step, config: { codebookSize: 16 } } });
  });

  it('after a lost backend, rebuilds priors too, so they still score and sample', async () => {
    const { host: h } = host();
    await h.handle({ type: 'createPrior', prior: 'p', config: { codebookSize: 16, height: 7, width: 7, channels: 8 } });
    const codes = new Int32Array(49).fill(3);
    const { bitsPerLatent } = (await h.handle({ type: 'priorNll', prior: 'p', codes, count: 1 })) as { bitsPerLatent: number };
    await h.rebuildAll('The GPU was lost');
    // Built again from the same config and seed, it scores the grid exactly as before.
    expect(await h.handle({ type: 'priorNll', prior: 'p', codes, count: 1 })).toEqual({ type: 'nll', bitsPerLatent });
    await h.handle({ type: 'disposePrior', prior: 'p' });
  });

  it('trains a prior on a VQ-VAE’s codes in turns, samples with a per-step stream, gives logits, and refuses a misfit', async () => {
    const before = tf.memory().numTensors;
    const { host: h, events } = host();
    await h.handle({ type: 'createModel', model: 'v', config: { preset: 'tiny', codebookSize: 16 } });
    expect(await h.handle({ type: 'createPrior', prior: 'p', config: { codebookSize: 16, height: 7, width: 7, channels: 8 } })).toMatchObject({ type: 'prior', info: { step: 0 } });
    const trained = await h.handle({ type: 'trainPrior', prior: 'p', vqvae: 'v', dataset: 'mnist', batchSize: 8, steps: 3 });
    expect(trained).toMatchObject({ type: 'trained', model: 'p', reason: 'done', step: 3 });
    expect(events.flatMap((e) => (e.type === 'priorMetrics' ? e.history.map((m) => m.step) : []))).toEqual([1, 2, 3]);

    const sampled = await h.handle({ type: 'samplePrior', prior: 'p', count: 2, temperature: 1, seed: 3, stream: true });
    expect(sampled).toMatchObject({ type: 'codes', count: 2, grid: [7, 7], note: null });
    const steps = events.filter((e) => e.type === 'sampleStep');
    expect(steps).toHaveLength(49);
    const codes = (sampled as { codes: Int32Array }).codes;
    const logits = await h.handle({ type: 'priorLogits', prior: 'p', codes, count: 2 });
    expect(logits).toMatchObject({ type: 'logits', shape: [2, 7, 7, 16] });

    // Bits per latent of given grids, as PriorLab asks for its held-out codes.
    const nll = (await h.handle({ type: 'priorNll', prior: 'p', codes, count: 2 })) as { bitsPerLatent: number };
    expect(nll.bitsPerLatent).toBeGreaterThan(0);
    await expect(h.handle({ type: 'priorNll', prior: 'p', codes: codes.subarray(0, 50), count: 2 })).rejects.toThrow('priorNll: 50 codes do not make 2 grids of 7×7');

    // "Resample from here": the first 30 positions of the first grid are kept, 19 are drawn.
    const before30 = events.filter((e) => e.type === 'sampleStep').length;
    const completed = (await h.handle({ type: 'samplePrior', prior: 'p', count: 1, temperature: 1, seed: 9, stream: true, prefix: { codes: codes.slice(0, 49), length: 30 } })) as { codes: Int32Array };
    expect(Array.from(completed.codes.subarray(0, 30))).toEqual(Array.from(codes.subarray(0, 30)));
    expect(events.filter((e) => e.type === 'sampleStep').length - before30).toBe(19);

    // A pause that arrives while the job is still encoding its training set ends it before any step.
    const pausedEarly = h.handle({ type: 'trainPrior', prior: 'p', vqvae: 'v', dataset: 'mnist', batchSize: 8, steps: null });
    await h.handle({ type: 'pause', model: 'p' });
    expect(await pausedEarly).toMatchObject({ type: 'trained', reason: 'paused', step: 3 });

    await h.handle({ type: 'createPrior', prior: 'q', config: { codebookSize: 32, height: 7, width: 7, channels: 8 } });
    await expect(h.handle({ type: 'trainPrior', prior: 'q', vqvae: 'v', dataset: 'mnist', batchSize: 8, steps: 1 })).rejects.toThrow('K is 32 in the prior but 16 in the VQ-VAE');
    await expect(h.handle({ type: 'trainPrior', prior: 'q', vqvae: null, dataset: 'mnist', batchSize: 8, steps: 1 })).rejects.toThrow('binarised pixels need a prior with K = 2 over 28×28, but "q" has K = 32 over 7×7');
    for (const prior of ['p', 'q']) await h.handle({ type: 'disposePrior', prior });
    await h.handle({ type: 'disposeModel', model: 'v' });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('trains the pixel-level PixelCNN on binarised digits when no VQ-VAE is named', async () => {
    const before = tf.memory().numTensors;
    const { host: h, events } = host();
    await h.handle({ type: 'createPrior', prior: 'pixels', config: { codebookSize: 2, height: 28, width: 28, channels: 8, layers: 1 } });
    expect(await h.handle({ type: 'trainPrior', prior: 'pixels', vqvae: null, dataset: 'mnist', batchSize: 2, steps: 2 })).toMatchObject({ reason: 'done', step: 2 });
    const losses = events.flatMap((e) => (e.type === 'priorMetrics' ? e.history : []));
    expect(losses.map((m) => m.step)).toEqual([1, 2]);
    // Two classes: an untrained model starts near 1 bit per pixel, never above a few.
    for (const m of losses) expect(m.bitsPerLatent).toBeGreaterThan(0.1);
    for (const m of losses) expect(m.bitsPerLatent).toBeLessThan(3);
    await h.handle({ type: 'disposePrior', prior: 'pixels' });
    expect(tf.memory().numTensors).toBe(before);
  });
});
