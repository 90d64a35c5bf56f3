import { expect, it } from 'vitest';
import { fitProjection, project } from '../../src/lib/analysis/pca.ts';

it('finds the principal axes of a stretched, rotated cloud, with their variances', () => {
  // Points on a grid stretched 3:1, rotated by 30° in the x-y plane, with a constant third coordinate.
  const angle = Math.PI / 6;
  const points: number[] = [];
  for (let i = -10; i <= 10; i++) {
    for (let j = -10; j <= 10; j++) {
      const [u, v] = [3 * i, j];
      points.push(u * Math.cos(angle) - v * Math.sin(angle) + 5, u * Math.sin(angle) + v * Math.cos(angle) - 2, 7);
    }
  }
  const fit = fitProjection(points, 3);
  expect(Array.from(fit.mean).map((m) => Number(m.toFixed(6)))).toEqual([5, -2, 7]);
  // First axis along (cos 30°, sin 30°, 0), up to sign; second perpendicular in the plane.
  expect(Math.abs(fit.axes[0][0] * Math.cos(angle) + fit.axes[0][1] * Math.sin(angle))).toBeCloseTo(1, 6);
  expect(Math.abs(-fit.axes[1][0] * Math.sin(angle) + fit.axes[1][1] * Math.cos(angle))).toBeCloseTo(1, 6);
  // Variance of i ∈ −10..10 is 110/3; the first axis carries 9 times it.
  expect(fit.variances[0]).toBeCloseTo(9 * (110 / 3), 4);
  expect(fit.variances[1]).toBeCloseTo(110 / 3, 4);
  const projected = project(points, 3, fit);
  expect(projected).toHaveLength((points.length / 3) * 2);
  // The centre of the cloud projects to the origin.
  expect(Math.abs(projected.reduce((sum, v, i) => (i % 2 === 0 ? sum + v : sum), 0))).toBeLessThan(1e-3);
});

it('refuses numbers that do not make whole points', () => {
  expect(() => fitProjection([1, 2, 3], 2)).toThrow('3 numbers are not whole points of 2');
});
