import * as tf from '../../src/lib/vq/tf.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import { Autoencoder, CheckpointError, HierarchicalVQVAE, PixelCNNPrior, registerWasmTrainingKernels, VQVAE, type VQVAEConfig } from '../../src/lib/vq/index.ts';
import { fileCheckpoint } from '../../src/lib/vq/node.ts';
import { describeOnBackends } from './tf-backends.ts';

// A checkpoint carries the training state beside the weights (Adam's moments and step, the EMA
// codebook's counts and sums, how long each code has gone unchosen, where the restart stream stands),
// so N steps straight and N/2 steps, a save, a load into a new model and N/2 more end in the same
// model. Compared exactly, bit for bit: the same float32 kernels run on the same numbers in the same
// order on one backend, and a checkpoint copies float32 values without rounding them, so any
// difference at all would be state the checkpoint lost.

registerWasmTrainingKernels();

/** Steps in each run; the resumed run saves after half of them. */
const N = 6;

/** Everything a model's checkpoint holds, read through `save`: the step, the counters, and every tensor by name. */
async function contents(model: { save(destination: tf.io.IOHandler): Promise<unknown> }) {
  let artifacts!: tf.io.ModelArtifacts;
  await model.save(
    tf.io.withSaveHandler(async (saved) => {
      artifacts = saved;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  const values = new Float32Array(tf.io.CompositeArrayBuffer.join(artifacts.weightData!));
  const tensors: Record<string, number[]> = {};
  let offset = 0;
  for (const spec of artifacts.weightSpecs!) {
    const size = spec.shape.reduce((a, b) => a * b, 1);
    tensors[spec.name] = Array.from(values.subarray(offset, offset + size));
    offset += size;
  }
  return { artifacts, metadata: artifacts.userDefinedMetadata as Record<string, unknown>, tensors };
}

/** The artifacts of an older checkpoint: weights, config and step only. */
function weightsOnly(artifacts: tf.io.ModelArtifacts): tf.io.ModelArtifacts {
  const keep = artifacts.weightSpecs!.filter((spec) => !spec.name.startsWith('optimizer/') && !spec.name.startsWith('ema/'));
  const values = new Float32Array(tf.io.CompositeArrayBuffer.join(artifacts.weightData!));
  const sizes = new Map(artifacts.weightSpecs!.map((spec) => [spec.name, spec.shape.reduce((a, b) => a * b, 1)]));
  const kept: number[] = [];
  let offset = 0;
  for (const spec of artifacts.weightSpecs!) {
    const size = sizes.get(spec.name)!;
    if (keep.includes(spec)) kept.push(...values.subarray(offset, offset + size));
    offset += size;
  }
  const { config, step } = artifacts.userDefinedMetadata as { config: unknown; step: number };
  return { ...artifacts, weightSpecs: keep, weightData: new Float32Array(kept).buffer, userDefinedMetadata: { config, step } as tf.io.ModelArtifacts['userDefinedMetadata'] };
}

/** Seeded images for step `i`: the same batch for the same step in every run. */
const images = (i: number) => tf.randomUniform([2, 28, 28, 1], 0, 1, 'float32', 100 + i) as tf.Tensor4D;

/** Seeded code grids for step `i`. */
const codeGrids = (i: number, k: number) => tf.tidy(() => tf.cast(tf.floor(tf.randomUniform([4, 7, 7], 0, k, 'float32', 200 + i)), 'int32') as tf.Tensor3D);

type Trainable = { trainStep(x: tf.Tensor): Promise<{ step: number; loss: number; rejected: string | null; restarted?: number }>; save(d: tf.io.IOHandler): Promise<unknown>; dispose(): void; readonly step: number };

/** Trains steps `from` … `to` − 1 on their seeded batches; returns what each reported. */
async function train(model: Trainable, from: number, to: number, batch: (i: number) => tf.Tensor) {
  const reports = [];
  for (let i = from; i < to; i++) {
    const x = batch(i);
    reports.push(await model.trainStep(x));
    x.dispose();
  }
  return reports;
}

/**
 * N steps straight, against N/2 steps, a save into memory, a load into a new model and N/2 more: the
 * two end with every weight and every piece of training state equal, and report the same metrics.
 */
async function resumeMatches<M extends Trainable>(create: () => M, load: (artifacts: tf.io.ModelArtifacts) => Promise<M>, batch: (i: number) => tf.Tensor) {
  const straight = create();
  const straightReports = await train(straight, 0, N, batch);

  const first = create();
  await train(first, 0, N / 2, batch);
  const saved = await contents(first);
  first.dispose();
  const resumed = await load(saved.artifacts);
  expect(resumed.step).toBe(N / 2);
  const resumedReports = await train(resumed, N / 2, N, batch);

  expect(resumed.step).toBe(N);
  expect(resumedReports).toEqual(straightReports.slice(N / 2));
  const [a, b] = [await contents(straight), await contents(resumed)];
  expect(Object.keys(b.tensors)).toEqual(Object.keys(a.tensors));
  // Exact: toEqual compares every float as a number, so 1 ulp apart fails.
  for (const name of Object.keys(a.tensors)) expect(b.tensors[name], name).toEqual(a.tensors[name]);
  expect(b.metadata).toEqual(a.metadata);
  straight.dispose();
  resumed.dispose();
  return { saved, straightReports };
}

describeOnBackends('a checkpoint resumes training exactly', () => {
  it('plain VQ-VAE: Adam moments and step travel with the weights', async () => {
    const config: VQVAEConfig = { preset: 'tiny', codebookSize: 16, seed: 5 };
    const { saved } = await resumeMatches(() => VQVAE.create(config), (a) => VQVAE.load(tf.io.fromMemory(a)), images);
    const names = saved.artifacts.weightSpecs!.map((spec) => spec.name);
    expect(names).toContain('optimizer/m/encoder/0/kernel');
    expect(names).toContain('optimizer/v/codebook');
    expect(names).toContain('optimizer/t');
    expect(saved.tensors['optimizer/t']).toEqual([N / 2]);
  }, 120_000);

  it('EMA VQ-VAE with dead-code restarts: the EMA statistics, idle counts and restart stream too', async () => {
    const config: VQVAEConfig = { preset: 'tiny', codebookSize: 32, seed: 6, quantiser: { kind: 'codebook', update: 'ema', deadCodeRestart: 2 } };
    const { saved, straightReports } = await resumeMatches(() => VQVAE.create(config), (a) => VQVAE.load(tf.io.fromMemory(a)), images);
    // Restarts happen after the save too, so the resumed run had to draw where the saved stream stood.
    expect(straightReports.slice(N / 2).some((r) => (r.restarted ?? 0) > 0)).toBe(true);
    expect(saved.tensors['ema/step']).toEqual([N / 2]);
    const state = saved.metadata.trainingState as { deadCodes: { idleSteps: number[] }; quantiser: { restarts: { draws: number } } };
    expect(state.deadCodes.idleSteps).toHaveLength(32);
    expect(state.quantiser.restarts.draws).toBeGreaterThan(0);

    // The same checkpoint without its state (as every one before it was saved): it loads, says so,
    // and training then differs, which shows what the state carries.
    const old = await VQVAE.load(tf.io.fromMemory(weightsOnly(saved.artifacts)));
    expect(old.loadedState).toBe('weights');
    expect(old.step).toBe(N / 2);
    const oldReports = await train(old, N / 2, N, images);
    expect(oldReports.map((r) => r.loss)).not.toEqual(straightReports.slice(N / 2).map((r) => r.loss));
    old.dispose();
  }, 120_000);

  it('PixelCNN prior: Adam moments and step travel with the weights', async () => {
    const config = { codebookSize: 8, height: 7, width: 7, channels: 8, layers: 1, seed: 7 };
    await resumeMatches(() => PixelCNNPrior.create(config), (a) => PixelCNNPrior.load(tf.io.fromMemory(a)), (i) => codeGrids(i, 8));
  }, 120_000);
});

// The other two models keep the same state by the same code; one backend tells for them.
describe('the two-level VQ-VAE and the VAE resume exactly too [wasm]', () => {
  beforeAll(() => tf.setBackend('wasm'));

  it('HierarchicalVQVAE: Adam and the bottom codes’ idle counts', async () => {
    await resumeMatches(() => HierarchicalVQVAE.create({ codebookSize: 16, topCodebookSize: 8, seed: 8 }), (a) => HierarchicalVQVAE.load(tf.io.fromMemory(a)), images);
  }, 60_000);

  it('VAE: Adam and the seed of the next step’s noise', async () => {
    const { saved } = await resumeMatches(() => Autoencoder.create({ kind: 'vae', seed: 9 }), (a) => Autoencoder.load(tf.io.fromMemory(a)), images);
    expect((saved.metadata.trainingState as { noise: { seed: number } }).noise.seed).toBe(9 + 5000 + N / 2);
  }, 60_000);
});

// The checks below read the checkpoint's bytes, before any kernel runs, so one backend tells.
describe('a checkpoint without training state, or with a bad one', () => {
  let artifacts: tf.io.ModelArtifacts;
  beforeAll(async () => {
    await tf.setBackend('wasm');
    const model = VQVAE.create({ preset: 'tiny', codebookSize: 32, seed: 2, quantiser: { kind: 'codebook', update: 'ema', deadCodeRestart: 2 } });
    await train(model, 0, 2, images);
    artifacts = (await contents(model)).artifacts;
    model.dispose();
  });

  it('an older checkpoint (weights only) loads with its step, and says the statistics restart', async () => {
    const model = await VQVAE.load(fileCheckpoint('public/models/vqvae-tiny-mnist'));
    expect(model.loadedState).toBe('weights');
    expect(model.step).toBe(3000);
    const created = VQVAE.create({ preset: 'tiny' });
    expect(created.loadedState).toBeNull();
    // It trains on, and its next save carries the state from then on.
    const x = images(0);
    expect((await model.trainStep(x)).step).toBe(3001);
    const again = await VQVAE.load(tf.io.fromMemory((await contents(model)).artifacts));
    expect(again.loadedState).toBe('full');
    expect(again.step).toBe(3001);
    tf.dispose([x]);
    [model, created, again].forEach((m) => m.dispose());
  }, 60_000);

  it('a save with steps still queued reads them first, and the next readMetrics still hands them on', async () => {
    const model = VQVAE.create({ preset: 'tiny', codebookSize: 16, seed: 3 });
    for (let i = 0; i < 3; i++) {
      const x = images(i);
      model.queueTrainStep(x);
      x.dispose();
    }
    const { metadata, tensors } = await contents(model);
    // The step and the device's update count agree: the save did not catch the model between the two.
    expect(metadata.step).toBe(3);
    expect(tensors['optimizer/t']).toEqual([3]);
    expect((await model.readMetrics()).map((m) => m.step)).toEqual([1, 2, 3]);
    // A save leaves nothing behind on the device: its copy is freed once read.
    const before = tf.memory().numTensors;
    await contents(model);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  const corrupt: [string, (a: tf.io.ModelArtifacts) => tf.io.ModelArtifacts, RegExp][] = [
    ['a NaN moment', (a) => withValue(a, 'optimizer/m/decoder/1/kernel', NaN), /Weight "optimizer\/m\/decoder\/1\/kernel" holds NaN at element 0/],
    ['a negative second moment', (a) => withValue(a, 'optimizer/v/encoder/0/bias', -1), /Weight "optimizer\/v\/encoder\/0\/bias" holds -1 at element 0: it must be ≥ 0/],
    ['a step count that is not whole', (a) => withValue(a, 'optimizer/t', 2.5), /Weight "optimizer\/t" holds 2\.5 at element 0: it must be a whole number ≥ 0/],
    ['a mis-shaped moment', (a) => ({ ...a, weightSpecs: a.weightSpecs!.map((s) => (s.name === 'optimizer/m/encoder/2/kernel' ? { ...s, shape: [1, 1, 8, 32] } : s)) }), /Weight "optimizer\/m\/encoder\/2\/kernel" has shape \[1,1,8,32\], expected \[1,1,32,8\]/],
    ['a NaN EMA count', (a) => withValue(a, 'ema/counts', NaN), /Weight "ema\/counts" holds NaN at element 0/],
    ['a negative EMA count', (a) => withValue(a, 'ema/counts', -3), /Weight "ema\/counts" holds -3 at element 0: it must be ≥ 0/],
    ['a missing moment', (a) => ({ ...a, weightSpecs: a.weightSpecs!.filter((s) => s.name !== 'optimizer/t'), weightData: (a.weightData as ArrayBuffer).slice(0, -4) }), /no weight "optimizer\/t"/],
    ['idle counts of the wrong length', (a) => withCounters(a, (state) => ({ ...state, deadCodes: { idleSteps: [1, 2, 3] } })), /training state is invalid: deadCodes\.idleSteps must be a list of 32 whole numbers ≥ 0, got 3 values/],
    ['a restart stream at a negative draw', (a) => withCounters(a, (state) => ({ ...state, quantiser: { ema: {}, restarts: { draws: -2 } } })), /training state is invalid: quantiser\.restarts\.draws must be a whole number from 0 to 100000000, got -2/],
    ['a missing part', (a) => withCounters(a, ({ optimizer, ...rest }) => rest), /training state is invalid: optimizer must be an object, got undefined/],
    ['state tensors without the counters', (a) => withCounters(a, () => undefined), /The checkpoint has weights this model does not: optimizer\/m\/encoder\/0\/kernel/],
  ];
  for (const [what, change, message] of corrupt) {
    it(`refuses ${what}, naming it, and builds nothing`, async () => {
      const before = tf.memory().numTensors;
      const error = await VQVAE.load(tf.io.fromMemory(change(artifacts))).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CheckpointError);
      expect((error as Error).message).toMatch(message);
      expect(tf.memory().numTensors).toBe(before);
    });
  }
});

/** The artifacts with the first element of tensor `name` set to `value`. */
function withValue(artifacts: tf.io.ModelArtifacts, name: string, value: number): tf.io.ModelArtifacts {
  const data = tf.io.CompositeArrayBuffer.join(artifacts.weightData!).slice(0);
  let offset = 0;
  for (const spec of artifacts.weightSpecs!) {
    if (spec.name === name) new Float32Array(data)[offset] = value;
    offset += spec.shape.reduce((a, b) => a * b, 1);
  }
  return { ...artifacts, weightData: data };
}

/** The artifacts with their training-state counters changed. */
function withCounters(artifacts: tf.io.ModelArtifacts, change: (state: Record<string, unknown>) => Record<string, unknown> | undefined): tf.io.ModelArtifacts {
  const metadata = artifacts.userDefinedMetadata as { trainingState: Record<string, unknown> };
  return { ...artifacts, userDefinedMetadata: { ...metadata, trainingState: change(metadata.trainingState) } as unknown as tf.io.ModelArtifacts['userDefinedMetadata'] };
}
