import * as tf from './tf.ts';

/**
 * KL(N(μ, σ²) ‖ N(0, 1)) per row, summed over the latent dimensions, in nats: the VAE's regulariser.
 * Closed form for diagonal Gaussians: ½ Σᵢ (μᵢ² + σᵢ² − 1 − log σᵢ²), from the mean [N,d] and the
 * log-variance [N,d] (predicting log σ² keeps σ positive without a constraint).
 */
export function gaussianKl(mean: tf.Tensor2D, logVariance: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => tf.mul(0.5, tf.sum(tf.sub(tf.add(tf.square(mean), tf.exp(logVariance)), tf.add(1, logVariance)), 1)) as tf.Tensor1D);
}
