/** TF.js backends for the Node scripts (training, benchmarks). */
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { batchTensor } from '../../src/lib/data/batch.ts';
import type { Split } from '../../src/lib/data/dataset.ts';
import * as tf from '../../src/lib/vq/tf.ts';
import type { VQVAE } from '../../src/lib/vq/index.ts';
import { registerWasmTrainingKernels } from '../../src/lib/vq/wasm-conv-gradients.ts';

/** Switches TF.js to `name` ('wasm' or 'cpu') and returns a description such as "wasm (SIMD, 2 threads)". */
export async function startNodeBackend(name: string | undefined, threads?: number): Promise<string> {
  if (name !== 'wasm' && name !== 'cpu') throw new Error(`backend must be wasm or cpu in Node, got ${name}`);
  if (name === 'wasm' && threads !== undefined) {
    const { setThreadsCount } = await import('@tensorflow/tfjs-backend-wasm');
    setThreadsCount(threads);
  }
  if (!(await tf.setBackend(name))) throw new Error(`The ${name} backend did not start`);
  await tf.ready();
  if (name === 'cpu') return 'cpu';
  registerWasmTrainingKernels();
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  const multithread = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
  return `wasm (${simd ? 'SIMD' : 'no SIMD'}, ${multithread ? `threads: ${threads ?? 'default'}` : '1 thread'})`;
}

/** Mean squared reconstruction error over a whole split, in batches that fit memory. */
export function heldOutError(model: Pick<VQVAE, 'reconstructionError'>, split: Split, batchSize = 250): number {
  let total = 0;
  for (let start = 0; start < split.count; start += batchSize) {
    const indices = Array.from({ length: Math.min(batchSize, split.count - start) }, (_, i) => start + i);
    const { x, labels } = batchTensor(split, indices);
    total += model.reconstructionError(x) * indices.length;
    tf.dispose([x, labels]);
  }
  return total / split.count;
}
