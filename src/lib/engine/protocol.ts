import type { BackendFailure, BackendName } from './backend.ts';
import type { DatasetName } from '../data/manifest.ts';

/** Result of the start-up benchmark: a square float32 matmul on the chosen backend. */
export interface MatmulTiming {
  size: number;
  /** Median wall time of one multiply including the read-back, in milliseconds. */
  milliseconds: number;
  gflops: number;
  /** Largest absolute difference from a plain JavaScript multiply of the same matrices. */
  maxAbsError: number;
}

/** Messages the page sends to the engine Worker. Every request carries an id that its reply echoes. */
export type EngineRequest =
  | { id: number; type: 'init'; preferred: BackendName | null }
  /** The first `count` test images of a dataset, for showing what the data looks like. */
  | { id: number; type: 'datasetSample'; dataset: DatasetName; count: number };

/** A few images of a dataset, as uint8 pixels, with what a caption needs. */
export interface DatasetSample {
  dataset: DatasetName;
  title: string;
  /** `count` images of height×width pixels, row-major. */
  images: Uint8Array;
  labels: Uint8Array;
  count: number;
  height: number;
  width: number;
  classes: string[];
  /** Images in each split of the full dataset. */
  splitSizes: { train: number; test: number };
}

/** Messages the engine Worker sends back. */
export type EngineResponse =
  | {
      id: number;
      type: 'ready';
      backend: BackendName;
      failures: BackendFailure[];
      matmul: MatmulTiming;
    }
  | { id: number; type: 'datasetSample'; sample: DatasetSample }
  | { id: number; type: 'error'; message: string };
