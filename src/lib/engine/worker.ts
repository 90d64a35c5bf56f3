/// <reference lib="webworker" />
import * as tf from '@tensorflow/tfjs-core';
import { backendCandidates, selectBackend, type BackendName } from './backend.ts';
import { loadBackend } from './backend-loaders.ts';
import { benchmarkMatmul } from './matmul-benchmark.ts';
import { loadDataset } from '../data/load.ts';
import { ModelHost } from './model-host.ts';
import { engineText } from './messages.ts';
import type { EngineEvent, EngineRequest, EngineResponse } from './protocol.ts';

// This Worker owns TF.js: the page never imports it, so tensors and GPU work stay off the main thread.

function reply(message: EngineResponse) {
  // Typed arrays move to the page instead of being copied.
  const transfer = [] as ArrayBuffer[];
  if (message.type === 'codes') transfer.push(message.codes.buffer as ArrayBuffer);
  if (message.type === 'images') transfer.push(message.images.buffer as ArrayBuffer);
  if (message.type === 'logits') transfer.push(message.logits.buffer as ArrayBuffer);
  postMessage(message, { transfer });
}

const models = new ModelHost(
  (event: EngineEvent) => postMessage(event),
  async (dataset) => (await loadDataset(dataset, { split: 'both' })).train,
);

// Every request but init waits for the backend, so no model is ever built on a default one.
let backendChosen: (ok: boolean, reason?: string) => void;
const backendReady = new Promise<void>((resolve, reject) => {
  backendChosen = (ok, reason) => (ok ? resolve() : reject(new Error(engineText('engineHasNoBackend', { reason: reason ?? '' }))));
});

/**
 * A GPU device can be lost (driver reset, sleep, another tab's crash). Then the engine moves to the
 * next backend, rebuilds the models there from their checkpoints or configs, and tells the page.
 */
function watchForDeviceLoss(fallbacks: BackendName[]) {
  const device = (tf.backend() as { device?: { lost: Promise<{ message: string; reason?: string }> } }).device;
  void device?.lost.then(async (info) => {
    if (info.reason === 'destroyed') return; // we disposed it ourselves
    const { backend } = await selectBackend(tf, fallbacks, loadBackend);
    const message = engineText('gpuLost', { detail: info.message || engineText('noReasonGiven'), backend });
    await models.rebuildAll(message);
    postMessage({ type: 'backend', backend, message } satisfies EngineEvent);
  });
}

async function handle(request: EngineRequest): Promise<void> {
  if (request.type !== 'init') await backendReady;
  switch (request.type) {
    case 'init': {
      try {
        const candidates = backendCandidates(request.preferred);
        const { backend, failures } = await selectBackend(tf, candidates, loadBackend);
        const matmul = await benchmarkMatmul();
        backendChosen(true);
        if (backend === 'webgpu') watchForDeviceLoss(candidates.filter((b) => b !== 'webgpu'));
        reply({ id: request.id, type: 'ready', backend, failures, matmul });
      } catch (error) {
        backendChosen(false, (error as Error).message);
        throw error;
      }
      return;
    }
    case 'datasetSample': {
      // The test split alone is a small download; decoding runs here, off the page's main thread.
      const data = await loadDataset(request.dataset, { split: 'test' });
      const count = Math.min(request.count, data.test.count);
      const pixels = data.height * data.width;
      reply({
        id: request.id,
        type: 'datasetSample',
        sample: {
          dataset: request.dataset,
          title: data.manifest.title,
          images: data.test.images.slice(0, count * pixels),
          labels: data.test.labels.slice(0, count),
          count,
          height: data.height,
          width: data.width,
          classes: data.manifest.classes,
          splitSizes: { train: data.manifest.split.train, test: data.manifest.split.test },
        },
      });
      return;
    }
    default:
      reply({ ...(await models.handle(request)), id: request.id } as EngineResponse);
  }
}

addEventListener('message', (event: MessageEvent<EngineRequest>) => {
  handle(event.data).catch((error: unknown) => {
    reply({ id: event.data.id, type: 'error', message: error instanceof Error ? error.message : String(error) });
  });
});
