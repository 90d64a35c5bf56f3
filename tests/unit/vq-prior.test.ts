import * as tf from '../../src/lib/vq/tf.ts';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { batchTensor } from '../../src/lib/data/batch.ts';
import { loadDatasetFromDisk } from '../../src/lib/data/node.ts';
import { assertPriorMatches, createMask, PixelCNNPrior, registerWasmTrainingKernels, unigramBits, VQVAE } from '../../src/lib/vq/index.ts';
import { fileCheckpoint } from '../../src/lib/vq/node.ts';
import { binariseSplit } from '../../src/lib/data/binarise.ts';

beforeAll(async () => {
  registerWasmTrainingKernels();
  await tf.setBackend('wasm');
});

/** A seeded random code grid batch. */
const randomCodes = (batch: number, k: number, seed: number) => tf.tidy(() => tf.cast(tf.floor(tf.randomUniform([batch, 7, 7], 0, k, 'float32', seed)), 'int32') as tf.Tensor3D);

describe('createMask', () => {
  it('keeps 24 positions of a 7×7 type-A kernel and 25 of type B, the centre being the difference', () => {
    const a = createMask(7, 'A', 2, 3);
    const b = createMask(7, 'B', 2, 3);
    expect(tf.sum(a).dataSync()[0] / 6).toBe(24);
    expect(tf.sum(b).dataSync()[0] / 6).toBe(25);
    const centre = (m: tf.Tensor4D) => tf.slice(m, [3, 3, 0, 0], [1, 1, 1, 1]).dataSync()[0];
    expect([centre(a), centre(b)]).toEqual([0, 1]);
    // The row below the centre, and the centre row's right half, are hidden in both.
    expect(tf.sum(tf.slice(b, [4, 0, 0, 0], [3, 7, 2, 3])).dataSync()[0]).toBe(0);
    expect(tf.sum(tf.slice(b, [3, 4, 0, 0], [1, 3, 2, 3])).dataSync()[0]).toBe(0);
    tf.dispose([a, b]);
  });

  it('rejects an even kernel and an unknown type', () => {
    expect(() => createMask(4, 'A', 1, 1)).toThrow('kernelSize must be an odd whole number ≥ 1, got 4');
    expect(() => createMask(3, 'C' as 'A', 1, 1)).toThrow('type must be "A" or "B", got "C"');
  });
});

/** Asserts that changing the code at each raster position p moves only the logits after p. */
function expectCausal(prior: PixelCNNPrior) {
  const base = randomCodes(1, 16, 5);
  const logits = prior.logits(base);
  const reference = logits.dataSync().slice();
  logits.dispose();
  const values = base.dataSync();
  for (let p = 0; p < 49; p++) {
    const changed = values.slice();
    changed[p] = (changed[p] + 7) % 16;
    const grid = tf.tensor3d(changed, [1, 7, 7], 'int32');
    const moved = prior.logits(grid);
    const after = moved.dataSync();
    const differs = (q: number) => after.slice(q * 16, (q + 1) * 16).some((v, i) => Math.abs(v - reference[q * 16 + i]) > 1e-5);
    for (let q = 0; q <= p; q++) expect(differs(q), `logits at ${q} moved when the code at ${p} changed`).toBe(false);
    // The next position in the same row sees p through the type-A kernel directly. (After a row's
    // end it need not: a 5×5 kernel at the next row's start reaches only two columns right.)
    if (p % 7 < 6) expect(differs(p + 1), `logits at ${p + 1} ignore the code at ${p}`).toBe(true);
    tf.dispose([grid, moved]);
  }
  base.dispose();
}

describe('unigramBits', () => {
  it('is the entropy of the code frequencies, in bits', () => {
    expect(unigramBits([3, 3, 3, 3])).toBe(0);
    expect(unigramBits([0, 1, 0, 1])).toBeCloseTo(1, 12);
    expect(unigramBits([0, 1, 2, 3, 4, 5, 6, 7])).toBeCloseTo(3, 12);
    // p = (1/2, 1/4, 1/4): 1/2·1 + 2·(1/4·2) = 1.5 bits.
    expect(unigramBits(Int32Array.from([5, 5, 9, 2]))).toBeCloseTo(1.5, 12);
  });
});

