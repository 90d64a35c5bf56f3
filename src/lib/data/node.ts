/** Node-only loading from a directory (tests, training scripts); kept out of index.ts because it imports node:fs. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeDataset, type Dataset } from './dataset.ts';
import { validateManifest, type DatasetName } from './manifest.ts';

/** Reads, verifies and decodes public/data/<name> (or `dir`/<name>); `split: 'test'` reads only test.bin. */
export async function loadDatasetFromDisk(
  name: DatasetName,
  dir = 'public/data',
  options: { split?: 'train' | 'test' | 'both' } = {},
): Promise<Dataset> {
  const manifestPath = join(dir, name, 'manifest.json');
  const manifest = validateManifest(JSON.parse(await readFile(manifestPath, 'utf8')), manifestPath);
  const read = async (file: string) => new Uint8Array(await readFile(join(dir, name, file)));
  const test = await read(manifest.files.test.path);
  const train = (options.split ?? 'both') === 'test' ? undefined : await read(manifest.files.train.path);
  return decodeDataset(manifest, { test, train });
}
