import { batchCycle } from '../data/batch.ts';
import { EngineError, invalidRequest } from './engine-error.ts';
import { engineText } from './messages.ts';
import type { Reply, TrainingEnd } from './protocol.ts';
import type { TrainingScheduler } from './training-scheduler.ts';

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
  /** Trains one step on the items at `indices`; null when the model is gone (disposed or replaced by another kind). */
  step: (indices: Uint32Array) => Promise<Metrics | null>;
  /** Where each step's metrics go (a MetricsStream); flushed when the job ends. */
  stream: { push(metrics: Metrics): void; flush(): void };
  /** The model's step count now, for the reply. */
  stepOf: () => number;
  /** Runs after every step, in the same turn (a snapshot, when one is due). */
  afterStep?: () => Promise<void>;
  /** Runs once when the job ends, before the reply (a last snapshot). */
  afterEnd?: (reason: TrainingEnd) => Promise<void>;
};

/**
 * Trains until the step count is reached, the job is paused or replaced, or the model diverges, in
 * turns with every other job. Batches come from one endless seeded cycle over the data, epoch after
 * epoch, full batches only. Resolves with the reply when the job ends.
 */
export function runTrainingJob<Metrics extends { rejected: string | null }>(scheduler: TrainingScheduler, spec: JobSpec<Metrics>): Promise<Reply<'trained'>> {
  const batches = batchCycle(spec.count, spec.batchSize, spec.seed, { dropRemainder: true });
  let remaining = spec.steps;
  let rejectedInARow = 0;
  let failure: EngineError | null = null;
  return new Promise((resolve) => {
    scheduler.start(spec.name, {
      step: async () => {
        let metrics: Metrics | null;
        try {
          metrics = await spec.step(batches.next().value);
        } catch (error) {
          failure = EngineError.from(error);
          throw failure;
        }
        if (metrics === null) return 'disposed';
        spec.stream.push(metrics);
        rejectedInARow = metrics.rejected === null ? 0 : rejectedInARow + 1;
        if (rejectedInARow >= REJECTIONS_BEFORE_STOP) return 'diverged';
        if (remaining !== null && --remaining === 0) return 'done';
        await spec.afterStep?.();
        return null;
      },
      finish: (reason, message) => {
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
      },
    });
  });
}
