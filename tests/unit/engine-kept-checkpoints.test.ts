import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { VQVAE } from '../../src/lib/vq/index.ts';
import { checkpointSource, saveCheckpoint } from '../../src/lib/engine/checkpoint-files.ts';
import { EngineError } from '../../src/lib/engine/engine-error.ts';
import { NO_INDEXED_DB } from '../../src/lib/engine/kept-checkpoints.ts';

// The real quota and a real refusal are tried in Chromium (tests/e2e/lab-resume.spec.ts); here, the
// cases a browser can only reach in private modes: no IndexedDB at all, and one whose open throws.

beforeAll(() => tf.setBackend('cpu'));
afterEach(() => {
  delete (globalThis as { indexedDB?: unknown }).indexedDB;
});

/** Rejects with what `run` threw. */
const failure = (run: () => Promise<unknown>) => run().then(() => null, (error: unknown) => error as EngineError);

describe('keeping a checkpoint in this browser', () => {
  it('without IndexedDB: a storage error that says so, and the model is untouched', async () => {
    const model = VQVAE.create({ preset: 'tiny', codebookSize: 8 });
    const before = Array.from(model.codebook.dataSync());
    const error = await failure(() => saveCheckpoint(model, 'indexeddb://lab', 'lab'));
    expect(error).toBeInstanceOf(EngineError);
    expect(error).toMatchObject({ reason: 'storage', name: NO_INDEXED_DB, message: 'Could not keep the model in this browser: it gives this page no IndexedDB' });
    expect(Array.from(model.codebook.dataSync())).toEqual(before);
    const opening = await failure(() => checkpointSource({ indexedDb: 'lab' }));
    expect(opening).toMatchObject({ reason: 'storage', name: NO_INDEXED_DB, message: 'Could not open the copy kept in this browser: it gives this page no IndexedDB' });
    model.dispose();
  });

  it('when opening IndexedDB throws, as private modes do: a storage error naming the browser’s error', async () => {
    (globalThis as { indexedDB?: unknown }).indexedDB = {
      open: () => {
        throw new DOMException('A mutation operation was attempted on a database that did not allow mutations.', 'InvalidStateError');
      },
    };
    const model = VQVAE.create({ preset: 'tiny', codebookSize: 8 });
    const error = await failure(() => saveCheckpoint(model, 'indexeddb://lab', 'lab'));
    expect(error).toMatchObject({
      reason: 'storage',
      name: 'InvalidStateError',
      message: 'Could not keep the model in this browser: the browser refused IndexedDB (InvalidStateError: A mutation operation was attempted on a database that did not allow mutations.)',
    });
    model.dispose();
  });
});
