import * as tf from '@tensorflow/tfjs-core';
import { batchTensor } from './batch.ts';
import type { Split } from './dataset.ts';
import type { VQVAE } from '../vq/vqvae.ts';

/** Every image of a split as a code grid, int32 [count,h,w], encoded in batches that fit memory. */
export function encodeSplit(vqvae: VQVAE, split: Split, batchSize = 500): tf.Tensor3D {
  const parts: tf.Tensor3D[] = [];
  for (let start = 0; start < split.count; start += batchSize) {
    const { x, labels } = batchTensor(split, Array.from({ length: Math.min(batchSize, split.count - start) }, (_, i) => start + i));
    parts.push(vqvae.encode(x));
    tf.dispose([x, labels]);
  }
  const codes = tf.concat(parts) as tf.Tensor3D;
  tf.dispose(parts);
  return codes;
}
