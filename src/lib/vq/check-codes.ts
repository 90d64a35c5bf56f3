import * as tf from './tf.ts';

/**
 * Rejects with a RangeError if any of `codes` (an int32 tensor) lies outside 0..codebookSize−1, naming
 * the first such code and its position. The test runs on the device and only three numbers come back,
 * read asynchronously, so a page on WebGPU never blocks on it.
 */
export async function checkCodesAsync(codes: tf.Tensor, codebookSize: number, what: string): Promise<void> {
  if (codes.size === 0) return;
  const verdict = tf.tidy(() => {
    const flat = tf.reshape(codes, [-1]) as tf.Tensor1D;
    const outside = tf.cast(tf.logicalOr(tf.less(flat, 0), tf.greaterEqual(flat, codebookSize)), 'int32');
    const first = tf.cast(tf.argMax(outside), 'int32');
    // Concatenated as [1]-vectors, not stacked: on WebGPU some of these reductions come back as [1], not scalars.
    return tf.concat([tf.max(outside), first, tf.gather(flat, first)].map((value) => tf.reshape(value, [1])));
  });
  const [anyOutside, position, value] = await verdict.data();
  verdict.dispose();
  if (anyOutside) throw new RangeError(`${what} ${value} at position ${position} is outside 0..${codebookSize - 1}`);
}

/** Throws unless `grids` are 1 to `stages` int32 code grids [B,h,w] of one shape: what a VQ-VAE's decode takes. */
export function checkCodeGrids(grids: tf.Tensor[], stages: number): void {
  if (grids.length < 1 || grids.length > stages) throw new RangeError(`decode: got ${grids.length} code grids for a model with ${stages} stage${stages === 1 ? '' : 's'}`);
  for (const grid of grids) {
    if (grid.rank !== 3 || grid.dtype !== 'int32') throw new Error(`decode expects int32 codes [B,h,w], got ${grid.dtype} [${grid.shape}]`);
    if (grid.shape.some((size, i) => size !== grids[0]!.shape[i])) throw new Error(`decode: code grids of different shapes, [${grids[0]!.shape}] and [${grid.shape}]`);
  }
}
