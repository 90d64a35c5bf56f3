import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Split } from '../../src/lib/data/dataset.ts';
import { loadDatasetFromDisk } from '../../src/lib/data/node.ts';
import { ModelHost } from '../../src/lib/engine/model-host.ts';
import type { EngineEvent, Snapshot } from '../../src/lib/engine/protocol.ts';

// Push, don't poll: a widget names images the Worker holds, and the host pushes what the model makes
// of them at once, after a create, reset or load, while training, and when training stops.
let train: Split;
let test: Split;
beforeAll(async () => {
  await tf.setBackend('cpu');
  ({ train, test } = await loadDatasetFromDisk('mnist'));
});

function host() {
  const events: EngineEvent[] = [];
  const h = new ModelHost((event) => events.push(event), async (_dataset, split) => (split === 'test' ? test : train));
  const snapshots = (model: string) => events.flatMap((e) => (e.type === 'snapshot' && e.model === model ? [e.snapshot] : []));
  return { h, events, snapshots };
}

/** Waits until the host's queued work (snapshots go out a macrotask after a reply) has run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

const testImages = (first: number, count: number) => Float32Array.from(test.images.subarray(first * 784, (first + count) * 784), (v) => v / 255);

describe('engine snapshots', () => {
  it('pushes one snapshot at once, equal to the reconstruct and inspect requests on the same test images', async () => {
    const { h, snapshots } = host();
    await h.handle({ type: 'createModel', model: 'a', config: { preset: 'tiny', seed: 3 } });
    await h.handle({ type: 'watch', model: 'a', snapshots: { reconstruction: { dataset: 'mnist', split: 'test', first: 2, count: 3 }, inspection: { dataset: 'mnist', split: 'test', first: 0, count: 4 } } });
    await settle();
    const [snapshot] = snapshots('a') as [Snapshot];
    expect(snapshots('a')).toHaveLength(1);
    expect(snapshot.step).toBe(0);
    const reconstructed = (await h.handle({ type: 'reconstruct', model: 'a', images: testImages(2, 3), count: 3 })) as { images: Float32Array };
    expect(snapshot.reconstruction).toEqual({ images: reconstructed.images, count: 3 });
    const inspected = await h.handle({ type: 'inspect', model: 'a', images: testImages(0, 4), count: 4 });
    expect(snapshot.inspection).toEqual({ latents: (inspected as { latents: Float32Array }).latents, codebook: (inspected as { codebook: Float32Array }).codebook, dim: 8, deadCodes: [] });
    await h.handle({ type: 'disposeModel', model: 'a' });
  });

  it('pushes snapshots while training, one at the last step, and one after a reset; null stops them', async () => {
    const { h, events, snapshots } = host();
    await h.handle({ type: 'createModel', model: 'a', config: { preset: 'tiny' } });
    await h.handle({ type: 'watch', model: 'a', snapshots: { reconstruction: { dataset: 'mnist', split: 'test', first: 0, count: 2 }, everyMs: 0 } });
    await settle();
    expect(await h.handle({ type: 'train', model: 'a', dataset: 'mnist', batchSize: 2, steps: 4 })).toMatchObject({ reason: 'done', step: 4 });
    // Every step's snapshot is due with no gap asked for (the first waits 4× the one taken at step 0).
    const steps = snapshots('a').map((s) => s.step);
    expect(steps[0]).toBe(0);
    expect(steps.at(-1)).toBe(4);
    expect(steps).toEqual([...steps].sort((x, y) => x - y));
    expect(steps.length).toBeGreaterThanOrEqual(3);
    // Each snapshot follows the metrics of its step: no step is missing from the messages before it.
    const lastSnapshot = events.findLastIndex((e) => e.type === 'snapshot');
    const stepsBefore = events.slice(0, lastSnapshot).flatMap((e) => (e.type === 'metrics' ? e.history.map((p) => p.step) : []));
    expect(stepsBefore).toEqual([1, 2, 3, 4]);
    for (const s of snapshots('a')) expect(s.reconstruction?.images).toHaveLength(2 * 784);

    await h.handle({ type: 'reset', model: 'a' });
    await settle();
    expect(snapshots('a').at(-1)!.step).toBe(0);
    const before = snapshots('a').length;
    await h.handle({ type: 'watch', model: 'a', snapshots: null });
    await h.handle({ type: 'train', model: 'a', dataset: 'mnist', batchSize: 2, steps: 2 });
    await settle();
    expect(snapshots('a')).toHaveLength(before);
    await h.handle({ type: 'disposeModel', model: 'a' });
  });

  it('draws an autoencoder’s latents, and residual stages, and refuses what a model cannot give, with reasons', async () => {
    const { h, snapshots } = host();
    await h.handle({ type: 'createAutoencoder', model: 'v', config: { kind: 'vae', seed: 1 } });
    await h.handle({ type: 'watch', model: 'v', snapshots: { inspection: { dataset: 'mnist', split: 'test', first: 0, count: 5 } } });
    await settle();
    const encoded = (await h.handle({ type: 'encode', model: 'v', images: testImages(0, 5), count: 5 })) as { latents: Float32Array };
    expect(snapshots('v')[0].inspection).toEqual({ latents: encoded.latents, codebook: new Float32Array(0), dim: 2, deadCodes: [] });

    await h.handle({ type: 'createModel', model: 'r', config: { preset: 'tiny', residualStages: 3 } });
    await h.handle({ type: 'watch', model: 'r', snapshots: { reconstruction: { dataset: 'mnist', split: 'test', first: 0, count: 1, stages: 1 } } });
    await settle();
    const firstStage = (await h.handle({ type: 'reconstruct', model: 'r', images: testImages(0, 1), count: 1, stages: 1 })) as { images: Float32Array };
    expect(snapshots('r')[0].reconstruction!.images).toEqual(firstStage.images);

    const refused = (snapshots: object) => h.handle({ type: 'watch', model: 'r', snapshots }).catch((e) => ({ reason: e.reason, message: e.message }));
    expect(await refused({ reconstruction: { dataset: 'mnist', split: 'test', first: 999, count: 2 } })).toMatchObject({ reason: 'invalid-request', message: expect.stringContaining("within the mnist test split's 1000 images, got first 999 and count 2") });
    expect(await refused({ reconstruction: { dataset: 'mnist', split: 'test', first: 0, count: 1, stages: 4 } })).toMatchObject({ reason: 'invalid-request', message: 'watch: stages must be a whole number from 1 to 3, got 4' });
    await h.handle({ type: 'createHierarchical', model: 'h', config: { codebookSize: 16, topCodebookSize: 8 } });
    await expect(h.handle({ type: 'watch', model: 'h', snapshots: { inspection: { dataset: 'mnist', split: 'test', first: 0, count: 1 } } })).rejects.toMatchObject({ reason: 'invalid-request' });
    await expect(h.handle({ type: 'watch', model: 'nobody', snapshots: null })).rejects.toMatchObject({ reason: 'not-found', message: 'No model named "nobody": create it first' });
    for (const model of ['v', 'r', 'h']) await h.handle({ type: 'disposeModel', model });
  });
});
