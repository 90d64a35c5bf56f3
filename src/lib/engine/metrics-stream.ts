import type { TrainMetrics } from '../vq/index.ts';
import type { MetricPoint } from './protocol.ts';

/** At most this many metrics messages per second and model: charts cannot show more, and messages cost. */
export const METRICS_PER_SECOND = 10;

/**
 * Collects a model's training metrics and sends them in batches, at most 10 a second. Every step goes
 * into the next batch, so a loss curve is complete; only the latest step keeps its per-code usage.
 * A rejected step is sent at once, because the reader should hear about it while it matters.
 */
export class MetricsStream {
  readonly #send: (history: MetricPoint[], latest: TrainMetrics) => void;
  readonly #now: () => number;
  #history: MetricPoint[] = [];
  #latest: TrainMetrics | null = null;
  #lastSent = -Infinity;

  constructor(send: (history: MetricPoint[], latest: TrainMetrics) => void, now: () => number = () => performance.now()) {
    this.#send = send;
    this.#now = now;
  }

  /** Adds one step's metrics; sends the batch if the last message is old enough. */
  push(metrics: TrainMetrics): void {
    const { usage: _usage, ...point } = metrics;
    this.#history.push(point);
    this.#latest = metrics;
    if (metrics.rejected !== null || this.#now() - this.#lastSent >= 1000 / METRICS_PER_SECOND) this.flush();
  }

  /** Sends whatever is waiting, for example when training stops. */
  flush(): void {
    if (this.#latest === null) return;
    this.#send(this.#history, this.#latest);
    this.#history = [];
    this.#latest = null;
    this.#lastSent = this.#now();
  }
}
