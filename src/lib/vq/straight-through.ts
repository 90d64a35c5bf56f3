import * as tf from './tf.ts';

/**
 * The straight-through estimator z + sg[zq − z]: forward it equals zq; backward it passes the upstream
 * gradient to z unchanged and sends nothing to zq (van den Oord et al. 2017, after Bengio et al. 2013).
 *
 * Written as one op whose value is zq itself: no arithmetic forward (zq exactly, where z + (zq − z)
 * rounds), and none backward but zq's zero gradient, made on the host, where the sum would cost a
 * stop-gradient's zeros kernel, a negation and reshapes.
 */
export function straightThrough<T extends tf.Tensor>(z: T, zq: T): T {
  if (!tf.util.arraysEqual(z.shape, zq.shape)) throw new Error(`straightThrough: z is [${z.shape}] but zq is [${zq.shape}]`);
  const pass = tf.customGrad((...inputs) => {
    const codes = inputs[1] as tf.Tensor;
    return { value: tf.clone(codes), gradFunc: (dy: tf.Tensor) => [dy, tf.zeros(codes.shape)] };
  });
  return pass(z, zq) as T;
}
