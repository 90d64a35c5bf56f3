/// <reference lib="webworker" />
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend, type BackendName } from './backend.ts';
import { loadBackend, wasmThreads } from './backend-loaders.ts';
import { adapterIdentity } from './adapter-identity.ts';
import { startBackend } from './backend-start.ts';
import { EngineError, noBackend } from './engine-error.ts';
import { benchmarkMatmul } from './matmul-benchmark.ts';
import { loadDataset } from '../data/load.ts';
import { ModelHost } from './model-host.ts';
import { engineText } from './messages.ts';
import type { AnyRequest, Api, EngineEvent, EngineRequest, EngineResponse, RequestOf } from './protocol.ts';
import { transferablesOf } from './transfer.ts';

// This Worker owns TF.js: the page never imports it, so tensors and GPU work stay off the main thread.

function post(message: EngineResponse | EngineEvent) {
  // Typed arrays the engine made for this message move to the page instead of being copied.
  postMessage(message, { transfer: transferablesOf(message) });
}

// The site's data folder by absolute URL: a Worker an embed started through a blob (module-worker.ts)
// has the blob's base URL, against which '/data/' would not resolve. (Through a variable, since Vite
// would take `new URL(…, import.meta.url)` for an asset of its own to bundle.)
const scriptUrl = import.meta.url;
const baseUrl = new URL(`${import.meta.env.BASE_URL}data/`, scriptUrl).href;

const models = new ModelHost(post, async (dataset, split) => {
  // The test split alone is a small download; the training split comes with both.
  const data = await loadDataset(dataset, { split: split === 'test' ? 'test' : 'both', baseUrl });
  return split === 'test' ? data.test : data.train;
});

// Every request but init waits for the backend, so no model is ever built on a default one.
let backendChosen: (ok: boolean, reason?: string) => void;
const backendReady = new Promise<void>((resolve, reject) => {
  backendChosen = (ok, reason) => (ok ? resolve() : reject(noBackend(reason ?? '')));
});

/**
 * A GPU device can be lost (driver reset, sleep, another tab's crash, `GPUDevice.destroy()`; TF.js's
 * WebGPU backend does not listen, and never destroys it itself). Then the engine moves to the next
 * backend, rebuilds the models there from their last copies in memory, training goes on, and the page
 * is told. Called whenever the backend changes: a device the engine moved off is not watched.
 */
function watchForDeviceLoss() {
  const device = backendNow === 'webgpu' ? (tf.backend() as { device?: { lost: Promise<{ message: string; reason?: string }> } }).device : undefined;
  models.watchDevice(device?.lost ?? null, async () => {
    const { backend } = await selectBackend(tf, ['webgl', 'wasm', 'cpu'], loadBackend);
    backendNow = backend;
    watchForDeviceLoss();
    return { backend, matmul: await benchmarkMatmul(), threads: await wasmThreads(backend) };
  });
}

// Requests that change what a model has learned. After one, a measured winner waits for the next
// visit: moving to it means rebuilding every model from its checkpoint or config.
const learning = new Set<AnyRequest['type']>(['train', 'trainPrior', 'setHyperparameters', 'reset', 'load']);
let learned = false;
let backendNow: BackendName | null = null;

/** The requests the Worker answers itself; every other one goes to the model host. */
const own: { [K in 'init' | 'switchBackend' | 'datasetSample']: (request: RequestOf<K>) => Promise<Api[K]['res']> } = {
  init: async (request) => {
    try {
      const began = performance.now();
      const start = await startBackend({ tf, load: loadBackend, identify: adapterIdentity, userAgent: navigator.userAgent }, request.preferred, request.memory ?? {});
      // In the Worker's performance timeline, for a profile of the page's start-up.
      performance.measure(`vq-backend start: ${start.backend}`, { start: began });
      const matmul = await benchmarkMatmul();
      backendNow = start.backend;
      backendChosen(true);
      watchForDeviceLoss();
      return { type: 'ready', ...start, matmul, threads: await wasmThreads(start.backend) };
    } catch (error) {
      backendChosen(false, (error as Error).message);
      throw new EngineError('backend', (error as Error).message, (error as Error).name);
    }
  },
  switchBackend: async ({ backend }) => {
    if (!learned && backend !== backendNow) {
      // Between two requests, in the models' own queue: no request sees one backend's tensors on another.
      await models.rebuildAll(engineText('backendSwitched', { backend }), async () => {
        backendNow = (await selectBackend(tf, [backend], loadBackend)).backend;
      });
      watchForDeviceLoss();
    }
    return { type: 'switched', switched: backendNow === backend, backend: backendNow!, matmul: await benchmarkMatmul(), threads: await wasmThreads(backendNow!) };
  },
  datasetSample: async (request) => {
    // The test split alone is a small download; decoding runs here, off the page's main thread.
    const data = await loadDataset(request.dataset, { split: 'test', baseUrl });
    const count = Math.min(request.count, data.test.count);
    const pixels = data.height * data.width;
    return {
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
    };
  },
};

async function handle(request: AnyRequest): Promise<Api[keyof Api]['res']> {
  if (request.type === 'init') return own.init(request);
  if (learning.has(request.type)) learned = true;
  await backendReady;
  if (request.type === 'switchBackend') return own.switchBackend(request);
  if (request.type === 'datasetSample') return own.datasetSample(request);
  return models.handle(request);
}

addEventListener('message', (event: MessageEvent<EngineRequest>) => {
  const { id, ...request } = event.data;
  handle(request as AnyRequest).then(
    (reply) => post({ ...reply, id } as EngineResponse),
    (error: unknown) => post({ id, type: 'error', error: EngineError.from(error).toData() }),
  );
});
