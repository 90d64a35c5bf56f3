import * as tf from './tf.ts';
import { flatten } from './adam.ts';

/** Named tensors copied at one moment, with the weights-manifest entries that describe them, waiting to be read back. */
export type WeightSnapshot = { copies: tf.Tensor[]; specs: tf.io.WeightsManifestEntry[]; flat: boolean };

/**
 * Copies the named tensors `collect` gives, now, into one float32 vector laid out as a weights
 * manifest lays out its shard: what later steps do to the variables cannot change it, and it comes
 * back in one transfer, so a GPU never waits on a dozen separate reads. `collect` runs inside
 * tf.tidy, so it may make tensors freely. Call this at the moment to capture, not after an await.
 */
export function snapshotWeights(collect: () => { name: string; tensor: tf.Tensor }[]): WeightSnapshot {
  let specs: tf.io.WeightsManifestEntry[] = [];
  let flat = false;
  const copies = tf.tidy(() => {
    const named = collect();
    specs = named.map(({ name, tensor }) => ({ name, shape: [...tensor.shape], dtype: tensor.dtype as tf.io.WeightsManifestEntry['dtype'] }));
    // Another dtype needs its own bytes: then tf.io's encoder reads the copies one by one.
    flat = named.length > 0 && named.every(({ tensor }) => tensor.dtype === 'float32');
    return flat ? [tf.clone(flatten(named.map(({ tensor }) => tensor)))] : named.map(({ tensor }) => tf.clone(tensor));
  });
  return { copies, specs, flat };
}

/** Reads a snapshot back without blocking, and frees it: the bytes of one weights shard and their manifest entries. */
export async function readSnapshot({ copies, specs, flat }: WeightSnapshot): Promise<{ data: ArrayBuffer; specs: tf.io.WeightsManifestEntry[] }> {
  try {
    if (!flat) {
      const { data } = await tf.io.encodeWeights(copies.map((tensor, i) => ({ name: specs[i]!.name, tensor })));
      return { data: tf.io.CompositeArrayBuffer.join(data), specs };
    }
    const values = (await copies[0]!.data()) as Float32Array;
    return { data: values.buffer.slice(values.byteOffset, values.byteOffset + values.byteLength) as ArrayBuffer, specs };
  } finally {
    tf.dispose(copies);
  }
}
