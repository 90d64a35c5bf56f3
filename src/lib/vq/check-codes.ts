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
    return tf.stack([tf.max(outside), first, tf.gather(flat, first)]);
  });
  const [anyOutside, position, value] = await verdict.data();
  verdict.dispose();
  if (anyOutside) throw new RangeError(`${what} ${value} at position ${position} is outside 0..${codebookSize - 1}`);
}
