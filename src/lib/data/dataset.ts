/** Decoded datasets: checked against their manifest, then decompressed into plain uint8 arrays. */
import { decodeStreams, readHeader } from './image-codec.ts';
import { levelValues } from './levels.ts';
import { validateManifest, type DatasetManifest, type DatasetName, type SplitName } from './manifest.ts';
import { sha256Hex } from './checksum.ts';

/** Images and labels of one split. */
export interface Split {
  /** count × 28 × 28 uint8 pixels, row-major, 0 = background. */
  images: Uint8Array;
  /** count labels, each an index into `manifest.classes`. */
  labels: Uint8Array;
  count: number;
}

/** A decoded dataset. A split that was not loaded is empty (count 0). */
export interface Dataset {
  name: DatasetName;
  height: 28;
  width: 28;
  train: Split;
  test: Split;
  manifest: DatasetManifest;
}

/** The binary files of a dataset; train.bin continues the coding state of test.bin, so it needs test too. */
export interface DatasetFiles {
  test: Uint8Array;
  train?: Uint8Array;
}

/** A split with nothing in it, for splits that were not requested. */
export function emptySplit(): Split {
  return { images: new Uint8Array(0), labels: new Uint8Array(0), count: 0 };
}

/** Throws, naming the file, unless `bytes` has the manifest's length and SHA-256. */
export async function verifyFile(manifest: DatasetManifest, split: SplitName, bytes: Uint8Array): Promise<void> {
  const entry = manifest.files[split];
  const name = `${manifest.name}/${entry.path}`;
  if (bytes.length !== entry.bytes) {
    throw new Error(`${name}: expected ${entry.bytes} bytes, got ${bytes.length} (truncated, or out of date with its manifest)`);
  }
  const sha = await sha256Hex(bytes);
  if (sha !== entry.sha256) throw new Error(`${name}: SHA-256 ${sha} does not match the manifest (${entry.sha256}); the file is corrupt or stale`);
}

/**
 * Verifies and decodes a dataset's files (pure: no I/O). Pass only `test` to decode just the
 * test split; train needs test as well.
 */
export async function decodeDataset(manifest: DatasetManifest, files: DatasetFiles): Promise<Dataset> {
  validateManifest(manifest, `${String(manifest?.name)}/manifest.json`);
  const splits: SplitName[] = files.train ? ['test', 'train'] : ['test'];
  const bytes = splits.map((s) => files[s]!);
  await Promise.all(splits.map((s, i) => verifyFile(manifest, s, bytes[i]!)));
  const names = splits.map((s) => `${manifest.name}/${manifest.files[s].path}`);
  bytes.forEach((b, i) => {
    const h = readHeader(b, names[i]!);
    const expected = manifest.files[splits[i]!].count;
    if (h.count !== expected) throw new Error(`${names[i]}: holds ${h.count} images, the manifest says ${expected}`);
    const { codec, quantisation, classes } = manifest;
    if (h.levels !== quantisation.levels || h.contextLevels !== codec.contextLevels || h.mixDepth !== codec.mixDepth || h.classes !== classes.length) {
      throw new Error(`${names[i]}: coding parameters in its header disagree with the manifest`);
    }
  });
  const decoded = decodeStreams(bytes, names);
  const levels = manifest.quantisation.levels;
  const values = levelValues(levels);
  const result: Record<SplitName, Split> = { test: emptySplit(), train: emptySplit() };
  splits.forEach((s, i) => {
    const { levels: images, labels, count } = decoded[i]!;
    // Level indices become grey values in place (with 256 levels they already are).
    if (levels !== 256) for (let j = 0; j < images.length; j++) images[j] = values[images[j]!]!;
    result[s] = { images, labels, count };
  });
  return { name: manifest.name, height: 28, width: 28, train: result.train, test: result.test, manifest };
}
