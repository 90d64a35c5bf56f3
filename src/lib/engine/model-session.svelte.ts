import type { DatasetName } from '../data/manifest.ts';
import type { LiveHyperparameters } from '../vq/index.ts';
import { EngineClient, expectKind, type TrainingResult } from './client.svelte.ts';
import type { EngineErrorReason } from './engine-error.ts';
import type { CheckpointOrigin, ConfigOf, InfoOf, LatestOf, ModelKind, PointOf, Snapshot, SnapshotRequest } from './protocol.ts';

let sessions = 0;

/** What decides whether a widget can be seen. */
type Visibility = { inView: boolean; tabShown: boolean };

/** Most steps a session keeps for its charts; older ones are thinned to every other step. */
const HISTORY_LIMIT = 2000;

/**
 * One widget's model in the page's engine, as reactive state: its info, its metrics history, and
 * whether it trains. A reader's "train" is an intent: the session pauses while the widget is out of
 * view or the tab is hidden, and resumes when it is back, so widgets on one page take turns on the GPU.
 * K is the model's kind: a VQ-VAE by default, or the two-level VQ-VAE, or an autoencoder.
 */
export class ModelSession<K extends ModelKind = 'vqvae'> {
  readonly engine: EngineClient;
  readonly kind: K;
  /** The model's name in the Worker, unique on the page. */
  readonly name: string;
  info = $state<InfoOf<K> | null>(null);
  history = $state.raw<PointOf<K>[]>([]);
  latest = $state.raw<LatestOf<K> | null>(null);
  /** The reader asked to train, whether or not a step is running now. */
  wantsToTrain = $state(false);
  /** A training request is running in the Worker. */
  training = $state(false);
  /** Why the last training ended, when the reader should know (divergence, failure). */
  notice = $state<string | null>(null);
  /** The latest snapshot the Worker pushed, once `showSnapshots` asked for them. */
  snapshot = $state.raw<Snapshot | null>(null);
  error = $state<string | null>(null);
  /** Steps per second over the last metrics messages. */
  stepsPerSecond = $state(0);

  #visible: Visibility = { inView: true, tabShown: true };
  #dataset: DatasetName = 'mnist';
  #batchSize = 32;
  #stopListening: () => void;
  #rate: { time: number; step: number } | null = null;
  /** The engine's notice with its reason; a notice the widget wrote itself has none. */
  #noticeFrom = $state<{ text: string; reason: EngineErrorReason | 'rejected' } | null>(null);

  constructor(widget: string, kind: K = 'vqvae' as K) {
    this.engine = EngineClient.shared();
    this.kind = kind;
    this.name = `${widget}-${++sessions}`;
    const stops = [this.engine.onMetrics<K>(this.name, (history, latest) => this.#receive(history, latest)), this.engine.onSnapshot(this.name, (snapshot) => (this.snapshot = snapshot))];
    this.#stopListening = () => stops.forEach((stop) => stop());
  }

  /**
   * What kind of notice `notice` is, when the engine wrote it: 'diverged' (training stopped), 'rejected'
   * (a step was refused), or a failure's reason; null for a notice the widget wrote itself.
   */
  get noticeReason(): EngineErrorReason | 'rejected' | null {
    return this.#noticeFrom !== null && this.#noticeFrom.text === this.notice ? this.#noticeFrom.reason : null;
  }

  /** Has the Worker push snapshots of this model into `snapshot` (one now, then while it trains); null stops them. */
  async showSnapshots(request: SnapshotRequest | null): Promise<void> {
    await this.#guard(() => this.engine.watch(this.name, request));
  }

  /** Builds the model from a checkpoint URL, or from the config alone. */
  async create(config: ConfigOf<K>, checkpoint?: string): Promise<void> {
    await this.#guard(async () => {
      this.info = await this.engine.create(this.kind, this.name, config, checkpoint);
      this.#rate = null;
    });
  }

  /** Starts training on `dataset`, until `pause` (or `steps` steps); it runs only while the widget can be seen. */
  start(options: { dataset?: DatasetName; batchSize?: number } = {}): void {
    this.useData(options);
    this.wantsToTrain = true;
    this.notice = null;
    this.#resume();
  }

