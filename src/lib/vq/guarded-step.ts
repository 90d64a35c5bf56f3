import * as tf from './tf.ts';
import type { Adam } from './adam.ts';

/** What the loss function of a guarded step gives: the loss, scalars to report, and tensors to keep. */
export type StepLoss<Kept extends tf.TensorContainer> = {
  loss: tf.Scalar;
  /** Reported alongside the loss, read back in the same transfer. */
  report: tf.Scalar[];
  /** Tensors the caller needs after the step (code indices, latents); they outlive the step and are the caller's. */
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
 * One optimiser step that refuses to corrupt the model: the loss and the gradients are computed, and
 * Adam's update is applied only if the loss and every gradient element are finite. Otherwise nothing
 * changes and `rejected` says which was not finite. Every model of the module trains through this.
 *
 * One non-finite gradient element makes the squared norm non-finite, so a single number is checked.
 * The norms are added pairwise rather than with addN: WebGPU caps the buffers one shader may bind
 * (often 8), and an addN over every variable's norm exceeds it, which voids the whole command buffer.
 *
 * @param stepNumber the number this step gets if applied, for the message.
 * @param normOf groups of variables whose gradient norm is reported (an encoder, say); each must be among `variables`.
 */
export async function guardedStep<Kept extends tf.TensorContainer>(
  optimizer: Adam,
  variables: tf.Variable[],
  lossFunction: () => StepLoss<Kept>,
  stepNumber: number,
  normOf: tf.Variable[][] = [],
): Promise<StepOutcome<Kept>> {
  const { stats, keep, grads } = tf.tidy(() => {
    let captured!: { stats: tf.Tensor1D; keep: Kept };
    const { grads } = tf.variableGrads(() => {
      const { loss, report, keep } = lossFunction();
      captured = { stats: tf.keep(tf.stack([loss, ...report]) as tf.Tensor1D), keep: keepAll(keep) };
      return loss;
    }, variables);
    const squares = new Map(variables.map((v) => [v, tf.sum(tf.square(grads[v.name]!))]));
    const sumOfSquares = (group: tf.Variable[]) => group.map((v) => squares.get(v)!).reduce((total, norm) => tf.add(total, norm));
    const norms = [variables, ...normOf].map((group) => tf.reshape(sumOfSquares(group), [1]));
    const stats = tf.concat([captured.stats, ...norms]) as tf.Tensor1D;
    // Kept tensors outlive tidy; this one is replaced by `stats`, so it goes now.
    captured.stats.dispose();
    return { stats, keep: captured.keep, grads };
  });
  try {
    const values = Array.from(await stats.data());
    const reported = values.length - 1 - normOf.length;
    const [loss, ...report] = values.slice(0, reported);
    const [squaredNorm, ...groupSquares] = values.slice(reported);
    const outcome: StepOutcome<Kept> = { loss: loss!, report, groupNorms: groupSquares.map(Math.sqrt), rejected: null, keep };
    if (!Number.isFinite(loss) || !Number.isFinite(squaredNorm)) {
      const what = Number.isFinite(loss) ? 'gradient' : 'loss';
      outcome.rejected = `step ${stepNumber} rejected: the ${what} is not finite (${Number.isFinite(loss) ? squaredNorm : loss}); the weights are unchanged`;
      return outcome;
    }
    optimizer.apply(variables.map((variable) => ({ variable, gradient: grads[variable.name]! })));
    return outcome;
  } catch (error) {
    tf.dispose(keep);
    throw error;
  } finally {
    tf.dispose([stats, grads]);
  }
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
