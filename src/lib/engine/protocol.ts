import type { BackendFailure, BackendName } from './backend.ts';
import type { DatasetName } from '../data/manifest.ts';
import type {
  AutoencoderConfig,
  AutoencoderMetrics,
  HierarchicalTrainMetrics,
  HierarchicalVQVAEConfig,
  LiveHyperparameters,
  PixelCNNPriorConfig,
  PriorMetrics,
  ResolvedAutoencoderConfig,
  ResolvedHierarchicalVQVAEConfig,
  ResolvedPixelCNNPriorConfig,
  ResolvedVQVAEConfig,
  SampleStep,
  TrainMetrics,
  VQVAEConfig,
} from '../vq/index.ts';

/** Result of the start-up benchmark: a square float32 matmul on the chosen backend. */
export interface MatmulTiming {
  size: number;
  /** Median wall time of one multiply including the read-back, in milliseconds. */
  milliseconds: number;
  gflops: number;
  /** Largest absolute difference from a plain JavaScript multiply of the same matrices. */
  maxAbsError: number;
}

/** Where a checkpoint is loaded from: a URL (absolute), a name in IndexedDB, or the two files a reader picked. */
export type CheckpointOrigin = { url: string } | { indexedDb: string } | { files: File[] };

/** The kinds of model the engine holds: a VQ-VAE, the two-level VQ-VAE, and the AE/VAE companions. */
export type ModelKind = 'vqvae' | 'vqvae2' | 'autoencoder';

/**
 * Requests about one model, named by the widget that owns it. Every kind trains, encodes, decodes,
 * reconstructs, saves and loads through the same requests; the replies say what the kind gives.
 */
export type ModelRequest =
  /** Builds a VQ-VAE from a config, or loads it from a checkpoint URL when one is given. */
  | { type: 'createModel'; model: string; config: VQVAEConfig; checkpoint?: string }
  /** Builds the two-level VQ-VAE (VQ-VAE-2 style), from a config or a checkpoint URL. */
  | { type: 'createHierarchical'; model: string; config: HierarchicalVQVAEConfig; checkpoint?: string }
  /** Builds an autoencoder or VAE with a continuous latent, from a config or a checkpoint URL. */
  | { type: 'createAutoencoder'; model: string; config: AutoencoderConfig; checkpoint?: string }
  /** Trains for `steps` steps, or until paused when `steps` is null. The reply comes when training stops. */
  | { type: 'train'; model: string; dataset: DatasetName; batchSize: number; steps: number | null }
  | { type: 'pause'; model: string }
  /** β and the learning rate for every VQ-VAE kind; the EMA decay and restarts for the plain VQ-VAE. */
  | { type: 'setHyperparameters'; model: string; changes: LiveHyperparameters }
  /** Replaces the model with fresh weights: from `config` (of the model's kind), or from its current config with the same seed. */
  | { type: 'reset'; model: string; config?: VQVAEConfig | HierarchicalVQVAEConfig | AutoencoderConfig }
  /** `count` images of 28×28, pixels in [0,1]. A VQ-VAE replies with codes, an autoencoder with latents. */
  | { type: 'encode'; model: string; images: Float32Array; count: number }
  /** `count` code grids, row-major; for the two-level model, `codes` are the bottom grids and `top` the top ones. */
  | { type: 'decode'; model: string; codes: Int32Array; count: number; top?: Int32Array }
  /** `count` latent vectors of an autoencoder, row-major. */
  | { type: 'decodeLatents'; model: string; latents: Float32Array; count: number }
  /** With `stages` (residual VQ only), the decoder sees the sum of the first `stages` stages' codes. */
  | { type: 'reconstruct'; model: string; images: Float32Array; count: number; stages?: number }
  /** A VQ-VAE's latent vectors for `count` images and its codebook, for drawing the latent space. */
  | { type: 'inspect'; model: string; images: Float32Array; count: number }
  /** Saves to IndexedDB, or returns the files of a download (a Worker cannot start one). */
  | { type: 'save'; model: string; destination: 'download' | `indexeddb://${string}`; fileStem?: string }
  /** Replaces the model with a checkpoint, but only once the checkpoint has been checked in full. */
  | { type: 'load'; model: string; source: CheckpointOrigin }
  | { type: 'disposeModel'; model: string };

/** Requests about a PixelCNN prior, named by its widget. Priors and VQ-VAEs share one namespace of names. */
export type PriorRequest =
  /** Builds a prior from a config, or loads it from a checkpoint URL when one is given. */
  | { type: 'createPrior'; prior: string; config: PixelCNNPriorConfig; checkpoint?: string }
  /**
   * Trains on the codes that the VQ-VAE named `vqvae` gives the dataset's training split, or with
   * `vqvae: null` on its binarised 28×28 pixels (the pixel-level PixelCNN, K = 2); `pause` stops it.
   */
  | { type: 'trainPrior'; prior: string; vqvae: string | null; dataset: DatasetName; batchSize: number; steps: number | null }
  /**
   * Samples `count` grids; with `stream`, each position's distribution arrives as a `sampleStep` event.
   * With `prefix`, the first `length` positions of one given grid are kept and only the rest are drawn.
   */
  | { type: 'samplePrior'; prior: string; count: number; temperature: number; seed: number; stream: boolean; prefix?: { codes: Int32Array; length: number } }
  | { type: 'priorLogits'; prior: string; codes: Int32Array; count: number }
  /** The prior's mean negative log-likelihood of `count` grids, in bits per latent (held-out evaluation). */
  | { type: 'priorNll'; prior: string; codes: Int32Array; count: number }
  | { type: 'disposePrior'; prior: string };

