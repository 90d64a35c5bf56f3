import { parseBackendRequest, type BackendFailure, type BackendName } from './backend.ts';
import { engineText } from './messages.ts';
import type { DatasetName } from '../data/manifest.ts';
import type { AutoencoderConfig, HierarchicalVQVAEConfig, LiveHyperparameters, PixelCNNPriorConfig, PriorMetrics, SampleStep, VQVAEConfig } from '../vq/index.ts';
import type {
  CheckpointOrigin,
  DatasetSample,
  EngineEvent,
  EngineRequest,
  EngineResponse,
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
  TrainingEnd,
} from './protocol.ts';

/** Life cycle of the page's engine as widgets see it. */
export type EngineStatus = 'starting' | 'ready' | 'error';

type Pending = { resolve: (response: EngineResponse) => void; reject: (error: Error) => void };
/** T without its id, member by member (a conditional type distributes only over a type parameter). */
type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;
/** A request without its id; the client numbers requests itself. */
type RequestBody = WithoutId<EngineRequest>;
/** The reply of the given type. */
type ReplyOf<T extends EngineResponse['type']> = Extract<EngineResponse, { type: T }>;

/** Receives a kind-K model's metrics as the Worker sends them, at most 10 times a second. */
export type MetricsListener<K extends ModelKind = 'vqvae'> = (history: PointOf<K>[], latest: LatestOf<K>) => void;

