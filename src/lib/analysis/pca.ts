/**
 * The first two principal components of a cloud of points, found by power iteration on the
 * covariance matrix with deflation. Small and exact enough for drawing a latent space: D is at most
 * a few dozen here, so the D×D covariance is cheap, and no linear-algebra library is needed.
 */

/** The mean and two unit-length principal directions of `points` ([n, dim], row-major). */
export type Projection = { mean: Float64Array; axes: [Float64Array, Float64Array]; variances: [number, number] };

/** Fits a 2-D projection to the points. With dim 1 the second axis is zero. */
export function fitProjection(points: ArrayLike<number>, dim: number, iterations = 100): Projection {
  const n = points.length / dim;
  if (!(Number.isInteger(n) && n >= 1)) throw new RangeError(`fitProjection: ${points.length} numbers are not whole points of ${dim}`);
  const mean = new Float64Array(dim);
  for (let i = 0; i < n; i++) for (let d = 0; d < dim; d++) mean[d] += points[i * dim + d] / n;
  const covariance = new Float64Array(dim * dim);
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < dim; a++) {
      const da = points[i * dim + a] - mean[a];
      for (let b = 0; b < dim; b++) covariance[a * dim + b] += (da * (points[i * dim + b] - mean[b])) / n;
    }
  }
  const first = powerIteration(covariance, dim, iterations);
  // Deflate: remove the first component, so the iteration finds the second.
  for (let a = 0; a < dim; a++) for (let b = 0; b < dim; b++) covariance[a * dim + b] -= first.value * first.vector[a] * first.vector[b];
  const second = dim > 1 ? powerIteration(covariance, dim, iterations) : { vector: new Float64Array(dim), value: 0 };
  return { mean, axes: [first.vector, second.vector], variances: [first.value, Math.max(0, second.value)] };
}

/** Projects points ([n, dim]) onto the two axes: [n, 2] row-major. */
export function project(points: ArrayLike<number>, dim: number, { mean, axes }: Projection): Float32Array {
  const n = points.length / dim;
  const out = new Float32Array(n * 2);
  for (let i = 0; i < n; i++) {
    for (let d = 0; d < dim; d++) {
      const centred = points[i * dim + d] - mean[d];
      out[2 * i] += centred * axes[0][d];
      out[2 * i + 1] += centred * axes[1][d];
    }
  }
  return out;
}

function powerIteration(matrix: Float64Array, dim: number, iterations: number): { vector: Float64Array; value: number } {
  // A fixed, uneven start: deterministic, and not orthogonal to any axis-aligned component.
  let vector = Float64Array.from({ length: dim }, (_, i) => 1 + i / dim);
  let value = 0;
  for (let step = 0; step < iterations; step++) {
    const next = new Float64Array(dim);
    for (let a = 0; a < dim; a++) for (let b = 0; b < dim; b++) next[a] += matrix[a * dim + b] * vector[b];
    const norm = Math.hypot(...next);
    if (norm < 1e-12) return { vector: new Float64Array(dim), value: 0 };
    value = norm;
    vector = next.map((v) => v / norm);
  }
  return { vector, value };
}
