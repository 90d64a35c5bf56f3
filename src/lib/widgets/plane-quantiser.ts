// Vector quantisation in the plane, for the widgets that draw it (QuantizationPlayground, GradientFlow's
// toy). The model's `nearestCodes` and `straightThrough` are TF.js ops, and TF.js must not load on the
// page's main thread; for a handful of 2-D points plain arithmetic is exact and instant.
// tests/unit/plane-quantiser.test.ts checks both functions against the model's ops.

/** A point of the plane, (x, y). */
export type PlanePoint = readonly [number, number];

/**
 * Index of the code nearest to `point` by Euclidean distance. Ties go to the lowest index, the rule the
 * model's `nearestCodes` documents.
 */
export function nearestCode(point: PlanePoint, codes: readonly PlanePoint[]): number {
  if (codes.length === 0) throw new Error('nearestCode needs at least one code');
  let best = 0;
  let bestDistance = Infinity;
  for (let k = 0; k < codes.length; k++) {
    const dx = point[0] - codes[k][0];
    const dy = point[1] - codes[k][1];
    const distance = dx * dx + dy * dy;
    // Strictly less: an equally near later code never displaces an earlier one.
    if (distance < bestDistance) {
      best = k;
      bestDistance = distance;
    }
  }
  return best;
}

/** `nearestCode` of each point, in order. */
export function nearestCodes2d(points: readonly PlanePoint[], codes: readonly PlanePoint[]): number[] {
  return points.map((point) => nearestCode(point, codes));
}

/** One state of the straight-through toy: where z quantises to, and the gradient that reaches z. */
export interface ToyGradient {
  /** Index of z's nearest code. */
  code: number;
  /** That code, z's quantised value (a copy, free to change). */
  zq: [number, number];
  /** ∂‖z_q − target‖² / ∂z. */
  gradient: [number, number];
}

/**
 * The gradient at z of the loss ‖z_q − target‖², where z_q is z's nearest code. The loss's gradient at
 * z_q is 2(z_q − target). With the straight-through estimator (z + sg[z_q − z]) it is copied to z as it
 * is; without it z_q is a constant as far as z can tell, so z gets exactly nothing (a positive zero,
 * never −0, so no "−0.00" is ever shown).
 */
export function straightThroughToy(z: PlanePoint, codes: readonly PlanePoint[], target: PlanePoint, estimator: boolean): ToyGradient {
  const code = nearestCode(z, codes);
  const zq: [number, number] = [codes[code][0], codes[code][1]];
  const gradient: [number, number] = estimator ? [2 * (zq[0] - target[0]), 2 * (zq[1] - target[1])] : [0, 0];
  return { code, zq, gradient };
}
