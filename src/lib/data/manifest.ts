/**
 * public/data/<name>/manifest.json: what a dataset is, where it came from, how it was quantised
 * and split, and the size and sha256 of each file, so a reader can refuse damaged or stale data.
 */
import { FORMAT_VERSION } from './image-codec.ts';

/** The datasets the site ships. */
export const DATASET_NAMES = ['mnist', 'fashion-mnist'] as const;

/** Name of a shipped dataset; also its directory under public/data. */
export type DatasetName = (typeof DATASET_NAMES)[number];

/** The two splits, in the order their streams are coded (train continues the model test left). */
export const SPLIT_NAMES = ['test', 'train'] as const;

/** A split of a dataset. */
export type SplitName = (typeof SPLIT_NAMES)[number];

/** One binary file of a dataset. */
export interface ManifestFile {
  /** File name relative to the manifest. */
  path: string;
  bytes: number;
  /** Lower-case hex SHA-256 of the whole file. */
  sha256: string;
  /** Images (and labels) in the file. */
  count: number;
}

/** Contents of manifest.json. */
export interface DatasetManifest {
  formatVersion: number;
  name: DatasetName;
  title: string;
  description: string;
  /** Attribution to show wherever the data is shown. */
  credit: { text: string; authors: string[]; url: string; citation?: string };
  licence: { name: string; spdx: string | null; url: string; notes: string };
  /** Where `npm run data` read the data from. */
  source: { name: string; version: string; url: string; licence: string; notes: string };
  image: { height: 28; width: 28; channels: 1; dtype: 'uint8' };
  /** Class names, indexed by label. */
  classes: string[];
  split: { description: string; train: number; test: number; seed: number | null };
  quantisation: {
    levels: number;
    /** The uint8 value of each level, round(k * 255 / (levels - 1)). */
    values: number[];
    lossless: boolean;
    /** Worst-case |decoded - original| over the shipped images, in [0, 1] pixel units. */
    maxAbsError: number;
    /** Mean squared error over the shipped images, in [0, 1] pixel units. */
    mse: number;
    description: string;
  };
  codec: { name: string; contextLevels: number; mixDepth: number; description: string; bitsPerPixel: number };
  files: Record<SplitName, ManifestFile>;
  /** The download budget for the whole dataset, and what the binary files use of it (the manifest adds a few kB). */
  budget: { limitBytes: number; fileBytes: number };
}

function fail(source: string, message: string): never {
  throw new Error(`${source}: ${message}`);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Checks the parts of a parsed manifest.json that decoding relies on and returns it typed;
 * errors name `source` (a URL or path).
 */
export function validateManifest(json: unknown, source = 'manifest.json'): DatasetManifest {
  if (!isObject(json)) fail(source, 'not a JSON object');
  if (json.formatVersion !== FORMAT_VERSION) {
    fail(source, `format version ${JSON.stringify(json.formatVersion)} is not supported (this reader decodes version ${FORMAT_VERSION}); rebuild with \`npm run data\` or reload the page`);
  }
  if (!(DATASET_NAMES as readonly unknown[]).includes(json.name)) fail(source, `unknown dataset name ${JSON.stringify(json.name)}`);
  const q = json.quantisation;
  if (!isObject(q) || !Number.isInteger(q.levels) || (q.levels as number) < 2 || (q.levels as number) > 256) {
    fail(source, 'quantisation.levels must be an integer in 2..256');
  }
  const codec = json.codec;
  if (!isObject(codec) || !Number.isInteger(codec.contextLevels) || !Number.isInteger(codec.mixDepth)) {
    fail(source, 'codec.contextLevels and codec.mixDepth must be integers');
  }
  if (!Array.isArray(json.classes) || json.classes.length < 1 || !json.classes.every((c) => typeof c === 'string')) {
    fail(source, 'classes must be a non-empty array of names');
  }
  const image = json.image;
  if (!isObject(image) || image.height !== 28 || image.width !== 28 || image.channels !== 1) fail(source, 'image must be 28×28×1');
  const files = json.files;
  if (!isObject(files)) fail(source, 'files is missing');
  for (const split of SPLIT_NAMES) {
    const f = files[split];
    if (!isObject(f)) fail(source, `files.${split} is missing`);
    if (typeof f.path !== 'string' || !/^[\w.-]+$/.test(f.path)) fail(source, `files.${split}.path must be a plain file name`);
    if (!Number.isInteger(f.bytes) || (f.bytes as number) <= 0) fail(source, `files.${split}.bytes must be a positive integer`);
    if (typeof f.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(f.sha256)) fail(source, `files.${split}.sha256 must be 64 lower-case hex digits`);
    if (!Number.isInteger(f.count) || (f.count as number) < 0) fail(source, `files.${split}.count must be a non-negative integer`);
  }
  return json as unknown as DatasetManifest;
}
