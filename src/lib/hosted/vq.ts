/**
 * The model module as one ES module for any page, on any origin: /lib/vq.js. Unlike the npm package,
 * which leaves TensorFlow.js to the project that installs it, this file carries tfjs-core (as `tf`, so
 * the page makes its tensors with the same copy) and fetches a backend's code from beside itself only
 * when `useBackend` asks for it, wasm binaries included.
 *
 *   const { tf, VQVAE, useBackend } = await import('https://<site>/lib/vq.js');
 *   await useBackend('wasm');
 */
import { useBackend as useInstalledBackend, type BackendInUse, type BackendRequest, type UseBackendOptions } from '@vq-vae-live/vq';

export * from '@vq-vae-live/vq';
export * as tf from '@tensorflow/tfjs-core';

/** Every backend, each a chunk beside this file that loads only when used. */
const backends = {
  webgpu: () => import('@tensorflow/tfjs-backend-webgpu'),
  webgl: () => import('@tensorflow/tfjs-backend-webgl'),
  wasm: () => import('@tensorflow/tfjs-backend-wasm'),
  cpu: () => import('@tensorflow/tfjs-backend-cpu'),
};

/** `useBackend` of the package, with all four backends and the wasm binaries hosted in /lib/wasm/; options given here win. */
export function useBackend(request: BackendRequest = 'auto', options: UseBackendOptions = {}): Promise<BackendInUse> {
  return useInstalledBackend(request, { backends, wasmPaths: new URL('./wasm/', import.meta.url).href, ...options });
}
