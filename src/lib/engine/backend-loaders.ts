import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { registerWasmTrainingKernels, registerWebGpuKernels } from '@vq-vae-live/vq';
import type { BackendName } from './backend.ts';
import { engineText } from './messages.ts';

/**
 * Loads one backend's code on demand, so a reader on WebGPU never downloads the WebGL, wasm or CPU kernels.
 * Importing a backend package registers it with tfjs-core. On a cross-origin-isolated page with cores
 * to spare, the wasm backend is also initialised here, on its threads, so the caller's
 * `tf.setBackend('wasm')` finds it ready.
 */
export async function loadBackend(backend: BackendName): Promise<void> {
  switch (backend) {
    case 'webgpu':
      if (!('gpu' in navigator)) throw new Error(engineText('noWebGpu'));
      await import('@tensorflow/tfjs-backend-webgpu');
      // The quantiser's fused kernels (nearest-code search with its lookup, the codebook's gradient).
      registerWebGpuKernels();
      return;
    case 'webgl':
      await import('@tensorflow/tfjs-backend-webgl');
      return;
    case 'wasm': {
      // The binaries are bundled as site assets, so they come from our own origin, never a CDN.
      // TF.js picks one of the three at run time from the browser's SIMD and thread support.
      const { setWasmPaths } = await import('@tensorflow/tfjs-backend-wasm');
      setWasmPaths({
        'tfjs-backend-wasm.wasm': wasmPlain,
        'tfjs-backend-wasm-simd.wasm': wasmSimd,
        'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
      });
      // Stock wasm cannot train a conv net; these kernels let it, on XNNPACK's convolutions.
      registerWasmTrainingKernels();
      // Threads need SharedArrayBuffer, which only a cross-origin-isolated page has (COOP + COEP
      // headers); the threaded build then needs starting with care (wasm-threads.ts).
      if (globalThis.crossOriginIsolated) await (await import('./wasm-threads.ts')).startWasmThreads(wasmThreadCount(navigator.hardwareConcurrency));
      return;
    }
    case 'cpu':
      await import('@tensorflow/tfjs-backend-cpu');
      return;
  }
}

/**
 * The threads for XNNPACK's pool: half the logical cores (TF.js's own rule, which assumes two
 * hyperthreads a core), at most 4. On this project's two-core test machine two threads measured no
 * faster than one (R1 at batch 128: 266 against 240 ms a step), so there it is one, and the threaded
 * build, whose eight pthread Workers cost about 130 ms at start, is not used at all.
 */
export function wasmThreadCount(cores: number | undefined): number {
  return Math.max(1, Math.min(Math.floor((cores ?? 1) / 2), 4));
}

/**
 * The threads the wasm backend computes on: more than one only in its threaded build, which TF.js
 * picks when the page is cross-origin isolated (SharedArrayBuffer); null on any other backend.
 */
export async function wasmThreads(backend: BackendName): Promise<number | null> {
  if (backend !== 'wasm') return null;
  const { getThreadsCount } = await import('@tensorflow/tfjs-backend-wasm');
  return getThreadsCount();
}
