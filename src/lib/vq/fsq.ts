import * as tf from './tf.ts';
import { straightThrough } from './straight-through.ts';

/**
 * Finite scalar quantisation (Mentzer et al. 2023): no codebook. Each of the D dimensions is bounded
 * and rounded to one of `levels[i]` values, so the implicit codebook is the grid of ∏ levels[i] points.
 *
 * Dimension i is squashed to ±(L − 1)/2 with tanh (shifted by ½ for an even L, so that rounding
 * still yields exactly L integers), rounded with a straight-through gradient, and divided by
 * ⌊L/2⌋ so the codes lie in [−1, 1]. Returns the codes [N,D] and each row's grid index, int32 [N].
 */
export function fsq(z: tf.Tensor2D, levels: number[]): { zq: tf.Tensor2D; indices: tf.Tensor1D } {
  checkLevels(z, levels);
  return tf.tidy(() => {
    const bounded = bound(z, levels);
    const rounded = straightThrough(bounded, tf.round(bounded)) as tf.Tensor2D; // integers in [−⌊L/2⌋, ⌈L/2⌉ − 1]
    const width = levels.map((l) => Math.floor(l / 2));
    const zq = tf.div(rounded, tf.tensor1d(width)) as tf.Tensor2D;
    // The grid index in mixed radix: digit i is the level's rank, 0..L−1.
    const digits = tf.add(tf.round(bounded), tf.tensor1d(width));
    const radix = levels.map((_, i) => levels.slice(0, i).reduce((a, b) => a * b, 1));
    const indices = tf.cast(tf.sum(tf.mul(digits, tf.tensor1d(radix)), 1), 'int32') as tf.Tensor1D;
    return { zq, indices };
  });
}

/**
 * The values FSQ rounds, on its codes' scale: z squashed into each dimension's range, before rounding,
 * divided by ⌊L/2⌋ like the codes. Each row's code in `fsq` is its nearest point of `fsqGrid`, so this
 * is what a picture of the encoder's outputs over the grid draws. Checks its arguments like `fsq`.
 */
export function fsqSquash(z: tf.Tensor2D, levels: number[]): tf.Tensor2D {
  checkLevels(z, levels);
  return tf.tidy(() => tf.div(bound(z, levels), tf.tensor1d(levels.map((l) => Math.floor(l / 2)))) as tf.Tensor2D);
}

/** Squashes each dimension to ±(L − 1)/2, less ½ for an even L: integers in [−⌊L/2⌋, ⌈L/2⌉ − 1] after rounding. */
function bound(z: tf.Tensor2D, levels: number[]): tf.Tensor2D {
  const half = levels.map((l) => (l - 1) / 2);
  const offset = levels.map((l) => (l % 2 === 0 ? 0.5 : 0));
  const shift = levels.map((_, i) => Math.atanh(offset[i] / half[i]));
  return tf.sub(tf.mul(tf.tanh(tf.add(z, tf.tensor1d(shift))), tf.tensor1d(half)), tf.tensor1d(offset)) as tf.Tensor2D;
}

function checkLevels(z: tf.Tensor2D, levels: number[]): void {
  const dim = z.shape[1];
  if (levels.length !== dim) throw new RangeError(`fsq: ${levels.length} levels for ${dim} dimensions; give one level count per dimension`);
  for (const level of levels) if (!(Number.isInteger(level) && level >= 2)) throw new RangeError(`fsq: each level count must be a whole number ≥ 2, got ${level}`);
}

/**
 * FSQ's implicit codebook: every grid point as a row, [∏ levels, D], in the order of `fsq`'s indices
 * (mixed radix, the first dimension changing fastest), so code grids decode like a codebook's.
 */
export function fsqGrid(levels: number[]): tf.Tensor2D {
  const count = levels.reduce((a, b) => a * b, 1);
  const values = new Float32Array(count * levels.length);
  for (let n = 0; n < count; n++) {
    let rest = n;
    levels.forEach((level, i) => {
      const width = Math.floor(level / 2);
      values[n * levels.length + i] = ((rest % level) - width) / width;
      rest = Math.floor(rest / level);
    });
  }
  return tf.tensor2d(values, [count, levels.length]);
}
