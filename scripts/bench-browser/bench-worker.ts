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
import { drainQueue, measure } from './measure.ts';
import type { BenchOptions, SideResult, WorkerMessage, WorkloadResult } from './protocol.ts';
import { StockPixelCNN } from './stock-prior.ts';
import { StockVQVAE, stockShapes } from './stock-vqvae.ts';
import { environmentOf } from './environment.ts';

const post = (message: WorkerMessage) => postMessage(message);
const progress = (text: string) => post({ type: 'progress', text });
const errorText = (error: unknown) => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));
const imageSeed = 1;

/** One implementation of a workload: a step to time, and how to free what it built. */
type Side = { step: () => Promise<unknown>; dispose: () => void };

async function side(name: string, build: () => Promise<Side>, items: number, counters: BackendCounters, options: BenchOptions): Promise<SideResult | { error: string }> {
  progress(`  ${name}…`);
  let built: Side | null = null;
  try {
    built = await build();
    const result = await measure(built.step, items, counters, options);
    progress(`  ${name}: ${result.msPerStep.toFixed(1)} ms/step, ${result.kernels} kernels, ${result.dispatches ?? '-'} dispatches, ${result.syncReads} sync + ${result.asyncReads} async reads`);
    return result;
  } catch (error) {
    progress(`  ${name} failed: ${errorText(error)}`);
    return { error: errorText(error) };
  } finally {
    built?.dispose();
    await drainQueue().catch(() => {});
  }
}

function images(batch: number): tf.Tensor4D {
  return tf.randomUniform([batch, 28, 28, 1], 0, 1, 'float32', imageSeed) as tf.Tensor4D;
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

function encodeDecode(batch: number) {
  // One training step first, so that our codebook is initialised from data as it is in use.
  return {
    ours: async (): Promise<Side> => {
      const model = VQVAE.create({ preset: 'r1', seed: 0 });
      const x = images(batch);
      await model.trainStep(x);
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
      await model.trainStep(x);
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

const workloads: Record<string, { unit: 'image' | 'grid'; items: number; sides: { ours: () => Promise<Side>; stock: () => Promise<Side> } }> = {
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
  if (!(await tf.setBackend(backend))) throw new Error(`tf.setBackend('${backend}') returned false`);
  await tf.ready();
  post({ type: 'environment', environment: await environmentOf(backend) });
  const counters = new BackendCounters(backend);
  for (const [name, workload] of Object.entries(workloads)) {
    if (options.only.length > 0 && !options.only.includes(name)) continue;
    progress(`${backend}: ${name}`);
    const result: WorkloadResult = {
      workload: name,
      unit: workload.unit,
      itemsPerStep: workload.items,
      ours: await side('ours', workload.sides.ours, workload.items, counters, options),
      stock: await side('stock TF.js', workload.sides.stock, workload.items, counters, options),
    };
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
