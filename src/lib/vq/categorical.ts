/** Choosing from a categorical distribution given as probabilities, the way the prior's sampler does. */

/** The index of the largest value (the first, on a tie). */
export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}

/** The index whose cumulative probability first passes `u` in [0,1). */
export function draw(probabilities: ArrayLike<number>, u: number): number {
  let total = 0;
  for (let i = 0; i < probabilities.length; i++) {
    total += probabilities[i];
    if (u < total) return i;
  }
  return probabilities.length - 1;
}
