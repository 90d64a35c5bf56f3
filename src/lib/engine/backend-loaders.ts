import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import type { BackendName } from './backend.ts';
import { engineText } from './messages.ts';

/**
 * Loads one backend's code on demand, so a reader on WebGPU never downloads the WebGL, wasm or CPU kernels.
 * Importing a backend package registers it with tfjs-core.
 */
export async function loadBackend(backend: BackendName): Promise<void> {
  switch (backend) {
    case 'webgpu':
      if (!('gpu' in navigator)) throw new Error(engineText('noWebGpu'));
      await import('@tensorflow/tfjs-backend-webgpu');
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
      const { registerWasmTrainingKernels } = await import('../vq/wasm-conv-gradients.ts');
      registerWasmTrainingKernels();
      return;
    }
    case 'cpu':
      await import('@tensorflow/tfjs-backend-cpu');
      return;
  }
}
