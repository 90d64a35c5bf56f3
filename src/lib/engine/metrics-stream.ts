import type { TrainMetrics } from '@vq-vae-live/vq';
import type { MetricPoint } from './protocol.ts';

/** At most this many metrics messages per second and model: charts cannot show more, and messages cost. */
export const METRICS_PER_SECOND = 10;

/** A VQ-VAE step as a chart point: everything but the per-code usage lists, which only the latest step keeps. */
export function vqMetricPoint(metrics: TrainMetrics): MetricPoint {
  const { usage: _usage, ...point } = metrics;
  if ('topUsage' in point) delete (point as { topUsage?: number[] }).topUsage;
  return point;
}

/**
 * Collects a model's training metrics and sends them in batches, at most 10 a second. Every step goes
 * into the next batch, so a loss curve is complete; `toPoint` drops what only the latest step needs.
 * A rejected step is sent at once, because the reader should hear about it while it matters.
 */
export class MetricsStream<Metrics extends { rejected: string | null } = TrainMetrics, Point = MetricPoint> {
  readonly #send: (history: Point[], latest: Metrics) => void;
  readonly #now: () => number;
  readonly #toPoint: (metrics: Metrics) => Point;
  #history: Point[] = [];
  #latest: Metrics | null = null;
  #lastSent = -Infinity;

  constructor(send: (history: Point[], latest: Metrics) => void, toPoint: (metrics: Metrics) => Point, now: () => number = () => performance.now()) {
    this.#send = send;
    this.#toPoint = toPoint;
    this.#now = now;
  }

  /** Adds one step's metrics; sends the batch if the last message is old enough. */
  push(metrics: Metrics): void {
    this.#history.push(this.#toPoint(metrics));
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
