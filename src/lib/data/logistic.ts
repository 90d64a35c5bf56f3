/**
 * Integer logistic tables for the context-mixing model.
 *
 * Probabilities are 12-bit integers (P(bit = 1) * 4096) and the logistic ("stretch") domain is
 * integers in [-2047, 2047], i.e. logits in units of 1/256. Encoder and decoder must compute
 * bit-identical probabilities, possibly in different JavaScript engines. ECMAScript fixes + - * /
 * to IEEE-754 round-to-nearest, but Math.exp and Math.log may differ between engines, so the tables
 * are built from basic arithmetic only.
 */

/** Largest magnitude of a stretched probability (logit * 256). */
export const STRETCH_LIMIT = 2047;

/** exp(y) for |y| <= 8 from a Taylor series and repeated squaring: every step is a correctly rounded IEEE operation. */
function portableExp(y: number): number {
  const r = y / 1024;
  let term = 1;
  let sum = 1;
  for (let k = 1; k <= 12; k++) {
    term = (term * r) / k;
    sum += term;
  }
  for (let i = 0; i < 10; i++) sum *= sum;
  return sum;
}

function buildSquash(): Uint16Array {
  const table = new Uint16Array(2 * STRETCH_LIMIT + 1);
  for (let x = -STRETCH_LIMIT; x <= STRETCH_LIMIT; x++) {
    const p = Math.round(4096 / (1 + portableExp(-x / 256)));
    table[x + STRETCH_LIMIT] = Math.min(4095, Math.max(1, p));
  }
  return table;
}

/** squash(x) = 4096 / (1 + e^(-x/256)), indexed by x + STRETCH_LIMIT, clamped to [1, 4095]. */
export const SQUASH: Uint16Array = buildSquash();

function buildStretch(): Int16Array {
  // The monotone inverse of SQUASH, so stretch(squash(x)) stays close to x.
  const table = new Int16Array(4096);
  let next = 0;
  for (let x = -STRETCH_LIMIT; x <= STRETCH_LIMIT; x++) {
    const v = SQUASH[x + STRETCH_LIMIT]!;
    for (let j = next; j <= v; j++) table[j] = x;
    next = Math.max(next, v + 1);
  }
  for (let j = next; j < 4096; j++) table[j] = STRETCH_LIMIT;
  return table;
}

/** stretch(p) = 256 * ln(p / (4096 - p)) for a 12-bit probability p, via the inverse of SQUASH. */
export const STRETCH: Int16Array = buildStretch();
