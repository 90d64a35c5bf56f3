import * as tf from './tf.ts';
import { mulberry32 } from './random.ts';

/** K codes of dimension D drawn uniformly from [−1/K, 1/K], the usual VQ-VAE initialisation. */
export function uniformCodebook(codebookSize: number, codeDim: number, seed: number): tf.Tensor2D {
  return tf.randomUniform([codebookSize, codeDim], -1 / codebookSize, 1 / codebookSize, 'float32', seed) as tf.Tensor2D;
}

/**
 * K codes chosen from the encoder outputs z [N,D] by k-means++ seeding (Arthur and Vassilvitskii 2007):
 * the first uniformly, each next one with probability proportional to its squared distance from the
 * nearest code already chosen. Codes start where the data is and spread over it, so few start dead.
 */
export function kMeansPlusPlusCodebook(z: tf.Tensor2D, codebookSize: number, seed: number): tf.Tensor2D {
  const [count, dim] = z.shape;
  if (count < codebookSize) {
    throw new Error(`k-means++ initialisation needs at least codebookSize = ${codebookSize} encoder outputs, got ${count}`);
  }
  const points = z.dataSync();
  const random = mulberry32(seed);
  const chosen: number[] = [Math.floor(random() * count)];
  // Squared distance from each point to its nearest chosen code, updated as codes are added.
  const nearest = new Float64Array(count).fill(Infinity);
  while (chosen.length < codebookSize) {
    const last = chosen[chosen.length - 1] * dim;
    let total = 0;
    for (let i = 0; i < count; i++) {
      let d = 0;
      for (let j = 0; j < dim; j++) d += (points[i * dim + j] - points[last + j]) ** 2;
      if (d < nearest[i]) nearest[i] = d;
      total += nearest[i];
    }
    let next = 0;
    if (total > 0) {
      let target = random() * total;
      for (next = 0; next < count - 1; next++) {
        target -= nearest[next];
        if (target < 0) break;
      }
    } else {
      // Every point coincides with a chosen code: any further choice is a duplicate.
      next = Math.floor(random() * count);
    }
    chosen.push(next);
  }
  const codes = new Float32Array(codebookSize * dim);
  chosen.forEach((row, k) => codes.set(points.subarray(row * dim, (row + 1) * dim), k * dim));
  return tf.tensor2d(codes, [codebookSize, dim]);
}

/** Throws a RangeError unless a first batch of `images` giving `latents` outputs can seed K codes by k-means++. */
export function checkFirstBatch(latents: number, images: number, codebookSize: number): void {
  if (latents >= codebookSize) return;
  const latentsPerImage = latents / images;
  throw new RangeError(`k-means++ initialisation needs a first batch of at least ${Math.ceil(codebookSize / latentsPerImage)} images for K = ${codebookSize}, got ${images}`);
}

/**
 * Sets a quantiser's codes from the first batch's `latents` (k-means++), after checking the batch has
 * enough of them; frees the latents. Returns true, for the model's "codebook ready" flag.
 */
export function initialiseFromFirstBatch(quantiser: { initialiseFrom(latents: tf.Tensor2D, seed: number): void }, latents: tf.Tensor2D, images: number, codebookSize: number, seed: number): true {
  try {
    checkFirstBatch(latents.shape[0], images, codebookSize);
    quantiser.initialiseFrom(latents, seed);
    return true;
  } finally {
    latents.dispose();
  }
}
