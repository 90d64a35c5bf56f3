/// <reference lib="webworker" />
import * as tf from '@tensorflow/tfjs-core';
import type { BackendName } from './backend.ts';
import { loadBackend, wasmThreads } from './backend-loaders.ts';
import { engineText } from './messages.ts';
import { VQVAE, type Preset } from '@vq-vae-live/vq';

// One backend's trial, in a Worker of its own so that the page can end it on a deadline (a GPU
// backend's first step can take seconds on a software adapter) without touching the engine.

/** What the page asks a trial for. */
export interface TrialRequest {
  backend: BackendName;
  batchSize: number;
  /** Timed steps after one untimed warm-up step, which compiles the kernels. */
  steps: number;
  /** The network; the engine's trials use `tiny`, the widgets' preset. */
  preset?: Preset;
}

/**
 * What a trial answers: first `loaded`, once the backend's code and binaries are in and it started
 * (before that, ending the Worker would abort its downloads, which a page counts as failed
 * requests); then the median milliseconds of a timed step (and wasm's threads), or the error.
 */
export type TrialReply = { loaded: true } | { ok: true; msPerStep: number; steps: number[]; threads: number | null } | { ok: false; detail: string };

async function trial({ backend, batchSize, steps, preset = 'tiny' }: TrialRequest): Promise<TrialReply> {
  try {
    await loadBackend(backend);
    if (!(await tf.setBackend(backend))) throw new Error(engineText('notAvailable'));
  } finally {
    postMessage({ loaded: true } satisfies TrialReply);
  }
  // The public model API, as a widget trains it, on a batch of random "images".
  const model = VQVAE.create({ preset });
  const x = tf.randomUniform([batchSize, 28, 28, 1], 0, 1, 'float32', 1) as tf.Tensor4D;
  try {
    await model.trainStep(x);
    const times: number[] = [];
    for (let i = 0; i < steps; i++) {
      const start = performance.now();
      await model.trainStep(x);
      times.push(performance.now() - start);
    }
    const sorted = [...times].sort((a, b) => a - b);
    return { ok: true, msPerStep: sorted[Math.floor(sorted.length / 2)], steps: times, threads: await wasmThreads(backend) };
  } finally {
    x.dispose();
    model.dispose();
  }
}

addEventListener('message', (event: MessageEvent<TrialRequest>) => {
  trial(event.data).then(
    (reply) => postMessage(reply),
    (error: unknown) => postMessage({ ok: false, detail: error instanceof Error ? error.message : String(error) } satisfies TrialReply),
  );
});
