import * as tf from './tf.ts';

/**
 * A variable made from a freshly created initial value, which it then frees. tf.variable copies its
 * argument and leaves the original alive, so `tf.variable(tf.zeros(…))` would leak one tensor each time.
 */
export function variableFrom<R extends tf.Rank>(initial: tf.Tensor<R>, trainable = true): tf.Variable<R> {
  const variable = tf.variable(initial, trainable);
  initial.dispose();
  return variable;
}
