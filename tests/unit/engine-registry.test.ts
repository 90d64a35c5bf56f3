import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Split } from '../../src/lib/data/dataset.ts';
import { loadDatasetFromDisk } from '../../src/lib/data/node.ts';
import { EngineError } from '../../src/lib/engine/engine-error.ts';
import { ModelHost } from '../../src/lib/engine/model-host.ts';
import type { DatasetSample } from '../../src/lib/engine/protocol.ts';
import { transferablesOf } from '../../src/lib/engine/transfer.ts';
import { CheckpointError } from '../../src/lib/vq/index.ts';

// One namespace of names for models and priors, and errors that cross the Worker with a reason.
let train: Split;
beforeAll(async () => {
  await tf.setBackend('cpu');
  ({ train } = await loadDatasetFromDisk('mnist'));
});

const host = () => new ModelHost(() => undefined, async () => train);
const prior = { codebookSize: 16, height: 7, width: 7, channels: 8 };

describe('engine registry and errors', () => {
  it('holds models and priors under one namespace: either kind replaces the other, whose training ends as replaced', async () => {
    const before = tf.memory().numTensors;
    const h = host();
    await h.handle({ type: 'createModel', model: 'x', config: { preset: 'tiny' } });
    const training = h.handle({ type: 'train', model: 'x', dataset: 'mnist', batchSize: 1, steps: null });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await h.handle({ type: 'createPrior', prior: 'x', config: prior })).toMatchObject({ type: 'prior', prior: 'x' });
    expect(await training).toMatchObject({ type: 'trained', reason: 'replaced' });
    await expect(h.handle({ type: 'encode', model: 'x', images: new Float32Array(784), count: 1 })).rejects.toMatchObject({ reason: 'invalid-request', message: '"x" is a prior, not a model' });
    // Freeing a model by a prior's name leaves the prior alone.
    await h.handle({ type: 'disposeModel', model: 'x' });
    expect(await h.handle({ type: 'priorNll', prior: 'x', codes: new Int32Array(49), count: 1 })).toMatchObject({ type: 'nll' });
    expect(await h.handle({ type: 'createModel', model: 'x', config: { preset: 'tiny' } })).toMatchObject({ type: 'model', model: 'x' });
    await expect(h.handle({ type: 'priorNll', prior: 'x', codes: new Int32Array(49), count: 1 })).rejects.toMatchObject({ reason: 'invalid-request', message: '"x" is a model, not a prior' });
    await h.handle({ type: 'disposeModel', model: 'x' });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('gives every failure a reason: not found, invalid request, invalid config, diverged', async () => {
    const h = host();
    await expect(h.handle({ type: 'reset', model: 'nobody' })).rejects.toMatchObject({ reason: 'not-found', name: 'EngineError' });
    await expect(h.handle({ type: 'createModel', model: 'a', config: { preset: 'tiny', codebookSize: 0 } })).rejects.toMatchObject({ name: 'RangeError' });
    const bad = await h.handle({ type: 'createModel', model: 'a', config: { preset: 'tiny', codebookSize: 0 } }).catch((e: unknown) => EngineError.from(e));
    expect(bad).toMatchObject({ reason: 'invalid-config', name: 'RangeError' });
    await h.handle({ type: 'createModel', model: 'a', config: { preset: 'tiny', learningRate: 1e30 } });
    await expect(h.handle({ type: 'train', model: 'a', dataset: 'mnist', batchSize: 0, steps: 1 })).rejects.toMatchObject({ reason: 'invalid-request' });
    expect(await h.handle({ type: 'train', model: 'a', dataset: 'mnist', batchSize: 1, steps: 50 })).toMatchObject({ reason: 'diverged', errorReason: 'diverged' });
    await h.handle({ type: 'disposeModel', model: 'a' });
  });

  it('crosses the Worker as { name, message, reason } and back into an EngineError', () => {
    const checkpoint = EngineError.from(new CheckpointError('The checkpoint has no config'));
    expect(checkpoint.toData()).toEqual({ name: 'CheckpointError', message: 'The checkpoint has no config', reason: 'checkpoint' });
    expect(EngineError.from(new RangeError('VQVAE: codebookSize must be…')).toData()).toMatchObject({ name: 'RangeError', reason: 'invalid-config' });
    expect(EngineError.from(new DOMException('full', 'QuotaExceededError')).reason).toBe('storage');
    expect(EngineError.from('thrown text').toData()).toEqual({ name: 'EngineError', message: 'thrown text', reason: 'internal' });
    const back = EngineError.fromData(structuredClone(checkpoint.toData()));
    expect(back).toBeInstanceOf(EngineError);
    expect([back.name, back.message, back.reason]).toEqual(['CheckpointError', 'The checkpoint has no config', 'checkpoint']);
    expect(EngineError.fromData({ name: 'X', message: 'm', reason: 'made-up' as never }).reason).toBe('internal');
  });

  it('transfers only the arrays the engine made for a message', () => {
    const images = new Float32Array(4);
    const codebook = new Float32Array(2);
    const latents = new Float32Array(3);
    expect(transferablesOf({ type: 'snapshot', model: 'a', snapshot: { step: 1, reconstruction: { images, count: 1 }, inspection: { latents, codebook, dim: 1, deadCodes: [] } } })).toEqual([images.buffer, latents.buffer, codebook.buffer]);
    expect(transferablesOf({ id: 1, type: 'codes', codes: new Int32Array(2), count: 1, grid: [1, 2] })).toHaveLength(1);
    // A dataset sample may share memory the Worker keeps: it is copied, not moved.
    const sample: DatasetSample = { dataset: 'mnist', title: '', images: new Uint8Array(1), labels: new Uint8Array(1), count: 1, height: 1, width: 1, classes: [], splitSizes: { train: 1, test: 1 } };
    expect(transferablesOf({ id: 2, type: 'datasetSample', sample })).toEqual([]);
  });
});
