import type { BackendFailure, BackendName } from './backend.ts';
import type { AdapterIdentity, BackendChoice, RememberedChoice } from './backend-choice.ts';
import type { AfterStart } from './backend-start.ts';
import type { EngineErrorData, EngineErrorReason } from './engine-error.ts';
import type { DatasetName } from '../data/manifest.ts';
import type {
  AutoencoderConfig,
  AutoencoderMetrics,
  HierarchicalTrainMetrics,
  HierarchicalVQVAEConfig,
  LiveHyperparameters,
  LoadedState,
  PixelCNNPriorConfig,
  PriorMetrics,
  ResolvedAutoencoderConfig,
  ResolvedHierarchicalVQVAEConfig,
  ResolvedPixelCNNPriorConfig,
  ResolvedVQVAEConfig,
  SampleStep,
  TrainMetrics,
  VQVAEConfig,
} from '@vq-vae-live/vq';

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
 * What a checkpoint gave a model: its training state too ('full': training resumes exactly), or its
 * weights only ('weights': Adam's moments, the EMA statistics and the dead-code counts start again); null for a model built from a config.
 */
export type LoadedFrom = { loadedState: LoadedState | null };

/** What a widget needs to know about a VQ-VAE. */
export type ModelInfo = LoadedFrom & {
  kind: 'vqvae';
  config: ResolvedVQVAEConfig;
  step: number;
  parameterCount: number;
  /** The code grid's height and width (7×7 for the presets). */
  grid: [number, number];
};

/** What a widget needs to know about the two-level VQ-VAE. */
export type HierarchicalInfo = LoadedFrom & {
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
export type AutoencoderInfo = LoadedFrom & { kind: 'autoencoder'; config: ResolvedAutoencoderConfig; step: number; parameterCount: number };

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

/** What a widget needs to know about a prior. */
export type PriorInfo = { config: ResolvedPixelCNNPriorConfig; step: number; parameterCount: number };

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

/** Images the Worker already holds, named by position instead of sent: `count` images of a split from `first`. */
export type ImageRange = { dataset: DatasetName; split: 'train' | 'test'; first: number; count: number };

/**
 * What a widget wants to see of its model as it trains. The Worker pushes a snapshot at once, after
 * each create, reset and load, with the metrics while training (never more often than `everyMs`,
 * nor for more than a fifth of the time), and when training stops.
 */
export type SnapshotRequest = {
  /** The model's reconstructions of these images; with `stages` (residual VQ only), from the first `stages` stages. */
  reconstruction?: ImageRange & { stages?: number };
  /** A VQ-VAE's encoder outputs for these images with its codebook; an autoencoder's latents (no codebook). */
  inspection?: ImageRange;
  /** Shortest gap between two snapshots while training, in milliseconds (1000 unless given). */
  everyMs?: number;
};

/** Latent vectors [n, dim] and the codebook [K, dim] (empty for an autoencoder), row-major, with the codes now counted dead. */
export type Inspection = { latents: Float32Array; codebook: Float32Array; dim: number; deadCodes: number[] };

/** What a model made of the requested images at one step. */
export type Snapshot = {
  step: number;
  /** `count` images of 28×28, pixels about [0,1]. */
  reconstruction: { images: Float32Array; count: number } | null;
  inspection: Inspection | null;
};

/** Every reply by its tag. Tags are shared by requests with the same kind of answer. */
type Replies = {
  /** `key`, `identity` and `next` say how to check, measure and remember the choice (backend-start.ts). */
  ready: { backend: BackendName; failures: BackendFailure[]; matmul: MatmulTiming; choice: BackendChoice; key: string | null; identity: AdapterIdentity | null; next: AfterStart; threads: number | null };
  /** Whether the engine moved to the measured winner; it does not once any model has trained. */
  switched: { switched: boolean; backend: BackendName; matmul: MatmulTiming; threads: number | null };
  datasetSample: { sample: DatasetSample };
  model: { model: string; info: AnyModelInfo };
  /** `errorReason` comes with a failure, saying what kind of failure it was. */
  trained: { model: string; reason: TrainingEnd; step: number; message: string | null; errorReason?: EngineErrorReason };
  /** Code grids; the two-level model adds its top grids. */
  codes: { codes: Int32Array; count: number; grid: [number, number]; note?: string | null; top?: { codes: Int32Array; grid: [number, number] } };
  inspection: Inspection;
  /** An autoencoder's latents, [count, dim] row-major. */
  latents: { latents: Float32Array; count: number; dim: number };
  prior: { prior: string; info: PriorInfo };
  /** Logits [count, H, W, K], row-major. */
  logits: { logits: Float32Array; shape: [number, number, number, number] };
  nll: { bitsPerLatent: number };
  images: { images: Float32Array; count: number };
  /** A saved checkpoint's files, for a download; empty when it went to IndexedDB. */
  saved: { files: { name: string; data: ArrayBuffer | string }[] };
  done: Record<never, never>;
};

/** The reply tagged T. */
export type Reply<T extends keyof Replies> = { type: T } & Replies[T];

type OnModel = { model: string };
type OnPrior = { prior: string };

/**
 * Every request with its reply: `req` is the body (the type and id aside), `res` what comes back.
 * Models and priors share one namespace of names: creating either under a name the other kind holds
 * replaces it (its training ends as 'replaced'), as creating a model over a model does.
 */
export type Api = {
  /** `memory`: the page's remembered backend choices (Workers have no localStorage). */
  init: { req: { preferred: BackendName | null; memory?: Record<string, RememberedChoice> }; res: Reply<'ready'> };
  /** Moves every model to `backend`, the trials' winner, if none has trained yet. */
  switchBackend: { req: { backend: BackendName }; res: Reply<'switched'> };
  /** The first `count` test images of a dataset, for showing what the data looks like. */
  datasetSample: { req: { dataset: DatasetName; count: number }; res: Reply<'datasetSample'> };
  /** Builds a VQ-VAE from a config, or loads it from a checkpoint URL when one is given. */
  createModel: { req: OnModel & { config: VQVAEConfig; checkpoint?: string }; res: Reply<'model'> };
  /** Builds the two-level VQ-VAE (VQ-VAE-2 style), from a config or a checkpoint URL. */
  createHierarchical: { req: OnModel & { config: HierarchicalVQVAEConfig; checkpoint?: string }; res: Reply<'model'> };
  /** Builds an autoencoder or VAE with a continuous latent, from a config or a checkpoint URL. */
  createAutoencoder: { req: OnModel & { config: AutoencoderConfig; checkpoint?: string }; res: Reply<'model'> };
  /** Trains for `steps` steps, or until paused when `steps` is null. The reply comes when training stops. */
  train: { req: OnModel & { dataset: DatasetName; batchSize: number; steps: number | null }; res: Reply<'trained'> };
  /** Stops the training of a model or a prior of this name. */
  pause: { req: OnModel; res: Reply<'done'> };
  /** β and the learning rate for every VQ-VAE kind; the EMA decay and restarts for the plain VQ-VAE. */
  setHyperparameters: { req: OnModel & { changes: LiveHyperparameters }; res: Reply<'model'> };
  /** Replaces the model with fresh weights: from `config` (of the model's kind), or from its current config with the same seed. */
  reset: { req: OnModel & { config?: VQVAEConfig | HierarchicalVQVAEConfig | AutoencoderConfig }; res: Reply<'model'> };
  /** `count` images of 28×28, pixels in [0,1]. A VQ-VAE replies with codes, an autoencoder with latents. */
  encode: { req: OnModel & { images: Float32Array; count: number }; res: Reply<'codes'> | Reply<'latents'> };
  /** `count` code grids, row-major; for the two-level model, `codes` are the bottom grids and `top` the top ones. */
  decode: { req: OnModel & { codes: Int32Array; count: number; top?: Int32Array }; res: Reply<'images'> };
  /** `count` latent vectors of an autoencoder, row-major. */
  decodeLatents: { req: OnModel & { latents: Float32Array; count: number }; res: Reply<'images'> };
  /** With `stages` (residual VQ only), the decoder sees the sum of the first `stages` stages' codes. */
  reconstruct: { req: OnModel & { images: Float32Array; count: number; stages?: number }; res: Reply<'images'> };
  /** A VQ-VAE's latent vectors for `count` images and its codebook, for drawing the latent space. */
  inspect: { req: OnModel & { images: Float32Array; count: number }; res: Reply<'inspection'> };
  /** Pushes `snapshot` events of the model from now on, and one at once; null stops them. */
  watch: { req: OnModel & { snapshots: SnapshotRequest | null }; res: Reply<'done'> };
  /** Saves to IndexedDB, or returns the files of a download (a Worker cannot start one). */
  save: { req: OnModel & { destination: 'download' | `indexeddb://${string}`; fileStem?: string }; res: Reply<'saved'> };
  /** Replaces the model with a checkpoint, but only once the checkpoint has been checked in full. */
  load: { req: OnModel & { source: CheckpointOrigin }; res: Reply<'model'> };
  disposeModel: { req: OnModel; res: Reply<'done'> };
  /** Builds a prior from a config, or loads it from a checkpoint URL when one is given. */
  createPrior: { req: OnPrior & { config: PixelCNNPriorConfig; checkpoint?: string }; res: Reply<'prior'> };
  /**
   * Trains on the codes that the VQ-VAE named `vqvae` gives the dataset's training split, or with
   * `vqvae: null` on its binarised 28×28 pixels (the pixel-level PixelCNN, K = 2); `pause` stops it.
   */
  trainPrior: { req: OnPrior & { vqvae: string | null; dataset: DatasetName; batchSize: number; steps: number | null }; res: Reply<'trained'> };
  /**
   * Samples `count` grids; with `stream`, each position's distribution arrives as a `sampleStep` event.
   * With `prefix`, the first `length` positions of one given grid are kept and only the rest are drawn.
   */
  samplePrior: { req: OnPrior & { count: number; temperature: number; seed: number; stream: boolean; prefix?: { codes: Int32Array; length: number } }; res: Reply<'codes'> };
  priorLogits: { req: OnPrior & { codes: Int32Array; count: number }; res: Reply<'logits'> };
  /** The prior's mean negative log-likelihood of `count` grids, in bits per latent (held-out evaluation). */
  priorNll: { req: OnPrior & { codes: Int32Array; count: number }; res: Reply<'nll'> };
  disposePrior: { req: OnPrior; res: Reply<'done'> };
};

/** A request's type. */
export type RequestType = keyof Api;

/** The request of type K, without its id. */
export type RequestOf<K extends RequestType> = { type: K } & Api[K]['req'];

/** Requests about one model, named by the widget that owns it. */
export type ModelRequest = { [K in RequestType]: 'model' extends keyof Api[K]['req'] ? RequestOf<K> : never }[RequestType];

/** Requests about a PixelCNN prior, named by its widget. */
export type PriorRequest = { [K in RequestType]: 'prior' extends keyof Api[K]['req'] ? RequestOf<K> : never }[RequestType];

/** A request of any type, without its id. */
export type AnyRequest = { [K in RequestType]: RequestOf<K> }[RequestType];

/** Messages the page sends to the engine Worker. Every request carries an id that its reply echoes. */
export type EngineRequest = { id: number } & AnyRequest;

/** A failed request's reply: the error as data, with a reason a widget can act on. */
export type ErrorReply = { type: 'error'; error: EngineErrorData };

/** Messages the engine Worker sends back, each answering the request with the same id. */
export type EngineResponse = { id: number } & (Api[RequestType]['res'] | ErrorReply);

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
  /** What a watched model makes of its images now (see `watch`). */
  | { type: 'snapshot'; model: string; snapshot: Snapshot }
  /**
   * The backend changed while running, after the GPU was lost; with its matmul timing and threads when
   * measured. The page's start-up choice no longer explains the backend (the badge drops it); `message` does.
   */
  | { type: 'backend'; backend: BackendName; message: string; matmul?: MatmulTiming; threads?: number | null }
  /** A model or prior rebuilt after a GPU loss, at `step`: the steps after it went with the device. */
  | { type: 'restored'; name: string; step: number };
