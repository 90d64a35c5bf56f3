import type { SampleOptions } from './prior-types.ts';

/**
 * The grid `n` samples start from: zeros, or the first `prefix.length` positions of a given grid in
 * every sample, each checked (a RangeError names the field and its range). Returns the grids, flat
 * and row-major, and how many positions are given.
 */
export function prefixedGrids(n: number, height: number, width: number, codebookSize: number, prefix: SampleOptions['prefix']): { grid: Int32Array; given: number } {
  const cells = height * width;
  const grid = new Int32Array(n * cells);
  if (!prefix) return { grid, given: 0 };
  const { codes, length } = prefix;
  if (codes.length !== cells) throw new RangeError(`sample: prefix.codes must hold one ${height}×${width} grid (${cells} codes), got ${codes.length}`);
  if (!(Number.isInteger(length) && length >= 0 && length <= cells)) throw new RangeError(`sample: prefix.length must be a whole number from 0 to ${cells}, got ${length}`);
  for (let i = 0; i < length; i++) {
    if (!(Number.isInteger(codes[i]) && codes[i]! >= 0 && codes[i]! < codebookSize)) throw new RangeError(`sample: prefix code ${codes[i]} at position ${i} is outside 0..${codebookSize - 1}`);
    for (let s = 0; s < n; s++) grid[s * cells + i] = codes[i]!;
  }
  return { grid, given: length };
}
