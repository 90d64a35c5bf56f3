// Why are VQ-VAE reconstructions sharper than a VAE's? Measures trained checkpoints on the held-out
// split (MNIST: the 1,000 digits the train CLI evaluates on) and prints a Markdown table:
// reconstruction MSE, what the latent carries (the VAE's KL in nats and bits, the VQ-VAE's code bits),
// and sharpness figures a reader can check by eye:
//   grey        the fraction of pixels strictly between 0.2 and 0.8, next to the same fraction in the real digits;
//   |∇|         the mean length of the image gradient (forward differences) of the reconstructions divided by
//               that of the real digits, over the whole image and only at the real digits' edges:
//               1 is as sharp as the originals, below 1 is blurred;
//   background  the share of the reconstructions' gradient in blank background (ripples, not edges),
//               which inflates the whole-image figure.
// The AE and VAE reconstruct from the posterior mean (decode(μ), no sampling); the VQ-VAE from its
// nearest codes. Sharpness is measured on pixels clipped to [0,1] (what a canvas shows); MSE is not
// clipped, as in the train CLI's held-out figures.
//   node scripts/compare-sharpness.ts --models /tmp/sharpness
//   node scripts/compare-sharpness.ts --models /tmp/sharpness --vqvae public/models/vqvae-tiny-mnist --prior public/models/prior-tiny-mnist --json /tmp/sharpness/sharpness.json
// Every subfolder of --models holding a model.json (an AE, VAE or VQ-VAE checkpoint) is measured,
// after the --also checkpoints (by default the chapter's 2-D AE and VAE) and the --vqvae one.
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { batchTensor } from '../src/lib/data/batch.ts';
import type { Split } from '../src/lib/data/dataset.ts';
import { DATASET_NAMES, type DatasetName } from '../src/lib/data/manifest.ts';
import { loadDatasetFromDisk } from '../src/lib/data/node.ts';
import * as tf from '../src/lib/vq/tf.ts';
import { Autoencoder, PixelCNNPrior, unigramBits, VQVAE } from '../src/lib/vq/index.ts';
import { fileCheckpoint } from '../src/lib/vq/node.ts';
import { startNodeBackend } from './lib/node-backend.ts';

const { values: args } = parseArgs({
  options: {
    models: { type: 'string' },
    vqvae: { type: 'string', default: 'public/models/vqvae-tiny-mnist' },
    prior: { type: 'string', default: 'public/models/prior-tiny-mnist' },
    also: { type: 'string', default: 'public/models/ae-mnist,public/models/vae-mnist' },
    dataset: { type: 'string', default: 'mnist' },
    json: { type: 'string' },
    backend: { type: 'string', default: 'wasm' },
  },
});

function fail(message: string): never {
  console.error(`compare-sharpness: ${message}`);
  process.exit(2);
}

if (!DATASET_NAMES.includes(args.dataset as DatasetName)) fail(`--dataset must be one of ${DATASET_NAMES.join(', ')}, got ${args.dataset}`);
if (args.models !== undefined && !existsSync(args.models)) fail(`--models ${args.models} does not exist`);
const none = (text: string | undefined) => text === undefined || text === '' || text === 'none';

/** A pixel counts as grey strictly inside this range: neither ink nor paper. */
const GREY = [0.2, 0.8] as const;
const SIDE = 28;

/** A real pixel counts as an edge where its gradient is at least this long (a step of 0.3 in grey). */
const EDGE = 0.3;
/** A pixel counts as blank background when the real digit has no ink within this many pixels. */
const MARGIN = 2;

/** Running sums over a set of reconstructions and the real digits they reconstruct. */
type Sums = {
  grey: number;
  pixels: number;
  /** |∇| of the reconstructions summed over the 27×27 pixels with a right and a lower neighbour. */
  gradient: number;
  /** The same for the real digits. */
  realGradient: number;
  /** |∇| of the reconstructions at the real digits' edges, and of the real digits there. */
  edgeGradient: number;
  realEdgeGradient: number;
  /** |∇| of the reconstructions in blank background, where the real digit's |∇| is 0. */
  backgroundGradient: number;
};

