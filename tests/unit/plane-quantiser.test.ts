import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { nearestCode, nearestCodes2d, straightThroughToy, type PlanePoint } from '../../src/lib/widgets/plane-quantiser.ts';
import { nearestCodes, straightThrough } from '../../src/lib/vq/index.ts';
import { mulberry32 } from '../../src/lib/data/random.ts';
import { describeOnBackends, expectClose } from './tf-backends.ts';

// Hand-worked, as in vq-quantiser.test.ts. Squared distances to e0=(0,0), e1=(2,1), e2=(3,3):
//   (1,0): 1, 2, 13 -> 0     (2,2): 8, 1, 2 -> 1     (4,3): 25, 8, 1 -> 2     (0,1): 1, 4, 13 -> 0
const codes: PlanePoint[] = [
  [0, 0],
  [2, 1],
  [3, 3],
];

// GradientFlow's toy: its codebook, target and starting z.
const toyCodes: PlanePoint[] = [[-0.6, -0.5], [0.1, -0.65], [0.7, -0.3], [-0.55, 0.35], [0.15, 0.15], [0.65, 0.6], [-0.1, 0.75]];
const toyTarget: PlanePoint = [0.62, 0.58];

describe('nearestCode', () => {
  it('picks the nearest code of each point', () => {
    expect(nearestCodes2d([[1, 0], [2, 2], [4, 3], [0, 1]], codes)).toEqual([0, 1, 2, 0]);
    expect(nearestCode([2.9, 3.2], codes)).toBe(2);
  });

  it('gives a tie to the lowest index', () => {
    // (1, 0.5) is 1.25 from both e0 and e1 (exact in binary).
    expect(nearestCode([1, 0.5], codes)).toBe(0);
    // The origin is 1 from all three codes.
    expect(nearestCode([0, 0], [[-1, 0], [1, 0], [0, 1]])).toBe(0);
    expect(nearestCode([0, 0], [[0, 1], [1, 0], [-1, 0]])).toBe(0);
    // A duplicated code: the first copy wins.
    expect(nearestCode([1, 1], [[5, 5], [1, 1], [1, 1]])).toBe(1);
  });

  it('refuses an empty codebook', () => {
    expect(() => nearestCode([0, 0], [])).toThrow('at least one code');
    expect(nearestCodes2d([], codes)).toEqual([]);
  });
});

describe('straightThroughToy', () => {
  it('copies the loss gradient at z_q, 2(z_q − target), to z under the estimator', () => {
    // z = (−0.7, −0.15) is nearest e0 = (−0.6, −0.5): 0.01 + 0.1225 = 0.1325; code 3 is 0.0225 + 0.25 = 0.2725.
    const toy = straightThroughToy([-0.7, -0.15], toyCodes, toyTarget, true);
    expect(toy.code).toBe(0);
    expect(toy.zq).toEqual([-0.6, -0.5]);
    expectClose(toy.gradient, [2 * (-0.6 - 0.62), 2 * (-0.5 - 0.58)], 1e-12);
    expectClose(toy.gradient, [-2.44, -2.16], 1e-12);
  });

  it('sends z nothing without the estimator, as a positive zero', () => {
    const toy = straightThroughToy([-0.7, -0.15], toyCodes, toyTarget, false);
    expect(toy.code).toBe(0);
    expect(toy.gradient).toEqual([0, 0]);
    expect(toy.gradient.every((g) => Object.is(g, 0))).toBe(true);
  });

  it('has no gradient once z_q is the target', () => {
    expect(straightThroughToy([1, 1.2], codes, [2, 1], true)).toEqual({ code: 1, zq: [2, 1], gradient: [0, 0] });
  });
});

/** The plane from −1 to 1 in steps of 0.05, both ways. */
const grid: PlanePoint[] = Array.from({ length: 41 * 41 }, (_, i) => [-1 + 0.05 * (i % 41), -1 + 0.05 * Math.floor(i / 41)]);

/** Whether the point's two nearest codes are so close in distance that float32 rounding may pick either. */
function nearTie(point: PlanePoint, book: readonly PlanePoint[]): boolean {
  const distances = book.map(([x, y]) => (point[0] - x) ** 2 + (point[1] - y) ** 2).sort((a, b) => a - b);
  return distances[1] - distances[0] < 1e-5;
}

describeOnBackends('the plane quantiser agrees with the model module', () => {
  it('picks the codes nearestCodes picks, for the toy and for random codebooks', () => {
    const random = mulberry32(3);
    const books = [toyCodes, ...[2, 8, 64].map((k) => Array.from({ length: k }, (): PlanePoint => [random() * 1.8 - 0.9, random() * 1.8 - 0.9]))];
    for (const book of books) {
      const points = grid.filter((p) => !nearTie(p, book));
      expect(points.length).toBeGreaterThan(grid.length * 0.99);
      const model = tf.tidy(() => Array.from(nearestCodes(tf.tensor2d(points.map((p) => [...p])), tf.tensor2d(book.map((c) => [...c]))).dataSync()));
      expect(nearestCodes2d(points, book)).toEqual(model);
    }
  });

  it('gives the gradient that straightThrough and autodiff give, with the estimator and without', () => {
    for (const estimator of [true, false]) {
      for (const z of grid.filter((p, i) => i % 7 === 0 && !nearTie(p, toyCodes))) {
        const ours = straightThroughToy(z, toyCodes, toyTarget, estimator);
        const theirs = tf.tidy(() => {
          const book = tf.tensor2d(toyCodes.map((c) => [...c]));
          const at = tf.tensor2d([[...z]]);
          const zq = tf.gather(book, nearestCodes(at, book)) as tf.Tensor2D;
          // Without the estimator the decoder sees z_q itself; z * 0 only keeps z on the tape.
          const loss = (zIn: tf.Tensor) => tf.sum(tf.squaredDifference(estimator ? straightThrough(zIn as tf.Tensor2D, zq) : tf.add(zq, tf.mul(zIn, 0)), tf.tensor2d([[...toyTarget]])));
          return Array.from(tf.grad(loss)(at).dataSync());
        });
        expectClose(ours.gradient, theirs, 1e-5);
      }
    }
  });
});
