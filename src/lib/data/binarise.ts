/** Binarised images as 0/1 code grids, for the pixel-level PixelCNN. */
import type { Split } from './dataset.ts';

/**
 * The images of a split as int32 0/1 values, [count × 28 × 28] row-major: a pixel is 1 when it is at
 * least half white. Thresholding (rather than sampling) keeps the data fixed, so runs can be replayed.
 */
export function binariseSplit(split: Split, count = split.count): Int32Array {
  const pixels = split.images.subarray(0, count * 784);
  return Int32Array.from(pixels, (v) => (v >= 128 ? 1 : 0));
}
