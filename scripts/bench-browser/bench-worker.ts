/// <reference lib="webworker" />
/**
 * One backend's benchmark, in a Worker as the site's engine runs: starts the backend the way the engine
 * does (loadBackend, which also registers the project's wasm training kernels; stock TF.js uses them
 * too, since stock wasm cannot train a conv net at all), then runs each workload for our model and for
 * the stock TF.js one and posts each result as soon as it has it.
 */
import * as tf from '../../src/lib/vq/tf.ts';
import { PixelCNNPrior, VQVAE, type Preset } from '../../src/lib/vq/index.ts';
import { loadBackend } from '../../src/lib/engine/backend-loaders.ts';
import type { BackendName } from '../../src/lib/engine/backend.ts';
import { BackendCounters } from './counters.ts';
import { drainQueue, measureSides, type Side } from './measure.ts';
import type { BenchOptions, WorkerMessage, WorkloadResult } from './protocol.ts';
import { StockPixelCNN } from './stock-prior.ts';
import { StockVQVAE, stockShapes } from './stock-vqvae.ts';
import { environmentOf } from './environment.ts';

const post = (message: WorkerMessage) => postMessage(message);
const progress = (text: string) => post({ type: 'progress', text });
const errorText = (error: unknown) => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));
const imageSeed = 1;

/** Builds both sides, measures them in alternating rounds, and frees them. */
async function measureWorkload(name: string, workload: Workload, counters: BackendCounters, options: BenchOptions): Promise<WorkloadResult> {
  const built: Record<string, Side> = {};
  const failed: Record<string, { error: string }> = {};
  try {
    for (const [label, build] of Object.entries(workload.sides)) {
      try {
        built[label] = await build();
      } catch (error) {
        failed[label] = { error: errorText(error) };
      }
    }
    const measured = { ...(await measureSides(built, workload.items, counters, options)), ...failed };
    for (const label of ['ours', 'stock'] as const) {
      const r = measured[label]!;
      progress('error' in r ? `  ${label} failed: ${r.error}` : `  ${label}: ${r.msPerStep.toFixed(1)} ms/step (${r.rounds}×${r.stepsPerRound} steps), ${r.kernels} kernels, ${r.dispatches ?? '-'} dispatches, ${r.syncReads} sync + ${r.asyncReads} async reads`);
    }
    return { workload: name, unit: workload.unit, itemsPerStep: workload.items, ours: measured.ours!, stock: measured.stock! };
  } finally {
    for (const side of Object.values(built)) side.dispose();
    await drainQueue().catch(() => {});
  }
}

function images(batch: number): tf.Tensor4D {
  return tf.randomUniform([batch, 28, 28, 1], 0, 1, 'float32', imageSeed) as tf.Tensor4D;
}

async function prime(model: { trainStep(x: tf.Tensor4D): Promise<unknown> }): Promise<void> {
  const x = images(primingBatch);
  await model.trainStep(x);
  x.dispose();
}

function training(preset: Preset, batch: number) {
  return {
    ours: async (): Promise<Side> => {
      const model = VQVAE.create({ preset, seed: 0 });
      const x = images(batch);
      return { step: () => model.trainStep(x), dispose: () => (model.dispose(), x.dispose()) };
    },
    stock: async (): Promise<Side> => {
      const model = new StockVQVAE(stockShapes[preset], 0);
      const x = images(batch);
      return { step: () => model.trainStep(x), dispose: () => (model.dispose(), x.dispose()) };
    },
  };
}

/** Batch of the one training step before encode+decode: enough latents (16·49) to initialise K = 128 codes. */
const primingBatch = 16;

function encodeDecode(batch: number) {
  // One small training step first, so that our codebook is initialised from data as it is in use.
  return {
    ours: async (): Promise<Side> => {
      const model = VQVAE.create({ preset: 'r1', seed: 0 });
      const x = images(batch);
      await prime(model);
      const step = async () => {
        const codes = model.encode(x);
        const decoded = await model.decode(codes);
        await decoded.data();
        tf.dispose([codes, decoded]);
      };
      return { step, dispose: () => (model.dispose(), x.dispose()) };
    },
    stock: async (): Promise<Side> => {
      const model = new StockVQVAE(stockShapes.r1, 0);
      const x = images(batch);
      await prime(model);
      const step = async () => {
        const codes = model.encode(x);
        const decoded = model.decode(codes);
        await decoded.data();
        tf.dispose([codes, decoded]);
      };
      return { step, dispose: () => (model.dispose(), x.dispose()) };
    },
  };
}

function priorSampling() {
  const shape = { codebookSize: 128, height: 7, width: 7 };
  let seed = 0;
  return {
    ours: async (): Promise<Side> => {
      const prior = PixelCNNPrior.create({ ...shape, seed: 0 });
      const step = async () => (await prior.sample(1, { seed: seed++ })).codes.dispose();
      return { step, dispose: () => prior.dispose() };
    },
    stock: async (): Promise<Side> => {
      const prior = new StockPixelCNN({ ...shape, seed: 0 });
      const step = async () => (await prior.sample(1, seed++)).dispose();
      return { step, dispose: () => prior.dispose() };
    },
  };
}

type Workload = { unit: 'image' | 'grid'; items: number; sides: { ours: () => Promise<Side>; stock: () => Promise<Side> } };

const workloads: Record<string, Workload> = {
  'train r1 b128': { unit: 'image', items: 128, sides: training('r1', 128) },
  'train r1 b32': { unit: 'image', items: 32, sides: training('r1', 32) },
  'train tiny b32': { unit: 'image', items: 32, sides: training('tiny', 32) },
  // One sample grid: 49 passes of the prior, each ending in a read of the position's probabilities.
  'prior sample 7×7': { unit: 'grid', items: 1, sides: priorSampling() },
  'encode+decode r1 b128': { unit: 'image', items: 128, sides: encodeDecode(128) },
};

async function run(backend: BackendName, options: BenchOptions): Promise<void> {
  progress(`${backend}: starting`);
  await loadBackend(backend);
  // TF.js only warns why a backend failed to initialise; keep the reason for the report.
  const warnings: string[] = [];
  const warn = console.warn;
  console.warn = (...parts: unknown[]) => {
    warnings.push(parts.map((p) => (p instanceof Error ? p.message : String(p))).join(' '));
    warn(...parts);
  };
  try {
    if (!(await tf.setBackend(backend))) throw new Error(`tf.setBackend('${backend}') returned false${warnings.length ? `: ${warnings.join('; ')}` : ''}`);
  } finally {
    console.warn = warn;
  }
  await tf.ready();
  post({ type: 'environment', environment: await environmentOf(backend) });
  const counters = new BackendCounters(backend);
  for (const [name, workload] of Object.entries(workloads)) {
    if (options.only.length > 0 && !options.only.includes(name)) continue;
    progress(`${backend}: ${name}`);
    const result = await measureWorkload(name, workload, counters, options);
    post({ type: 'workload', result });
  }
}

self.onmessage = (event: MessageEvent<{ backend: BackendName; options: BenchOptions }>) => {
  const { backend, options } = event.data;
  run(backend, options).then(
    () => post({ type: 'done' }),
    (error: unknown) => post({ type: 'failed', error: errorText(error) }),
  );
};
