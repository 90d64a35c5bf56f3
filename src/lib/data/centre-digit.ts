/**
 * Turns a drawing into an MNIST-style input. MNIST digits were scaled so that the longer side of the
 * ink fits 20×20 pixels, then placed in a 28×28 image with the ink's centre of mass at the centre.
 * A drawing that skips these steps sits off-centre at the wrong size, and the encoder, which has
 * only ever seen centred digits, makes much less of it.
 */

/** The MNIST box the longer side of the ink is scaled to. */
const INK_BOX = 20;
const SIDE = 28;

/**
 * `ink` is a square drawing of side `size`, values in [0,1] row-major. Returns 784 pixels in [0,1],
 * or null when nothing was drawn.
 */
export function centreDigit(ink: Float32Array, size: number): Float32Array | null {
  let [top, bottom, left, right] = [size, -1, size, -1];
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      if (ink[y * size + x] > 0.05) {
        top = Math.min(top, y);
        bottom = Math.max(bottom, y);
        left = Math.min(left, x);
        right = Math.max(right, x);
      }
    }
  }
  if (bottom < 0) return null;
  const scale = INK_BOX / Math.max(bottom - top + 1, right - left + 1);

  // Area-average the ink into a 28×28 image, with the bounding box's corner at the origin for now.
  const scaled = new Float32Array(SIDE * SIDE);
  const weight = new Float32Array(SIDE * SIDE);
  for (let y = top; y <= bottom; y++) {
    for (let x = left; x <= right; x++) {
      const ty = Math.floor((y - top) * scale);
      const tx = Math.floor((x - left) * scale);
      if (ty >= SIDE || tx >= SIDE) continue;
      scaled[ty * SIDE + tx] += ink[y * size + x];
      weight[ty * SIDE + tx] += 1;
    }
  }
  let [mass, sumY, sumX] = [0, 0, 0];
  for (let i = 0; i < scaled.length; i++) {
    if (weight[i] > 0) scaled[i] /= weight[i];
    mass += scaled[i];
    sumY += Math.floor(i / SIDE) * scaled[i];
    sumX += (i % SIDE) * scaled[i];
  }
  // Shift by whole pixels so that the centre of mass lands on the image's centre.
  const shiftY = Math.round((SIDE - 1) / 2 - sumY / mass);
  const shiftX = Math.round((SIDE - 1) / 2 - sumX / mass);
  const out = new Float32Array(SIDE * SIDE);
  for (let y = 0; y < SIDE; y++) {
    for (let x = 0; x < SIDE; x++) {
      const [ty, tx] = [y + shiftY, x + shiftX];
      if (ty >= 0 && ty < SIDE && tx >= 0 && tx < SIDE) out[ty * SIDE + tx] = Math.min(1, scaled[y * SIDE + x]);
    }
  }
  return out;
}