const emptySums = (): Sums => ({ grey: 0, pixels: 0, gradient: 0, realGradient: 0, edgeGradient: 0, realEdgeGradient: 0, backgroundGradient: 0 });

/** Adds one batch of reconstructions (clipped to [0,1]) and the real digits, both [B·28·28], to the running sums. */
function addSharpness(sums: Sums, images: Float32Array, real: Float32Array): void {
  const clip = (v: number) => Math.min(1, Math.max(0, v));
  for (let start = 0; start < images.length; start += SIDE * SIDE) {
    for (let row = 0; row < SIDE; row++) {
      for (let column = 0; column < SIDE; column++) {
        const at = start + row * SIDE + column;
        const v = clip(images[at]);
        if (v > GREY[0] && v < GREY[1]) sums.grey++;
        sums.pixels++;
        // Forward differences on the 27×27 pixels that have a right and a lower neighbour.
        if (row === SIDE - 1 || column === SIDE - 1) continue;
        const gradient = Math.hypot(clip(images[at + 1]) - v, clip(images[at + SIDE]) - v);
        const realGradient = Math.hypot(real[at + 1] - real[at], real[at + SIDE] - real[at]);
        sums.gradient += gradient;
        sums.realGradient += realGradient;
        if (realGradient >= EDGE) {
          sums.edgeGradient += gradient;
          sums.realEdgeGradient += realGradient;
        }
        if (blank(real, start, row, column)) sums.backgroundGradient += gradient;
      }
    }
  }
}

/** Whether the real digit at `start` has no ink within MARGIN pixels of (row, column). */
function blank(real: Float32Array, start: number, row: number, column: number): boolean {
  for (let r = Math.max(0, row - MARGIN); r <= Math.min(SIDE - 1, row + MARGIN); r++) {
    for (let c = Math.max(0, column - MARGIN); c <= Math.min(SIDE - 1, column + MARGIN); c++) if (real[start + r * SIDE + c] > 0) return false;
  }
  return true;
}

/** One row of the table; the JSON holds the same fields. */
type Row = {
  name: string;
  path: string;
  model: string;
  latent: string;
  trainingImages: number | null;
  trainingSeconds: number | null;
  heldOutMse: number;
  /** Mean KL(q(z|x) ‖ N(0, I)) per held-out image (VAE): an upper bound on what z says about x. */
  klNats: number | null;
  klBits: number | null;
  /** VQ-VAE: positions × log2 K, the most a code grid can say. */
  codeBudgetBits: number | null;
  /** VQ-VAE: positions × the entropy of the held-out codes' overall frequencies. */
  codeUnigramBits: number | null;
  /** VQ-VAE: positions × the PixelCNN prior's held-out cross-entropy, what coding the grids with it costs. */
  codePriorBits: number | null;
  greyFraction: number;
  realGreyFraction: number;
  /** Mean |∇| of the reconstructions ÷ that of the real digits, over the whole image. */
  gradientRatio: number;
  /** The same only where the real digit has an edge (|∇| ≥ EDGE): how crisp the strokes' borders are. */
  edgeGradientRatio: number;
  /** The share of the reconstructions' |∇| that lies in blank background: ripples, not edges. */
  backgroundShare: number;
};

const data = await loadDatasetFromDisk(args.dataset as DatasetName);
const backend = await startNodeBackend(args.backend);

/** The held-out split in batches of 250 images [B,28,28,1]; each batch is freed when the loop moves on. */
function* heldOutBatches(split: Split, batchSize = 250): Generator<tf.Tensor4D> {
  for (let start = 0; start < split.count; start += batchSize) {
    const { x, labels } = batchTensor(split, Array.from({ length: Math.min(batchSize, split.count - start) }, (_, i) => start + i));
    try {
      yield x;
    } finally {
      tf.dispose([x, labels]);
    }
  }
}

const real = emptySums();
for (const x of heldOutBatches(data.test)) addSharpness(real, x.dataSync() as Float32Array, x.dataSync() as Float32Array);

