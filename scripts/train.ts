// Trains a model in Node and writes a checkpoint (model.json + weights.bin) and a JSON training log.
//   npm run train -- --model vqvae --preset tiny --dataset mnist --steps 2000 --out public/models/vqvae-tiny-mnist
//   npm run train -- --model vqvae --preset tiny --dataset mnist --steps 2000 --config '{"residualStages":4}' --out /tmp/rvq
//   npm run train -- --model vqvae2 --dataset mnist --steps 3000 --out public/models/vqvae2-mnist
//   npm run train -- --model pixelcnn --dataset mnist --kernel-size 7 --steps 1000 --out public/models/pixelcnn-mnist
//   npm run train -- --model vae --dataset mnist --steps 3000 --out public/models/vae-mnist
//   npm run train -- --model vae --dataset mnist --steps 3000 --config '{"latentDim":32,"klWeight":0.1}' --out /tmp/vae-32
//   npm run train -- --model prior --vqvae public/models/vqvae-r1-mnist --dataset mnist --shift-augment 2 --steps 6000 --out /tmp/prior   # 25 shifted copies
//   npm run train -- --model prior --vqvae public/models/vqvae-tiny-mnist --dataset mnist --steps 2000 --out public/models/prior-tiny-mnist
// Seeded: the same arguments give the same checkpoint on the same backend and thread count.
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { batchCycle, batchTensor } from '../src/lib/data/batch.ts';
import { DATASET_NAMES, type DatasetName } from '../src/lib/data/manifest.ts';
import { loadDatasetFromDisk } from '../src/lib/data/node.ts';
import * as tf from '../src/lib/vq/tf.ts';
import { HierarchicalVQVAE, VQVAE, presets, type HierarchicalTrainMetrics, type HierarchicalVQVAEConfig, type Preset, type FlatVQVAEConfig } from '../src/lib/vq/index.ts';
import { fileCheckpoint } from '../src/lib/vq/node.ts';
import { heldOutError, startNodeBackend } from './lib/node-backend.ts';
import { ProgressBar } from './lib/progress-bar.ts';
import { trainPrior, vqvaeCodes } from './lib/train-prior.ts';
import { shiftedCopies } from './lib/shifted-copies.ts';
import { trainAutoencoder } from './lib/train-autoencoder.ts';
import { binariseSplit } from '../src/lib/data/binarise.ts';

const { values: args } = parseArgs({
  options: {
    model: { type: 'string', default: 'vqvae' },
    preset: { type: 'string', default: 'tiny' },
    dataset: { type: 'string', default: 'mnist' },
    steps: { type: 'string', default: '1000' },
    batch: { type: 'string', default: '64' },
    out: { type: 'string' },
    seed: { type: 'string', default: '0' },
    'learning-rate': { type: 'string' },
    beta: { type: 'string' },
    'codebook-size': { type: 'string' },
    'code-dim': { type: 'string' },
    'codebook-update': { type: 'string' },
    'dead-code-restart': { type: 'string' },
    backend: { type: 'string', default: 'wasm' },
    threads: { type: 'string' },
    'eval-every': { type: 'string', default: '250' },
    vqvae: { type: 'string' },
    channels: { type: 'string' },
    layers: { type: 'string' },
    'kernel-size': { type: 'string' },
    config: { type: 'string' },
    'shift-augment': { type: 'string', default: '0' },
    help: { type: 'boolean', short: 'h' },
  },
});

if (args.help) {
  // The usage is the comment this file opens with, so the two cannot drift apart.
  const lines = readFileSync(new URL(import.meta.url), 'utf8').split('\n');
  console.log(lines.slice(0, lines.findIndex((line) => !line.startsWith('//'))).map((line) => line.replace(/^\/\/ ?/, '')).join('\n'));
  process.exit(0);
}

function fail(message: string): never {
  console.error(`train: ${message}`);
  process.exit(2);
}

