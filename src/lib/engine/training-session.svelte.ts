import type { DatasetName } from '../data/manifest.ts';
import type { LiveHyperparameters, PixelCNNPriorConfig, PriorMetrics } from '@vq-vae-live/vq';
import { watchVisibility } from './visibility.ts';
import { EngineClient, expectKind, type TrainingResult } from './client.svelte.ts';
import { EngineError, type EngineErrorReason } from './engine-error.ts';
import type { CheckpointOrigin, ConfigOf, InfoOf, LatestOf, ModelKind, PointOf, PriorInfo, Snapshot, SnapshotRequest, TrainingEnd } from './protocol.ts';

let sessions = 0;

/** What a session trains: one of the engine's model kinds, or a PixelCNN prior over a VQ-VAE's codes. */
export type SessionKind = ModelKind | 'prior';
/** What the engine says about a kind-K session's model (a prior's info has no kind tag). */
export type SessionInfo<K extends SessionKind> = K extends ModelKind ? InfoOf<K> : PriorInfo;
/** The config a kind-K session's model is built from. */
export type SessionConfig<K extends SessionKind> = K extends ModelKind ? ConfigOf<K> : PixelCNNPriorConfig;
/** One step of a kind-K session's metrics history. */
export type SessionPoint<K extends SessionKind> = K extends ModelKind ? PointOf<K> : PriorMetrics;
/** A kind-K session's latest metrics. */
export type SessionLatest<K extends SessionKind> = K extends ModelKind ? LatestOf<K> : PriorMetrics;

/** How to build a session's model: from a checkpoint URL when given, else from the config. */
export type CreateOptions<K extends SessionKind> = {
  config: SessionConfig<K>;
  checkpoint?: string;
  /** When the checkpoint cannot be loaded, build from the config instead and say why in the outcome. */
  fallbackToScratch?: boolean;
};
/** What `create` built: from the checkpoint, from the config (with why the checkpoint failed, if it did), or nothing (see `error`). */
export type CreateOutcome = { built: 'checkpoint' | 'config' | null; checkpointProblem: string | null };
/** What later training runs on; `codesFrom` is the VQ-VAE whose codes a prior learns (null: binarised pixels). */
export type DataOptions = { dataset?: DatasetName; batchSize?: number; codesFrom?: string | null };

/** Most steps a session keeps for its charts; older ones are thinned to every other step. */
const HISTORY_LIMIT = 2000;

/** The shortest time the steps-per-second figure is measured over. */
const RATE_WINDOW_MS = 500;

/**
 * One widget's model or prior in the page's engine, as reactive state: its info, its metrics
 * history, and whether it trains. A reader's "train" is an intent: the session holds back while
 * the widget cannot be seen (see visibility.ts) and carries on when it is back, so widgets
 * on one page take turns on the GPU. A run is open-ended (`start()`) or bounded (`start({ steps })`);
 * `end` says why the last one ended. K is the kind: a VQ-VAE by default.
 */
export class TrainingSession<K extends SessionKind = 'vqvae'> {
  readonly engine: EngineClient;
  readonly kind: K;
  /** The model's name in the Worker, unique on the page. */
  readonly name: string;
  info = $state<SessionInfo<K> | null>(null);
  /** The metrics so far; write it through `clearHistory` (TrainingLab still assigns it until it moves over). */
  history = $state.raw<SessionPoint<K>[]>([]);
  latest = $state.raw<SessionLatest<K> | null>(null);
  /** The reader asked to train, whether or not a step is running now. */
  wantsToTrain = $state(false);
  /** A training request is running in the Worker. */
  training = $state(false);
  /** A training request is running but none of its steps has reported yet (the Worker is still preparing its data). */
  warmingUp = $state(false);
  /** Why the last run ended, once one has: done, paused, diverged, failed, replaced or disposed. */
  end = $state<TrainingEnd | null>(null);
  /** What the reader should know about the last run (divergence, failure, a rejected step), or a widget's own note (`tell`). */
  notice = $state<string | null>(null);
  /** The latest snapshot the Worker pushed, once `showSnapshots` asked for them. */
  snapshot = $state.raw<Snapshot | null>(null);
  error = $state<string | null>(null);
  /** Steps per second over the last metrics messages. */
  stepsPerSecond = $state(0);

  #visible = $state(true);
  #data: Required<DataOptions> = { dataset: 'mnist', batchSize: 32, codesFrom: null };
  /** The step a bounded run stops at; null while open-ended. */
  #until: number | null = null;
  #waiting: ((end: TrainingEnd) => void)[] = [];
  #stopListening: () => void;
  #rate: { time: number; step: number } | null = null;
  /** The engine's notice with its reason; a notice the widget wrote itself has none. */
  #noticeFrom = $state<{ text: string; reason: EngineErrorReason | 'rejected' } | null>(null);

