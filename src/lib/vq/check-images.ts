import type * as tf from './tf.ts';

/** Throws unless x is a batch of 28×28 one-channel images, [B,28,28,1], the only size the networks take. */
export function checkImages(x: tf.Tensor): void {
  if (x.rank !== 4 || x.shape[1] !== 28 || x.shape[2] !== 28 || x.shape[3] !== 1) throw new Error(`expected images [B,28,28,1], got [${x.shape}]`);
}
