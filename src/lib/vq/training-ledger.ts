import * as tf from './tf.ts';
import { DeadCodeMonitor } from './dead-codes.ts';
import { stepOutcome } from './guarded-step.ts';
import { usagePerplexity } from './perplexity.ts';
import type { TrainMetrics } from './train-metrics.ts';

/** Numbers of a queued VQ-VAE step before its usage: loss, the 3 reported losses, ‖g‖², ‖g_encoder‖². */
const LEADING = 6;

/**
 * What a VQ-VAE knows of its training once each step's numbers are read back: how many steps were
 * applied, how long each code has gone unchosen, and the step's metrics. Steps are settled in order,
 * so this is the same bookkeeping whether the steps were awaited one by one or queued and read later.
 */
export class TrainingLedger {
  /** Steps applied, as far as their numbers have been read. */
  step = 0;
  readonly monitor: DeadCodeMonitor;

  constructor(codebookSize: number, patience: number) {
    this.monitor = new DeadCodeMonitor(codebookSize, patience);
  }

  /**
   * One vector for one read: the guarded step's `stats`, then how many latents chose each of the K
   * codes, counted on the device. As a sum of one-hot rows rather than tf.bincount, whose WebGL kernel
   * reads the codes back to the CPU, synchronously, on every step.
   */
  static numbers(stats: tf.Tensor1D, indices: tf.Tensor1D, codebookSize: number): tf.Tensor1D {
    return tf.tidy(() => tf.concat([stats, tf.cast(tf.sum(tf.oneHot(indices, codebookSize), 0), 'float32')]) as tf.Tensor1D);
  }

  /**
   * A step's metrics from its `numbers` read back. An applied step counts, and its usage feeds the
   * dead-code monitor; with the step's `latents` (kept only when the model restarts codes), `restart`
   * moves the dead codes onto them and returns those it moved. The latents are freed here.
   */
  settle(numbers: Float32Array, latents: tf.Tensor2D | null, restart: ((dead: number[], latents: tf.Tensor2D) => number[]) | null): TrainMetrics {
    try {
      return this.#settle(numbers, latents && restart ? (dead) => restart(dead, latents) : null);
    } finally {
      latents?.dispose();
    }
  }

  #settle(numbers: Float32Array, restart: ((dead: number[]) => number[]) | null): TrainMetrics {
    const { loss, report: [reconstruction = 0, codebook = 0, commitment = 0], groupNorms: [encoderGradientNorm = 0], rejected } = stepOutcome(numbers.subarray(0, LEADING), 3, this.step + 1);
    const usage = Array.from(numbers.subarray(LEADING));
    const metrics: TrainMetrics = { step: this.step, loss, reconstruction, codebook, commitment, perplexity: usagePerplexity(usage), usage, encoderGradientNorm, deadCodes: 0, restarted: 0, rejected };
    if (rejected === null) {
      metrics.step = ++this.step;
      this.monitor.record(usage);
      if (restart) {
        const restarted = restart(this.monitor.deadCodes());
        this.monitor.revive(restarted);
        metrics.restarted = restarted.length;
      }
    }
    metrics.deadCodes = this.monitor.deadCodes().length;
    return metrics;
  }
}
