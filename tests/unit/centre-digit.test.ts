import { expect, it } from 'vitest';
import { centreDigit } from '../../src/lib/data/centre-digit.ts';

function centreOfMass(pixels: Float32Array): [number, number] {
  let [mass, y, x] = [0, 0, 0];
  pixels.forEach((v, i) => {
    mass += v;
    y += Math.floor(i / 28) * v;
    x += (i % 28) * v;
  });
  return [y / mass, x / mass];
}

it('scales the ink to the 20-pixel MNIST box and puts its centre of mass at the centre', () => {
  // A 60×30 bar of ink in the top-left corner of a 280×280 drawing.
  const size = 280;
  const ink = new Float32Array(size * size);
  for (let y = 10; y < 70; y++) for (let x = 5; x < 35; x++) ink[y * size + x] = 1;
  const digit = centreDigit(ink, size)!;
  const [cy, cx] = centreOfMass(digit);
  expect(Math.abs(cy - 13.5)).toBeLessThanOrEqual(0.5);
  expect(Math.abs(cx - 13.5)).toBeLessThanOrEqual(0.5);
  // The longer side (60 pixels) becomes 20 rows; the shorter one 10 columns.
  const rows = new Set<number>();
  const columns = new Set<number>();
  digit.forEach((v, i) => {
    if (v > 0.5) {
      rows.add(Math.floor(i / 28));
      columns.add(i % 28);
    }
  });
  expect(rows.size).toBe(20);
  expect(columns.size).toBe(10);
  expect(Math.max(...digit)).toBeLessThanOrEqual(1);
});

it('returns null for an empty drawing', () => {
  expect(centreDigit(new Float32Array(100), 10)).toBeNull();
});
