import * as tf from './tf.ts';

// Built once: customGrad returns a function that records this op and its backward pass on the tape.
const identityWithoutGradient = tf.customGrad((...inputs) => {
  const input = inputs[0] as tf.Tensor;
  return { value: tf.clone(input), gradFunc: (dy: tf.Tensor) => [tf.zerosLike(dy)] };
});

/**
 * sg[x]: returns x unchanged, with a zero gradient. TF.js has no public stop-gradient, so this is
 * a custom gradient whose backward pass returns zeros instead of the upstream gradient.
 */
export function stopGradient<T extends tf.Tensor>(x: T): T {
  return identityWithoutGradient(x) as T;
}
