/** Training-set augmentation for the prior: digits moved by a few pixels, so the VQ-VAE gives new code grids. */
import type { Split } from '../../src/lib/data/dataset.ts';

/**
 * The split with every image also moved by each (dy, dx) with |dy|, |dx| ≤ `radius`, the uncovered
 * edge filled with background. Radius 0 returns the split itself; radius r gives (2r + 1)² copies.
 * A shift of under 4 pixels (the encoder's stride) changes which codes a digit gets, not just where.
 */
export function shiftedCopies(split: Split, radius: number): Split {
  if (radius === 0) return split;
  const side = 28;
  const shifts: [number, number][] = [];
  for (let dy = -radius; dy <= radius; dy++) for (let dx = -radius; dx <= radius; dx++) shifts.push([dy, dx]);
  const images = new Uint8Array(split.images.length * shifts.length);
  const labels = new Uint8Array(split.count * shifts.length);
  shifts.forEach(([dy, dx], s) => {
    for (let n = 0; n < split.count; n++) {
      const from = n * side * side;
      const to = (s * split.count + n) * side * side;
      for (let y = Math.max(0, dy); y < Math.min(side, side + dy); y++) {
        for (let x = Math.max(0, dx); x < Math.min(side, side + dx); x++) images[to + y * side + x] = split.images[from + (y - dy) * side + (x - dx)];
      }
      labels[s * split.count + n] = split.labels[n];
    }
  });
  return { images, labels, count: split.count * shifts.length };
}
