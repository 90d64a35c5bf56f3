/**
 * The datasets (MNIST, Fashion-MNIST): types, decoding, loading over HTTP and batching for TF.js.
 * Everything here runs in a page, a Worker or Node; the Node-only disk loader is in ./node.ts.
 */
export { DATASET_NAMES, SPLIT_NAMES, validateManifest } from './manifest.ts';
export type { DatasetManifest, DatasetName, ManifestFile, SplitName } from './manifest.ts';
export { decodeDataset, emptySplit, verifyFile } from './dataset.ts';
export type { Dataset, DatasetFiles, Split } from './dataset.ts';
export { DATA_CACHE_NAME, loadDataset } from './load.ts';
export type { LoadDatasetOptions } from './load.ts';
export { batchCycle, batchTensor, epochBatches } from './batch.ts';
export type { Batch } from './batch.ts';
export { encodeSplit } from './encode-split.ts';
export { mulberry32, seededPermutation } from './random.ts';
export { FORMAT_VERSION } from './image-codec.ts';
