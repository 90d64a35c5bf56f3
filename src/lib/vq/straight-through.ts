import * as tf from './tf.ts';
import { stopGradient } from './stop-gradient.ts';

/**
 * The straight-through estimator z + sg[zq − z]: forward it equals zq; backward it passes the upstream
 * gradient to z unchanged and sends nothing to zq (van den Oord et al. 2017, after Bengio et al. 2013).
 */
export function straightThrough<T extends tf.Tensor>(z: T, zq: T): T {
  return tf.tidy(() => tf.add(z, stopGradient(tf.sub(zq, z))) as T);
}
