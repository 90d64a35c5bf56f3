import * as tf from '@tensorflow/tfjs-core';

/**
 * The wasm backend's threaded build, made to work once bundled. TF.js gives each pthread Worker its
 * main script as a Blob of `'var WasmBackendModuleThreadedSimd = ' + factory.toString()`. After the
 * site's minifier, that factory refers to a variable outside itself (the minified `_scriptDir`, whose
 * `typeof` guard the minifier dropped as always true), so every pthread died with "ReferenceError: e
 * is not defined" and the engine could not start. The pthreads get the package's own unminified
 * script instead (55 kB, fetched only when threads are used): a Blob of exactly that one string is
 * made of the original file.
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
 * Chooses the wasm build for a cross-origin-isolated page: with `threads` above one, the threaded
 * build on that many threads (the calling thread counts as one); with one, the plain SIMD build,
 * which TF.js would otherwise pass over for the threaded one. Call it after the backend is
 * registered and before anything initialises it.
 */
export async function startWasmThreads(threads: number): Promise<void> {
  if (threads <= 1) {
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    return;
  }
  await repairThreadedScript();
  const { setThreadsCount } = await import('@tensorflow/tfjs-backend-wasm');
  setThreadsCount(threads);
}
