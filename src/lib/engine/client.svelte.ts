import { parseBackendRequest, type BackendFailure, type BackendName } from './backend.ts';
import type { DatasetName } from '../data/manifest.ts';
import type { DatasetSample, EngineRequest, EngineResponse, MatmulTiming } from './protocol.ts';

/** Life cycle of the page's engine as widgets see it. */
export type EngineStatus = 'starting' | 'ready' | 'error';

type Pending = { resolve: (response: EngineResponse) => void; reject: (error: Error) => void };
/** T without its id, member by member (a conditional type distributes only over a type parameter). */
type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;
/** A request without its id; the client numbers requests itself. */
type RequestBody = WithoutId<EngineRequest>;

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

  static #shared: EngineClient | null = null;

  /** The page's engine, created on first use. Only callable in a browser, never during the static build. */
  static shared(): EngineClient {
    EngineClient.#shared ??= new EngineClient(location.search);
    return EngineClient.#shared;
  }

  private constructor(search: string) {
    if (typeof Worker === 'undefined') throw new Error('EngineClient needs a browser with Web Workers');
    this.#worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'vq-engine' });
    this.#worker.addEventListener('message', (event: MessageEvent<EngineResponse>) => this.#settle(event.data));
    this.#worker.addEventListener('error', (event) => this.#fail(new Error(event.message || 'The engine Worker failed to load')));

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