function wholeNumber(name: string, text: string | undefined, min = 1): number {
  const value = Number(text);
  if (!(Number.isInteger(value) && value >= min)) fail(`--${name} must be a whole number ≥ ${min}, got ${text}`);
  return value;
}

const optionalNumber = (text: string | undefined) => (text === undefined ? undefined : Number(text));

if (!['vqvae', 'vqvae2', 'prior', 'pixelcnn', 'ae', 'vae'].includes(args.model!)) fail(`--model must be vqvae, vqvae2, prior, pixelcnn, ae or vae, got ${args.model}`);
if (!presets.includes(args.preset as Preset)) fail(`--preset must be one of ${presets.join(', ')}, got ${args.preset}`);
if (!DATASET_NAMES.includes(args.dataset as DatasetName)) fail(`--dataset must be one of ${DATASET_NAMES.join(', ')}, got ${args.dataset}`);
if (!args.out) fail('--out DIRECTORY is required (for example public/models/vqvae-tiny-mnist)');
const steps = wholeNumber('steps', args.steps);
const batchSize = wholeNumber('batch', args.batch);
const evalEvery = wholeNumber('eval-every', args['eval-every']);
const config: FlatVQVAEConfig = {
  preset: args.preset as Preset,
  seed: wholeNumber('seed', args.seed, 0),
  learningRate: optionalNumber(args['learning-rate']),
  beta: optionalNumber(args.beta),
  codebookSize: optionalNumber(args['codebook-size']),
  codeDim: optionalNumber(args['code-dim']),
  codebookUpdate: args['codebook-update'] as FlatVQVAEConfig['codebookUpdate'],
  deadCodeRestart: args['dead-code-restart'] === undefined ? undefined : wholeNumber('dead-code-restart', args['dead-code-restart']),
  ...extraConfig(args.config),
};

/** `--config '{"residualStages":4}'`: any further fields of the flat VQVAE config, such as the variants, as JSON. */
function extraConfig(text: string | undefined): Partial<FlatVQVAEConfig> {
  if (text === undefined) return {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as Partial<FlatVQVAEConfig>;
  } catch {
    // Reported below with the text as given.
  }
  fail(`--config must be a JSON object of VQVAE config fields, such as '{"residualStages":4}', got ${text}`);
}

const backend = await startNodeBackend(args.backend, args.threads === undefined ? undefined : wholeNumber('threads', args.threads));
if (args.model === 'ae' || args.model === 'vae') {
  // --config takes the autoencoder's own fields here: the latent's width and, for the VAE, β.
  const { latentDim, klWeight, ...other } = extraConfig(args.config) as { latentDim?: number; klWeight?: number };
  if (Object.keys(other).length > 0) fail(`--config for --model ${args.model} takes latentDim and klWeight, got ${Object.keys(other).join(', ')}`);
  const data = await loadDatasetFromDisk(args.dataset as DatasetName);
  await trainAutoencoder({
    latentDim,
    klWeight,
    kind: args.model,
    train: data.train,
    test: data.test,
    dataset: args.dataset!,
    steps,
    batchSize,
    evalEvery,
    out: args.out!,
    backend,
    seed: config.seed!,
    learningRate: config.learningRate,
  });
  process.exit(0);
}
if (args.model === 'prior' || args.model === 'pixelcnn') {
  if (args.model === 'prior' && !args.vqvae) fail('--vqvae DIRECTORY is required for a prior: the VQ-VAE whose codes it models (for example public/models/vqvae-r1-mnist)');
  const data = await loadDatasetFromDisk(args.dataset as DatasetName);
  const pixels = (split: typeof data.train) => tf.tensor3d(binariseSplit(split), [split.count, 28, 28], 'int32');
  const codes =
    args.model === 'prior'
      ? await vqvaeCodes(args.vqvae!, shiftedCopies(data.train, wholeNumber('shift-augment', args['shift-augment'], 0)), data.test)
      : { train: pixels(data.train), heldOut: pixels(data.test), codebookSize: 2, source: 'binarised pixels', kind: 'pixelcnn' as const };
  await trainPrior({
    codes,
    dataset: args.dataset!,
    steps,
    batchSize,
    evalEvery,
    out: args.out!,
    backend,
    prior: {
      seed: config.seed,
      learningRate: config.learningRate,
      channels: optionalNumber(args.channels),
      layers: optionalNumber(args.layers),
      kernelSize: optionalNumber(args['kernel-size']),
    },
  });
  process.exit(0);
}
let model: VQVAE | HierarchicalVQVAE;
try {
  if (args.model === 'vqvae2') {
    // The two-level model has its own fixed networks: the preset and VQVAE-only fields do not apply.
    const { preset: _preset, codebookUpdate: _update, deadCodeRestart: _restart, ...fields } = config;
    model = HierarchicalVQVAE.create(fields as HierarchicalVQVAEConfig);
  } else {
    model = VQVAE.create(config);
  }
} catch (error) {
  fail((error as Error).message);
}
const data = await loadDatasetFromDisk(args.dataset as DatasetName);
if (data.train.count < batchSize) fail(`--batch ${batchSize} is larger than the training split (${data.train.count} images)`);

