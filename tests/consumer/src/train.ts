import * as tf from '@tensorflow/tfjs-core';
import { VQVAE, useBackend } from '@vq-vae-live/vq';
// The wasm binaries, served by the bundler as assets of this app.
import plain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import simd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import threaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';

/** Starts TF.js on wasm, with the model's training kernels; says so in the console if it had to fall back. */
export async function startWasm(): Promise<string> {
  const { backend, message } = await useBackend('wasm', {
    backends: { wasm: () => import('@tensorflow/tfjs-backend-wasm') },
    wasmPaths: { 'tfjs-backend-wasm.wasm': plain, 'tfjs-backend-wasm-simd.wasm': simd, 'tfjs-backend-wasm-threaded-simd.wasm': threaded },
  });
  console.log(message);
  return backend;
}

/** Trains the tiny VQ-VAE for a few steps on a batch [B,28,28,1] in [0, 1] and returns the loss of each step. */
export async function train(steps: number, images: tf.Tensor4D): Promise<number[]> {
  const model = VQVAE.create({ preset: 'tiny', codebookSize: 32, beta: 0.25, seed: 1 });
  const losses: number[] = [];
  for (let step = 0; step < steps; step++) {
    const metrics = await model.trainStep(images);
    if (metrics.rejected) throw new Error(`step ${step} was rejected: ${metrics.rejected}`);
    losses.push(metrics.loss);
  }
  model.dispose();
  return losses;
}
