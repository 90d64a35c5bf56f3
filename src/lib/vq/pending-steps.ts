import * as tf from './tf.ts';

/**
 * Training steps queued on the device whose numbers have not been read back yet. A training loop
 * queues steps without waiting and calls `read` now and then: the numbers of every step since the
 * last read come back in one non-blocking transfer, and are settled one by one, in step order, even
 * when reads overlap. This is what keeps a GPU busy: it always has the next step while the CPU waits.
 */
export class PendingSteps<Entry, Result> {
  #queued: { stats: tf.Tensor1D; entry: Entry }[] = [];
  /** Reads `settle` made early, whose results the next `read` hands on. */
  #early: Promise<Result[]>[] = [];
  /** The last read's settling, which the next read waits for so results settle in step order. */
  #settled: Promise<unknown> = Promise.resolve();
  readonly #settle: (stats: Float32Array, entry: Entry) => Result;
  readonly #discard: (entry: Entry) => void;

  /**
   * @param settle turns one step's numbers into its result, and does whatever the model does once it knows them.
   * @param discard frees what an entry holds when it is dropped unread.
   */
  constructor(settle: (stats: Float32Array, entry: Entry) => Result, discard: (entry: Entry) => void = () => {}) {
    this.#settle = settle;
    this.#discard = discard;
  }

  /** Steps queued and not yet being read. */
  get size(): number {
    return this.#queued.length;
  }

  /** Adds a step: its numbers on the device (a float32 vector; this now owns it) and what settling it needs. */
  push(stats: tf.Tensor1D, entry: Entry): void {
    this.#queued.push({ stats, entry });
  }

  /** Reads every queued step's numbers in one transfer and settles them in order. Resolves with their results. */
  read(): Promise<Result[]> {
    const early = this.#early.splice(0);
    const now = this.#readQueued();
    return early.length === 0 ? now : Promise.all([...early, now]).then((all) => all.flat());
  }

  /**
   * Settles every step queued so far, now, keeping their results for the next `read`: a checkpoint
   * needs what the CPU knows (the step count, idle codes, restarts) to have caught up with the device.
   */
  async settle(): Promise<void> {
    // With nothing queued, a read already under way still has to finish settling.
    if (this.#queued.length === 0) {
      await this.#settled;
      return;
    }
    const early = this.#readQueued();
    this.#early.push(early);
    await early;
  }

  #readQueued(): Promise<Result[]> {
    const steps = this.#queued;
    this.#queued = [];
    if (steps.length === 0) return this.#settled.then(() => []);
    const sizes = steps.map(({ stats }) => stats.size);
    const packed = steps.length === 1 ? steps[0]!.stats : (tf.concat(steps.map(({ stats }) => stats)) as tf.Tensor1D);
    // The read starts now, so the transfer overlaps whatever is still being settled.
    const values = packed.data() as Promise<Float32Array>;
    values.finally(() => tf.dispose(steps.length === 1 ? packed : [packed, ...steps.map(({ stats }) => stats)])).catch(() => {});
    const results = this.#settled.then(async () => {
      let all: Float32Array;
      try {
        all = await values;
      } catch (error) {
        steps.forEach(({ entry }) => this.#discard(entry));
        throw error;
      }
      const settled: Result[] = [];
      let offset = 0;
      for (const [i, { entry }] of steps.entries()) {
        try {
          settled.push(this.#settle(all.subarray(offset, offset + sizes[i]!), entry));
        } catch (error) {
          steps.slice(i + 1).forEach((later) => this.#discard(later.entry));
          throw error;
        }
        offset += sizes[i]!;
      }
      return settled;
    });
    this.#settled = results.catch(() => {});
    return results;
  }

  /** Drops every queued step unread (a model being disposed). */
  clear(): void {
    for (const { stats, entry } of this.#queued) {
      stats.dispose();
      this.#discard(entry);
    }
    this.#queued = [];
    this.#early = [];
  }
}