/** How a training request ended. */
export type TrainingResult = { reason: TrainingEnd; step: number; message: string | null };

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
  /** A problem with the page's `?backend=` request, shown next to the result. */
  warning = $state<string | null>(null);
  error = $state<string | null>(null);

  #worker: Worker;
  #nextId = 1;
  #pending = new Map<number, Pending>();
  #metricsListeners = new Map<string, Set<(history: unknown[], latest: unknown) => void>>();
  #priorListeners = new Map<string, { metrics: Set<(history: PriorMetrics[]) => void>; steps: Set<(step: SampleStep) => void> }>();

  static #shared: EngineClient | null = null;

  /** The page's engine, created on first use. Only callable in a browser, never during the static build. */
  static shared(): EngineClient {
    EngineClient.#shared ??= new EngineClient(location.search);
    return EngineClient.#shared;
  }

  private constructor(search: string) {
    if (typeof Worker === 'undefined') throw new Error('EngineClient needs a browser with Web Workers');
    this.#worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'vq-engine' });
    this.#worker.addEventListener('message', (event: MessageEvent<EngineResponse | EngineEvent>) => {
      if ('id' in event.data) this.#settle(event.data);
      else this.#dispatch(event.data);
    });
    this.#worker.addEventListener('error', (event) => this.#fail(new Error(event.message || engineText('workerFailed'))));

    const request = parseBackendRequest(search);
    this.warning = request.warning;
    this.#send({ type: 'init', preferred: request.preferred })
      .then((response) => {
        if (response.type !== 'ready') return;
        this.backend = response.backend;
        this.failures = response.failures;
        this.matmul = response.matmul;
        this.status = 'ready';
      })
      .catch((error: Error) => {
        this.error = error.message;
        this.status = 'error';
      });
  }

  /** The first `count` test images of a dataset, loaded and decoded in the Worker. */
  async datasetSample(dataset: DatasetName, count: number): Promise<DatasetSample> {
    const response = await this.#send({ type: 'datasetSample', dataset, count });
    if (response.type !== 'datasetSample') throw new Error(`Unexpected reply "${response.type}" to datasetSample`);
    return response.sample;
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
    const body = { type, model, config, checkpoint: url } as RequestBody;
    return expectKind(kind, (await this.#request('model', body)).info);
  }

  /** Trains `steps` steps, or until paused when null; resolves when training stops, and why. */
  async train(model: string, options: { dataset: DatasetName; batchSize: number; steps: number | null }): Promise<TrainingResult> {
    const { reason, step, message } = await this.#request('trained', { type: 'train', model, ...options });
    return { reason, step, message };
  }

  /** Stops a model's training before its next step. */
  async pause(model: string): Promise<void> {
    await this.#request('done', { type: 'pause', model });
  }

  /** Changes β, the learning rate, the EMA decay or the dead-code patience between steps. */
  async setHyperparameters(model: string, changes: LiveHyperparameters): Promise<AnyModelInfo> {
    return (await this.#request('model', { type: 'setHyperparameters', model, changes })).info;
  }

  /** Fresh weights, from a new config or the current one. */
  async reset(model: string, config?: ConfigOf<ModelKind>): Promise<AnyModelInfo> {
    return (await this.#request('model', { type: 'reset', model, config })).info;
  }

  /** Code grids of `count` 28×28 images with pixels in [0,1]; the two-level model adds its top grids. */
  async encode(model: string, images: Float32Array, count: number): Promise<{ codes: Int32Array; grid: [number, number]; top: { codes: Int32Array; grid: [number, number] } | null }> {
    const { codes, grid, top } = await this.#request('codes', { type: 'encode', model, images, count });
    return { codes, grid, top: top ?? null };
  }

  /** A VQ-VAE's latent vectors for `count` images, its codebook, and which codes are dead. */
  async inspect(model: string, images: Float32Array, count: number): Promise<{ latents: Float32Array; codebook: Float32Array; dim: number; deadCodes: number[] }> {
    const { latents, codebook, dim, deadCodes } = await this.#request('inspection', { type: 'inspect', model, images, count });
    return { latents, codebook, dim, deadCodes };
  }

  /** An autoencoder's latents of `count` images, [count, dim] row-major. */
  async encodeLatents(model: string, images: Float32Array, count: number): Promise<{ latents: Float32Array; dim: number }> {
    const { latents, dim } = await this.#request('latents', { type: 'encode', model, images, count });
    return { latents, dim };
  }

  /** Images (28×28, pixels about [0,1]) decoded from `count` code grids; the two-level model needs `top` too. */
  async decode(model: string, codes: Int32Array, count: number, top?: Int32Array): Promise<Float32Array> {
    return (await this.#request('images', { type: 'decode', model, codes, count, top })).images;
  }

  /** Images decoded from `count` latents of an autoencoder. */
  async decodeLatents(model: string, latents: Float32Array, count: number): Promise<Float32Array> {
    return (await this.#request('images', { type: 'decodeLatents', model, latents, count })).images;
  }

  /** What the model makes of `count` images; with `stages`, from the first `stages` residual stages only. */
  async reconstruct(model: string, images: Float32Array, count: number, stages?: number): Promise<Float32Array> {
    return (await this.#request('images', { type: 'reconstruct', model, images, count, stages })).images;
  }

  /** Saves to IndexedDB, or downloads `<fileStem>.json` and `<fileStem>.weights.bin`. */
  async save(model: string, destination: 'download' | `indexeddb://${string}`, fileStem = model): Promise<void> {
    const { files } = await this.#request('saved', { type: 'save', model, destination, fileStem });
    for (const file of files) {
      const link = document.createElement('a');
      link.href = URL.createObjectURL(new Blob([file.data], { type: file.name.endsWith('.json') ? 'application/json' : 'application/octet-stream' }));
      link.download = file.name;
      link.click();
      setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
    }
  }

  /** Replaces a model with a checkpoint once it has been checked; on a bad checkpoint the model stays as it was. */
  async load(model: string, source: CheckpointOrigin): Promise<AnyModelInfo> {
    const resolved = 'url' in source ? { url: new URL(source.url, location.href).href } : source;
    return (await this.#request('model', { type: 'load', model, source: resolved })).info;
  }

  /** Frees a model in the Worker. */
  async disposeModel(model: string): Promise<void> {
    this.#metricsListeners.delete(model);
    await this.#request('done', { type: 'disposeModel', model });
  }

  /** Calls `listener` with each batch of a model's metrics; returns the function that stops it. */
  onMetrics<K extends ModelKind = 'vqvae'>(model: string, listener: MetricsListener<K>): () => void {
    let listeners = this.#metricsListeners.get(model);
    if (!listeners) this.#metricsListeners.set(model, (listeners = new Set()));
    const untyped = listener as (history: unknown[], latest: unknown) => void;
    listeners.add(untyped);
    return () => listeners.delete(untyped);
  }

  /** Builds a PixelCNN prior in the Worker, from a config or a checkpoint URL (relative to the page). */
  async createPrior(prior: string, config: PixelCNNPriorConfig, checkpoint?: string): Promise<PriorInfo> {
    const url = checkpoint === undefined ? undefined : new URL(checkpoint, location.href).href;
    return (await this.#request('prior', { type: 'createPrior', prior, config, checkpoint: url })).info;
  }

  /** Trains a prior on the codes the VQ-VAE named `vqvae` gives a dataset, or on binarised pixels with `vqvae: null`; `pause(prior)` stops it. */
  async trainPrior(prior: string, options: { vqvae: string | null; dataset: DatasetName; batchSize: number; steps: number | null }): Promise<TrainingResult> {
    const { reason, step, message } = await this.#request('trained', { type: 'trainPrior', prior, ...options });
    return { reason, step, message };
  }

  /**
   * Samples code grids; with `stream`, listeners from `onPrior` see every position as it is drawn. With
   * `prefix`, the first `length` positions of `codes` are kept and the prior completes the rest.
   */
  async samplePrior(
    prior: string,
    options: { count: number; temperature: number; seed: number; stream: boolean; prefix?: { codes: Int32Array; length: number } },
  ): Promise<{ codes: Int32Array; note: string | null }> {
    const { codes, note } = await this.#request('codes', { type: 'samplePrior', prior, ...options });
    return { codes, note: note ?? null };
  }

  /** The prior's logits for `count` code grids, [count, H, W, K] row-major. */
  async priorLogits(prior: string, codes: Int32Array, count: number): Promise<{ logits: Float32Array; shape: [number, number, number, number] }> {
    const { logits, shape } = await this.#request('logits', { type: 'priorLogits', prior, codes, count });
    return { logits, shape };
  }

  /** The prior's mean negative log-likelihood of `count` code grids, in bits per latent. */
  async priorNll(prior: string, codes: Int32Array, count: number): Promise<number> {
    return (await this.#request('nll', { type: 'priorNll', prior, codes, count })).bitsPerLatent;
  }

  /** Frees a prior in the Worker. */
  async disposePrior(prior: string): Promise<void> {
    this.#priorListeners.delete(prior);
    await this.#request('done', { type: 'disposePrior', prior });
  }

  /** Listens to a prior's training metrics and sampling steps; returns the function that stops listening. */
  onPrior(prior: string, listeners: { metrics?: (history: PriorMetrics[]) => void; step?: (step: SampleStep) => void }): () => void {
    let entry = this.#priorListeners.get(prior);
    if (!entry) this.#priorListeners.set(prior, (entry = { metrics: new Set(), steps: new Set() }));
    const { metrics, step } = listeners;
    if (metrics) entry.metrics.add(metrics);
    if (step) entry.steps.add(step);
    return () => {
      if (metrics) entry.metrics.delete(metrics);
      if (step) entry.steps.delete(step);
    };
  }

  async #request<T extends EngineResponse['type']>(expected: T, body: RequestBody): Promise<ReplyOf<T>> {
    const response = await this.#send(body);
    if (response.type !== expected) throw new Error(`Unexpected reply "${response.type}" to ${body.type}`);
    return response as ReplyOf<T>;
  }

  #dispatch(event: EngineEvent) {
    if (event.type === 'metrics') for (const listener of this.#metricsListeners.get(event.model) ?? []) listener(event.history, event.latest);
    else if (event.type === 'autoencoderMetrics') for (const listener of this.#metricsListeners.get(event.model) ?? []) listener(event.history, event.history.at(-1));
    else if (event.type === 'priorMetrics') for (const listener of this.#priorListeners.get(event.prior)?.metrics ?? []) listener(event.history);
    else if (event.type === 'sampleStep') for (const listener of this.#priorListeners.get(event.prior)?.steps ?? []) listener(event.step);
    else if (event.type === 'backend') {
      this.backend = event.backend;
      this.warning = event.message;
    }
  }

  #send(body: RequestBody): Promise<EngineResponse> {
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#worker.postMessage({ ...body, id } satisfies EngineRequest);
    });
  }

  #settle(response: EngineResponse) {
    const pending = this.#pending.get(response.id);
    if (!pending) return;
    this.#pending.delete(response.id);
    if (response.type === 'error') pending.reject(new Error(response.message));
    else pending.resolve(response);
  }

  #fail(error: Error) {
    for (const pending of this.#pending.values()) pending.reject(error);
    this.#pending.clear();
    this.error = error.message;
    this.status = 'error';
  }
}

/** Narrows a model's info to the kind a caller built, or says plainly that it is another kind. */
export function expectKind<K extends ModelKind>(kind: K, info: AnyModelInfo): InfoOf<K> {
  if (info.kind !== kind) throw new Error(`Expected a ${kind} model, but the engine holds a ${info.kind} under this name`);
  return info as InfoOf<K>;
}
