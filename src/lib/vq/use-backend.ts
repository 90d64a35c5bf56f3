/**
 * One call that gives the model a fast TensorFlow.js backend, in a page, a Worker or Node: it loads the
 * backend package the caller chose, sets it, waits for it, registers the kernels this module adds to it
 * (the wasm convolution gradients, the fused WebGPU kernels), and says plainly when it had to fall back.
 * The backend packages stay the caller's: `backends` names the ones installed (import them, or pass a
 * loader such as `() => import('@tensorflow/tfjs-backend-wasm')` so they load only when needed), which
 * keeps a bundler from looking for packages the caller never installed.
 */
import * as tf from './tf.ts';
import { registerWebGpuKernels } from './kernels/webgpu-kernels.ts';
import { registerWasmTrainingKernels } from './wasm-conv-gradients.ts';

/** A TensorFlow.js backend this module trains on. */
export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';

/** What `useBackend` is asked for: one backend, or `'auto'`, the first in `backendPreference` that starts. */
export type BackendRequest = BackendName | 'auto';

/** The order `'auto'` tries, and the order a failed request falls back through: GPUs first, then wasm, then plain JS. */
export const backendPreference: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

/** The wasm backend's three binaries; TF.js picks one from the browser's SIMD and thread support. */
export type WasmFileName = 'tfjs-backend-wasm.wasm' | 'tfjs-backend-wasm-simd.wasm' | 'tfjs-backend-wasm-threaded-simd.wasm';

/** Where the wasm binaries are: a folder URL ending in `/` (a CDN, a copied folder), or the URL of each of the three. */
export type WasmPaths = string | Record<WasmFileName, string>;

/** A backend package as imported (its module namespace). Importing it registers the backend; the wasm package also has `setWasmPaths`. */
export type BackendPackage = object;

/** The wasm package's call that says where its binaries are. */
type SetWasmPaths = (paths: WasmPaths, usePlatformFetch?: boolean) => void;

/** A backend package, or a function that imports it when it is needed. */
export type BackendSource = BackendPackage | (() => Promise<BackendPackage>);

/** Options of `useBackend`. */
export interface UseBackendOptions {
  /** The backend packages the caller installed, by name. A backend imported before the call needs no entry, except wasm with `wasmPaths`. */
  backends?: Partial<Record<BackendName, BackendSource>>;
  /** Where the wasm binaries are served. Needed in a browser: a bundled page finds no binaries of its own. Node needs none. */
  wasmPaths?: WasmPaths;
  /** Try the other backends when the requested one cannot start (default true); false makes that an error. */
  fallback?: boolean;
}

/** A backend that did not start, and why, in words for a person. */
export interface BackendFailure {
  backend: BackendName;
  reason: string;
}

/** What `useBackend` settled on. */
export interface BackendInUse {
  /** The backend TF.js now runs on. */
  backend: BackendName;
  requested: BackendRequest;
  /** The backends tried before it, with why each did not start; empty when the first choice started. */
  fellBack: readonly BackendFailure[];
  /** One sentence that says what was chosen and, after a fallback, why. */
  message: string;
}

/** The slice of `navigator.gpu` this file reads, so that it needs no DOM types. */
type GpuLike = { requestAdapter(): Promise<{ info?: { isFallbackAdapter?: boolean }; isFallbackAdapter?: boolean } | null> };

/**
 * Sets TF.js's backend to `request` (or the best that starts, for `'auto'`), ready to train this module's
 * models. Throws, listing every backend tried and why it failed, when none starts. With `'auto'`, a
 * software WebGPU adapter is skipped: there the wasm backend is many times faster. A fallback is also
 * reported with console.warn.
 */
