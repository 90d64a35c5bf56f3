/**
 * What the figures were measured on: the WebGPU adapter (vendor, architecture, and whether it is a
 * software fallback such as SwiftShader), the WebGL renderer, or the wasm build TF.js picked.
 */
import * as tf from '../../src/lib/vq/tf.ts';

type AdapterInfo = { vendor?: string; architecture?: string; device?: string; description?: string; isFallbackAdapter?: boolean };
type Adapter = { info?: AdapterInfo; isFallbackAdapter?: boolean; features: Set<string>; requestAdapterInfo?: () => Promise<AdapterInfo> };
type Gpu = { requestAdapter(options?: { powerPreference?: string }): Promise<Adapter | null> };

async function webgpuAdapter(): Promise<Record<string, unknown>> {
  const gpu = (navigator as Navigator & { gpu?: Gpu }).gpu;
  // The same request as tfjs-backend-webgpu's, so it describes the adapter TF.js got.
  const adapter = await gpu?.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) return { adapter: null };
  const info = adapter.info ?? (await adapter.requestAdapterInfo?.()) ?? {};
  return {
    vendor: info.vendor ?? '',
    architecture: info.architecture ?? '',
    device: info.device ?? '',
    description: info.description ?? '',
    // Chrome reports it on the info object (newer) or on the adapter (older); absent means unknown.
    isFallbackAdapter: info.isFallbackAdapter ?? adapter.isFallbackAdapter ?? null,
    timestampQuery: adapter.features.has('timestamp-query'),
  };
}

function webglRenderer(): Record<string, unknown> {
  const gl = (tf.backend() as unknown as { gpgpu?: { gl: WebGL2RenderingContext } }).gpgpu?.gl;
  if (!gl) return {};
  const debug = gl.getExtension('WEBGL_debug_renderer_info');
  return {
    version: tf.env().getNumber('WEBGL_VERSION'),
    renderer: debug ? gl.getParameter(debug.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER),
    vendor: debug ? gl.getParameter(debug.UNMASKED_VENDOR_WEBGL) : gl.getParameter(gl.VENDOR),
  };
}

/** A description of the running backend and the browser, for the JSON. */
export async function environmentOf(backend: string): Promise<Record<string, unknown>> {
  const common = { userAgent: navigator.userAgent, hardwareConcurrency: navigator.hardwareConcurrency, crossOriginIsolated: self.crossOriginIsolated, tfjs: tf.version_core };
  if (backend === 'webgpu') return { ...common, adapter: await webgpuAdapter() };
  if (backend === 'webgl') return { ...common, webgl: webglRenderer() };
  if (backend === 'wasm') {
    const { getThreadsCount } = await import('@tensorflow/tfjs-backend-wasm');
    const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
    const threadSupport = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
    return { ...common, wasm: { simd, threadSupport, threads: getThreadsCount() } };
  }
  return common;
}
