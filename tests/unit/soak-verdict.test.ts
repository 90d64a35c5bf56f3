import { describe, expect, test } from 'vitest';
import { LEAK_MARGIN, slope, tensorVerdict, warmUpCount } from '../../scripts/soak/verdict.ts';

// The soak (scripts/soak.ts) fails a run only on a tensor leak it can prove; these pin down what counts as proof.
const series = (values: number[]) => values.map((value, i) => ({ minute: i + 1, value }));

describe('soak verdict', () => {
  test('slope is the least-squares fit per minute, and null without two distinct minutes', () => {
    expect(slope(series([1, 3, 5, 7]))).toBeCloseTo(2);
    expect(slope(series([4, 4, 4]))).toBe(0);
    expect(slope(series([9]))).toBeNull();
    expect(slope([{ minute: 2, value: 1 }, { minute: 2, value: 5 }])).toBeNull();
  });

  test('warm-up is a whole cycle, but never more than half the samples', () => {
    expect(warmUpCount(30, 4)).toBe(4);
    expect(warmUpCount(5, 4)).toBe(2);
    expect(warmUpCount(1, 4)).toBe(0);
  });

  test('a count that climbs turn after turn is a leak', () => {
    const verdict = tensorVerdict(series([14, 40, 16, 16, ...Array.from({ length: 26 }, (_, i) => 16 + 3 * i)]), 4);
    expect(verdict.verdict).toBe('leak');
    expect(verdict.slope).toBeCloseTo(3);
  });

  test('a flat count, one that differs by turn kind, or one that wobbles within the margin is no leak', () => {
    expect(tensorVerdict(series(Array(30).fill(76)), 4).verdict).toBe('flat');
    // Higher after the sampler's turns than after the lab's, every cycle alike.
    expect(tensorVerdict(series(Array.from({ length: 30 }, (_, i) => (i % 4 === 3 ? 90 : 76))), 4).verdict).toBe('flat');
    // A slow drift of LEAK_MARGIN tensors over the whole run is not proof.
    expect(tensorVerdict(series(Array.from({ length: 30 }, (_, i) => 76 + Math.floor((i * LEAK_MARGIN) / 29))), 4).verdict).toBe('flat');
    // Caches that fill in the first cycle are warm-up, not a leak.
    expect(tensorVerdict(series([14, 60, 75, 76, ...Array(26).fill(76)]), 4).verdict).toBe('flat');
  });

  test('a falling count, or too few samples, is never a leak', () => {
    expect(tensorVerdict(series(Array.from({ length: 30 }, (_, i) => 200 - i)), 4).verdict).toBe('flat');
    expect(tensorVerdict(series([16, 500]), 4).verdict).not.toBe('leak');
    expect(tensorVerdict(series([16]), 4).verdict).toBe('too short');
  });
});
