import * as tf from '@tensorflow/tfjs-core';

/**
 * The wasm backend's threaded build, made to work once bundled and to use the threads asked for.
 *
 * 1. TF.js gives each pthread Worker its main script as a Blob of
 *    `'var WasmBackendModuleThreadedSimd = ' + factory.toString()`. After the site's minifier, that
 *    factory refers to a variable outside itself (the minified `_scriptDir`, whose `typeof` guard the
 *    minifier dropped as always true), so every pthread died with "ReferenceError: e is not defined"
 *    and the engine could not start. The pthreads get the package's own unminified script instead
 *    (55 kB, fetched only on a cross-origin-isolated page): a Blob of exactly that one string is made
 *    of the original file.
 * 2. The build caps its thread pool at `navigator.hardwareConcurrency / 2` (it assumes two
 *    hyperthreads a core), whatever `setThreadsCount` asks: one thread on a two-core machine. While
 *    the backend initialises, this Worker reports twice the threads wanted, so the cap is the count.
 */
const prefix = 'var WasmBackendModuleThreadedSimd = ';

let repaired = false;

async function repairThreadedScript(): Promise<void> {
  if (repaired) return;
  const { default: source } = await import('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js?raw');
  const Original = globalThis.Blob;
  class ThreadedScriptBlob extends Original {
    constructor(parts?: BlobPart[], options?: BlobPropertyBag) {
      const first = parts?.length === 1 ? parts[0] : null;
      super(typeof first === 'string' && first.startsWith(prefix) ? [source] : parts, options);
    }
  }
  globalThis.Blob = ThreadedScriptBlob;
  repaired = true;
}

/**
 * Initialises the wasm backend on `threads` threads (the calling thread counts as one). Call it
 * after the backend is registered and before anything else initialises it; afterwards
 * `tf.setBackend('wasm')` finds it ready. Resolves with whether it started.
 */
export async function startThreadedWasm(threads: number): Promise<boolean> {
  await repairThreadedScript();
  const { setThreadsCount } = await import('@tensorflow/tfjs-backend-wasm');
  setThreadsCount(threads);
  Object.defineProperty(navigator, 'hardwareConcurrency', { value: 2 * threads, configurable: true });
  try {
    return await tf.setBackend('wasm');
  } finally {
    // The own property shadowed the prototype's getter; removing it brings the real value back.
    delete (navigator as { hardwareConcurrency?: number }).hardwareConcurrency;
  }
}
