/** What a job needs of a model that queues its steps: to read back every step queued so far. */
export type QueuingModel<Metrics> = { readMetrics(): Promise<Metrics[]> };

/**
 * The models a training job's steps were queued on, in order. A load or reset can replace the model
 * under a job's name between two steps; what the old one still holds of its queued steps is read
 * first, so a job's metrics stay in step order. (A replaced model is disposed, and drops the steps
 * not yet read: at most one read interval's worth, from the training the reader just replaced.)
 */
export class QueuedModels<Metrics> {
  /** Reads already started on models replaced since the last read, oldest first. */
  readonly #replaced: Promise<Metrics[]>[] = [];
  #current: QueuingModel<Metrics> | null = null;

  /** Notes that a step was just queued on `model`. */
  queuedOn(model: QueuingModel<Metrics>): void {
    // Started now, before the model can be disposed; the read is non-blocking either way.
    if (this.#current && this.#current !== model) this.#replaced.push(this.#current.readMetrics());
    this.#current = model;
  }

  /** The metrics of every step queued since the last read, in order. */
  async read(): Promise<Metrics[]> {
    const reads = [...this.#replaced.splice(0), ...(this.#current ? [this.#current.readMetrics()] : [])];
    this.#current = null;
    return (await Promise.all(reads)).flat();
  }
}
