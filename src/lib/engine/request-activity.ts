import type { RequestType } from './protocol.ts';

/** Requests that stay open for as long as a run lasts; they do not keep the page from counting as quiet. */
const longLived: readonly RequestType[] = ['init', 'train', 'trainPrior'];

/**
 * How busy the page keeps its engine: the requests in flight and when the last one settled. The
 * backend trials wait for a quiet moment, so that measuring does not slow what a reader waits for.
 */
export class RequestActivity {
  #pending = 0;
  #lastSettled = -Infinity;
  readonly #listeners = new Set<() => void>();
  readonly #clock: () => number;

  /** @param clock milliseconds, `performance.now` unless a test gives its own. */
  constructor(clock: () => number = () => performance.now()) {
    this.#clock = clock;
  }

  /** Counts one request; call the function it returns when the request settles. */
  begin(type: RequestType): () => void {
    if (longLived.includes(type)) return () => {};
    this.#pending += 1;
    for (const listener of [...this.#listeners]) listener();
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.#pending -= 1;
      this.#lastSettled = this.#clock();
    };
  }

  /** Calls `listener` whenever a request other than a training run begins; returns the function that stops it. */
  onBegin(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** True when no request but a training run has been in flight for the last `forMs`. */
  quiet(forMs: number): boolean {
    return this.#pending === 0 && this.#clock() - this.#lastSettled >= forMs;
  }
}
