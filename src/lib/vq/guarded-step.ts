import * as tf from './tf.ts';
import { flatten, type Adam } from './adam.ts';

/** What the loss function of a guarded step gives: the loss, scalars to report, and tensors to keep. */
export type StepLoss<Kept extends tf.TensorContainer> = {
  loss: tf.Scalar;
  /** Reported alongside the loss, read back in the same transfer. */
  report: tf.Scalar[];
  /** Tensors the caller needs after the step (code indices, latents); they outlive the step and are the caller's. */
  keep: Kept;
};

/** A guarded step queued on the device: nothing of it has been read back yet. */
export type QueuedStep<Kept> = {
  /** [loss, ...report, ‖g‖², ...‖g‖² of each `normOf` group], float32, for one later read. The caller's. */
  stats: tf.Tensor1D;
  /** Whether the update was applied: a boolean scalar on the device, for updates that follow the step's fate. The caller's. */
  applied: tf.Scalar;
  keep: Kept;
};

/** What a guarded step did. */
export type StepOutcome<Kept> = {
  loss: number;
  /** The `report` scalars, in order. */
  report: number[];
  /** ‖gradient‖ of each `normOf` group, in order. */
  groupNorms: number[];
  /** Why the update was skipped (the weights are then unchanged), or null when it was applied. */
  rejected: string | null;
  keep: Kept;
};

/**
 * One optimiser step that refuses to corrupt the model, queued without waiting for the device: the
 * loss and the gradients are computed, and Adam's update is applied only if the loss and every
 * gradient element are finite. That test is a value on the device that selects the new weights or
 * keeps the old ones, so the caller can queue the next step at once and read `stats` later, when
 * the numbers are there. Every model of the module trains through this.
 *
 * The gradients are flattened into one vector: one non-finite element makes its sum of squares
 * non-finite, so a single number is checked, and Adam updates every variable in one go.
 *
 * @param normOf groups of variables whose gradient norm is reported (an encoder, say); each must be among `variables`.
 * @param require a further test of the step's inputs, a boolean scalar on the device; false skips the update too.
 */
export function queueGuardedStep<Kept extends tf.TensorContainer>(
  optimizer: Adam,
  variables: tf.Variable[],
  lossFunction: () => StepLoss<Kept>,
  normOf: tf.Variable[][] = [],
  require?: tf.Scalar,
): QueuedStep<Kept> {
  return tf.tidy(() => {
    let captured!: { lossAndReport: tf.Tensor1D; keep: Kept };
    const { value: loss, grads } = tf.variableGrads(() => {
      const { loss, report, keep } = lossFunction();
      captured = { lossAndReport: tf.keep(tf.stack([loss, ...report]) as tf.Tensor1D), keep: keepAll(keep) };
      return loss;
    }, variables);
    const gradient = flatten(variables.map((v) => grads[v.name]!));
    const squares = tf.square(gradient);
    const squaredNorm = tf.sum(squares);
    const groups = normOf.map((group) => tf.reshape(sumOfSquaresOf(group, variables, squares), [1]));
    let applied = tf.logicalAnd(tf.isFinite(loss), tf.isFinite(squaredNorm)) as tf.Scalar;
    if (require) applied = tf.logicalAnd(applied, require) as tf.Scalar;
    optimizer.applyFlat(variables, gradient, applied);
    const stats = tf.concat([captured.lossAndReport, tf.reshape(squaredNorm, [1]), ...groups]) as tf.Tensor1D;
    // Kept tensors outlive tidy; this one is replaced by `stats`, so it goes now.
    captured.lossAndReport.dispose();
    return { stats, applied, keep: captured.keep };
  });
}

/**
 * The outcome of a queued step from its `stats`, read back: the same test the device made, on the
 * same float32 numbers, so both agree on whether it was applied.
 *
 * @param stepNumber the number this step gets if applied, for the message.
 */
export function stepOutcome(stats: ArrayLike<number>, reported: number, stepNumber: number): Omit<StepOutcome<never>, 'keep'> {
  const values = Array.from(stats);
  const [loss, ...report] = values.slice(0, reported + 1);
  const [squaredNorm, ...groupSquares] = values.slice(reported + 1);
  const outcome = { loss: loss!, report, groupNorms: groupSquares.map(Math.sqrt), rejected: null as string | null };
  if (!Number.isFinite(loss) || !Number.isFinite(squaredNorm)) {
    const what = Number.isFinite(loss) ? 'gradient' : 'loss';
    outcome.rejected = `step ${stepNumber} rejected: the ${what} is not finite (${Number.isFinite(loss) ? squaredNorm : loss}); the weights are unchanged`;
  }
  return outcome;
}

/**
 * `queueGuardedStep`, then one non-blocking read of its numbers: for callers that want each step's
 * outcome before the next (tests, scripts). A training loop queues steps and reads them in batches.
 */
export async function guardedStep<Kept extends tf.TensorContainer>(
  optimizer: Adam,
  variables: tf.Variable[],
  lossFunction: () => StepLoss<Kept>,
  stepNumber: number,
  normOf: tf.Variable[][] = [],
): Promise<StepOutcome<Kept>> {
  const { stats, applied, keep } = queueGuardedStep(optimizer, variables, lossFunction, normOf);
  try {
    const reported = stats.size - 2 - normOf.length;
    return { ...stepOutcome(await stats.data(), reported, stepNumber), keep };
  } catch (error) {
    tf.dispose(keep);
    throw error;
  } finally {
    tf.dispose([stats, applied]);
  }
}

/** Σ squares over the elements of `group`'s variables, from the squares of the flat gradient of `all`. */
function sumOfSquaresOf(group: tf.Variable[], all: tf.Variable[], squares: tf.Tensor1D): tf.Scalar {
  let offset = 0;
  const ranges: [number, number][] = [];
  for (const variable of all) {
    if (group.includes(variable)) {
      const last = ranges[ranges.length - 1];
      // Neighbouring variables merge into one slice, so a network's weights cost one sum.
      if (last && last[0] + last[1] === offset) last[1] += variable.size;
      else ranges.push([offset, variable.size]);
    }
    offset += variable.size;
  }
  if (ranges.length === 0) return tf.scalar(0);
  // Added pairwise rather than with addN: WebGPU caps the buffers one shader may bind (often 8).
  return ranges.map(([start, size]) => tf.sum(tf.slice(squares, start, size))).reduce((total, part) => tf.add(total, part)) as tf.Scalar;
}

/** tf.keep on every tensor of a container, which tf.keep itself accepts only one at a time. */
function keepAll<C extends tf.TensorContainer>(container: C): C {
  const visit = (value: tf.TensorContainer): void => {
    if (value instanceof tf.Tensor) tf.keep(value);
    else if (Array.isArray(value)) value.forEach(visit);
    else if (value !== null && typeof value === 'object' && !ArrayBuffer.isView(value)) Object.values(value).forEach(visit);
  };
  visit(container);
  return container;
}
