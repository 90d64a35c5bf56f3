import { batchCycle } from '../data/batch.ts';
import { EngineError, invalidRequest } from './engine-error.ts';
import { engineText } from './messages.ts';
import type { Reply, TrainingEnd } from './protocol.ts';
import type { TrainingScheduler } from './training-scheduler.ts';
import { deviceFence } from './device-fence.ts';
import type { DeviceLosses } from './device-loss.ts';

/** After this many rejected steps in a row, training stops: the model has diverged, and more steps will not help. */
export const REJECTIONS_BEFORE_STOP = 3;

/** Largest training batch a widget may ask for. */
export const MAX_BATCH_SIZE = 512;

/** Refuses a batch size or step count a training request cannot mean; `request` names it in the message. */
export function checkTrainingRequest(request: string, batchSize: number, steps: number | null): void {
  if (!(Number.isInteger(batchSize) && batchSize >= 1 && batchSize <= MAX_BATCH_SIZE)) {
    throw invalidRequest(`${request}: batchSize must be a whole number from 1 to ${MAX_BATCH_SIZE}, got ${batchSize}`);
  }
  if (steps !== null && !(Number.isInteger(steps) && steps >= 1)) throw invalidRequest(`${request}: steps must be a whole number ≥ 1 or null, got ${steps}`);
}

/** Metrics are read back at most this often while training runs (and always when it ends). */
export const METRICS_READ_INTERVAL_MS = 100;

/** Steps the CPU may queue beyond the one the GPU is known to have finished: enough to keep it busy. */
const STEPS_IN_FLIGHT = 2;

/** One training job: a model or a prior stepping through the batches of its data. */
export type JobSpec<Metrics extends { rejected: string | null }> = {
  /** The name the model or prior is held under. */
  name: string;
  /** Items in the training data, batch size, and the seed that orders the batches. */
  count: number;
  batchSize: number;
  seed: number;
  /** Steps to take, or null to train until stopped. */
  steps: number | null;
  /** Queues one step on the items at `indices` without waiting for its numbers; false when the model is gone (disposed or replaced by another kind). */
  queue: (indices: Uint32Array) => boolean;
  /** The metrics of every step queued since the last read, in order, from one non-blocking read. */
  read: () => Promise<Metrics[]>;
  /** Where each step's metrics go (a MetricsStream); flushed when the job ends. */
  stream: { push(metrics: Metrics): void; flush(): void };
  /** The model's step count now, for the reply. */
  stepOf: () => number;
  /** Runs after every step, in the same turn (a snapshot, when one is due); `drain` first reads every queued step's metrics. */
  afterStep?: (drain: () => Promise<void>) => Promise<void>;
  /** Runs once when the job ends, before the reply (a last snapshot). */
  afterEnd?: (reason: TrainingEnd) => Promise<void>;
  /** Tells a failure that a lost GPU caused, which the job outlives, from one of its own. */
  losses?: Pick<DeviceLosses, 'explains'>;
};

/**
 * Trains until the step count is reached, the job is paused or replaced, or the model diverges, in
 * turns with every other job. Batches come from one endless seeded cycle over the data, epoch after
 * epoch, full batches only. Resolves with the reply when the job ends.
 *
 * The loop never waits for numbers: each turn queues a step, and the metrics of the steps queued so
 * far are read in one transfer every `METRICS_READ_INTERVAL_MS`, while the next steps are queued. The
 * only wait is on a fence (no data) two steps back, so the CPU cannot run far ahead of the GPU.
 *
 * A lost GPU does not end the job: the reads the device took with it fail or are dropped, and once the
 * engine has rebuilt the model on the next backend (`lost` is called in that turn), the job steps on
 * from the rebuilt model's step.
 */
export function runTrainingJob<Metrics extends { rejected: string | null }>(scheduler: TrainingScheduler, spec: JobSpec<Metrics>): Promise<Reply<'trained'>> {
  const batches = batchCycle(spec.count, spec.batchSize, spec.seed, { dropRemainder: true });
  let remaining = spec.steps;
  let rejectedInARow = 0;
  let failure: EngineError | null = null;
  /** Why the job must end, found by a read (divergence, or a read that failed). */
  let ended: TrainingEnd | null = null;
  let reading: Promise<void> | null = null;
  let lastRead = -Infinity;
  let unread = 0;
  const fences: Promise<void>[] = [];
  /** Bumped by a device loss: reads from before it settle into nothing. */
  let generation = 0;
  /** Whether an error from the device is the loss of it, which the job outlives. */
  const lostWithDevice = (error: unknown) => spec.losses?.explains(error) ?? Promise.resolve(false);

  const readNow = () => {
    unread = 0;
    lastRead = performance.now();
    const from = generation;
    const read = spec.read().then(
      (all) => {
        if (from !== generation) return;
        for (const metrics of all) {
          spec.stream.push(metrics);
          rejectedInARow = metrics.rejected === null ? 0 : rejectedInARow + 1;
          if (rejectedInARow >= REJECTIONS_BEFORE_STOP) ended ??= 'diverged';
        }
      },
      async (error: unknown) => {
        if (from !== generation || (await lostWithDevice(error))) return;
        failure = EngineError.from(error);
        ended ??= 'failed';
      },
    );
    const tracked: Promise<void> = read.finally(() => {
      if (reading === tracked) reading = null;
    });
    reading = tracked;
    return tracked;
  };
  /** Reads every step queued so far, after any read in flight. */
  const drain = async () => {
    while (reading) await reading;
    if (unread > 0) await readNow();
  };

  return new Promise((resolve) => {
    scheduler.start(spec.name, {
      step: async () => {
        if (ended === 'failed' && failure) throw failure;
        if (ended) return ended;
        let queued: boolean;
        try {
          queued = spec.queue(batches.next().value);
        } catch (error) {
          // The device went mid-step: the next turns step on the model rebuilt elsewhere.
          if (await lostWithDevice(error)) return null;
          failure = EngineError.from(error);
          throw failure;
        }
        if (!queued) return 'disposed';
        unread += 1;
        const fence = deviceFence();
        if (fence) fences.push(fence);
        if (fences.length > STEPS_IN_FLIGHT) await fences.shift();
        if (remaining !== null && --remaining === 0) {
          await drain();
          return ended ?? 'done';
        }
        if (!reading && performance.now() - lastRead >= METRICS_READ_INTERVAL_MS) void readNow();
        await spec.afterStep?.(drain);
        return ended;
      },
      finish: (reason, message) => {
        void drain().then(() => {
          spec.stream.flush();
          const reply: Reply<'trained'> = { type: 'trained', model: spec.name, reason, step: spec.stepOf(), message };
          if (reason === 'diverged') {
            reply.message = engineText('diverged', { count: REJECTIONS_BEFORE_STOP });
            reply.errorReason = 'diverged';
          } else if (reason === 'failed') {
            // A failure from outside the step (a lost backend) comes with its message only.
            reply.errorReason = failure?.reason ?? 'backend';
          }
          const end = spec.afterEnd ? spec.afterEnd(reason).catch(() => undefined) : Promise.resolve();
          void end.then(() => resolve({ ...reply, step: spec.stepOf() }));
        });
      },
      lost: () => {
        // What the device held of the queued steps is gone; what the reader saw of them stays until
        // the engine says which step the rebuilt model is at.
        generation += 1;
        fences.length = 0;
        unread = 0;
        reading = null;
        spec.stream.flush();
      },
    });
  });
}
