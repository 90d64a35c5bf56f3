import type { AdapterIdentity } from './backend-choice.ts';

// Just the parts of WebGPU's types this file reads, so it needs no @webgpu/types.
type AdapterInfoLike = { vendor?: string; architecture?: string; device?: string; isFallbackAdapter?: boolean };
type AdapterLike = { info?: AdapterInfoLike; isFallbackAdapter?: boolean };
type GpuLike = { requestAdapter(options?: { powerPreference?: string }): Promise<AdapterLike | null> };

/**
 * This browser's WebGPU adapter and WebGL renderer, as the key of a remembered choice needs them.
 * Chromium reports a software adapter in `adapter.info.isFallbackAdapter` (older builds had
 * `adapter.isFallbackAdapter`); either counts. Works on the page and in a Worker (WebGL through an
 * OffscreenCanvas); the page asks once its first results are out, since the query is not free.
 */
export async function adapterIdentity(): Promise<AdapterIdentity> {
  const [gpu, webgl] = await Promise.all([webgpuAdapter(), webglRenderer()]);
  return { webgpu: gpu?.name ?? null, fallbackAdapter: gpu?.fallback ?? false, webgl };
}

async function webgpuAdapter(): Promise<{ name: string; fallback: boolean } | null> {
  const gpu = (navigator as { gpu?: GpuLike }).gpu;
  if (!gpu) return null;
  try {
    // The same request tfjs-backend-webgpu makes, so the adapter named is the one it would get.
    const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
    if (!adapter) return null;
    const info = adapter.info ?? {};
    const name = [info.vendor, info.architecture, info.device].map((part) => part || '?').join('/');
    return { name, fallback: Boolean(info.isFallbackAdapter ?? adapter.isFallbackAdapter) };
  } catch {
    return null;
  }
}

function webglRenderer(): string | null {
  if (typeof OffscreenCanvas === 'undefined') return null;
  try {
    const gl = new OffscreenCanvas(1, 1).getContext('webgl2');
    if (!gl) return null;
    const debug = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = String(gl.getParameter(debug ? debug.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
    // Free the context now: browsers cap live WebGL contexts, and TF.js may want one.
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return renderer;
  } catch {
    return null;
  }
}
