import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { VQVAE, type TrainMetrics } from '../../src/lib/vq/index.ts';
import { expectClose } from './tf-backends.ts';

// The cpu backend's conv gradients are slow (about 0.2 s per image for tiny), so these tests train on
// one or two images; learning on real data is tested on wasm in vq-training.test.ts.
beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** A deterministic batch of B images with smooth strokes in [0,1]. */
function images(batch: number, offset = 0): tf.Tensor4D {
  return tf.tidy(() => {
    const values = new Float32Array(batch * 784);
    for (let b = 0; b < batch; b++) {
      for (let i = 0; i < 784; i++) values[b * 784 + i] = 0.5 + 0.5 * Math.sin((i % 28) * 0.3 + Math.floor(i / 28) * (0.2 + 0.1 * b) + offset);
    }
    return tf.tensor4d(values, [batch, 28, 28, 1]);
  });
}

const snapshot = (model: VQVAE, x: tf.Tensor4D) => {
  const out = model.reconstruct(x);
  const values = { codebook: Array.from(model.codebook.dataSync()), output: Array.from(out.dataSync()) };
  out.dispose();
  return values;
};

describe('VQVAE', () => {
  it('reports the loss as reconstruction + codebook + β · commitment, with usage over every latent', async () => {
    const model = VQVAE.create({ preset: 'tiny', beta: 0.7 });
    const x = images(2);
    const m = await model.trainStep(x);
    expect(m.rejected).toBeNull();
    expect(m.step).toBe(1);
    expect(m.loss).toBeCloseTo(m.reconstruction + m.codebook + 0.7 * m.commitment, 6);
    // Forward, the codebook and commitment losses are the same number; only their gradients differ.
    expect(m.codebook).toBeCloseTo(m.commitment, 7);
    expect(m.usage).toHaveLength(64);
    expect(m.usage.reduce((a, b) => a + b, 0)).toBe(2 * 7 * 7);
    expect(m.perplexity).toBeGreaterThanOrEqual(1);
    expect(m.perplexity).toBeLessThanOrEqual(64);
    x.dispose();
    model.dispose();
  });

  it('encodes to an int32 7×7 grid, and reconstructs as decode(encode(x))', async () => {
    const model = VQVAE.create({ preset: 'tiny', seed: 3 });
    const x = images(3);
    const codes = model.encode(x);
    expect(codes.dtype).toBe('int32');
    expect(codes.shape).toEqual([3, 7, 7]);
    expect(model.grid).toEqual([7, 7]);
    const decoded = await model.decode(codes);
    const reconstructed = model.reconstruct(x);
    expect(decoded.shape).toEqual([3, 28, 28, 1]);
    expectClose(decoded.dataSync(), reconstructed.dataSync(), 1e-6);
    tf.dispose([x, codes, decoded, reconstructed]);
    model.dispose();
  });

  it('rejects bad inputs to encode and decode with a message', async () => {
    const model = VQVAE.create({ preset: 'tiny' });
    const wrong = tf.zeros([1, 32, 32, 1]) as tf.Tensor4D;
    expect(() => model.encode(wrong)).toThrow('expected images [B,28,28,1], got [1,32,32,1]');
    const outOfRange = tf.fill([1, 7, 7], 64, 'int32') as tf.Tensor3D;
    await expect(model.decode(outOfRange)).rejects.toThrow('code 64 at position 0 is outside 0..63');
    const floats = tf.zeros([1, 7, 7]) as tf.Tensor3D;
    await expect(model.decode(floats)).rejects.toThrow('decode expects int32 codes');
    tf.dispose([wrong, outOfRange, floats]);
    model.dispose();
    expect(() => model.encode(images(1))).toThrow('disposed');
  });

  it('is deterministic for a seed on the cpu backend, and the seed matters', async () => {
    const run = async (seed: number) => {
      const model = VQVAE.create({ preset: 'tiny', seed, deadCodeRestart: 1 });
      const metrics: TrainMetrics[] = [];
      for (let s = 0; s < 3; s++) {
        const x = images(1, s);
        metrics.push(await model.trainStep(x));
        x.dispose();
      }
      const x = images(1);
      const state = snapshot(model, x);
      x.dispose();
      model.dispose();
      return { metrics, state };
    };
    const [a, b, c] = [await run(5), await run(5), await run(6)];
    expect(a).toEqual(b);
    expect(c.metrics[0].loss).not.toBe(a.metrics[0].loss);
  });

  it('rejects a step with a non-finite loss, keeps the weights, and trains on afterwards', async () => {
    const model = VQVAE.create({ preset: 'tiny' });
    const x = images(1);
    await model.trainStep(x);
    const before = snapshot(model, x);
    const pixels = x.dataSync().slice();
    pixels[100] = Number.NaN;
    const poisoned = tf.tensor4d(pixels, [1, 28, 28, 1]);
    const m = await model.trainStep(poisoned);
    expect(m.rejected).toMatch(/^step 2 rejected: the loss is not finite \(NaN\); the weights are unchanged$/);
    expect(m.step).toBe(1);
    expect(model.step).toBe(1);
    expect(snapshot(model, x)).toEqual(before);
    const next = await model.trainStep(x);
    expect(next.rejected).toBeNull();
    expect(next.step).toBe(2);
    expect(snapshot(model, x).output).not.toEqual(before.output);
    tf.dispose([x, poisoned]);
    model.dispose();
  });

  it('changes β and the learning rate between steps, but refuses K and D with a reason', async () => {
    const model = VQVAE.create({ preset: 'tiny' });
    const x = images(1);
    model.setHyperparameters({ beta: 3, learningRate: 1e-2 });
    expect(model.config.beta).toBe(3);
    const m = await model.trainStep(x);
    expect(m.loss).toBeCloseTo(m.reconstruction + m.codebook + 3 * m.commitment, 6);
    expect(() => model.setHyperparameters({ codebookSize: 32 })).toThrow("codebookSize sets the model's shape or history: create a new VQVAE to change it");
    expect(() => model.setHyperparameters({ codebookSize: 32, codeDim: 4 })).toThrow('codebookSize, codeDim set the model');
    expect(() => model.setHyperparameters({ beta: -1 })).toThrow('beta must be a finite number ≥ 0, got -1');
    expect(model.config.beta).toBe(3);
    // Restating an unchanged K is not a change.
    expect(() => model.setHyperparameters({ codebookSize: 64, beta: 1 })).not.toThrow();
    x.dispose();
    model.dispose();
  });

  it('a changed learning rate takes effect at the next step: a larger one moves the weights further', async () => {
    const distanceMoved = async (learningRate: number) => {
      const model = VQVAE.create({ preset: 'tiny', learningRate: 1e-3 });
      const x = images(1);
      const before = snapshot(model, x).output;
      model.setHyperparameters({ learningRate });
      await model.trainStep(x);
      const after = snapshot(model, x).output;
      x.dispose();
      model.dispose();
      return after.reduce((sum, v, i) => sum + (v - before[i]) ** 2, 0);
    };
    expect(await distanceMoved(1e-2)).toBeGreaterThan(10 * (await distanceMoved(1e-4)));
  });

  it('with EMA updates, the loss leaves out the codebook term and the codes still move', async () => {
    const model = VQVAE.create({ preset: 'tiny', codebookUpdate: 'ema', emaDecay: 0.5 });
    const x = images(1);
    const before = Array.from(model.codebook.dataSync());
    const m = await model.trainStep(x);
    expect(m.loss).toBeCloseTo(m.reconstruction + 0.25 * m.commitment, 6);
    const after = model.codebook.dataSync();
    const moved = before.filter((v, i) => v !== after[i]).length;
    expect(moved).toBeGreaterThan(0);
    x.dispose();
    model.dispose();
  });

  it('restarts dead codes on encoder outputs when asked, and counts them', async () => {
    const model = VQVAE.create({ preset: 'tiny', deadCodeRestart: 1 });
    const x = images(1);
    const first = await model.trainStep(x);
    const unused = first.usage.filter((count) => count === 0).length;
    expect(unused).toBeGreaterThan(0);
    expect(first.restarted).toBe(unused);
    expect(first.deadCodes).toBe(0);
    x.dispose();
    model.dispose();
  });

  it('initialises the codebook by k-means++ on the first batch, which needs enough latents', async () => {
    const model = VQVAE.create({ preset: 'tiny', codebookInit: 'kmeans++', codebookUpdate: 'ema', codebookSize: 16 });
    const x = images(1);
    const m = await model.trainStep(x);
    // Codes placed on encoder outputs: every one of the 16 is chosen by some latent at the start.
    expect(m.usage.filter((count) => count > 0).length).toBeGreaterThan(12);
    x.dispose();
    model.dispose();
    const big = VQVAE.create({ preset: 'tiny', codebookInit: 'kmeans++', codebookSize: 128 });
    const one = images(1);
    await expect(big.trainStep(one)).rejects.toThrow('k-means++ initialisation needs a first batch of at least 3 images for K = 128, got 1');
    one.dispose();
    big.dispose();
  });

  it('holds exactly the Keras example’s parameters for r1 (19,856 + 28,033 + K·D)', () => {
    const model = VQVAE.create({ preset: 'r1' });
    expect(model.parameterCount).toBe(19_856 + 28_033 + 128 * 16);
    model.dispose();
  });

  it('leaves no tensors behind: create, train, encode, decode, reconstruct and dispose', async () => {
    const x = images(1);
    const start = tf.memory().numTensors;
    const model = VQVAE.create({ preset: 'tiny', codebookUpdate: 'ema', deadCodeRestart: 1 });
    await model.trainStep(x);
    const afterFirst = tf.memory().numTensors;
    for (let s = 0; s < 3; s++) await model.trainStep(x);
    expect(tf.memory().numTensors).toBe(afterFirst);
    const codes = model.encode(x);
    tf.dispose([codes, await model.decode(codes), model.reconstruct(x)]);
    model.reconstructionError(x);
    model.dispose();
    expect(tf.memory().numTensors).toBe(start);
    x.dispose();
  });

  it('cosine lookup quantises unit vectors: both losses stay within the sphere’s bound, and decode(encode) still holds', async () => {
    const model = VQVAE.create({ preset: 'tiny', lookup: 'cosine', seed: 2 });
    const x = images(2);
    const m = await model.trainStep(x);
    // Two unit vectors are at most 2 apart: a mean squared coordinate gap of at most 4 / D.
    expect(m.commitment).toBeGreaterThan(0);
    expect(m.commitment).toBeLessThanOrEqual(4 / 8);
    const codes = model.encode(x);
    const [decoded, reconstructed] = [await model.decode(codes), model.reconstruct(x)];
    expectClose(decoded.dataSync(), reconstructed.dataSync(), 1e-6);
    expect(() => model.setHyperparameters({ lookup: 'euclidean' })).toThrow('lookup sets the model');
    tf.dispose([x, codes, decoded, reconstructed]);
    model.dispose();
  });

  it('the rotation trick changes the update but not the forward pass', async () => {
    const run = async (gradient: 'ste' | 'rotation') => {
      const model = VQVAE.create({ preset: 'tiny', gradient, seed: 4 });
      const x = images(1);
      const first = await model.trainStep(x);
      const after = snapshot(model, x);
      x.dispose();
      model.dispose();
      return { loss: first.loss, after };
    };
    const [ste, rotation] = [await run('ste'), await run('rotation')];
    expect(rotation.loss).toBe(ste.loss);
    expect(rotation.after.output).not.toEqual(ste.after.output);
  });

  it('FSQ replaces the codebook: K and D follow from the levels, codes decode like a codebook’s, and no codebook is saved', async () => {
    const model = VQVAE.create({ preset: 'tiny', fsq: [5, 4, 3] });
    expect([model.config.codebookSize, model.config.codeDim]).toEqual([60, 3]);
    const x = images(2);
    const m = await model.trainStep(x);
    expect([m.codebook, m.commitment]).toEqual([0, 0]);
    expect(m.loss).toBeCloseTo(m.reconstruction, 7);
    const codes = model.encode(x);
    const [decoded, reconstructed] = [await model.decode(codes), model.reconstruct(x)];
    expectClose(decoded.dataSync(), reconstructed.dataSync(), 1e-6);
    let names: string[] = [];
    await model.save(tf.io.withSaveHandler(async (a) => ((names = a.weightSpecs!.map((w) => w.name)), { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } })));
    expect(names).not.toContain('codebook');
    tf.dispose([x, codes, decoded, reconstructed]);
    model.dispose();
  });

  it('SimVQ trains only the map: the frozen basis is saved but never changes, and every code moves', async () => {
    const model = VQVAE.create({ preset: 'tiny', simvq: true, codebookSize: 16 });
    const plain = VQVAE.create({ preset: 'tiny', codebookSize: 16 });
    expect(model.parameterCount).toBe(plain.parameterCount + 8 * 8);
    plain.dispose();
    const x = images(1);
    const before = Array.from(model.codebook.dataSync());
    let basis: number[] = [];
    const grab = async () => {
      await model.save(tf.io.withSaveHandler(async (a) => {
        const specs = a.weightSpecs!;
        const offset = specs.slice(0, specs.findIndex((w) => w.name === 'codebook')).reduce((n, w) => n + w.shape.reduce((p, q) => p * q, 1) * 4, 0);
        basis = Array.from(new Float32Array((a.weightData as ArrayBuffer).slice(offset, offset + 16 * 8 * 4)));
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }));
      return basis;
    };
    const basisBefore = await grab();
    await model.trainStep(x);
    const tensors = tf.memory().numTensors;
    for (let s = 0; s < 3; s++) await model.trainStep(x);
    expect(tf.memory().numTensors).toBe(tensors);
    expect(await grab()).toEqual(basisBefore);
    const after = model.codebook.dataSync();
    // Every code moved, used or not, because they share the map.
    for (let k = 0; k < 16; k++) expect(after.slice(k * 8, k * 8 + 8)).not.toEqual(Float32Array.from(before.slice(k * 8, k * 8 + 8)));
    x.dispose();
    model.dispose();
  });

  it('a low-dimensional lookup searches d-dimensional codes and decodes through the up-projection', async () => {
    const model = VQVAE.create({ preset: 'tiny', lookupDim: 2, codebookInit: 'kmeans++', codebookSize: 16 });
    expect(model.codebook.shape).toEqual([16, 2]);
    const x = images(2);
    const m = await model.trainStep(x);
    expect(m.rejected).toBeNull();
    const codes = model.encode(x);
    const [decoded, reconstructed] = [await model.decode(codes), model.reconstruct(x)];
    expectClose(decoded.dataSync(), reconstructed.dataSync(), 1e-6);
    const loaded = await VQVAE.load(tf.io.fromMemory(await new Promise<tf.io.ModelArtifacts>((resolve) => {
      void model.save(tf.io.withSaveHandler(async (a) => (resolve(a), { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } })));
    })));
    const again = loaded.reconstruct(x);
    expect(Array.from(again.dataSync())).toEqual(Array.from(reconstructed.dataSync()));
    tf.dispose([x, codes, decoded, reconstructed, again]);
    model.dispose();
    loaded.dispose();
  });

  it('residual VQ: one grid per stage, each stage refines the decode, every codebook trains and is saved', async () => {
    const model = VQVAE.create({ preset: 'tiny', residualStages: 3, codebookSize: 16 });
    const single = VQVAE.create({ preset: 'tiny', codebookSize: 16 });
    expect(model.parameterCount).toBe(single.parameterCount + 2 * 16 * 8);
    single.dispose();
    const x = images(2);
    const m = await model.trainStep(x);
    expect(m.loss).toBeCloseTo(m.reconstruction + m.codebook + 0.25 * m.commitment, 6);
    // Usage describes the first stage's 2 × 49 choices.
    expect(m.usage.reduce((a, b) => a + b, 0)).toBe(2 * 49);
    const grids = model.encodeStages(x);
    expect(grids.map((g) => g.shape)).toEqual([[2, 7, 7], [2, 7, 7], [2, 7, 7]]);
    const first = model.encode(x);
    expect(Array.from(first.dataSync())).toEqual(Array.from(grids[0].dataSync()));
    const stages = model.reconstructStages(x);
    const full = model.reconstruct(x);
    const firstOnly = await model.decode(first);
    expectClose(stages[2].dataSync(), full.dataSync(), 1e-5);
    expectClose(stages[0].dataSync(), firstOnly.dataSync(), 1e-6);
    await expect(model.decode([...grids, first])).rejects.toThrow('got 4 code grids for a model with 3 stages');

    const saved = async () => new Promise<tf.io.ModelArtifacts>((resolve) => {
      void model.save(tf.io.withSaveHandler(async (a) => (resolve(a), { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } })));
    });
    const before = await saved();
    expect(before.weightSpecs!.map((w) => w.name).filter((n) => n.startsWith('codebook'))).toEqual(['codebook', 'codebook/stage2', 'codebook/stage3']);
    const tensors = tf.memory().numTensors;
    await model.trainStep(x);
    expect(tf.memory().numTensors).toBe(tensors);
    const after = await saved();
    const codebookBytes = (a: tf.io.ModelArtifacts, name: string) => {
      const specs = a.weightSpecs!;
      const offset = specs.slice(0, specs.findIndex((w) => w.name === name)).reduce((n, w) => n + w.shape.reduce((p, q) => p * q, 1) * 4, 0);
      return Array.from(new Float32Array((a.weightData as ArrayBuffer).slice(offset, offset + 16 * 8 * 4)));
    };
    for (const name of ['codebook', 'codebook/stage2', 'codebook/stage3']) expect(codebookBytes(after, name)).not.toEqual(codebookBytes(before, name));
    const loaded = await VQVAE.load(tf.io.fromMemory(after));
    const again = loaded.reconstruct(x);
    const now = model.reconstruct(x);
    expect(Array.from(again.dataSync())).toEqual(Array.from(now.dataSync()));
    tf.dispose([x, first, full, firstOnly, again, now, ...grids, ...stages]);
    model.dispose();
    loaded.dispose();
  });

  it("without the estimator, nothing reaches the encoder: with β = 0 its gradient is exactly 0 and its weights never move", async () => {
    const stopped = VQVAE.create({ preset: 'tiny', gradient: 'none', beta: 0 });
    const estimated = VQVAE.create({ preset: 'tiny', beta: 0 });
    const x = images(2);
    const encoderWeights = async (model: VQVAE) =>
      new Promise<number[]>((resolve) => {
        void model.save(tf.io.withSaveHandler(async (a) => {
          const specs = a.weightSpecs!;
          const end = specs.filter((w) => w.name.startsWith('encoder/')).reduce((n, w) => n + w.shape.reduce((p, q) => p * q, 1), 0);
          resolve(Array.from(new Float32Array(a.weightData as ArrayBuffer, 0, end)));
          return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
        }));
      });
    const before = await encoderWeights(stopped);
    for (let s = 0; s < 2; s++) {
      const m = await stopped.trainStep(x);
      expect(m.rejected).toBeNull();
      expect(m.encoderGradientNorm).toBe(0);
    }
    expect(await encoderWeights(stopped)).toEqual(before);
    // The same step with the straight-through estimator does pull on the encoder.
    expect((await estimated.trainStep(x)).encoderGradientNorm).toBeGreaterThan(1e-4);
    // The forward pass is the same either way: only where the gradient goes differs.
    const [fresh, freshSte] = [VQVAE.create({ preset: 'tiny', gradient: 'none', beta: 0 }), VQVAE.create({ preset: 'tiny', beta: 0 })];
    const [a, b] = [fresh.reconstruct(x), freshSte.reconstruct(x)];
    expect(Array.from(a.dataSync())).toEqual(Array.from(b.dataSync()));
    expect(() => VQVAE.create({ preset: 'tiny', fsq: [4, 4], gradient: 'none' })).toThrow('gradient must be "ste" with fsq');
    tf.dispose([x, a, b]);
    for (const model of [stopped, estimated, fresh, freshSte]) model.dispose();
  });
});
