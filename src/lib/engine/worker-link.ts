import { EngineError } from './engine-error.ts';
import { engineText } from './messages.ts';
import type { AnyRequest, EngineEvent, EngineRequest, EngineResponse } from './protocol.ts';

type Pending = { resolve: (response: EngineResponse) => void; reject: (error: Error) => void };

/**
 * The page's end of the engine Worker: numbers requests, matches each reply to its request, turns
 * error replies back into EngineErrors, and hands every unasked message to `onEvent`.
 */
export class WorkerLink {
  readonly #worker: Worker;
  readonly #pending = new Map<number, Pending>();
  #nextId = 1;

  /** Starts the Worker; `onFailure` hears when it cannot run at all (every pending request fails with it too). */
  constructor(worker: Worker, onEvent: (event: EngineEvent) => void, onFailure: (error: EngineError) => void) {
    this.#worker = worker;
    worker.addEventListener('message', (event: MessageEvent<EngineResponse | EngineEvent>) => {
      if ('id' in event.data) this.#settle(event.data);
      else onEvent(event.data);
    });
    worker.addEventListener('error', (event) => {
      const error = new EngineError('backend', event.message || engineText('workerFailed'));
      for (const pending of this.#pending.values()) pending.reject(error);
      this.#pending.clear();
      onFailure(error);
    });
  }

  /** Sends a request; resolves with its reply, or rejects with the EngineError the Worker sent. */
  send(body: AnyRequest): Promise<EngineResponse> {
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
    if (response.type === 'error') pending.reject(EngineError.fromData(response.error));
    else pending.resolve(response);
  }
}
