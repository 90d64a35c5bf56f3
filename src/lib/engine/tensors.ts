import * as tf from '@tensorflow/tfjs-core';
import { invalidRequest } from './engine-error.ts';

/**
 * Arrays from requests into tensors, checked against the counts and shapes they claim, and tensors
 * back into arrays the Worker can transfer. Every read is asynchronous: a synchronous one stalls a GPU
 * backend's whole pipeline (and on WebGPU in Chromium it went through canvases and lost the device).
 */

const IMAGE_SIDE = 28;
const IMAGE_PIXELS = IMAGE_SIDE * IMAGE_SIDE;

/** `count` 28×28 images from a flat array of pixels in [0,1]. */
export function imagesTensor(images: Float32Array, count: number): tf.Tensor4D {
  if (!(Number.isInteger(count) && count > 0 && images.length === count * IMAGE_PIXELS)) {
    throw invalidRequest(`expected ${count} images of 28×28 (${count * IMAGE_PIXELS} pixels), got ${images.length} pixels`);
  }
  return tf.tensor4d(images, [count, IMAGE_SIDE, IMAGE_SIDE, 1]);
}

/** `count` code grids of a given shape from a flat array, int32; `request` names the request in the message. */
export function codeGrids(request: string, codes: Int32Array, count: number, [height, width]: [number, number]): tf.Tensor3D {
  if (!(Number.isInteger(count) && count > 0 && codes.length === count * height * width)) {
    throw invalidRequest(`${request}: ${codes.length} codes do not make ${count} grids of ${height}×${width}`);
  }
  return tf.tensor3d(codes, [count, height, width], 'int32');
}

/** `count` latent vectors of `dim` numbers from a flat array. */
export function latentVectors(latents: Float32Array, count: number, dim: number): tf.Tensor2D {
  if (!(Number.isInteger(count) && count > 0 && latents.length === count * dim)) {
    throw invalidRequest(`decodeLatents: ${latents.length} numbers do not make ${count} latents of ${dim}`);
  }
  return tf.tensor2d(latents, [count, dim]);
}

/** A tensor's values as a fresh Float32Array: a copy the Worker can transfer, since some backends hand out their own storage. */
export async function readFloats(tensor: tf.Tensor): Promise<Float32Array> {
  return Float32Array.from(await tensor.data());
}

/** A tensor's values as a fresh Int32Array. */
export async function readInts(tensor: tf.Tensor): Promise<Int32Array> {
  return Int32Array.from(await tensor.data());
}

/** Reads a tensor made by `run` and frees it and `inputs`, whether the run succeeded or not. */
export async function readAndFree<T>(run: () => tf.Tensor | Promise<tf.Tensor>, read: (tensor: tf.Tensor) => Promise<T>, inputs: tf.Tensor[]): Promise<T> {
  const owned = [...inputs];
  try {
    const output = await run();
    owned.push(output);
    return await read(output);
  } finally {
    tf.dispose(owned);
  }
}

/** The grids at `indices`, copied one after another. */
export function gatherGrids(grids: Int32Array, indices: ArrayLike<number>, cells: number): Int32Array {
  const batch = new Int32Array(indices.length * cells);
  for (let i = 0; i < indices.length; i++) batch.set(grids.subarray(indices[i] * cells, (indices[i] + 1) * cells), i * cells);
  return batch;
}