console.error(`Training ${args.model === 'vqvae2' ? 'the two-level VQ-VAE' : args.preset} on ${args.dataset} (${data.train.count} training, ${data.test.count} held-out images), ${steps} steps of ${batchSize}, on ${backend}`);
const log = {
  model: args.model,
  dataset: args.dataset,
  config: model.config,
  batchSize,
  steps,
  backend,
  parameters: model.parameterCount,
  startedAt: new Date().toISOString(),
  seconds: 0,
  metrics: [] as Record<string, number | null>[],
  evaluations: [] as { step: number; images: number; heldOutMse: number }[],
};
const round = (value: number) => Number(value.toPrecision(6));
const progress = new ProgressBar(steps);
const start = performance.now();
const batches = batchCycle(data.train.count, batchSize, model.config.seed, { dropRemainder: true });
let heldOut = Number.NaN;
for (let step = 1; step <= steps; step++) {
  const batch = batchTensor(data.train, batches.next().value);
  const metrics = await model.trainStep(batch.x);
  tf.dispose([batch.x, batch.labels]);
  if (metrics.rejected) console.error(`\n${metrics.rejected}`);
  log.metrics.push({
    step: metrics.step,
    loss: round(metrics.loss),
    reconstruction: round(metrics.reconstruction),
    codebook: round(metrics.codebook),
    commitment: round(metrics.commitment),
    perplexity: round(metrics.perplexity),
    ...(model instanceof HierarchicalVQVAE ? { topPerplexity: round((metrics as HierarchicalTrainMetrics).topPerplexity) } : {}),
    deadCodes: metrics.deadCodes,
    restarted: metrics.restarted,
    rejected: metrics.rejected === null ? null : 1,
  });
  if (step % evalEvery === 0 || step === steps) {
    heldOut = heldOutError(model, data.test);
    log.evaluations.push({ step, images: step * batchSize, heldOutMse: round(heldOut) });
  }
  const seconds = (performance.now() - start) / 1000;
  progress.update(step, `loss ${metrics.loss.toFixed(4)} · held-out MSE ${heldOut.toFixed(4)} · perplexity ${metrics.perplexity.toFixed(1)} · ${((step * batchSize) / seconds).toFixed(0)} img/s`);
}
progress.done();
log.seconds = round((performance.now() - start) / 1000);

await mkdir(args.out, { recursive: true });
await model.save(fileCheckpoint(args.out));
await writeFile(join(args.out, 'training-log.json'), `${JSON.stringify(log)}\n`);
console.error(`Wrote ${args.out}/model.json, weights.bin and training-log.json: held-out MSE ${heldOut.toFixed(5)} after ${steps * batchSize} images in ${log.seconds.toFixed(0)} s`);
model.dispose();