/** What a checkpoint's training log says about its training: images seen and seconds taken. */
async function trainingOf(directory: string): Promise<{ images: number | null; seconds: number | null }> {
  try {
    const log = JSON.parse(await readFile(join(directory, 'training-log.json'), 'utf8')) as { steps?: number; batchSize?: number; seconds?: number };
    return { images: log.steps && log.batchSize ? log.steps * log.batchSize : null, seconds: log.seconds ?? null };
  } catch {
    return { images: null, seconds: null };
  }
}

/** Measures one checkpoint directory; null (with a note) for a kind this script does not compare. */
async function measure(directory: string, prior: PixelCNNPrior | null): Promise<Row | null> {
  const kind = (JSON.parse(await readFile(join(directory, 'model.json'), 'utf8')) as { modelTopology?: { kind?: string } }).modelTopology?.kind;
  const sums = emptySums();
  let squared = 0;
  let kl = 0;
  const codes: number[] = [];
  let priorBits = 0;
  let row: Pick<Row, 'model' | 'latent' | 'codeBudgetBits'>;
  let reconstruct: (x: tf.Tensor4D) => tf.Tensor4D;
  let extra: (x: tf.Tensor4D) => void;
  let dispose: () => void;
  if (kind === 'autoencoder') {
    const model = await Autoencoder.load(fileCheckpoint(directory));
    const { kind: which, latentDim, klWeight } = model.config;
    row = { model: which === 'vae' ? (klWeight === 1 ? 'VAE' : `β-VAE (β = ${klWeight})`) : 'AE', latent: `${latentDim} numbers`, codeBudgetBits: null };
    reconstruct = (x) => model.reconstruct(x);
    extra = (x) => {
      const perImage = model.kl(x);
      kl += tf.sum(perImage).dataSync()[0];
      perImage.dispose();
    };
    dispose = () => model.dispose();
  } else if (kind === 'vqvae') {
    const model = await VQVAE.load(fileCheckpoint(directory));
    const [height, width] = model.grid;
    const { codebookSize, quantiser } = model.config;
    const fsq = quantiser.kind === 'fsq' ? quantiser.levels : null;
    const residualStages = quantiser.kind === 'residual' ? quantiser.stages : 1;
    const bitsPerPosition = fsq ? fsq.reduce((sum, levels) => sum + Math.log2(levels), 0) : residualStages * Math.log2(codebookSize);
    const simple = !fsq && residualStages === 1;
    row = { model: 'VQ-VAE', latent: `${height}×${width} codes, K = ${fsq ? fsq.join('×') : codebookSize}${residualStages > 1 ? `, ${residualStages} stages` : ''}`, codeBudgetBits: height * width * bitsPerPosition };
    reconstruct = (x) => model.reconstruct(x);
    extra = (x) => {
      if (!simple) return;
      const grid = model.encode(x);
      codes.push(...(grid.dataSync() as Int32Array));
      if (prior) priorBits += prior.nll(grid) * x.shape[0];
      grid.dispose();
    };
    dispose = () => model.dispose();
  } else {
    console.error(`compare-sharpness: skipping ${directory}: a ${kind} checkpoint, not an AE, VAE or VQ-VAE`);
    return null;
  }
  for (const x of heldOutBatches(data.test)) {
    const images = reconstruct(x);
    const error = tf.sum(tf.squaredDifference(images, x));
    squared += error.dataSync()[0];
    addSharpness(sums, images.dataSync() as Float32Array, x.dataSync() as Float32Array);
    tf.dispose([images, error]);
    extra(x);
  }
  dispose();
  const n = data.test.count;
  const positions = codes.length / n;
  const isVae = row.model !== 'AE' && kind === 'autoencoder';
  const training = await trainingOf(directory);
  return {
    name: basename(directory),
    path: directory,
    ...row,
    trainingImages: training.images,
    trainingSeconds: training.seconds,
    heldOutMse: squared / sums.pixels,
    klNats: isVae ? kl / n : null,
    klBits: isVae ? kl / n / Math.LN2 : null,
    codeUnigramBits: codes.length ? positions * unigramBits(codes) : null,
    codePriorBits: codes.length && prior ? (positions * priorBits) / n : null,
    greyFraction: sums.grey / sums.pixels,
    realGreyFraction: real.grey / real.pixels,
    gradientRatio: sums.gradient / sums.realGradient,
    edgeGradientRatio: sums.edgeGradient / sums.realEdgeGradient,
    backgroundShare: sums.backgroundGradient / sums.gradient,
  };
}