/** What a widget needs to know about a prior. */
export type PriorInfo = { config: ResolvedPixelCNNPriorConfig; step: number; parameterCount: number };

/** Messages the page sends to the engine Worker. Every request carries an id that its reply echoes. */
export type EngineRequest = { id: number } & (
  | { type: 'init'; preferred: BackendName | null }
  /** The first `count` test images of a dataset, for showing what the data looks like. */
  | { type: 'datasetSample'; dataset: DatasetName; count: number }
  | ModelRequest
  | PriorRequest
);

/** What a widget needs to know about a VQ-VAE. */
export type ModelInfo = {
  kind: 'vqvae';
  config: ResolvedVQVAEConfig;
  step: number;
  parameterCount: number;
  /** The code grid's height and width (7×7 for the presets). */
  grid: [number, number];
};

/** What a widget needs to know about the two-level VQ-VAE. */
export type HierarchicalInfo = {
  kind: 'vqvae2';
  config: ResolvedHierarchicalVQVAEConfig;
  step: number;
  parameterCount: number;
  /** The bottom grid (7×7). */
  grid: [number, number];
  /** The top grid (3×3). */
  topGrid: [number, number];
};

/** What a widget needs to know about an autoencoder or VAE. */
export type AutoencoderInfo = { kind: 'autoencoder'; config: ResolvedAutoencoderConfig; step: number; parameterCount: number };

/** The info of a model of any kind. */
export type AnyModelInfo = ModelInfo | HierarchicalInfo | AutoencoderInfo;

/** The info of a model of kind K. */
export type InfoOf<K extends ModelKind> = Extract<AnyModelInfo, { kind: K }>;

/** The config a model of kind K is built from. */
export type ConfigOf<K extends ModelKind> = { vqvae: VQVAEConfig; vqvae2: HierarchicalVQVAEConfig; autoencoder: AutoencoderConfig }[K];

/** One step of a kind-K model as a chart point. */
export type PointOf<K extends ModelKind> = K extends 'autoencoder' ? AutoencoderMetrics : MetricPoint;

/** The latest step of a kind-K model, in full. */
export type LatestOf<K extends ModelKind> = K extends 'autoencoder' ? AutoencoderMetrics : K extends 'vqvae2' ? HierarchicalTrainMetrics : TrainMetrics;

/** Why a training request ended. */
export type TrainingEnd = 'done' | 'paused' | 'diverged' | 'failed' | 'replaced' | 'disposed';

/** One training step's scalars, for loss curves. */
export type MetricPoint = Omit<TrainMetrics, 'usage'>;

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

/** Messages the engine Worker sends back, each answering the request with the same id. */
export type EngineResponse = { id: number } & (
  | { type: 'ready'; backend: BackendName; failures: BackendFailure[]; matmul: MatmulTiming }
  | { type: 'datasetSample'; sample: DatasetSample }
  | { type: 'model'; model: string; info: AnyModelInfo }
  | { type: 'trained'; model: string; reason: TrainingEnd; step: number; message: string | null }
  /** Code grids; the two-level model adds its top grids. */
  | { type: 'codes'; codes: Int32Array; count: number; grid: [number, number]; note?: string | null; top?: { codes: Int32Array; grid: [number, number] } }
  /** Latent vectors [n, dim] and the codebook [K, dim], row-major, with the codes now counted dead. */
  | { type: 'inspection'; latents: Float32Array; codebook: Float32Array; dim: number; deadCodes: number[] }
  /** An autoencoder's latents, [count, dim] row-major. */
  | { type: 'latents'; latents: Float32Array; count: number; dim: number }
  | { type: 'prior'; prior: string; info: PriorInfo }
  /** Logits [count, H, W, K], row-major. */
  | { type: 'logits'; logits: Float32Array; shape: [number, number, number, number] }
  | { type: 'nll'; bitsPerLatent: number }
  | { type: 'images'; images: Float32Array; count: number }
  /** A saved checkpoint's files, for a download; empty when it went to IndexedDB. */
  | { type: 'saved'; files: { name: string; data: ArrayBuffer | string }[] }
  | { type: 'done' }
  | { type: 'error'; message: string }
);

/**
 * Messages the Worker sends unasked. Metrics come at most 10 times a second per model, with every
 * step since the last message, so charts miss nothing; a rejected step is sent at once.
 */
export type EngineEvent =
  | { type: 'metrics'; model: string; history: MetricPoint[]; latest: TrainMetrics }
  /** An autoencoder's or VAE's steps, sent like a VQ-VAE's metrics. */
  | { type: 'autoencoderMetrics'; model: string; history: AutoencoderMetrics[] }
  | { type: 'priorMetrics'; prior: string; history: PriorMetrics[] }
  | { type: 'sampleStep'; prior: string; step: SampleStep }
  /** The backend changed while running, for example after the GPU was lost. */
  | { type: 'backend'; backend: BackendName; message: string };
