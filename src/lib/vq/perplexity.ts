import type * as tf from './tf.ts';

/** How many times each of the K codes appears in `indices` (int32, any shape). */
export function codeUsage(indices: tf.Tensor | ArrayLike<number>, codebookSize: number): Int32Array {
  const values = 'dataSync' in indices ? indices.dataSync() : indices;
  const counts = new Int32Array(codebookSize);
  for (let i = 0; i < values.length; i++) {
    const code = values[i];
    if (!Number.isInteger(code) || code < 0 || code >= codebookSize) {
      throw new Error(`codeUsage: index ${code} at position ${i} is outside 0..${codebookSize - 1}`);
    }
    counts[code]++;
  }
  return counts;
}

/**
 * exp of the entropy of code usage: K when every code is used equally, 1 when one code takes all.
 * Reads as the number of codes effectively in use.
 */
export function perplexity(indices: tf.Tensor | ArrayLike<number>, codebookSize: number): number {
  return usagePerplexity(codeUsage(indices, codebookSize));
}

/** `perplexity` from usage counts (see `codeUsage`), for callers that already counted. */
export function usagePerplexity(counts: ArrayLike<number>): number {
  let total = 0;
  for (let k = 0; k < counts.length; k++) total += counts[k];
  if (total === 0) return 0;
  let entropy = 0;
  for (let k = 0; k < counts.length; k++) if (counts[k] > 0) entropy -= (counts[k] / total) * Math.log(counts[k] / total);
  return Math.exp(entropy);
}