const directories = [...(none(args.also) ? [] : args.also!.split(',')), ...(none(args.vqvae) ? [] : [args.vqvae!])];
if (args.models !== undefined) {
  for (const name of (await readdir(args.models)).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))) {
    if (existsSync(join(args.models, name, 'model.json'))) directories.push(join(args.models, name));
  }
}
if (directories.length === 0) fail('nothing to measure: give --models DIRECTORY (subfolders with model.json), --vqvae or --also');
for (const directory of directories) if (!existsSync(join(directory, 'model.json'))) fail(`${directory} has no model.json`);

// The prior scores only the codes of the VQ-VAE it was trained on, --vqvae.
const prior = none(args.prior) || none(args.vqvae) ? null : await PixelCNNPrior.load(fileCheckpoint(args.prior!));
const rows: Row[] = [];
for (const directory of directories) {
  const started = performance.now();
  const row = await measure(directory, prior && resolve(directory) === resolve(args.vqvae!) ? prior : null);
  if (row) rows.push(row);
  console.error(`measured ${directory} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
prior?.dispose();

const fixed = (v: number | null, digits: number) => (v === null ? '—' : v.toFixed(digits));
const percent = (v: number) => `${(100 * v).toFixed(1)} %`;
const realGrey = real.grey / real.pixels;
const bits = (row: Row) => {
  if (row.klBits !== null) return `KL ${row.klNats!.toFixed(1)} nats = ${row.klBits.toFixed(0)} bits`;
  if (row.codeBudgetBits !== null) {
    const parts = [`≤ ${row.codeBudgetBits.toFixed(0)} bits`];
    if (row.codeUnigramBits !== null) parts.push(`unigram ${row.codeUnigramBits.toFixed(0)}`);
    if (row.codePriorBits !== null) parts.push(`prior ${row.codePriorBits.toFixed(0)}`);
    return parts.join('; ');
  }
  return '— (deterministic: no rate limit)';
};
const lines = [
  `Held-out ${args.dataset}: ${data.test.count.toLocaleString('en')} images, on ${backend}. Reconstructions from the posterior mean (AE, VAE) or the nearest codes (VQ-VAE).`,
  '',
  `| model | latent | training images | held-out MSE | what the latent carries per image | grey pixels (real: ${percent(realGrey)}) | mean \\|∇\\| vs real | \\|∇\\| at real edges vs real | share of \\|∇\\| in blank background |`,
  '|---|---|---:|---:|---|---:|---:|---:|---:|',
  ...rows.map(
    (row) =>
      `| ${row.model} | ${row.latent} | ${row.trainingImages === null ? '?' : row.trainingImages.toLocaleString('en')} | ${fixed(row.heldOutMse, 5)} | ${bits(row)} | ${percent(row.greyFraction)} | ` +
      `${fixed(row.gradientRatio, 3)} | ${fixed(row.edgeGradientRatio, 3)} | ${percent(row.backgroundShare)} |`,
  ),
  '',
  `Grey pixels: the fraction strictly between ${GREY[0]} and ${GREY[1]}. |∇|: the length of the image gradient (forward differences), reconstruction ÷ real digit, ` +
    `over the whole image and only where the real digit has an edge (|∇| ≥ ${EDGE}); 1 = as sharp as the originals, below 1 = blurred. ` +
    `Background: pixels with no ink within ${MARGIN} pixels in the real digit, where any gradient is a ripple, not an edge.`,
];
console.log(lines.join('\n'));

const jsonPath = args.json ?? (args.models !== undefined ? join(args.models, 'sharpness.json') : null);
if (jsonPath) {
  const report = { dataset: args.dataset, heldOutImages: data.test.count, backend, grey: GREY, edge: EDGE, backgroundMargin: MARGIN, realGreyFraction: realGrey, realMeanGradient: real.realGradient / (data.test.count * (SIDE - 1) ** 2), rows };
  await writeFile(jsonPath, `${JSON.stringify(report, null, 1)}\n`);
  console.error(`Wrote ${jsonPath}`);
}
