import type { SerialQueue } from './serial-queue.ts';
import type { TrainingEnd } from './protocol.ts';

/** A training job: one model being trained for one widget. */
export type TrainingJob = {
  /** Runs one step. Returns why the job should end, or null to go on. */
  step: () => Promise<TrainingEnd | null>;
  /** Called once when the job ends, with the reason and, for failures, a message. */
  finish: (reason: TrainingEnd, message: string | null) => void;
};

/** Lets pending messages in between steps; a Worker's event loop runs them during the pause. */
const nextTurn = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * Runs the page's training jobs in turns, one step each, so several widgets train side by side on one
 * GPU instead of the first one starving the rest. Steps go through the model queue, between requests.
 */
export class TrainingScheduler {
  readonly #jobs = new Map<string, TrainingJob>();
  readonly #queue: SerialQueue;
  #looping = false;

  constructor(queue: SerialQueue) {
    this.#queue = queue;
  }

  /** Whether `model` is training now. */
  isTraining(model: string): boolean {
    return this.#jobs.has(model);
  }

  /** Starts a job for `model`; a job it already had ends as 'replaced'. */
  start(model: string, job: TrainingJob): void {
    this.stop(model, 'replaced');
    this.#jobs.set(model, job);
    if (!this.#looping) void this.#loop();
  }

  /** Ends `model`'s job, if it has one, before its next step. */
  stop(model: string, reason: TrainingEnd, message: string | null = null): void {
    const job = this.#jobs.get(model);
    if (!job) return;
    this.#jobs.delete(model);
    job.finish(reason, message);
  }

  async #loop(): Promise<void> {
    this.#looping = true;
    try {
      while (this.#jobs.size > 0) {
        for (const [model, job] of [...this.#jobs]) {
          // The job may have been stopped or replaced while another one stepped.
          if (this.#jobs.get(model) !== job) continue;
          let end: TrainingEnd | null;
          let message: string | null = null;
          try {
            end = await this.#queue.run(job.step);
          } catch (error) {
            end = 'failed';
            message = error instanceof Error ? error.message : String(error);
          }
          if (end !== null && this.#jobs.get(model) === job) this.stop(model, end, message);
          await nextTurn();
        }
      }
    } finally {
      this.#looping = false;
    }
  }
}