  constructor(widget: string, kind: K = 'vqvae' as K) {
    this.engine = EngineClient.shared();
    this.kind = kind;
    this.name = `${widget}-${++sessions}`;
    const stops =
      kind === 'prior'
        ? [this.engine.onPrior(this.name, { metrics: (history) => this.#receive(history as SessionPoint<K>[], history.at(-1) as SessionLatest<K>) })]
        : [
            this.engine.onMetrics<ModelKind>(this.name, (history, latest) => this.#receive(history as SessionPoint<K>[], latest as SessionLatest<K>)),
            this.engine.onSnapshot(this.name, (snapshot) => (this.snapshot = snapshot)),
          ];
    stops.push(this.engine.onRestored(this.name, (step) => this.#restored(step)));
    this.#stopListening = () => stops.forEach((stop) => stop());
  }

  /**
   * What kind of notice `notice` is, when the engine wrote it: 'diverged' (training stopped), 'rejected'
   * (a step was refused), or a failure's reason; null for a notice the widget wrote itself.
   */
  get noticeReason(): EngineErrorReason | 'rejected' | null {
    return this.#noticeFrom !== null && this.#noticeFrom.text === this.notice ? this.#noticeFrom.reason : null;
  }

  /** Whether training is on hold because the widget cannot be seen. */
  get heldBack(): boolean {
    return this.wantsToTrain && !this.#visible;
  }

  /**
   * Builds the model from a checkpoint URL, or from the config alone; with `fallbackToScratch`, a
   * checkpoint that fails gives a model from the config and the reason in `checkpointProblem`.
   * Errors land in `error`.
   */
  async create(options: CreateOptions<K>): Promise<CreateOutcome> {
    if (await this.#build(options.config, options.checkpoint)) return { built: options.checkpoint === undefined ? 'config' : 'checkpoint', checkpointProblem: null };
    if (options.checkpoint === undefined || !options.fallbackToScratch) return { built: null, checkpointProblem: null };
    const problem = this.error;
    return { built: (await this.#build(options.config)) ? 'config' : null, checkpointProblem: problem };
  }

  /**
   * Trains until `pause`, or for `steps` more steps; it runs only while the widget can be seen.
   * Resolves with how the run ended (a hold out of view is not an end).
   */
  start(options: DataOptions & { steps?: number } = {}): Promise<TrainingEnd> {
    this.useData(options);
    const ended = new Promise<TrainingEnd>((resolve) => this.#waiting.push(resolve));
    this.#until = options.steps === undefined ? null : (this.info?.step ?? 0) + options.steps;
    this.wantsToTrain = true;
    this.end = null;
    this.notice = null;
    this.#resume();
    return ended;
  }

  /** Sets the data and batch size of later training without starting it. */
  useData(options: DataOptions): void {
    this.#data = { dataset: options.dataset ?? this.#data.dataset, batchSize: options.batchSize ?? this.#data.batchSize, codesFrom: options.codesFrom === undefined ? this.#data.codesFrom : options.codesFrom };
  }

  /** Stops training at the next step; the run ends as 'paused'. */
  async pause(): Promise<void> {
    if (this.wantsToTrain) this.#finish('paused');
    await this.engine.pause(this.name);
  }

  /** The charts start over: no history, no latest metrics. */
  clearHistory(): void {
    this.history = [];
    this.latest = null;
  }

  /** Shows the widget's own note in `notice` (its `noticeReason` is null); null clears it. */
  tell(text: string | null): void {
    this.notice = text;
  }

  /** Has the Worker push snapshots of this model into `snapshot` (one now, then while it trains); null stops them. */
  async showSnapshots(request: SnapshotRequest | null): Promise<void> {
    await this.#guard(() => this.engine.watch(this.name, request));
  }

  /** Changes hyperparameters between steps, without stopping. */
  async set(changes: LiveHyperparameters): Promise<void> {
    await this.#guard(async () => {
      this.info = expectKind(this.#modelKind(), await this.engine.setHyperparameters(this.name, changes)) as SessionInfo<K>;
    });
  }

  /** Fresh weights (a new config if K or D changed); the history starts over. */
  async reset(config?: SessionConfig<K>): Promise<void> {
    await this.#guard(async () => {
      this.info = expectKind(this.#modelKind(), await this.engine.reset(this.name, config as ConfigOf<ModelKind> | undefined)) as SessionInfo<K>;
      this.#rate = null;
      this.clearHistory();
    });
  }

  /**
   * Replaces the model with a checkpoint of the same kind once it has been checked in full. Errors
   * propagate, so the widget can say what was wrong with the reader's file; the model stays as it was.
   */
  async load(source: CheckpointOrigin): Promise<void> {
    this.info = expectKind(this.#modelKind(), await this.engine.load(this.name, source)) as SessionInfo<K>;
  }

  /** Holds training back while `element` cannot be seen, and carries on when it can. Returns the cleanup for onMount. */
  watch(element: Element): () => void {
    return watchVisibility(element, (visible) => {
      this.#visible = visible;
      if (visible) this.#resume();
      else if (this.training && this.wantsToTrain) void this.engine.pause(this.name);
    });
  }

  /** Frees the model in the Worker; a run in progress ends as 'disposed'. */
  async dispose(): Promise<void> {
    if (this.wantsToTrain) this.#finish('disposed');
    this.#stopListening();
    await (this.kind === 'prior' ? this.engine.disposePrior(this.name) : this.engine.disposeModel(this.name)).catch(() => undefined);
  }

  async #build(config: SessionConfig<K>, checkpoint?: string): Promise<boolean> {
    let built = false;
    await this.#guard(async () => {
      this.info = (this.kind === 'prior' ? await this.engine.createPrior(this.name, config as PixelCNNPriorConfig, checkpoint) : await this.engine.create(this.kind as ModelKind, this.name, config as ConfigOf<ModelKind>, checkpoint)) as SessionInfo<K>;
      this.#rate = null;
      built = true;
    });
    return built;
  }

  #resume() {
    if (!this.wantsToTrain || this.training || !this.info || !this.#visible) return;
    const steps = this.#until === null ? null : this.#until - this.info.step;
    if (steps !== null && steps <= 0) return this.#finish('done');
    this.training = true;
    this.warmingUp = true;
    this.#rate = null;
    const { dataset, batchSize, codesFrom } = this.#data;
    const request = this.kind === 'prior' ? this.engine.trainPrior(this.name, { vqvae: codesFrom, dataset, batchSize, steps }) : this.engine.train(this.name, { dataset, batchSize, steps });
    request.then(
      (result) => this.#ended(result),
      (error: Error) => {
        this.#stopped();
        this.error = error.message;
        this.#finish('failed');
      },
    );
  }

  #ended(result: TrainingResult) {
    this.#stopped();
    if (this.info && this.info.step !== result.step) this.info = { ...this.info, step: result.step };
    if (!this.wantsToTrain) return;
    if (result.reason === 'diverged' || result.reason === 'failed') {
      this.#notify(result.message, result.errorReason);
      this.#finish(result.reason);
    } else if (result.reason === 'replaced' || result.reason === 'disposed') this.#finish(result.reason);
    // Paused while out of view, or a bounded run's steps done: carry on, or end once at the step.
    else this.#resume();
  }

  #stopped() {
    this.training = false;
    this.warmingUp = false;
  }

  #finish(end: TrainingEnd) {
    this.wantsToTrain = false;
    this.end = end;
    for (const resolve of this.#waiting.splice(0)) resolve(end);
  }

  #receive(points: SessionPoint<K>[], latest: SessionLatest<K> | undefined) {
    if (latest === undefined) return;
    this.warmingUp = false;
    let history = [...this.history, ...points];
    if (history.length > HISTORY_LIMIT) history = history.filter((_, i) => i % 2 === 0 || i >= history.length - 100);
    this.history = history;
    this.latest = latest;
    // A prior's batch can hold a refused step before accepted ones; a model's latest carries its own.
    const rejected = latest.rejected || (points as { rejected?: string | null }[]).find((point) => point.rejected)?.rejected;
    if (rejected) this.#notify(rejected, 'rejected');
    // Measured over half a second at least: metrics come in batches, and two batches can arrive
    // moments apart (one read, then another before a snapshot), which over that gap reads as hundreds of steps a second.
    const now = performance.now();
    if (!this.#rate || latest.step < this.#rate.step) this.#rate = { time: now, step: latest.step };
    else if (now - this.#rate.time >= RATE_WINDOW_MS) {
      this.stepsPerSecond = ((latest.step - this.#rate.step) * 1000) / (now - this.#rate.time);
      this.#rate = { time: now, step: latest.step };
    }
    if (this.info) this.info = { ...this.info, step: latest.step };
  }

  /** The engine rebuilt the model at `step` after a GPU loss: the steps charted after it are gone, training goes on from it, and the rate starts over. */
  #restored(step: number) {
    this.history = this.history.filter((point) => (point as { step: number }).step <= step);
    if (this.info) this.info = { ...this.info, step };
  }

  #notify(text: string | null, reason: EngineErrorReason | 'rejected' = 'internal') {
    this.notice = text;
    this.#noticeFrom = text === null ? null : { text, reason };
  }

  #modelKind(): ModelKind {
    if (this.kind === 'prior') throw new EngineError('invalid-request', 'A prior is rebuilt with create, not reset, set or loaded in place');
    return this.kind as ModelKind;
  }

  async #guard(task: () => Promise<void>) {
    try {
      this.error = null;
      await task();
    } catch (error) {
      this.error = (error as Error).message;
    }
  }
}
