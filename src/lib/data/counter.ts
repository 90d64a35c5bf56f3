/**
 * Adaptive binary probability counters, each packed into one non-negative int32: a 22-bit
 * probability of a 1 (bits 9..30) and a 9-bit count of observations (bits 0..8).
 *
 * The update p += (bit - p) / (n + 2) is exactly the Krichevsky–Trofimov estimator
 * (ones + 1/2) / (n + 1) while n is small, so rare contexts learn fast. The count stops at 511,
 * freezing the rate near 1/512, which suits images drawn independently from a fixed distribution.
 * 22 bits of precision let background contexts approach P = 0.9999 instead of sticking below it.
 */

const COUNT_BITS = 9;
const COUNT_MASK = (1 << COUNT_BITS) - 1;
const COUNT_LIMIT = COUNT_MASK;
const ONE = (1 << 22) - 1;

/** A fresh counter: probability 1/2, nothing observed. */
export const COUNTER_INIT = (1 << 21) << COUNT_BITS;

// Divisions are correctly rounded IEEE operations, so every JavaScript engine builds the same table.
const RATE = new Float64Array(COUNT_LIMIT + 1).map((_, n) => 1 / (n + 2));

/** The counter's probability of a 1 as a 12-bit integer in [0, 4095]. */
export function counterP12(state: number): number {
  return state >>> (COUNT_BITS + 10);
}

/** The counter after observing `bit` (0 or 1). */
export function counterUpdate(state: number, bit: number): number {
  const n = state & COUNT_MASK;
  let p = state >>> COUNT_BITS;
  p += (((ONE & -bit) - p) * RATE[n]!) | 0;
  return (p << COUNT_BITS) | (n < COUNT_LIMIT ? n + 1 : n);
}
