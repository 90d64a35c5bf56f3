import * as tf from './tf.ts';

/**
 * Rejects with a RangeError if any of `codes` (an int32 tensor) lies outside 0..codebookSize−1, naming
 * the first such code and its position. The test runs on the device and only three numbers come back,
 * read asynchronously, so a page on WebGPU never blocks on it.
 */
export async function checkCodesAsync(codes: tf.Tensor, codebookSize: number, what: string): Promise<void> {
  if (codes.size === 0) return;
  const verdict = codeVerdict(codes, codebookSize);
  const values = await verdict.data();
  verdict.dispose();
  const problem = codeProblem(values, codebookSize, what);
  if (problem) throw new RangeError(problem);
}

/**
 * The code test on the device, as int32 [3]: whether any code lies outside 0..codebookSize−1 (1 or 0),
 * the position of the first that does, and its value. `codeProblem` reads it.
 */
export function codeVerdict(codes: tf.Tensor, codebookSize: number): tf.Tensor1D {
  return tf.tidy(() => {
    const flat = tf.reshape(codes, [-1]) as tf.Tensor1D;
    const outside = tf.cast(tf.logicalOr(tf.less(flat, 0), tf.greaterEqual(flat, codebookSize)), 'int32');
    const first = tf.cast(tf.argMax(outside), 'int32');
    // Concatenated as [1]-vectors, not stacked: on WebGPU some of these reductions come back as [1], not scalars.
    return tf.concat([tf.max(outside), first, tf.gather(flat, first)].map((value) => tf.reshape(value, [1]))) as tf.Tensor1D;
  });
}

/** What is wrong with the codes, from a `codeVerdict` read back, or null when they are all in range. */
export function codeProblem(verdict: ArrayLike<number>, codebookSize: number, what: string): string | null {
  return verdict[0] ? `${what} ${verdict[2]} at position ${verdict[1]} is outside 0..${codebookSize - 1}` : null;
}

/** Throws unless `grids` are 1 to `stages` int32 code grids [B,h,w] of one shape: what a VQ-VAE's decode takes. */
export function checkCodeGrids(grids: tf.Tensor[], stages: number): void {
  if (grids.length < 1 || grids.length > stages) throw new RangeError(`decode: got ${grids.length} code grids for a model with ${stages} stage${stages === 1 ? '' : 's'}`);
  for (const grid of grids) {
    if (grid.rank !== 3 || grid.dtype !== 'int32') throw new Error(`decode expects int32 codes [B,h,w], got ${grid.dtype} [${grid.shape}]`);
    if (grid.shape.some((size, i) => size !== grids[0]!.shape[i])) throw new Error(`decode: code grids of different shapes, [${grids[0]!.shape}] and [${grid.shape}]`);
  }
}
