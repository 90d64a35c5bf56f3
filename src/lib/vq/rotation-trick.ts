import * as tf from './tf.ts';

// Built once: one custom op, with zq saved so the backward pass can rebuild the rotation.
const rotate = tf.customGrad((...inputs) => {
  const [z, zq, save] = inputs as unknown as [tf.Tensor2D, tf.Tensor2D, tf.GradSaveFunc];
  save([z, zq]);
  return {
    value: tf.clone(zq),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [zSaved, zqSaved] = saved as [tf.Tensor2D, tf.Tensor2D];
      const zNorm = tf.maximum(tf.norm(zSaved, 'euclidean', 1, true), 1e-12);
      const zqNorm = tf.norm(zqSaved, 'euclidean', 1, true);
      const e = tf.div(zSaved, zNorm);
      const r = tf.div(zqSaved, tf.maximum(zqNorm, 1e-12));
      const sum = tf.add(e, r);
      const u = tf.div(sum, tf.maximum(tf.norm(sum, 'euclidean', 1, true), 1e-12));
      const dot = (a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(a, b), 1, true);
      // Rᵀ dy, with R = I − 2uuᵀ + 2reᵀ, then scaled by ‖zq‖ / ‖z‖.
      const rotated = tf.add(tf.sub(dy, tf.mul(2, tf.mul(u, dot(u, dy)))), tf.mul(2, tf.mul(e, dot(r, dy))));
      return [tf.mul(rotated, tf.div(zqNorm, zNorm)), tf.zerosLike(zqSaved)];
    },
  };
});

/**
 * The rotation trick (Fifty et al. 2024), an alternative to the straight-through estimator: forward it
 * returns zq; backward, instead of copying the gradient to z unchanged, it carries it through the
 * rotation R that turns z's direction into zq's, scaled by ‖zq‖ / ‖z‖, treating R and the scale as
 * constants. The angle between the gradient at z and z then equals the angle between the incoming
 * gradient at zq and zq, so outputs in one Voronoi cell get different gradients by where they sit. Rows of z [N,D] and zq [N,D] pair up; zq gets no gradient.
 */
export function rotationTrick(z: tf.Tensor2D, zq: tf.Tensor2D): tf.Tensor2D {
  return rotate(z, zq) as tf.Tensor2D;
}
