/** What a PixelCNN prior reports and takes, as plain data that can cross a Worker boundary. */

/** What a prior's training step reports. */
export type PriorMetrics = {
  step: number;
  /** Mean cross-entropy per latent, in nats. */
  loss: number;
  /** The same in bits: what it costs to code one latent with this prior. */
  bitsPerLatent: number;
  /** Why the step was rejected and the weights kept, or null. */
  rejected: string | null;
};

/** One sampling step, for widgets that animate it. */
export type SampleStep = {
  /** Raster position, row · width + column. */
  position: number;
  row: number;
  column: number;
  /** For each sample, its distribution over the K codes at this position (n × K, row-major). */
  probabilities: Float32Array;
  /** The code drawn for each sample. */
  chosen: Int32Array;
};

/** Options of `sample`. */
export type SampleOptions = {
  temperature?: number;
  seed?: number;
  onStep?: (step: SampleStep) => void;
  /**
   * Keep the first `length` positions of `codes` (one H×W grid, row-major, shared by every sample) and
   * sample only the rest: "resample from here". Later positions of `codes` are ignored.
   */
  prefix?: { codes: ArrayLike<number>; length: number };
};
