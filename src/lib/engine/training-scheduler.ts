import type { SerialQueue } from './serial-queue.ts';
import type { TrainingEnd } from './protocol.ts';

/** A training job: one model being trained for one widget. */
export type TrainingJob = {
  /** Runs one step. Returns why the job should end, or null to go on. */
  step: () => Promise<TrainingEnd | null>;
  /** Called once when the job ends, with the reason and, for failures, a message. */
  finish: (reason: TrainingEnd, message: string | null) => void;
  /** Called when the GPU its steps were queued on is lost, before its model is rebuilt on the next backend. */
  lost?: () => void;
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
  /** The job whose step is running now, and why it was stopped meanwhile, if it was. */
  #current: { job: TrainingJob; stopped: { reason: TrainingEnd; message: string | null } | null } | null = null;

  constructor(queue: SerialQueue) {
    this.#queue = queue;
  }

  /** Whether `model` is training now. */
  isTraining(model: string): boolean {
    return this.#jobs.has(model);
  }

  /** Tells every job that the GPU was lost (in the turn of the queue that rebuilds the models): they go on afterwards. */
  deviceLost(): void {
    for (const job of this.#jobs.values()) job.lost?.();
  }

  /** Starts a job for `model`; a job it already had ends as 'replaced'. */
  start(model: string, job: TrainingJob): void {
    this.stop(model, 'replaced');
    this.#jobs.set(model, job);
    if (!this.#looping) void this.#loop();
  }

  /**
   * Ends `model`'s job, if it has one, before its next step. A step already running completes first,
   * so the job's reply comes after its last metrics, and a paused model does not move afterwards.
   */
  stop(model: string, reason: TrainingEnd, message: string | null = null): void {
    const job = this.#jobs.get(model);
    if (!job) return;
    this.#jobs.delete(model);
    if (this.#current?.job === job) this.#current.stopped ??= { reason, message };
    else job.finish(reason, message);
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
          this.#current = { job, stopped: null };
          try {
            end = await this.#queue.run(job.step);
          } catch (error) {
            end = 'failed';
            message = error instanceof Error ? error.message : String(error);
          }
          const { stopped } = this.#current;
          this.#current = null;
          if (stopped) job.finish(stopped.reason, stopped.message);
          else if (end !== null && this.#jobs.get(model) === job) this.stop(model, end, message);
          await nextTurn();
        }
      }
    } finally {
      this.#looping = false;
    }
  }
}
