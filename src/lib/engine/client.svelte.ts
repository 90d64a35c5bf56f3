import { parseBackendRequest, type BackendFailure, type BackendName } from './backend.ts';
import type { BackendChoice } from './backend-choice.ts';
import { startEngine } from './engine-start.ts';
import { RequestActivity } from './request-activity.ts';
import { EngineError } from './engine-error.ts';
import { EngineListeners } from './engine-listeners.ts';
import { offerDownloads } from './downloads.ts';
import { WorkerLink } from './worker-link.ts';
import { startEngineWorker } from './module-worker.ts';
import type { DatasetName } from '../data/manifest.ts';
import type { AutoencoderConfig, HierarchicalVQVAEConfig, LiveHyperparameters, PixelCNNPriorConfig, PriorMetrics, SampleStep, VQVAEConfig } from '@vq-vae-live/vq';
import type {
  AnyRequest,
  Api,
  CheckpointOrigin,
  DatasetSample,
  EngineEvent,
  Inspection,
  MatmulTiming,
  AnyModelInfo,
  AutoencoderInfo,
  ConfigOf,
  HierarchicalInfo,
  InfoOf,
  LatestOf,
  ModelInfo,
  ModelKind,
  PointOf,
  PriorInfo,
  Reply,
  RequestType,
  Snapshot,
  SnapshotRequest,
  TrainingEnd,
} from './protocol.ts';
import type { EngineErrorReason } from './engine-error.ts';

/** Life cycle of the page's engine as widgets see it. */
export type EngineStatus = 'starting' | 'ready' | 'error';

/** Receives a kind-K model's metrics as the Worker sends them, at most 10 times a second. */
export type MetricsListener<K extends ModelKind = 'vqvae'> = (history: PointOf<K>[], latest: LatestOf<K>) => void;

/** How a training request ended; a failure or divergence says what kind it was in `errorReason`. */
export type TrainingResult = { reason: TrainingEnd; step: number; message: string | null; errorReason?: EngineErrorReason };

/** Receives a watched model's snapshots as the Worker pushes them. */
export type SnapshotListener = (snapshot: Snapshot) => void;

/**
 * The page side of the engine: starts the Worker, numbers requests, and keeps reactive state for widgets.
 * There is one per page (see `EngineClient.shared`) because the GPU is shared by every widget on it.
 */
export class EngineClient {
  status = $state<EngineStatus>('starting');
  backend = $state<BackendName | null>(null);
  /** Faster backends that were tried and could not start, with their reasons. */
  failures = $state<BackendFailure[]>([]);
  matmul = $state<MatmulTiming | null>(null);
  /** Why the engine runs on `backend`: asked for, remembered, being measured, measured. */
  choice = $state<BackendChoice | null>(null);
  /** The wasm backend's threads (more than one when the page is cross-origin isolated); null elsewhere. */
  threads = $state<number | null>(null);
  /** The requests in flight, so that the backend trials wait for a quiet moment. */
  readonly activity = new RequestActivity();
  /** A problem with the page's `?backend=` request, shown next to the result. */
  warning = $state<string | null>(null);
  error = $state<string | null>(null);

  #link: WorkerLink;
  #listeners = new EngineListeners();

  static #shared: EngineClient | null = null;

  /** The page's engine, created on first use, on the `?backend=` of `search` (an embed passes its element's). Browser only, never in the static build. */
  static shared(search: string = location.search): EngineClient {
    EngineClient.#shared ??= new EngineClient(search);
    return EngineClient.#shared;
  }

