/// <reference lib="webworker" />
import * as tf from '@tensorflow/tfjs-core';
import { backendCandidates, selectBackend } from './backend.ts';
import { loadBackend } from './backend-loaders.ts';
import { benchmarkMatmul } from './matmul-benchmark.ts';
import { loadDataset } from '../data/load.ts';
import type { EngineRequest, EngineResponse } from './protocol.ts';

// This Worker owns TF.js: the page never imports it, so tensors and GPU work stay off the main thread.

function reply(message: EngineResponse) {
  postMessage(message);
}

async function handle(request: EngineRequest): Promise<void> {
  switch (request.type) {
    case 'init': {
      const { backend, failures } = await selectBackend(tf, backendCandidates(request.preferred), loadBackend);
      const matmul = await benchmarkMatmul();
      reply({ id: request.id, type: 'ready', backend, failures, matmul });
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
  }
}

addEventListener('message', (event: MessageEvent<EngineRequest>) => {
  handle(event.data).catch((error: unknown) => {
    reply({ id: event.data.id, type: 'error', message: error instanceof Error ? error.message : String(error) });
  });
});
