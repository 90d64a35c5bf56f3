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
  const counts = codeUsage(indices, codebookSize);
  let total = 0;
  for (const c of counts) total += c;
  if (total === 0) return 0;
  let entropy = 0;
  for (const c of counts) if (c > 0) entropy -= (c / total) * Math.log(c / total);
  return Math.exp(entropy);
}