  private constructor(search: string) {
    if (typeof Worker === 'undefined') throw new Error('EngineClient needs a browser with Web Workers');
    this.#link = new WorkerLink(
      startEngineWorker(),
      (event) => this.#dispatch(event),
      (error) => {
        this.error = error.message;
        this.status = 'error';
      },
    );
    const request = parseBackendRequest(search);
    this.warning = request.warning;
    void startEngine(this, request);
  }

  /** The first `count` test images of a dataset, loaded and decoded in the Worker. */
  async datasetSample(dataset: DatasetName, count: number): Promise<DatasetSample> {
    return (await this.call('datasetSample', { dataset, count })).sample;
  }

  /** Builds a VQ-VAE in the Worker, from a config or from a checkpoint URL (relative to the page). */
  async createModel(model: string, config: VQVAEConfig, checkpoint?: string): Promise<ModelInfo> {
    return this.create('vqvae', model, config, checkpoint);
  }

  /** Builds the two-level VQ-VAE in the Worker, from a config or a checkpoint URL. */
  async createHierarchical(model: string, config: HierarchicalVQVAEConfig, checkpoint?: string): Promise<HierarchicalInfo> {
    return this.create('vqvae2', model, config, checkpoint);
  }

  /** Builds an autoencoder or VAE in the Worker, from a config or a checkpoint URL. */
  async createAutoencoder(model: string, config: AutoencoderConfig, checkpoint?: string): Promise<AutoencoderInfo> {
    return this.create('autoencoder', model, config, checkpoint);
  }

  /** Builds a model of any kind, from a config or a checkpoint URL (relative to the page). */
  async create<K extends ModelKind>(kind: K, model: string, config: ConfigOf<K>, checkpoint?: string): Promise<InfoOf<K>> {
    const url = checkpoint === undefined ? undefined : new URL(checkpoint, location.href).href;
    const type = ({ vqvae: 'createModel', vqvae2: 'createHierarchical', autoencoder: 'createAutoencoder' } as const)[kind];
    const body = { model, config, checkpoint: url } as Api[typeof type]['req'];
    return expectKind(kind, (await this.call(type, body)).info);
  }

  /** Trains `steps` steps, or until paused when null; resolves when training stops, and why. */
  async train(model: string, options: { dataset: DatasetName; batchSize: number; steps: number | null }): Promise<TrainingResult> {
    return trainingResult(await this.call('train', { model, ...options }));
  }

  /** Stops a model's training before its next step. */
  async pause(model: string): Promise<void> {
    await this.call('pause', { model });
  }

  /** Changes β, the learning rate, the EMA decay or the dead-code patience between steps. */
  async setHyperparameters(model: string, changes: LiveHyperparameters): Promise<AnyModelInfo> {
    return (await this.call('setHyperparameters', { model, changes })).info;
  }

  /** Fresh weights, from a new config or the current one. */
  async reset(model: string, config?: ConfigOf<ModelKind>): Promise<AnyModelInfo> {
    return (await this.call('reset', { model, config })).info;
  }

  /** Code grids of `count` 28×28 images with pixels in [0,1]; the two-level model adds its top grids. */
  async encode(model: string, images: Float32Array, count: number): Promise<{ codes: Int32Array; grid: [number, number]; top: { codes: Int32Array; grid: [number, number] } | null }> {
    const { codes, grid, top } = replyOfType('codes', await this.call('encode', { model, images, count }));
    return { codes, grid, top: top ?? null };
  }

  /** A VQ-VAE's latent vectors for `count` images, its codebook, and which codes are dead. */
  async inspect(model: string, images: Float32Array, count: number): Promise<Inspection> {
    const { latents, codebook, dim, deadCodes } = await this.call('inspect', { model, images, count });
    return { latents, codebook, dim, deadCodes };
  }

  /** An autoencoder's latents of `count` images, [count, dim] row-major. */
  async encodeLatents(model: string, images: Float32Array, count: number): Promise<{ latents: Float32Array; dim: number }> {
    const { latents, dim } = replyOfType('latents', await this.call('encode', { model, images, count }));
    return { latents, dim };
  }

  /** Images (28×28, pixels about [0,1]) decoded from `count` code grids; the two-level model needs `top` too. */
  async decode(model: string, codes: Int32Array, count: number, top?: Int32Array): Promise<Float32Array> {
    return (await this.call('decode', { model, codes, count, top })).images;
  }

  /** Images decoded from `count` latents of an autoencoder. */
  async decodeLatents(model: string, latents: Float32Array, count: number): Promise<Float32Array> {
    return (await this.call('decodeLatents', { model, latents, count })).images;
  }

  /** What the model makes of `count` images; with `stages`, from the first `stages` residual stages only. */
  async reconstruct(model: string, images: Float32Array, count: number, stages?: number): Promise<Float32Array> {
    return (await this.call('reconstruct', { model, images, count, stages })).images;
  }

  /**
   * Asks the Worker to push snapshots of a model (reconstructions, inspections of images it holds) to
   * `onSnapshot` listeners: one at once, then with the metrics while it trains; null stops them.
   */
  async watch(model: string, snapshots: SnapshotRequest | null): Promise<void> {
    await this.call('watch', { model, snapshots });
  }

  /** Calls `listener` with each snapshot of a watched model; returns the function that stops it. */
  onSnapshot(model: string, listener: SnapshotListener): () => void {
    return this.#listeners.add('snapshot', model, listener);
  }

  /** Saves to IndexedDB, or downloads `<fileStem>.json` and `<fileStem>.weights.bin`. */
  async save(model: string, destination: 'download' | `indexeddb://${string}`, fileStem = model): Promise<void> {
    offerDownloads((await this.call('save', { model, destination, fileStem })).files);
  }

  /** Replaces a model with a checkpoint once it has been checked; on a bad checkpoint the model stays as it was. */
  async load(model: string, source: CheckpointOrigin): Promise<AnyModelInfo> {
    const resolved = 'url' in source ? { url: new URL(source.url, location.href).href } : source;
    return (await this.call('load', { model, source: resolved })).info;
  }

  /** Frees a model in the Worker. */
  async disposeModel(model: string): Promise<void> {
    this.#listeners.forget(model, ['metrics', 'snapshot', 'restored']);
    await this.call('disposeModel', { model });
  }

  /** Calls `listener` with each batch of a model's metrics; returns the function that stops it. */
  onMetrics<K extends ModelKind = 'vqvae'>(model: string, listener: MetricsListener<K>): () => void {
    return this.#listeners.add('metrics', model, listener as (history: unknown[], latest: unknown) => void);
  }

  /** Builds a PixelCNN prior in the Worker, from a config or a checkpoint URL (relative to the page). */
  async createPrior(prior: string, config: PixelCNNPriorConfig, checkpoint?: string): Promise<PriorInfo> {
    const url = checkpoint === undefined ? undefined : new URL(checkpoint, location.href).href;
    return (await this.call('createPrior', { prior, config, checkpoint: url })).info;
  }

  /** Trains a prior on the codes the VQ-VAE named `vqvae` gives a dataset, or on binarised pixels with `vqvae: null`; `pause(prior)` stops it. */
  async trainPrior(prior: string, options: { vqvae: string | null; dataset: DatasetName; batchSize: number; steps: number | null }): Promise<TrainingResult> {
    return trainingResult(await this.call('trainPrior', { prior, ...options }));
  }

  /**
   * Samples code grids; with `stream`, listeners from `onPrior` see every position as it is drawn. With
   * `prefix`, the first `length` positions of `codes` are kept and the prior completes the rest.
   */
  async samplePrior(
    prior: string,
    options: { count: number; temperature: number; seed: number; stream: boolean; prefix?: { codes: Int32Array; length: number } },
  ): Promise<{ codes: Int32Array; note: string | null }> {
    const { codes, note } = await this.call('samplePrior', { prior, ...options });
    return { codes, note: note ?? null };
  }

  /** The prior's logits for `count` code grids, [count, H, W, K] row-major. */
  async priorLogits(prior: string, codes: Int32Array, count: number): Promise<{ logits: Float32Array; shape: [number, number, number, number] }> {
    const { logits, shape } = await this.call('priorLogits', { prior, codes, count });
    return { logits, shape };
  }

  /** The prior's mean negative log-likelihood of `count` code grids, in bits per latent. */
  async priorNll(prior: string, codes: Int32Array, count: number): Promise<number> {
    return (await this.call('priorNll', { prior, codes, count })).bitsPerLatent;
  }

  /** Frees a prior in the Worker. */
  async disposePrior(prior: string): Promise<void> {
    this.#listeners.forget(prior, ['priorMetrics', 'sampleStep', 'restored']);
    await this.call('disposePrior', { prior });
  }

  /** Listens to a prior's training metrics and sampling steps; returns the function that stops listening. */
  onPrior(prior: string, listeners: { metrics?: (history: PriorMetrics[]) => void; step?: (step: SampleStep) => void }): () => void {
    const stops = [listeners.metrics && this.#listeners.add('priorMetrics', prior, listeners.metrics), listeners.step && this.#listeners.add('sampleStep', prior, listeners.step)];
    return () => {
      for (const stop of stops) stop?.();
    };
  }

  /** Calls `listener` with the step a model or prior was rebuilt at after a GPU loss; returns the function that stops it. */
  onRestored(name: string, listener: (step: number) => void): () => void {
    return this.#listeners.add('restored', name, listener);
  }

  /**
   * Sends one request and resolves with its reply, typed by the request (see `Api` in protocol.ts).
   * A failure rejects with an EngineError, whose `reason` says what kind of failure it was.
   */
  async call<K extends RequestType>(type: K, body: Api[K]['req']): Promise<Api[K]['res']> {
    const settled = this.activity.begin(type);
    try {
      return (await this.#link.send({ ...body, type } as AnyRequest)) as Api[K]['res'];
    } finally {
      settled();
    }
  }

  #dispatch(event: EngineEvent) {
    if (event.type !== 'backend') return this.#listeners.dispatch(event);
    const { backend, message: warning, matmul = this.matmul, threads = this.threads } = event;
    Object.assign(this, { backend, warning, matmul, threads, choice: null });
  }
}

/** Narrows a model's info to the kind a caller built, or says plainly that it is another kind. */
export function expectKind<K extends ModelKind>(kind: K, info: AnyModelInfo): InfoOf<K> {
  if (info.kind !== kind) throw new EngineError('invalid-request', `Expected a ${kind} model, but the engine holds a ${info.kind} under this name`);
  return info as InfoOf<K>;
}

/** The reply narrowed to one of the tags its request can answer with (encode: codes or latents, by the model's kind). */
function replyOfType<T extends 'codes' | 'latents'>(type: T, reply: Reply<'codes'> | Reply<'latents'>): Reply<T> {
  if (reply.type !== type) throw new EngineError('invalid-request', `Expected ${type} from encode, got ${reply.type}: the model under this name is of another kind`);
  return reply as unknown as Reply<T>;
}

/** A training reply as the result widgets see. */
function trainingResult({ reason, step, message, errorReason }: Reply<'trained'>): TrainingResult {
  return errorReason === undefined ? { reason, step, message } : { reason, step, message, errorReason };
}
