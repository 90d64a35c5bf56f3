/**
 * Runs async tasks one at a time, in the order they were queued. The Worker puts every training step
 * and every request that touches a model through one queue, so a request never swaps or frees a model
 * in the middle of a step, and requests get their turn between steps.
 */
export class SerialQueue {
  #tail: Promise<unknown> = Promise.resolve();

  /** Queues `task`; resolves or rejects with its result once it has run. */
  run<T>(task: () => T | Promise<T>): Promise<T> {
    const result = this.#tail.then(task);
    // The next task waits for this one to settle, whether it succeeded or not.
    this.#tail = result.catch(() => undefined);
    return result;
  }
}