  /** Trains exactly `count` steps now, in view or not (a reader's single "step"); ignored while training. */
  async trainSteps(count: number): Promise<void> {
    if (this.training || !this.info) return;
    this.training = true;
    this.notice = null;
    try {
      const result = await this.engine.train(this.name, { dataset: this.#dataset, batchSize: this.#batchSize, steps: count });
      if (result.reason === 'diverged' || result.reason === 'failed') this.#notify(result.message, result.errorReason);
    } catch (error) {
      this.error = (error as Error).message;
    } finally {
      this.training = false;
    }
  }

  /** Sets the data and batch size of later training without starting it. */
  useData(options: { dataset?: DatasetName; batchSize?: number }): void {
    this.#dataset = options.dataset ?? this.#dataset;
    this.#batchSize = options.batchSize ?? this.#batchSize;
  }

  /** Stops training at the next step. */
  async pause(): Promise<void> {
    this.wantsToTrain = false;
    await this.engine.pause(this.name);
  }

  /** Changes hyperparameters between steps, without stopping. */
  async set(changes: LiveHyperparameters): Promise<void> {
    await this.#guard(async () => {
      this.info = expectKind(this.kind, await this.engine.setHyperparameters(this.name, changes));
    });
  }

  /** Fresh weights (a new config if K or D changed); the history starts over. */
  async reset(config?: ConfigOf<K>): Promise<void> {
    await this.#guard(async () => {
      this.info = expectKind(this.kind, await this.engine.reset(this.name, config));
      this.#rate = null;
      this.history = [];
      this.latest = null;
    });
  }

  /**
   * Replaces the model with a checkpoint of the same kind once it has been checked in full. Errors
   * propagate, so the widget can say what was wrong with the reader's file; the model stays as it was.
   */
  async load(source: CheckpointOrigin): Promise<void> {
    this.info = expectKind(this.kind, await this.engine.load(this.name, source));
  }

  /**
   * Pauses while `element` is out of the viewport or the tab is hidden, and resumes on return if the
   * reader had asked to train. Returns the cleanup for onMount.
   */
  watch(element: Element): () => void {
    // Entries queue up when the page scrolls fast (out and back in between two frames): the last one is now.
    const observer = new IntersectionObserver((entries) => this.#setVisible({ inView: entries[entries.length - 1].isIntersecting }));
    observer.observe(element);
    const onVisibility = () => this.#setVisible({ tabShown: document.visibilityState === 'visible' });
    document.addEventListener('visibilitychange', onVisibility);
    onVisibility();
    return () => {
      observer.disconnect();
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }

  /** Frees the model in the Worker. */
  async dispose(): Promise<void> {
    this.wantsToTrain = false;
    this.#stopListening();
    await this.engine.disposeModel(this.name).catch(() => undefined);
  }

  /** Whether training is on hold because the widget cannot be seen. */
  get heldBack(): boolean {
    return this.wantsToTrain && !(this.#visible.inView && this.#visible.tabShown);
  }

  #setVisible(change: Partial<Visibility>) {
    this.#visible = { ...this.#visible, ...change };
    if (this.#visible.inView && this.#visible.tabShown) this.#resume();
    else if (this.training) void this.engine.pause(this.name);
  }

  #resume() {
    if (!this.wantsToTrain || this.training || !this.info || !(this.#visible.inView && this.#visible.tabShown)) return;
    this.training = true;
    this.#rate = null;
    this.engine
      .train(this.name, { dataset: this.#dataset, batchSize: this.#batchSize, steps: null })
      .then((result: TrainingResult) => {
        this.training = false;
        if (result.reason === 'diverged' || result.reason === 'failed') {
          this.wantsToTrain = false;
          this.#notify(result.message, result.errorReason);
        }
        // A pause because the widget left the view keeps the intent; the next #setVisible resumes.
        if (result.reason === 'paused') this.#resume();
      })
      .catch((error: Error) => {
        this.training = false;
        this.wantsToTrain = false;
        this.error = error.message;
      });
  }

  #receive(points: PointOf<K>[], latest: LatestOf<K>) {
    let history = [...this.history, ...points];
    if (history.length > HISTORY_LIMIT) history = history.filter((_, i) => i % 2 === 0 || i >= history.length - 100);
    this.history = history;
    this.latest = latest;
    if (latest.rejected) this.#notify(latest.rejected, 'rejected');
    const now = performance.now();
    if (this.#rate && now > this.#rate.time) this.stepsPerSecond = ((latest.step - this.#rate.step) * 1000) / (now - this.#rate.time);
    this.#rate = { time: now, step: latest.step };
    if (this.info) this.info = { ...this.info, step: latest.step };
  }

  #notify(text: string | null, reason: EngineErrorReason | 'rejected' = 'internal') {
    this.notice = text;
    this.#noticeFrom = text === null ? null : { text, reason };
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
