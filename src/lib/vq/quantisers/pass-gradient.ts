import type * as tf from '../tf.ts';
import type { GradientEstimator } from '../config.ts';
import { rotationTrick } from '../rotation-trick.ts';
import { straightThrough } from '../straight-through.ts';

/**
 * The decoder's input for quantised `zq`, with the gradient path to `latents` that `estimator` names.
 * 'none' gives zq itself: the decoder's gradient then reaches the codebook through the lookup, never z.
 */
export function passGradient(latents: tf.Tensor2D, zq: tf.Tensor2D, estimator: GradientEstimator): tf.Tensor2D {
  if (estimator === 'rotation') return rotationTrick(latents, zq);
  if (estimator === 'none') return zq;
  return straightThrough(latents, zq);
}
