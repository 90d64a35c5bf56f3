// Benchmarks: figures to quote in closing notes, never timed tests (the machines are shared and noisy).
// Run: npm run bench. Each figure is the median of several runs in this one process.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeDataset } from '../src/lib/data/dataset.ts';
import { DATASET_NAMES, validateManifest } from '../src/lib/data/manifest.ts';

const repeats = Number(process.env.BENCH_REPEATS ?? 5);

/** Median wall time of `run`, in milliseconds, after one untimed warm-up run. */
async function medianMs(run: () => Promise<unknown>): Promise<number> {
  await run();
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

console.log(`Dataset decoding in Node ${process.version} (median of ${repeats})`);
console.log('dataset        split  images  bytes      ms     Mpixel/s');
for (const name of DATASET_NAMES) {
  const dir = join('public/data', name);
  const manifest = validateManifest(JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')), dir);
  const test = new Uint8Array(await readFile(join(dir, manifest.files.test.path)));
  const train = new Uint8Array(await readFile(join(dir, manifest.files.train.path)));
  for (const split of ['test', 'both'] as const) {
    const files = split === 'test' ? { test } : { test, train };
    const ms = await medianMs(() => decodeDataset(manifest, files));
    const images = manifest.split.test + (split === 'both' ? manifest.split.train : 0);
    const bytes = test.length + (split === 'both' ? train.length : 0);
    const mpps = (images * 784) / (ms * 1e3);
    console.log(
      `${name.padEnd(14)} ${split.padEnd(6)} ${String(images).padStart(6)}  ${String(bytes).padStart(9)}  ${ms.toFixed(0).padStart(6)}  ${mpps.toFixed(1).padStart(8)}`,
    );
  }
}
