import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { CheckpointError, HierarchicalVQVAE } from '../../src/lib/vq/index.ts';
import { expectClose } from './tf-backends.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** A deterministic batch of smooth strokes in [0,1]. */
function images(batch: number): tf.Tensor4D {
  const values = new Float32Array(batch * 784);
  for (let b = 0; b < batch; b++) for (let i = 0; i < 784; i++) values[b * 784 + i] = 0.5 + 0.5 * Math.sin((i % 28) * 0.3 + Math.floor(i / 28) * (0.2 + 0.1 * b));
  return tf.tensor4d(values, [batch, 28, 28, 1]);
}

const artifactsOf = (model: HierarchicalVQVAE) =>
  new Promise<tf.io.ModelArtifacts>((resolve) => {
    void model.save(tf.io.withSaveHandler(async (a) => (resolve(a), { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } })));
  });

describe('HierarchicalVQVAE', () => {
  it('encodes to a 3×3 top grid and a 7×7 bottom grid, and decode(encode(x)) is the reconstruction', async () => {
    const model = HierarchicalVQVAE.create({ seed: 2 });
    const x = images(2);
    const { top, bottom } = model.encode(x);
    expect([top.shape, bottom.shape, top.dtype, bottom.dtype]).toEqual([[2, 3, 3], [2, 7, 7], 'int32', 'int32']);
    const decoded = await model.decode({ top, bottom });
    const reconstructed = model.reconstruct(x);
    expectClose(decoded.dataSync(), reconstructed.dataSync(), 1e-6);
    tf.dispose([x, top, bottom, decoded, reconstructed]);
    model.dispose();
  });

  it('the decoder is conditioned on the top codes: a new top code changes the image, the bottom codes held fixed', async () => {
    const model = HierarchicalVQVAE.create({ seed: 1, topCodebookSize: 8 });
    const bottom = tf.fill([1, 7, 7], 3, 'int32') as tf.Tensor3D;
    const topA = tf.fill([1, 3, 3], 0, 'int32') as tf.Tensor3D;
    const topB = tf.tensor3d([[[0, 0, 0], [0, 5, 0], [0, 0, 0]]], [1, 3, 3], 'int32');
    const [a, b] = [await model.decode({ top: topA, bottom }), await model.decode({ top: topB, bottom })];
    const change = tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);
    expect(change).toBeGreaterThan(1e-4);
    tf.dispose([bottom, topA, topB, a, b]);
    model.dispose();
  });

  it('reports both levels, trains every variable and both codebooks, and leaks nothing', async () => {
    const model = HierarchicalVQVAE.create({ beta: 0.5, codebookSize: 16, topCodebookSize: 8 });
    const x = images(2);
    const before = await artifactsOf(model);
    const m = await model.trainStep(x);
    expect(m.rejected).toBeNull();
    expect(m.loss).toBeCloseTo(m.reconstruction + m.codebook + 0.5 * m.commitment, 6);
    expect(m.usage.reduce((a, b) => a + b, 0)).toBe(2 * 49);
    expect(m.topUsage.reduce((a, b) => a + b, 0)).toBe(2 * 9);
    const tensors = tf.memory().numTensors;
    await model.trainStep(x);
    expect(tf.memory().numTensors).toBe(tensors);
    const after = await artifactsOf(model);
    // Every named weight moved: gradient reaches the top level through the decoder and the bottom encoder.
    const [old, now] = [new Float32Array(before.weightData as ArrayBuffer), new Float32Array(after.weightData as ArrayBuffer)];
    let offset = 0;
    for (const spec of after.weightSpecs!) {
      const size = spec.shape.reduce((p, q) => p * q, 1);
      expect(now.slice(offset, offset + size), spec.name).not.toEqual(old.slice(offset, offset + size));
      offset += size;
    }
    tf.dispose(x);
    model.dispose();
  });

  it('round-trips a checkpoint, and refuses a VQVAE checkpoint with a clear error', async () => {
    const model = HierarchicalVQVAE.create({ codeDim: 4 });
    const x = images(1);
    await model.trainStep(x);
    const artifacts = await artifactsOf(model);
    const loaded = await HierarchicalVQVAE.load(tf.io.fromMemory(artifacts));
    expect(loaded.step).toBe(1);
    const [a, b] = [model.reconstruct(x), loaded.reconstruct(x)];
    expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
    const wrongKind = { ...artifacts, format: 'vq-vae-explained-live/vqvae@1' };
    await expect(HierarchicalVQVAE.load(tf.io.fromMemory(wrongKind))).rejects.toThrow(CheckpointError);
    await expect(HierarchicalVQVAE.load(tf.io.fromMemory(wrongKind))).rejects.toThrow('Not a vqvae2 checkpoint');
    tf.dispose([x, a, b]);
    model.dispose();
    loaded.dispose();
  });

  it('rejects bad configs and codes outside the codebooks with messages', async () => {
    expect(() => HierarchicalVQVAE.create({ topCodebookSize: 0 })).toThrow('topCodebookSize must be a whole number from 1 to 4096, got 0');
    expect(() => HierarchicalVQVAE.create({ preset: 'tiny' } as never)).toThrow('preset must be one of the known fields');
    const model = HierarchicalVQVAE.create({ topCodebookSize: 4 });
    const top = tf.fill([1, 3, 3], 4, 'int32') as tf.Tensor3D;
    const bottom = tf.zeros([1, 7, 7], 'int32') as tf.Tensor3D;
    await expect(model.decode({ top, bottom })).rejects.toThrow('decode: top code 4 at position 0 is outside 0..3');
    await expect(model.decode({ top: bottom, bottom })).rejects.toThrow('decode expects top codes int32 [B,3,3]');
    tf.dispose([top, bottom]);
    model.dispose();
  });
});
