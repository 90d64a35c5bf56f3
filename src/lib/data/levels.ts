/**
 * Grey-level quantisation: L evenly spaced levels over 0..255, so decoded images are ordinary
 * uint8 pixels and consumers never need to know how many levels were kept.
 */

/** The uint8 value of each level k: round(k * 255 / (L - 1)). */
export function levelValues(levels: number): Uint8Array {
  if (!Number.isInteger(levels) || levels < 2 || levels > 256) throw new Error(`levels must be 2..256, got ${levels}`);
  return new Uint8Array(levels).map((_, k) => Math.round((k * 255) / (levels - 1)));
}

/** The nearest level index for each uint8 pixel (identity when L = 256). */
export function quantiseToLevels(pixels: Uint8Array, levels: number): Uint8Array {
  const table = new Uint8Array(256).map((_, p) => Math.round((p * (levels - 1)) / 255));
  return pixels.map((p) => table[p]!);
}

/** Level indices back to uint8 pixels. */
export function levelsToPixels(indices: Uint8Array, levels: number): Uint8Array {
  const values = levelValues(levels);
  return indices.map((k) => values[k]!);
}

/** Worst-case and mean squared error of quantising `pixels`, in [0, 1] pixel units. */
export function quantisationError(pixels: Uint8Array, levels: number): { maxAbsError: number; mse: number } {
  const values = levelValues(levels);
  const table = new Uint8Array(256).map((_, p) => values[Math.round((p * (levels - 1)) / 255)]!);
  let max = 0;
  let sum = 0;
  for (let i = 0; i < pixels.length; i++) {
    const e = table[pixels[i]!]! - pixels[i]!;
    if (Math.abs(e) > max) max = Math.abs(e);
    sum += e * e;
  }
  return { maxAbsError: max / 255, mse: pixels.length ? sum / pixels.length / (255 * 255) : 0 };
}