describe('PixelCNNPrior', () => {
  it('is causal at every position of a 7×7 grid, untrained and trained', async () => {
    const prior = PixelCNNPrior.create({ codebookSize: 16, height: 7, width: 7, channels: 16, seed: 3 });
    expectCausal(prior);
    const codes = randomCodes(8, 16, 9);
    for (let s = 0; s < 20; s++) await prior.trainStep(codes);
    expectCausal(prior);
    codes.dispose();
    prior.dispose();
  });

  it('is the same prior for the same config and seed, including the default seed 0; nllAsync equals nll', async () => {
    const grids = tf.tidy(() => tf.randomUniformInt([2, 7, 7], 0, 16, 4) as tf.Tensor3D);
    const bits = (seed?: number) => {
      const prior = PixelCNNPrior.create({ codebookSize: 16, height: 7, width: 7, channels: 8, seed });
      const value = prior.nll(grids);
      prior.dispose();
      return value;
    };
    expect(bits()).toBe(bits());
    const prior = PixelCNNPrior.create({ codebookSize: 16, height: 7, width: 7, channels: 8 });
    await expect(prior.nllAsync(grids)).resolves.toBe(prior.nll(grids));
    prior.dispose();
    expect(bits(3)).toBe(bits(3));
    expect(bits(3)).not.toBe(bits(4));
    grids.dispose();
  });

  it('samples reproducibly for a seed, and temperature 0 takes the argmax and says so', async () => {
    const prior = PixelCNNPrior.create({ codebookSize: 16, height: 7, width: 7, channels: 16 });
    const [a, b, c] = [await prior.sample(2, { seed: 1 }), await prior.sample(2, { seed: 1 }), await prior.sample(2, { seed: 2 })];
    expect(Array.from(a.codes.dataSync())).toEqual(Array.from(b.codes.dataSync()));
    expect(Array.from(a.codes.dataSync())).not.toEqual(Array.from(c.codes.dataSync()));
    expect(a.note).toBeNull();
    const steps: number[] = [];
    const greedy = await prior.sample(1, { temperature: 0, onStep: (s) => steps.push(s.position) });
    expect(greedy.note).toMatch(/temperature 0 ≤ 0: each position took its most likely code \(argmax\)/);
    expect(steps).toEqual(Array.from({ length: 49 }, (_, i) => i));
    // Each greedy code is the argmax of the logits given the codes before it.
    const logits = prior.logits(greedy.codes);
    expect(Array.from(tf.argMax(logits, 3).dataSync())).toEqual(Array.from(greedy.codes.dataSync()));
    tf.dispose([a.codes, b.codes, c.codes, greedy.codes, logits]);
    prior.dispose();
  });

  it('resamples from a position: the prefix is kept, only later positions are drawn, each the argmax at T = 0', async () => {
    const prior = PixelCNNPrior.create({ codebookSize: 16, height: 7, width: 7, channels: 16 });
    const start = tf.tidy(() => tf.randomUniformInt([1, 7, 7], 0, 16, 3) as tf.Tensor3D);
    const grid = Array.from(start.dataSync());
    const steps: number[] = [];
    const resampled = await prior.sample(2, { temperature: 0, prefix: { codes: grid, length: 20 }, onStep: (s) => steps.push(s.position) });
    expect(steps).toEqual(Array.from({ length: 29 }, (_, i) => 20 + i));
    const codes = Array.from(resampled.codes.dataSync());
    for (const s of [0, 1]) expect(codes.slice(s * 49, s * 49 + 20)).toEqual(grid.slice(0, 20));
    const logits = prior.logits(resampled.codes);
    const best = Array.from(tf.tidy(() => tf.argMax(logits, 3)).dataSync());
    expect(codes.slice(20, 49)).toEqual(best.slice(20, 49));
    // A prefix of length 0 is the plain sampler, draw for draw.
    const [plain, empty] = [await prior.sample(1, { seed: 5 }), await prior.sample(1, { seed: 5, prefix: { codes: grid, length: 0 } })];
    expect(Array.from(empty.codes.dataSync())).toEqual(Array.from(plain.codes.dataSync()));
    await expect(prior.sample(1, { prefix: { codes: grid.slice(0, 48), length: 3 } })).rejects.toThrow('prefix.codes must hold one 7×7 grid (49 codes), got 48');
    await expect(prior.sample(1, { prefix: { codes: grid, length: 50 } })).rejects.toThrow('prefix.length must be a whole number from 0 to 49, got 50');
    await expect(prior.sample(1, { prefix: { codes: [16, ...grid.slice(1)], length: 1 } })).rejects.toThrow('prefix code 16 at position 0 is outside 0..15');
    tf.dispose([start, resampled.codes, logits, plain.codes, empty.codes]);
    prior.dispose();
  });

  it('rejects codes outside 0..K−1 and grids of the wrong size', async () => {
    const prior = PixelCNNPrior.create({ codebookSize: 16, height: 7, width: 7, channels: 8 });
    const bad = tf.fill([1, 7, 7], 16, 'int32') as tf.Tensor3D;
    await expect(prior.trainStep(bad)).rejects.toThrow('code 16 at position 0 is outside 0..15');
    const small = tf.zeros([1, 4, 4], 'int32') as tf.Tensor3D;
    expect(() => prior.nll(small)).toThrow('expected code grids of 7×7, got 4×4');
    expect(() => PixelCNNPrior.create({ codebookSize: 16, height: 7, width: 7, kernelSize: 4 })).toThrow('kernelSize must be odd, got 4');
    tf.dispose([bad, small]);
    prior.dispose();
  });

  it('learns real VQ-VAE codes: held-out bits per latent fall below their unigram entropy, without leaks', async () => {
    const mnist = await loadDatasetFromDisk('mnist');
    const vqvae = await VQVAE.load(fileCheckpoint('public/models/vqvae-tiny-mnist'));
    const encode = (split: typeof mnist.train, count: number) => {
      const { x, labels } = batchTensor(split, Array.from({ length: count }, (_, i) => i));
      const codes = vqvae.encode(x);
      tf.dispose([x, labels]);
      return codes;
    };
    const train = encode(mnist.train, 2048);
    const heldOut = encode(mnist.test, 500);
    const counts = new Map<number, number>();
    for (const c of heldOut.dataSync()) counts.set(c, (counts.get(c) ?? 0) + 1);
    const unigram = -[...counts.values()].reduce((h, n) => h + (n / heldOut.size) * Math.log2(n / heldOut.size), 0);

    const prior = PixelCNNPrior.create({ codebookSize: 64, height: 7, width: 7, channels: 32, seed: 1 });
    const before = prior.nll(heldOut);
    await prior.trainStep(tf.slice(train, [0, 0, 0], [64, 7, 7]) as tf.Tensor3D).then(() => undefined);
    const tensors = tf.memory().numTensors;
    for (let s = 0; s < 150; s++) {
      const batch = tf.slice(train, [(s * 64) % 2048, 0, 0], [64, 7, 7]) as tf.Tensor3D;
      const metrics = await prior.trainStep(batch);
      batch.dispose();
      expect(metrics.rejected).toBeNull();
    }
    expect(tf.memory().numTensors).toBe(tensors + 0);
    const after = prior.nll(heldOut);
    expect(before).toBeGreaterThan(unigram);
    expect(after).toBeLessThan(unigram);

    // A saved prior loads back with the same held-out figure.
    const directory = `test-results/prior-checkpoint-${process.pid}`;
    await prior.save(fileCheckpoint(directory));
    const loaded = await PixelCNNPrior.load(fileCheckpoint(directory));
    expect(loaded.nll(heldOut)).toBe(after);
    tf.dispose([train, heldOut]);
    [prior, loaded, vqvae].forEach((m) => m.dispose());
  }, 120_000);

  it('refuses to pair with a VQ-VAE whose K or grid differs, naming both', () => {
    const vqvae = VQVAE.create({ preset: 'tiny' });
    const fits = PixelCNNPrior.create({ codebookSize: 64, height: 7, width: 7, channels: 4 });
    const wrong = PixelCNNPrior.create({ codebookSize: 128, height: 8, width: 8, channels: 4 });
    expect(() => assertPriorMatches(fits, vqvae)).not.toThrow();
    expect(() => assertPriorMatches(wrong, vqvae)).toThrow("This prior does not fit this VQ-VAE: K is 128 in the prior but 64 in the VQ-VAE; the prior's grid is 8×8 but the VQ-VAE's is 7×7");
    [vqvae, fits, wrong].forEach((m) => m.dispose());
  });

  it('works as the pixel-level PixelCNN: learns binarised MNIST, and samples in 784 reported steps', async () => {
    const mnist = await loadDatasetFromDisk('mnist', 'public/data', { split: 'test' });
    const images = tf.tensor3d(binariseSplit(mnist.test, 600), [600, 28, 28], 'int32');
    const train = tf.slice(images, [0, 0, 0], [500, 28, 28]) as tf.Tensor3D;
    const heldOut = tf.slice(images, [500, 0, 0], [100, 28, 28]) as tf.Tensor3D;
    const pixelcnn = PixelCNNPrior.create({ codebookSize: 2, height: 28, width: 28, kernelSize: 7, channels: 16, layers: 1, learningRate: 3e-3 });
    const before = pixelcnn.nll(heldOut);
    for (let s = 0; s < 30; s++) {
      const batch = tf.slice(train, [(s * 16) % 480, 0, 0], [16, 28, 28]) as tf.Tensor3D;
      await pixelcnn.trainStep(batch);
      batch.dispose();
    }
    const after = pixelcnn.nll(heldOut);
    // Around 0.56 bits per pixel for pixel frequencies alone; context does better.
    expect(after).toBeLessThan(0.4);
    expect(after).toBeLessThan(before);
    let steps = 0;
    const { codes } = await pixelcnn.sample(1, { seed: 4, onStep: () => steps++ });
    expect(steps).toBe(784);
    expect(new Set(codes.dataSync())).toEqual(new Set([0, 1]));
    tf.dispose([images, train, heldOut, codes]);
    pixelcnn.dispose();
  }, 120_000);
});
