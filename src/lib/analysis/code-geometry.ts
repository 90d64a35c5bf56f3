/**
 * Codes and encoder outputs as one 2-D picture, for each way a quantiser can lay out its codes: a
 * learned codebook in D dimensions (projected onto the outputs' principal components), codes that
 * already live in 2-D, unit vectors (the shadow of a sphere), and FSQ's fixed grid. The inputs are
 * what the engine's `inspect` returns; the numbers come out ready for ProjectionPlot.
 */
import { fitProjection, project } from './pca.ts';

/** How a quantiser's codes become a 2-D picture. */
export type GeometryView =
  /** Codebook and outputs in D dimensions: both onto the outputs' first two principal components. */
  | { kind: 'pca' }
  /** Codes and outputs that are already 2-D, drawn as they are. */
  | { kind: 'direct' }
  /** Unit vectors: normalised, then onto the principal components through the origin, inside the unit circle. */
  | { kind: 'sphere' }
  /** FSQ: its grid and the squashed outputs, on the codes' scale, redrawn in levels (integers). */
  | { kind: 'grid'; levels: number[] };

/** What the engine's `inspect` gives: latents [n, dim] and codebook [K, dim], row-major, and the dead codes. */
export type Inspection = { latents: Float32Array; codebook: Float32Array; dim: number; deadCodes: number[] };

/** A picture's numbers: both point sets as [n, 2] row-major, and how ProjectionPlot should frame them. */
export type CodeGeometry = {
  outputs: Float32Array;
  codes: Float32Array;
  dead: Set<number>;
  /** A fixed view for both axes, or null to let the outputs set it. */
  domain: [number, number] | null;
  guide: 'unit-circle' | null;
  /** The share of the outputs' variance the two axes show (1 when nothing was projected away). */
  shown: number;
};

/** The 2-D picture of an inspection, as `view` says to draw it. */
export function codeGeometry(inspection: Inspection, view: GeometryView): CodeGeometry {
  const { latents, codebook, dim, deadCodes } = inspection;
  const dead = new Set(deadCodes);
  if (view.kind === 'direct' || view.kind === 'grid') {
    if (dim !== 2) throw new RangeError(`codeGeometry: a ${view.kind} view needs 2-D codes, got ${dim}`);
    if (view.kind === 'direct') return { outputs: Float32Array.from(latents), codes: Float32Array.from(codebook), dead, domain: null, guide: null, shown: 1 };
    // The model keeps FSQ's codes in [−1, 1]; the chapter counts levels, so the picture does too.
    const widths = view.levels.map((l) => Math.floor(l / 2));
    const toLevels = (values: Float32Array) => values.map((v, i) => v * widths[i % 2]);
    const low = Math.min(...widths.map((w) => -w));
    const high = Math.max(...view.levels.map((l) => Math.ceil(l / 2) - 1));
    return { outputs: toLevels(latents), codes: toLevels(codebook), dead, domain: [low - 0.6, high + 0.6], guide: null, shown: 1 };
  }
  if (view.kind === 'sphere') {
    const [units, unitCodes] = [normalise(latents, dim), normalise(codebook, dim)];
    const fit = fitProjection(units, dim);
    // Through the origin, not the mean: every unit vector's shadow then stays inside the unit circle.
    const throughOrigin = { ...fit, mean: new Float64Array(dim) };
    return { outputs: project(units, dim, throughOrigin), codes: project(unitCodes, dim, throughOrigin), dead, domain: [-1.08, 1.08], guide: 'unit-circle', shown: share(units, dim, fit.variances) };
  }
  const fit = fitProjection(latents, dim);
  return { outputs: project(latents, dim, fit), codes: project(codebook, dim, fit), dead, domain: null, guide: null, shown: share(latents, dim, fit.variances) };
}

/** Each row scaled to unit length; a zero row stays zero. */
function normalise(points: Float32Array, dim: number): Float32Array {
  const out = new Float32Array(points.length);
  for (let i = 0; i < points.length / dim; i++) {
    let norm = 0;
    for (let d = 0; d < dim; d++) norm += points[i * dim + d] ** 2;
    norm = Math.sqrt(norm);
    if (norm > 0) for (let d = 0; d < dim; d++) out[i * dim + d] = points[i * dim + d] / norm;
  }
  return out;
}

/** The two variances' share of the total (the covariance's trace). */
function share(points: Float32Array, dim: number, variances: [number, number]): number {
  const n = points.length / dim;
  let total = 0;
  for (let d = 0; d < dim; d++) {
    let [sum, squares] = [0, 0];
    for (let i = 0; i < n; i++) {
      sum += points[i * dim + d];
      squares += points[i * dim + d] ** 2;
    }
    total += squares / n - (sum / n) ** 2;
  }
  return total > 1e-12 ? Math.min(1, (variances[0] + variances[1]) / total) : 1;
}
