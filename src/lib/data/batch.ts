/** Turning decoded splits into TF.js training batches. */
import { tensor1d, tensor4d, type Tensor1D, type Tensor4D } from '@tensorflow/tfjs-core';
import type { Split } from './dataset.ts';
import { seededPermutation } from './random.ts';

const PIXELS = 28 * 28;
const UNIT = new Float32Array(256).map((_, v) => v / 255);

/** One batch: images scaled to [0, 1] and their integer labels. */
export interface Batch {
  x: Tensor4D;
  labels: Tensor1D;
}

/**
 * Gathers the images at `indices` into a [B, 28, 28, 1] float32 tensor in [0, 1] plus an int32
 * label vector. The caller owns (and must dispose) both; nothing else is allocated on the backend.
 */
export function batchTensor(split: Split, indices: ArrayLike<number>): Batch {
  const size = indices.length;
  const pixels = new Float32Array(size * PIXELS);
  const labels = new Int32Array(size);
  for (let i = 0; i < size; i++) {
    const k = indices[i]!;
    if (!Number.isInteger(k) || k < 0 || k >= split.count) {
      throw new RangeError(`batchTensor: index ${k} (position ${i}) is outside 0..${split.count - 1}`);
    }
    const from = k * PIXELS;
    const to = i * PIXELS;
    for (let j = 0; j < PIXELS; j++) pixels[to + j] = UNIT[split.images[from + j]!]!;
    labels[i] = split.labels[k]!;
  }
  const x = tensor4d(pixels, [size, 28, 28, 1], 'float32');
  try {
    return { x, labels: tensor1d(labels, 'int32') };
  } catch (e) {
    x.dispose();
    throw e;
  }
}

/**
 * Index batches covering 0..count-1 once, without replacement, in an order fixed by `seed` and
 * `epoch`, so a run can be replayed. The last batch is shorter unless `dropRemainder` is set.
 */
export function* epochBatches(
  count: number,
  batchSize: number,
  seed: number,
  options: { epoch?: number; dropRemainder?: boolean } = {},
): Generator<Uint32Array, void, undefined> {
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`epochBatches: count must be a non-negative integer, got ${count}`);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`epochBatches: batchSize must be a positive integer, got ${batchSize}`);
  // Mixing the epoch in with a multiply keeps (seed, epoch) pairs from colliding the way seed + epoch would.
  const order = seededPermutation(count, (Math.imul(seed | 0, 0x9e3779b1) + (options.epoch ?? 0)) | 0);
  for (let start = 0; start < count; start += batchSize) {
    const end = Math.min(count, start + batchSize);
    if (options.dropRemainder && end - start < batchSize) return;
    yield order.slice(start, end);
  }
}

/**
 * Index batches without end: epoch `startEpoch` of `epochBatches`, then the next epoch, and so on,
 * each in its own seeded order. Training loops take as many batches as they need from it, so every
 * loop (the engine's, the training scripts') walks the data the same way.
 */
export function* batchCycle(
  count: number,
  batchSize: number,
  seed: number,
  options: { startEpoch?: number; dropRemainder?: boolean } = {},
): Generator<Uint32Array, never, undefined> {
  const { startEpoch = 0, dropRemainder = false } = options;
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`batchCycle: count must be a whole number ≥ 1, got ${count}`);
  // Without this, an epoch would yield nothing and the cycle would spin forever looking for a batch.
  if (dropRemainder && count < batchSize) throw new RangeError(`batchCycle: ${count} items make no full batch of ${batchSize}`);
  if (!Number.isInteger(startEpoch) || startEpoch < 0) throw new RangeError(`batchCycle: startEpoch must be a whole number ≥ 0, got ${startEpoch}`);
  for (let epoch = startEpoch; ; epoch++) yield* epochBatches(count, batchSize, seed, { epoch, dropRemainder });
}