export async function useBackend(request: BackendRequest = 'auto', options: UseBackendOptions = {}): Promise<BackendInUse> {
  if (request !== 'auto' && !backendPreference.includes(request)) {
    throw new RangeError(`useBackend: "${String(request)}" is not a backend; use one of ${backendPreference.join(', ')} or auto`);
  }
  const fallback = options.fallback ?? true;
  // A backend the caller neither imported nor passed is no candidate to fall back to, only to ask for.
  const installed = backendPreference.filter((b) => options.backends?.[b] !== undefined || tf.findBackendFactory(b) !== null);
  const candidates = request === 'auto' ? installed : fallback ? [request, ...installed.filter((b) => b !== request)] : [request];
  const failures: BackendFailure[] = [];
  for (const backend of candidates) {
    const reason = await start(backend, options, request === 'auto');
    if (reason === null) {
      const message = describe(backend, request, failures);
      if (failures.length > 0) console.warn(`useBackend: ${message}`);
      return { backend, requested: request, fellBack: failures, message };
    }
    failures.push({ backend, reason });
  }
  const tried = failures.map((f) => `${f.backend}: ${f.reason}`).join('; ');
  throw new Error(candidates.length === 0 ? 'useBackend: no backend is installed. Install one (npm i @tensorflow/tfjs-backend-wasm) and pass it: useBackend(\'auto\', { backends: { wasm: () => import(\'@tensorflow/tfjs-backend-wasm\') } })' : `useBackend: no backend could start (${tried})`);
}

/** Starts one backend; null when it runs, else why not. */
async function start(backend: BackendName, options: UseBackendOptions, auto: boolean): Promise<string | null> {
  const source = options.backends?.[backend];
  let backendPackage: BackendPackage | undefined;
  if (source !== undefined) {
    try {
      backendPackage = typeof source === 'function' ? await source() : source;
    } catch (error) {
      return `its package could not be loaded (${messageOf(error)})`;
    }
  }
  if (tf.findBackendFactory(backend) === null) {
    return `it is not installed: add @tensorflow/tfjs-backend-${backend} and pass it as backends.${backend}, or import it first`;
  }
  if (backend === 'webgpu') {
    const gpu = (globalThis as { navigator?: { gpu?: GpuLike } }).navigator?.gpu;
    if (gpu === undefined) return 'there is no WebGPU here (navigator.gpu is missing)';
    if (auto) {
      const adapter = await gpu.requestAdapter().catch(() => null);
      if (adapter === null) return 'WebGPU offered no adapter';
      if (adapter.info?.isFallbackAdapter ?? adapter.isFallbackAdapter) return 'the WebGPU adapter is a software one, slower here than wasm';
    }
  }
  if (backend === 'wasm') {
    const problem = prepareWasm(backendPackage, options.wasmPaths);
    if (problem !== null) return problem;
  }
  if (backend === 'webgpu') registerWebGpuKernels();
  if (backend === 'wasm') registerWasmTrainingKernels();
  try {
    // setBackend resolves false (after logging TF.js's own warning) when the backend fails to initialise.
    if (!(await tf.setBackend(backend))) return initialisationFailure(backend, options);
    await tf.ready();
  } catch (error) {
    return `it failed to start (${messageOf(error)})`;
  }
  return null;
}

/** Points the wasm backend at its binaries and keeps it on one thread; null when it is ready to start, else why not. */
function prepareWasm(backendPackage: BackendPackage | undefined, wasmPaths: WasmPaths | undefined): string | null {
  // The threaded build needs a cross-origin-isolated page and, bundled, a repair of its pthread script (the
  // site's engine does both); a library call stays on the single-threaded SIMD build, which works everywhere.
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  if (wasmPaths === undefined) return null;
  const setWasmPaths = (backendPackage as { setWasmPaths?: SetWasmPaths } | undefined)?.setWasmPaths;
  if (typeof setWasmPaths !== 'function') return 'wasmPaths needs the wasm package itself: pass it as backends.wasm';
  try {
    setWasmPaths(wasmPaths);
  } catch (error) {
    return `its binaries could not be set (${messageOf(error)})`;
  }
  return null;
}

function initialisationFailure(backend: BackendName, options: UseBackendOptions): string {
  if (backend !== 'wasm') return 'TensorFlow.js could not initialise it (its warning above says why)';
  return options.wasmPaths === undefined
    ? 'its .wasm binaries were not found; in a browser pass wasmPaths (a folder URL, or the URL of each binary)'
    : 'its .wasm binaries could not be loaded from wasmPaths (TF.js\'s warning above names the address)';
}

function describe(backend: BackendName, request: BackendRequest, failures: readonly BackendFailure[]): string {
  if (failures.length === 0) return request === 'auto' ? `Training on ${backend}, the first of ${backendPreference.join(', ')} that started.` : `Training on ${backend}, as asked.`;
  const why = failures.map((f) => `${f.backend}: ${f.reason}`).join('; ');
  return `Training on ${backend}, ${request === 'auto' ? 'the first that started' : `not ${request}`} (${why}).`;
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
