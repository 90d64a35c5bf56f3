import * as tf from './tf.ts';
import type { GradientEstimator } from './config.ts';
import type { EncoderDecoder } from './encoder-decoder.ts';
import type { StepLoss } from './guarded-step.ts';
import type { Quantiser } from './quantisers/quantiser.ts';

/** What a VQ-VAE step keeps past its loss: the first stage's codes, int32 [N], and the latents [N,d]. */
export type ObjectiveKeeps = { indices: tf.Tensor1D; latents: tf.Tensor2D };

/**
 * The VQ-VAE objective on a batch x [B,28,28,1] (van den Oord et al. 2017, eq. 3): the reconstruction
 * error, plus β times the commitment loss, plus the codebook loss when the optimiser trains the codes
 * (not with EMA, which averages them). All three are reported.
 */
export function vqvaeObjective(networks: EncoderDecoder, quantiser: Quantiser, x: tf.Tensor4D, beta: number, estimator: GradientEstimator): StepLoss<ObjectiveKeeps> {
  const { flat, gridShape } = networks.encode(x);
  const q = quantiser.quantise(flat, estimator);
  const decoded = networks.decode(q.decoderInput, gridShape);
  const reconstruction = tf.mean(tf.squaredDifference(decoded, x)) as tf.Scalar;
  let loss = tf.add(reconstruction, tf.mul(q.commitmentLoss, beta)) as tf.Scalar;
  if (quantiser.trainsByCodebookLoss) loss = tf.add(loss, q.codebookLoss);
  return { loss, report: [reconstruction, q.codebookLoss, q.commitmentLoss], keep: { indices: q.stageIndices[0]!, latents: tf.clone(q.latents) } };
}
