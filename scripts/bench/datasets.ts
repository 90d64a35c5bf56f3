// Dataset decoding speed: how long a reader's browser (or a test) spends turning .bin files into pixels.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeDataset } from '../../src/lib/data/dataset.ts';
import { DATASET_NAMES, validateManifest } from '../../src/lib/data/manifest.ts';
import { medianMs } from '../lib/median.ts';

/** Prints decode times for every dataset, test split alone and both splits. */
export async function benchDatasets(repeats: number): Promise<void> {
  console.log(`\nDataset decoding in Node ${process.version} (median of ${repeats})`);
  console.log('dataset        split  images  bytes      ms     Mpixel/s');
  for (const name of DATASET_NAMES) {
    const dir = join('public/data', name);
    const manifest = validateManifest(JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')), dir);
    const test = new Uint8Array(await readFile(join(dir, manifest.files.test.path)));
    const train = new Uint8Array(await readFile(join(dir, manifest.files.train.path)));
    for (const split of ['test', 'both'] as const) {
      const files = split === 'test' ? { test } : { test, train };
      const ms = await medianMs(() => decodeDataset(manifest, files), repeats);
      const images = manifest.split.test + (split === 'both' ? manifest.split.train : 0);
      const bytes = test.length + (split === 'both' ? train.length : 0);
      const mpps = (images * 784) / (ms * 1e3);
      console.log(
        `${name.padEnd(14)} ${split.padEnd(6)} ${String(images).padStart(6)}  ${String(bytes).padStart(9)}  ${ms.toFixed(0).padStart(6)}  ${mpps.toFixed(1).padStart(8)}`,
      );
    }
  }
}
